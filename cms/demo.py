"""Demo pages of the guidance site (idempotent)."""
from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from .models import HomePage

HOME_INTRO = (
    "<p>Nền tảng biểu mẫu và chỉ tiêu phục vụ <b>giám sát trên dữ liệu</b>: các đơn vị nhận đề cương, "
    "phụ lục, bộ chỉ tiêu; nhập số liệu; theo dõi hạn nộp; tổng hợp báo cáo theo cấp.</p>"
)


@transaction.atomic
def load_cms_demo() -> dict[str, int]:
    """Make a HomePage the root of the default site; return the page count."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Báo cáo — Giám sát trên dữ liệu", slug="trang-chu",
                                                intro=HOME_INTRO))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Báo cáo")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome" placeholder page
    return {"pages": Page.objects.count()}
