"""Wagtail page types of the guidance site (trang thông tin, hướng dẫn)."""
from .base import Attachment, SitePage, SitePageForm
from .guidance import GuidancePage
from .home import HomePage
from .notices import NoticeIndexPage, NoticePage
from .plans import PlanDocumentPage, PlanKind, PlanStatus
from .rounds import RoundPage

__all__ = [
    "Attachment", "GuidancePage", "HomePage", "NoticeIndexPage", "NoticePage", "PlanDocumentPage",
    "PlanKind", "PlanStatus", "RoundPage", "SitePage", "SitePageForm",
]
