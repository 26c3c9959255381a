import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from fixtures import demo
from hierarchy.demo import load_hierarchy_demo


@contextmanager
def tasks_run_inline():
    """Run the huey tasks the services queue (notifications, indicator values) at once, in this process.

    Without it the values of approved reports would wait for a consumer, the roll-up below would find
    none, and tasks naming this database's rows would stay queued for whichever database the consumer
    serves next. A task that fails is reported as an error of the command.
    """
    from huey.contrib.djhuey import HUEY
    from huey.signals import SIGNAL_ERROR

    failures = []

    def on_error(signal, task, exc=None):
        failures.append(f"{task.name}: {exc!r}")

    was_immediate = HUEY.immediate
    HUEY.immediate = True
    HUEY.signal(SIGNAL_ERROR)(on_error)
    try:
        yield
    finally:
        HUEY.disconnect_signal(on_error, SIGNAL_ERROR)
        HUEY.immediate = was_immediate
    if failures:
        raise CommandError("Tác vụ nền lỗi khi nạp dữ liệu mẫu / background tasks failed: " + "; ".join(failures))


@contextmanager
def quiet_bulk_load():
    """Keep the demo's hundreds of workflow events from printing or syncing one by one.

    The notifications are stored as usual but their e-mails (to example.invalid addresses) are kept in
    memory instead of printed, huey's per-task log lines are hidden, and SQLite in WAL mode syncs at
    checkpoints rather than at every commit (the usual setting for WAL; only the last commits could be
    lost in a power cut, and demo data can be loaded again).
    """
    huey_log = logging.getLogger("huey")
    level = huey_log.level
    huey_log.setLevel(logging.WARNING)
    # SQLite refuses the change inside a transaction (a test's, say), where it would not matter anyway.
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        huey_log.setLevel(level)
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=FULL")


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy nhiều lần không tạo trùng) / Load demo data idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None,
                            help="Số kỳ báo cáo tháng của bộ chỉ tiêu chuyển đổi số (mặc định 4, đến tháng hiện tại).")
        parser.add_argument("--no-yearly", action="store_true", help="Bỏ đợt báo cáo năm 2025 (Đề án giám sát).")

    def handle(self, *args, **options):
        from cms.demo import load_cms_demo
        from formbuilder.demo import load_formbuilder_demo
        from formbuilder.rounds.demo import load_rounds_demo
        from indicators.demo import load_indicators_demo, recompute_indicators_demo
        from indicators.services import indicator_refresh_deferred

        start = time.perf_counter()
        with quiet_bulk_load(), tasks_run_inline():
            counts = load_hierarchy_demo()
            counts.update(load_formbuilder_demo())
            counts.update(load_cms_demo())
            counts.update(load_indicators_demo())
            # The demo's hundreds of approvals write their values; each period they touch is rolled up
            # once at the end rather than its ancestors refreshed at every approval.
            with indicator_refresh_deferred() as touched:
                counts.update(load_rounds_demo(months=options["months"], yearly=not options["no_yearly"]))
            counts.update(recompute_indicators_demo(done=touched))
        self.stdout.write(self.style.SUCCESS(
            "Dữ liệu mẫu: " + ", ".join(f"{k}={v}" for k, v in counts.items())
            + f" ({time.perf_counter() - start:.1f} s)"))
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % demo.DEMO_PASSWORD)
        for username, full_name, unit_ref, role, *_ in demo.USERS:
            self.stdout.write(f"  {username:18} {full_name} — {role or 'quản trị hệ thống'} @ {unit_ref or 'toàn hệ thống'}")
