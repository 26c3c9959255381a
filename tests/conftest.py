"""Shared test set-up: environment, data builders and the real browser."""
from __future__ import annotations

import os

os.environ.setdefault("BAOCAO_DEV", "1")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HUEY_NAME", "baocao-test")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _clean_huey_queue():
    """Start every run with an empty task queue (Redis keeps tasks between runs)."""
    from huey.contrib.djhuey import HUEY

    if not HUEY.immediate:
        HUEY.flush()
    yield


@pytest.fixture
def run_tasks(monkeypatch):
    """Return a function that runs every queued huey task now (a no-op in immediate mode).

    A consumer's ``db_task`` closes the database connection around each task; here the test owns
    that connection (often inside its transaction), so the close is left out while tasks run.
    """
    import huey.contrib.djhuey as djhuey

    monkeypatch.setattr(djhuey, "close_old_connections", lambda: None)

    def _run() -> int:
        count = 0
        while True:
            task = djhuey.HUEY.dequeue()
            if task is None:
                return count
            djhuey.HUEY.execute(task)
            count += 1

    return _run


# --- Small explicit builders -----------------------------------------------------

@pytest.fixture
def tree(db):
    """A small tree: central → province P → communes A and B (B has a cell), and another province Q."""
    from hierarchy.models import Level, Unit, UnitKind

    lv = {c: Level.objects.create(code=c, name=n, rank=r)
          for c, n, r in [("tw", "Trung ương", 0), ("tinh", "Tỉnh", 1), ("xa", "Xã", 2), ("co_so", "Cơ sở", 3)]}
    kd = {c: UnitKind.objects.create(code=c, name=n)
          for c, n in [("tw", "Trung ương"), ("tinh", "Tỉnh"), ("xa", "Xã"), ("chi_bo", "Chi bộ")]}
    central = Unit.add_root(code="TW", name="Trung ương", kind=kd["tw"], level=lv["tw"])
    p = Unit.objects.get(pk=central.pk).add_child(code="P", name="Tỉnh An Giang", kind=kd["tinh"], level=lv["tinh"])
    q = Unit.objects.get(pk=central.pk).add_child(code="Q", name="Tỉnh Nghệ An", kind=kd["tinh"], level=lv["tinh"])
    a = Unit.objects.get(pk=p.pk).add_child(code="A", name="Xã Vĩnh Am", kind=kd["xa"], level=lv["xa"],
                                            valid_from=dt.date(2025, 7, 1))
    b = Unit.objects.get(pk=p.pk).add_child(code="B", name="Phường Long Xuyên", kind=kd["xa"], level=lv["xa"])
    b1 = Unit.objects.get(pk=b.pk).add_child(code="B1", name="Chi bộ khu phố 1", kind=kd["chi_bo"],
                                             level=lv["co_so"])
    c = Unit.objects.get(pk=q.pk).add_child(code="C", name="Xã Đô Lương", kind=kd["xa"], level=lv["xa"])
    units = {u.code: u for u in Unit.objects.all()}
    return type("Tree", (), {"levels": lv, "kinds": kd, "units": units, **units})


@pytest.fixture
def make_user(db):
    """Return a builder: make_user("name", unit=…, role=…) creates a user with that membership."""
    from django.contrib.auth import get_user_model

    from hierarchy.models import Membership

    def _make(username, *, unit=None, role="drafter", password="mat-khau-Test-123", **extra):
        user = get_user_model().objects.create_user(username=username, password=password, **extra)
        if unit is not None:
            Membership.objects.create(user=user, unit=unit, role=role)
        return user

    return _make


# --- The real browser ---------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium fails the run: `make test` installs it."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # Keep what the user would have seen, to debug a failed journey.
        os.makedirs("test-artifacts", exist_ok=True)
        name = request.node.name.replace("/", "_")[:100]
        page.screenshot(path=f"test-artifacts/{name}.png", full_page=True)
        with open(f"test-artifacts/{name}.html", "w", encoding="utf-8") as fh:
            fh.write(page.content())
    context.close()


@pytest.fixture
def login(page):
    """Return a function that logs a user in through the real login form."""

    def _login(username, password="mat-khau-Test-123"):
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()

    return _login
