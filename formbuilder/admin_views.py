"""Wagtail admin screens of form definitions (biểu mẫu): listing, create, overview of versions,
version comparison and JSON import. The designer itself (a version's edit screen) is in
:mod:`formbuilder.admin_versions`.

Views only parse input and call the services (formbuilder.services, formbuilder.designer_services).
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from .admin_forms import FormDefinitionCreateForm, JsonImportForm, VersionCompareForm
from .designer_services import form_definition_import_file
from .engine.diff import diff_definitions
from .models import FormDefinition, FormVersion, VersionStatus
from .services import form_definition_create

SAVE_FAILED = "Chưa lưu được; vui lòng sửa các lỗi bên dưới."


def version_edit_url(version: FormVersion) -> str:
    return reverse("formbuilder_version:edit", args=[version.pk])


def definition_url(definition: FormDefinition) -> str:
    return reverse("formbuilder_definition:edit", args=[definition.pk])


def _version_link(version: FormVersion | None):
    if version is None:
        return "—"
    return format_html('<a href="{}">v{}</a>', version_edit_url(version), version.number)


def _versions(definition: FormDefinition) -> list[FormVersion]:
    return sorted(definition.versions.all(), key=lambda v: v.number)  # prefetched by the listing


def _published(definition):
    return _version_link(next((v for v in _versions(definition) if v.status == VersionStatus.PUBLISHED), None))


def _draft(definition):
    return _version_link(next((v for v in reversed(_versions(definition)) if v.status == VersionStatus.DRAFT), None))


class FormDefinitionIndexView(IndexView):
    default_ordering = "code"
    search_fields = ["code", "title"]
    search_backend_name = None
    paginate_by = 50

    def get_base_queryset(self):
        return FormDefinition.objects.select_related("owner_unit").prefetch_related("versions")

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Thêm biểu mẫu", url=reverse(self.add_url_name), icon_name="plus"),
                HeaderButton("Nhập JSON", url=reverse("formbuilder_definition:import"), icon_name="upload")]

    @cached_property
    def columns(self):
        return [
            self._get_title_column("code"),
            Column("kind", label="Loại", accessor="get_kind_display"),
            Column("title", label="Tên biểu mẫu"),
            Column("owner_unit", label="Đơn vị chủ trì", accessor=lambda d: d.owner_unit or "—"),
            Column("published", label="Phiên bản ban hành", accessor=_published),
            Column("draft", label="Bản nháp", accessor=_draft),
        ]

    def get_delete_url(self, instance):
        return None


class FormDefinitionCreateView(CreateView):
    page_title = "Thêm biểu mẫu"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = form_definition_create(code=data["code"], kind=data["kind"], title=data["title"],
                                                 description=data.get("description", ""),
                                                 owner_unit=data.get("owner_unit_code"),
                                                 acting_user=self.request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error("code", exc)
            self.produced_error_message = SAVE_FAILED
            return self.form_invalid(form)
        messages.success(self.request, f"Đã tạo biểu mẫu “{self.object.code}”. Hãy thiết kế nội dung phiên bản 1.")
        return redirect(version_edit_url(self.object.versions.get(number=1)))


class FormDefinitionDeleteView(DeleteView):
    """Definitions are not deleted: submissions and indicators refer to their versions."""

    def dispatch(self, request, *args, **kwargs):
        messages.error(request, "Không xóa biểu mẫu để giữ lịch sử các phiên bản và số liệu đã nộp.")
        return redirect("formbuilder_definition:index")


class DefinitionMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A screen about one definition (``pk`` in the URL)."""

    permission_policy = None
    permission_required = "change"
    header_icon = "form"

    @cached_property
    def definition(self) -> FormDefinition:
        return get_object_or_404(FormDefinition, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.definition.code

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("formbuilder_definition:index"), "label": "Biểu mẫu"},
            {"url": definition_url(self.definition), "label": self.definition.code},
            {"url": "", "label": self.page_title},
        ]


class FormDefinitionDetailView(DefinitionMixin, TemplateView):
    """A definition and its versions, with what can be done to each."""

    template_name = "formbuilder/admin/definition_detail.html"
    page_title = "Các phiên bản"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("formbuilder_definition:index"), "label": "Biểu mẫu"},
            {"url": "", "label": self.definition.code},
        ]

    @cached_property
    def header_buttons(self):
        buttons = [HeaderButton("So sánh phiên bản", url=reverse("formbuilder_definition:compare",
                                                                 args=[self.definition.pk]), icon_name="resubmit")]
        buttons.append(HeaderButton("Nhập JSON", url=reverse("formbuilder_definition:import"), icon_name="upload"))
        return buttons

    def get_context_data(self, **kwargs):
        versions = list(self.definition.versions.order_by("-number").select_related("created_by", "published_by"))
        return super().get_context_data(definition=self.definition, versions=versions,
                                        has_draft=any(v.status == VersionStatus.DRAFT for v in versions), **kwargs)


_CHANGE_GROUPS = (
    ("added", "Thêm mới"), ("removed", "Bỏ đi"), ("moved", "Chuyển vị trí"),
    ("changed", "Thay đổi"),
)


class FormDefinitionCompareView(DefinitionMixin, TemplateView):
    """What changed between two versions (``?old=1&new=2``), by stable field key."""

    template_name = "formbuilder/admin/definition_compare.html"
    page_title = "So sánh phiên bản"

    def get_context_data(self, **kwargs):
        versions = list(self.definition.versions.order_by("number"))
        form = VersionCompareForm(self.request.GET or None, versions=versions)
        old = new = None
        if form.is_bound and form.is_valid():
            by_number = {v.number: v for v in versions}
            old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
        elif len(versions) >= 2:
            new = versions[-1]
            old = next((v for v in versions if v.pk == new.based_on_id), versions[-2])
            form = VersionCompareForm(initial={"old": old.number, "new": new.number}, versions=versions)
        groups = []
        if old is not None and new is not None:
            changes = diff_definitions(old.document, new.document)
            for kind, title in _CHANGE_GROUPS:
                members = [c for c in changes if c.kind == kind or (kind == "changed" and c.kind not in
                                                                    ("added", "removed", "moved"))]
                if members:
                    groups.append({"kind": kind, "title": title, "changes": members})
        return super().get_context_data(definition=self.definition, form=form, old=old, new=new, groups=groups,
                                        enough_versions=len(versions) >= 2, **kwargs)


class FormDefinitionImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a definition as JSON: checked first, every problem listed, nothing written on error."""

    template_name = "formbuilder/admin/definition_import.html"
    form_class = JsonImportForm
    permission_policy = None
    permission_required = "add"
    page_title = "Nhập biểu mẫu từ tệp JSON"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("formbuilder_definition:index"), "label": "Biểu mẫu"},
                                         {"url": "", "label": self.page_title}]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            version = form_definition_import_file(content=data["file"].read(), acting_user=self.request.user,
                                                  publish=data["publish"], owner_unit=data.get("owner_unit_code"))
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(form=form, problems=exc.messages))
        state = "đã ban hành" if version.status == VersionStatus.PUBLISHED else "bản nháp"
        messages.success(self.request, f"Đã nhập “{version.definition.code}” thành phiên bản {version.number} ({state}).")
        return redirect(version_edit_url(version))


class FormDefinitionViewSet(ModelViewSet):
    model = FormDefinition
    icon = "form"
    menu_label = "Biểu mẫu"
    menu_name = "form_definitions"
    menu_order = 220
    add_to_admin_menu = True
    name = "formbuilder_definition"
    url_prefix = "bieu-mau"
    index_view_class = FormDefinitionIndexView
    add_view_class = FormDefinitionCreateView
    delete_view_class = FormDefinitionDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return FormDefinitionCreateForm

    @property
    def edit_view(self):
        return self.construct_view(FormDefinitionDetailView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/so-sanh/", self.construct_view(FormDefinitionCompareView), name="compare"),
            path("nhap-json/", self.construct_view(FormDefinitionImportView), name="import"),
        ]
