"""The home page (trang chủ)."""
from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

LATEST_COUNT = 5


class HomePage(Page):
    """The site's home page (trang chủ): introduction, the user's due work, latest guidance and notices."""

    intro = RichTextField(blank=True, verbose_name="giới thiệu")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "cms/home_page.html"

    class Meta:
        verbose_name = "trang chủ"

    def get_context(self, request, *args, **kwargs):
        from ..providers import due_items
        from ..selectors import latest_guidance, latest_notices

        context = super().get_context(request, *args, **kwargs)
        context["due_items"] = due_items(request)
        context["latest_guidance"] = latest_guidance(user=request.user, limit=LATEST_COUNT)
        context["latest_notices"] = latest_notices(user=request.user, limit=LATEST_COUNT)
        return context
