"""Wagtail admin for unit groups and memberships (thin: forms parse, services write)."""
from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from .forms import MembershipImportForm

from .models import Membership, Role, Unit, UnitGroup
from .selectors import units_visible_to, user_can_act
from .services import group_set_units, membership_add


class UnitGroupForm(WagtailAdminModelForm):
    unit_codes = forms.CharField(label="Mã các đơn vị", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text="Mỗi dòng một mã đơn vị (hoặc cách nhau bởi dấu phẩy).")

    class Meta:
        model = UnitGroup
        fields = ["code", "name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["unit_codes"] = "\n".join(self.instance.units.order_by("path").values_list("code", flat=True))

    def clean_unit_codes(self):
        raw = self.cleaned_data.get("unit_codes", "")
        codes = list(dict.fromkeys(c.strip() for part in raw.splitlines() for c in part.split(",") if c.strip()))
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError("Không tìm thấy đơn vị có mã: " + ", ".join(f"“{c}”" for c in missing))
        return [found[c] for c in codes]

    def save(self, commit=True):
        group = super().save(commit=commit)
        if commit:
            group_set_units(group=group, units=self.cleaned_data["unit_codes"], acting_user=self.for_user)
        return group


class UnitGroupIndexView(IndexView):
    @property
    def columns(self):
        return [TitleColumn("name", label="Tên nhóm", url_name=self.edit_url_name),
                Column("code", label="Mã nhóm"),
                Column("count", label="Số đơn vị", accessor=lambda g: g.units.count())]


class UnitGroupViewSet(ModelViewSet):
    model = UnitGroup
    icon = "group"
    menu_label = "Nhóm đơn vị"
    menu_order = 211
    add_to_admin_menu = True
    name = "hierarchy_group"
    url_prefix = "nhom-don-vi"
    search_fields = ["name", "code"]
    index_view_class = UnitGroupIndexView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return UnitGroupForm


class MembershipForm(WagtailAdminModelForm):
    unit_code = forms.CharField(label="Mã đơn vị", max_length=40)

    class Meta:
        model = Membership
        fields = ["user", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["unit_code"] = self.instance.unit.code

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError(f"Không tìm thấy đơn vị có mã “{code}”.")
        if self.for_user is not None and not user_can_act(user=self.for_user, unit=unit, role=Role.UNIT_ADMIN):
            raise ValidationError("Bạn chỉ được phân quyền trong đơn vị mình quản trị.")
        return unit

    def clean(self):
        data = super().clean()
        if data.get("user") and data.get("unit_code") and data.get("role"):
            clash = Membership.objects.filter(user=data["user"], unit=data["unit_code"], role=data["role"])
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError("Người dùng này đã có vai trò đó trong đơn vị.")
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_code"]
        if self.instance.pk:
            return super().save(commit=commit)
        return membership_add(user=self.cleaned_data["user"], unit=self.instance.unit,
                              role=self.cleaned_data["role"], acting_user=self.for_user)


class MembershipIndexView(IndexView):
    search_backend_name = None

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Thêm phân quyền", url=reverse(self.add_url_name), icon_name="plus"),
                HeaderButton("Nhập từ tệp", url=reverse("hierarchy_membership:import"), icon_name="upload"),
                HeaderButton("Xuất Excel", url=reverse("hierarchy_membership:export"), icon_name="download")]

    def get_base_queryset(self):
        visible = units_visible_to(user=self.request.user)
        return Membership.objects.filter(unit__in=visible).select_related("user", "unit")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        from baocao_site.text import fold

        q = self.search_query
        return queryset.filter(user__username__icontains=q) | queryset.filter(unit__search_name__contains=fold(q))

    @property
    def columns(self):
        return [TitleColumn("user", label="Người dùng", url_name=self.edit_url_name),
                Column("unit", label="Đơn vị"), Column("role", label="Vai trò", accessor="get_role_display")]


class MembershipEditView(EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not user_can_act(user=self.request.user, unit=obj.unit, role=Role.UNIT_ADMIN):
            raise PermissionDenied
        return obj


class MembershipImportView(WagtailAdminTemplateMixin, FormView):
    """Upload → dry run → confirm, as for units; roles only inside the admin's subtree."""

    template_name = "hierarchy/admin/membership_import.html"
    form_class = MembershipImportForm
    page_title = "Nhập phân quyền từ tệp"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("hierarchy.add_membership"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        from .import_session import import_confirm, import_preview

        if "confirm" in request.POST:
            return import_confirm(self, request, kind="memberships", done_url="hierarchy_membership:index")
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        return import_preview(self, request, form, kind="memberships")


def membership_export(request):
    """Download the memberships of the visible units as XLSX or CSV (re-importable)."""
    import tablib
    from django.http import HttpResponse
    from import_export.formats.base_formats import CSV, XLSX

    from .membership_import import EXPORT_HEADERS, memberships_export_rows

    if not request.user.has_perm("hierarchy.view_membership"):
        raise PermissionDenied
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    dataset = tablib.Dataset(headers=EXPORT_HEADERS, title="Phan quyen")
    qs = Membership.objects.filter(unit__in=units_visible_to(user=request.user))
    for row in memberships_export_rows(qs):
        dataset.append(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    export_format = CSV() if fmt == "csv" else XLSX()
    data = export_format.export_data(dataset)
    response = HttpResponse(("\ufeff" + data) if fmt == "csv" else data, content_type=export_format.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="phan-quyen.{fmt}"'
    return response


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = "Phân quyền đơn vị"
    menu_order = 212
    add_to_admin_menu = True
    name = "hierarchy_membership"
    url_prefix = "thanh-vien"
    list_filter = ["role"]
    index_view_class = MembershipIndexView
    edit_view_class = MembershipEditView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return MembershipForm

    def get_urlpatterns(self):
        from django.urls import path

        return super().get_urlpatterns() + [
            path("nhap/", MembershipImportView.as_view(), name="import"),
            path("xuat/", membership_export, name="export"),
        ]
