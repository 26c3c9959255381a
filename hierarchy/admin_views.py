"""Wagtail admin screens for the organisation tree: browse level by level, search without
diacritics, add, edit, move, retire, merge, import/export, groups and memberships.

Views only parse input and call the services; every object is checked against the
visibility selectors, so a unit administrator works only inside their subtree.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets import HeaderButton

from .forms import UnitForm, UnitImportForm, UnitMergeForm, UnitMoveForm, UnitRetireForm
from .models import Role, Unit
from .selectors import membership_paths, unit_ancestors, units_visible_to, user_can_act, user_sees_all
from .services import unit_create, unit_merge, unit_move, unit_retire, unit_update


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            target = field if field in form.fields else f"{field}_code" if f"{field}_code" in form.fields else None
            for e in errs:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def _require_admin_of(user, unit: Unit) -> None:
    if not user_can_act(user=user, unit=unit, role=Role.UNIT_ADMIN):
        raise PermissionDenied("Bạn không có quyền quản trị đơn vị này.")


class UnitIndexView(IndexView):
    """Children of one unit (``?parent=CODE``), or search across the user's whole subtree."""

    default_ordering = "name"
    search_fields = ["name"]
    search_backend_name = None
    paginate_by = 50

    @cached_property
    def parent_unit(self) -> Unit | None:
        code = self.request.GET.get("parent")
        if not code:
            return None
        unit = get_object_or_404(Unit, code=code)
        if not units_visible_to(user=self.request.user).filter(pk=unit.pk).exists():
            raise PermissionDenied
        return unit

    def get_base_queryset(self):
        qs = units_visible_to(user=self.request.user).select_related("kind", "level")
        if self.is_searching:
            return qs
        parent = self.parent_unit
        if parent is not None:
            return qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
        if user_sees_all(self.request.user):
            return qs.filter(depth=1)
        return qs.filter(path__in=membership_paths(user=self.request.user))

    def search_queryset(self, queryset):
        return queryset.search(self.search_query) if self.is_searching else queryset

    def get_page_subtitle(self):
        return self.parent_unit.name if self.parent_unit else ""

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.parent_unit is not None:
            index = reverse(self.index_url_name)
            items[-1] = {**items[-1], "url": index}
            for unit in unit_ancestors(unit=self.parent_unit) + [self.parent_unit]:
                items.append({"url": f"{index}?parent={unit.code}", "label": unit.name})
        return items

    @cached_property
    def header_buttons(self):
        buttons = []
        add_url = reverse(self.add_url_name) + (f"?parent={self.parent_unit.code}" if self.parent_unit else "")
        buttons.append(HeaderButton("Thêm đơn vị", url=add_url, icon_name="plus"))
        buttons.append(HeaderButton("Nhập từ tệp", url=reverse("hierarchy_unit:import"), icon_name="upload"))
        export = reverse("hierarchy_unit:export") + (f"?parent={self.parent_unit.code}" if self.parent_unit else "")
        buttons.append(HeaderButton("Xuất Excel", url=export, icon_name="download"))
        return buttons

    @cached_property
    def columns(self):
        index = reverse(self.index_url_name)
        return [
            self._get_title_column("name"),
            Column("code", label="Mã", sort_key="code"),
            Column("kind", label="Loại"),
            Column("level", label="Cấp"),
            Column("status", label="Trạng thái", accessor="status_label"),
            Column("children", label="Đơn vị trực thuộc", accessor=lambda u: format_html(
                '<a href="{}?parent={}">Xem {} đơn vị</a>', index, u.code, u.numchild) if u.numchild else "—"),
        ]

    def get_delete_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for name, label, icon in (("move", "Chuyển đơn vị cấp trên", "arrow-right"),
                                  ("retire", "Giải thể / hết hiệu lực", "calendar"),
                                  ("merge", "Sáp nhập vào đơn vị khác", "resubmit")):
            buttons.append(MenuItem(label, url=reverse(f"hierarchy_unit:{name}", args=[instance.pk]),
                                    icon_name=icon, priority=40))
        return buttons


def _listing_of_parent(unit: Unit) -> str:
    parent = unit.get_parent()
    return reverse("hierarchy_unit:index") + (f"?parent={parent.code}" if parent else "")


class UnitCreateView(CreateView):
    def get_success_url(self):
        return _listing_of_parent(self.object)

    def get_success_message(self, instance):
        return f"Đã thêm đơn vị “{instance.name}” ({instance.code})."

    def get_initial(self):
        return {**super().get_initial(), "parent_code": self.request.GET.get("parent", "")}

    def form_valid(self, form):
        parent = form.cleaned_data.get("parent_code")
        if parent is not None:
            _require_admin_of(self.request.user, parent)
        elif not user_sees_all(self.request.user):
            form.add_error("parent_code", "Chỉ quản trị hệ thống được tạo đơn vị gốc; hãy nhập mã đơn vị cấp trên.")
            self.produced_error_message = "Chưa lưu được; vui lòng sửa các lỗi bên dưới."
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            self.object = unit_create(code=data["code"], name=data["name"], kind=data["kind"], level=data["level"],
                                      parent=parent, valid_from=data.get("valid_from"), acting_user=self.request.user)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
            self.produced_error_message = "Chưa lưu được; vui lòng sửa các lỗi bên dưới."
            return self.form_invalid(form)
        self.form = form
        return self.save_action()


class UnitEditView(EditView):
    def get_object(self, queryset=None):
        unit = super().get_object(queryset)
        _require_admin_of(self.request.user, unit)
        return unit

    def get_delete_url(self):
        return None

    def get_success_url(self):
        return _listing_of_parent(self.object)

    def get_success_message(self, instance):
        return f"Đã lưu đơn vị “{instance.name}”."

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = unit_update(unit=self.object, acting_user=self.request.user, code=data["code"],
                                      name=data["name"], kind=data["kind"], level=data["level"],
                                      valid_from=data.get("valid_from"), valid_to=data.get("valid_to"))
        except ValidationError as exc:
            _apply_service_errors(form, exc)
            self.produced_error_message = "Chưa lưu được; vui lòng sửa các lỗi bên dưới."
            return self.form_invalid(form)
        self.form = form
        return self.save_action()


class UnitDeleteView(DeleteView):
    """Units are never deleted: their history must stay. Retire or merge them instead."""

    def dispatch(self, request, *args, **kwargs):
        messages.error(request, "Không xóa đơn vị để giữ lịch sử số liệu; hãy dùng “Giải thể” hoặc “Sáp nhập”.")
        return redirect("hierarchy_unit:index")


class UnitActionView(WagtailAdminTemplateMixin, FormView):
    """Base for move / retire / merge: one form, one service call, back to the parent's listing."""

    template_name = "hierarchy/admin/unit_action.html"
    header_icon = "site"
    submit_button_label = "Lưu"

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(Unit, pk=kwargs["pk"])
        _require_admin_of(request.user, self.unit)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.unit.name

    def get_breadcrumbs_items(self):
        index = reverse("hierarchy_unit:index")
        return self.breadcrumbs_items + [{"url": index, "label": "Đơn vị"}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(action_url=self.request.get_full_path(), submit_button_label=self.submit_button_label,
                       submit_button_active_label=self.submit_button_label)
        return context

    def form_valid(self, form):
        try:
            unit = self.perform(form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(unit))
        return redirect(_listing_of_parent(Unit.objects.get(pk=unit.pk)))


class UnitMoveView(UnitActionView):
    form_class = UnitMoveForm
    page_title = "Chuyển đơn vị sang đơn vị cấp trên khác"
    submit_button_label = "Chuyển"

    def perform(self, data):
        _require_admin_of(self.request.user, data["parent_code"])
        return unit_move(unit=self.unit, new_parent=data["parent_code"], acting_user=self.request.user)

    def success_message(self, unit):
        return f"Đã chuyển “{unit.name}” vào “{unit.get_parent().name}”."


class UnitRetireView(UnitActionView):
    form_class = UnitRetireForm
    page_title = "Giải thể / hết hiệu lực"
    submit_button_label = "Xác nhận giải thể"

    def perform(self, data):
        return unit_retire(unit=self.unit, on=data["on"], acting_user=self.request.user)

    def success_message(self, unit):
        return f"“{unit.name}” hết hiệu lực từ sau ngày {unit.valid_to:%d/%m/%Y}; lịch sử vẫn được giữ."


class UnitMergeView(UnitActionView):
    form_class = UnitMergeForm
    page_title = "Sáp nhập đơn vị"
    submit_button_label = "Sáp nhập"

    def perform(self, data):
        _require_admin_of(self.request.user, data["target_code"])
        return unit_merge(source=self.unit, target=data["target_code"], on=data["on"], acting_user=self.request.user)

    def success_message(self, unit):
        return f"Đã sáp nhập “{self.unit.name}” vào “{unit.name}”; thành viên và đơn vị trực thuộc đã chuyển theo."


class UnitImportView(WagtailAdminTemplateMixin, FormView):
    """Upload → dry-run preview (counts, every error by row and column) → confirm → atomic commit."""

    template_name = "hierarchy/admin/unit_import.html"
    form_class = UnitImportForm
    page_title = "Nhập đơn vị từ tệp"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not (user_sees_all(request.user) or request.user.has_perm("hierarchy.add_unit")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("hierarchy_unit:index"), "label": "Đơn vị"},
                                         {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        from .import_session import import_confirm, import_preview

        if "confirm" in request.POST:
            return import_confirm(self, request)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        return import_preview(self, request, form)


def unit_export(request):
    """Download the visible units (optionally one subtree) as XLSX or CSV."""
    from .exporting import export_units_response

    if not request.user.has_perm("hierarchy.view_unit") and not user_sees_all(request.user):
        raise PermissionDenied
    qs = units_visible_to(user=request.user)
    parent_code = request.GET.get("parent")
    if parent_code:
        parent = get_object_or_404(qs, code=parent_code)
        qs = qs.filter(path__startswith=parent.path)
    return export_units_response(qs, fmt=request.GET.get("format", "xlsx"))


class UnitViewSet(ModelViewSet):
    model = Unit
    form_fields = ["code", "name", "kind", "level", "valid_from", "valid_to"]
    icon = "site"
    menu_label = "Đơn vị"
    menu_name = "units"
    menu_order = 210
    add_to_admin_menu = True
    name = "hierarchy_unit"
    url_prefix = "don-vi"
    index_view_class = UnitIndexView
    add_view_class = UnitCreateView
    edit_view_class = UnitEditView
    delete_view_class = UnitDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return UnitForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/chuyen/", UnitMoveView.as_view(), name="move"),
            path("<int:pk>/giai-the/", UnitRetireView.as_view(), name="retire"),
            path("<int:pk>/sap-nhap/", UnitMergeView.as_view(), name="merge"),
            path("nhap/", UnitImportView.as_view(), name="import"),
            path("xuat/", unit_export, name="export"),
        ]
