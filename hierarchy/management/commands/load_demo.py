from django.core.management.base import BaseCommand

from fixtures import demo
from hierarchy.demo import load_hierarchy_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy nhiều lần không tạo trùng) / Load demo data idempotently."

    def handle(self, *args, **options):
        counts = load_hierarchy_demo()
        from cms.demo import load_cms_demo
        from formbuilder.demo import load_formbuilder_demo

        counts.update(load_formbuilder_demo())
        counts.update(load_cms_demo())
        self.stdout.write(self.style.SUCCESS(
            "Dữ liệu mẫu: " + ", ".join(f"{k}={v}" for k, v in counts.items())))
        self.stdout.write("Tài khoản mẫu (mật khẩu chung: %s):" % demo.DEMO_PASSWORD)
        for username, full_name, unit_ref, role, *_ in demo.USERS:
            self.stdout.write(f"  {username:18} {full_name} — {role or 'quản trị hệ thống'} @ {unit_ref or 'toàn hệ thống'}")
