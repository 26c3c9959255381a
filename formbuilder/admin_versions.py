"""The form designer in the Wagtail admin: a version's edit screen (StreamField + live preview),
publish, new version, JSON export. Published versions open read-only.
"""
from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, View
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.side_panels import PreviewSidePanel
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.preview import PreviewOnEdit
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import Button

from .admin_forms import NewVersionForm
from .admin_preview import compiled_preview
from .admin_views import definition_url, version_edit_url
from .designer import body_stream, node_keys
from .designer_services import (
    form_version_delete_draft, form_version_publish_design, form_version_save_design, version_body_stream,
)
from .models import FormVersion, VersionStatus
from .services import form_definition_export, form_version_new_from

PUBLISHED_READ_ONLY = "Phiên bản đã ban hành, không thể sửa; hãy tạo phiên bản mới."


class FormVersionEditView(EditView):
    """The designer: compose the form with blocks, watch the preview, save the draft or publish it."""

    designer_template_name = "formbuilder/admin/version_edit.html"
    readonly_template_name = "formbuilder/admin/version_readonly.html"
    preview_url_name = None
    submit_button_label = "Lưu bản nháp"
    submit_button_active_label = "Đang lưu…"
    problems: list[str] = ()

    def get_object(self, queryset=None):
        version = super().get_object(FormVersion.objects.select_related("definition", "based_on"))
        if version.is_editable:
            # Seeded, imported or copied versions open in the designer (in memory; saved on "Lưu").
            version.body = version_body_stream(version=version)
        return version

    def get_template_names(self):
        return [self.designer_template_name if self.object.is_editable else self.readonly_template_name]

    def get_page_title(self):
        return "Thiết kế biểu mẫu" if self.object.is_editable else "Xem phiên bản"

    def get_page_subtitle(self):
        return f"{self.object.definition.code} — v{self.object.number}"

    def get_breadcrumbs_items(self):
        definition = self.object.definition
        return self.breadcrumbs_items + [
            {"url": reverse("formbuilder_definition:index"), "label": "Biểu mẫu"},
            {"url": definition_url(definition), "label": definition.code},
            {"url": "", "label": f"Phiên bản {self.object.number} ({self.object.get_status_display().lower()})"},
        ]

    def get_delete_url(self):
        return None

    def get_history_url(self):
        return None

    def get_usage_url(self):
        return None

    @cached_property
    def header_buttons(self):
        version, buttons = self.object, []
        if not version.is_editable:
            buttons.append(HeaderButton("Tạo phiên bản mới từ bản này", icon_name="copy",
                                        url=reverse("formbuilder_version:new_from", args=[version.pk])))
        buttons.append(HeaderButton("So sánh phiên bản", icon_name="resubmit",
                                    url=reverse("formbuilder_definition:compare", args=[version.definition_id])
                                    + f"?old={version.based_on.number if version.based_on else version.number}"
                                      f"&new={version.number}"))
        buttons.append(HeaderButton("Xuất JSON", icon_name="download",
                                    url=reverse("formbuilder_version:export", args=[version.pk])))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = [Button("Nhập JSON", url=reverse("formbuilder_definition:import"), icon_name="upload")]
        if self.object.is_editable and self.object.based_on_id:
            buttons.append(Button("Xóa bản nháp", icon_name="bin",
                                  url=reverse("formbuilder_version:delete_draft", args=[self.object.pk])))
        return buttons

    def get_side_panels(self):
        panels = super().get_side_panels()
        if self.object.is_editable and not self.expects_json_response:
            preview_url = reverse(self.preview_url_name, args=[self.object.pk])
            panels.append(PreviewSidePanel(self.object, self.request, preview_url=preview_url))
        return panels

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_editable:
            messages.error(request, PUBLISHED_READ_ONLY)
            return redirect(version_edit_url(self.object))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.form = form
        publishing = bool(self.request.POST.get("action-publish"))
        stream = body_stream(form.cleaned_data["body"])
        note = form.cleaned_data.get("note", "")
        save = form_version_publish_design if publishing else form_version_save_design
        try:
            version = save(version=self.object, stream=stream, note=note, acting_user=self.request.user)
        except ValidationError as exc:
            self.problems = exc.messages
            self.produced_error_message = ("Chưa ban hành được; biểu mẫu còn lỗi dưới đây, chưa có gì được lưu."
                                           if publishing else "Chưa lưu được; biểu mẫu còn lỗi dưới đây.")
            return self.form_invalid(form)
        self._warn_dropped_keys(version)
        if publishing:
            messages.success(self.request, f"Đã ban hành “{version.definition.code}” phiên bản {version.number}.")
            return redirect(definition_url(version.definition))
        messages.success(self.request, f"Đã lưu bản nháp phiên bản {version.number}.")
        return redirect(version_edit_url(version))

    def _warn_dropped_keys(self, version):
        based_on = version.based_on
        if based_on is None or based_on.status == VersionStatus.DRAFT:
            return
        dropped = [k for k in node_keys(based_on.document.get("items")) if k not in
                   set(node_keys(version.document.get("items")))]
        if dropped:
            messages.warning(self.request, "Các khóa của phiên bản {} không còn trong bản này: {}. Số liệu đã nộp "
                             "theo các khóa đó sẽ không được so sánh với bản mới.".format(
                                 based_on.number, ", ".join(dropped[:20]) + ("…" if len(dropped) > 20 else "")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = self.object
        context["problems"] = self.problems
        if not self.object.is_editable:
            context.update(compiled_preview(document=self.object.document, mode="readonly"))
        return context


class FormVersionPreviewView(PreviewOnEdit):
    """The preview panel's view: the form built from the body being edited (not saved)."""


class VersionMixin(PermissionCheckedMixin):
    permission_policy = None
    permission_required = "change"

    @cached_property
    def version(self) -> FormVersion:
        return get_object_or_404(FormVersion.objects.select_related("definition"), pk=self.kwargs["pk"])


class FormVersionNewFromView(VersionMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm, then create the next draft copying this version (keys stay the same)."""

    template_name = "formbuilder/admin/version_new_from.html"
    form_class = NewVersionForm
    page_title = "Tạo phiên bản mới từ bản này"
    header_icon = "copy"

    def get_page_subtitle(self):
        return f"{self.version.definition.code} — v{self.version.number}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("formbuilder_definition:index"), "label": "Biểu mẫu"},
            {"url": definition_url(self.version.definition), "label": self.version.definition.code},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=self.version, **kwargs)

    def form_valid(self, form):
        try:
            new = form_version_new_from(version=self.version, acting_user=self.request.user,
                                        note=form.cleaned_data["note"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return redirect(definition_url(self.version.definition))
        messages.success(self.request, f"Đã tạo bản nháp phiên bản {new.number} từ phiên bản {self.version.number}.")
        return redirect(version_edit_url(new))


class FormVersionDeleteDraftView(VersionMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm, then delete a draft started from another version."""

    template_name = "formbuilder/admin/version_delete_draft.html"
    form_class = forms.Form
    page_title = "Xóa bản nháp"
    header_icon = "bin"

    def get_page_subtitle(self):
        return f"{self.version.definition.code} — v{self.version.number}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=self.version, **kwargs)

    def form_valid(self, form):
        try:
            form_version_delete_draft(version=self.version, acting_user=self.request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return redirect(version_edit_url(self.version))
        messages.success(self.request, f"Đã xóa bản nháp phiên bản {self.version.number}.")
        return redirect(definition_url(self.version.definition))


class FormVersionExportView(VersionMixin, View):
    """Download the version's definition as a JSON file."""

    def get(self, request, *args, **kwargs):
        document = form_definition_export(version=self.version)
        response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        filename = f"{self.version.definition.code}-v{self.version.number}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class FormVersionIndexRedirect(View):
    """Versions are reached through their definition."""

    def get(self, request, *args, **kwargs):
        return redirect("formbuilder_definition:index")


class FormVersionViewSet(ModelViewSet):
    model = FormVersion
    icon = "form"
    add_to_admin_menu = False
    name = "formbuilder_version"
    url_prefix = "bieu-mau/phien-ban"
    edit_view_class = FormVersionEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [FieldPanel("body"), FieldPanel("note")]

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(preview_url_name=self.get_url_name("preview_on_edit"), **kwargs)

    @property
    def index_view(self):
        return FormVersionIndexRedirect.as_view()

    @property
    def add_view(self):
        return FormVersionIndexRedirect.as_view()

    @property
    def delete_view(self):
        return FormVersionIndexRedirect.as_view()

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("preview/<int:pk>/", self.construct_view(FormVersionPreviewView,
                                                          form_class=self.get_form_class(for_update=True)),
                 name="preview_on_edit"),
            path("<int:pk>/phien-ban-moi/", self.construct_view(FormVersionNewFromView), name="new_from"),
            path("<int:pk>/xuat-json/", self.construct_view(FormVersionExportView), name="export"),
            path("<int:pk>/xoa-ban-nhap/", self.construct_view(FormVersionDeleteDraftView), name="delete_draft"),
        ]
