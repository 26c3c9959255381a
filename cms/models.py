"""Wagtail page types of the guidance site."""
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's home page (trang chủ): introduction, and the user's due work when logged in."""

    intro = RichTextField(blank=True, verbose_name="giới thiệu")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = "trang chủ"
