"""Wagtail admin screens for reporting rounds: list, create (with the due-rule builder), and a round's
page to assign targets and split an outline, preview the units it resolves to, and open it.

Views parse input and call the services; central staff see every round, a unit administrator the
rounds issued inside their subtree.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import HeaderButton

from formbuilder.models import FormKind
from formbuilder.selectors import compiled_form
from hierarchy.models import Role, Unit
from hierarchy.selectors import membership_paths, user_sees_all

from .admin_forms import RoundCreateForm, SectionSplitForm, TargetForm, default_due_date
from .models import AssignmentTarget, Round, RoundStatus, SectionAssignment
from .sections import carve_outs, title_of
from .selectors_admin import round_preview
from .services import round_add_target, round_assign_sections, round_create, round_open
from .services_admin import round_remove_sections, round_remove_target

NAMESPACE = "rounds_admin"


def may_administer(user) -> bool:
    """Return True for central staff and unit administrators (who work inside their subtree)."""
    return user_sees_all(user) or bool(membership_paths(user=user, roles=[Role.UNIT_ADMIN]))


def _require_admin_of(user, unit: Unit) -> None:
    if user_sees_all(user):
        return
    if not any(unit.path.startswith(p) for p in membership_paths(user=user, roles=[Role.UNIT_ADMIN])):
        raise PermissionDenied("Bạn chỉ quản lý được đợt báo cáo do đơn vị trong phạm vi của mình giao.")


def rounds_visible_to(user):
    qs = Round.objects.select_related("issuing_unit", "consolidating_unit").order_by("-created_at", "-id")
    if user_sees_all(user):
        return qs
    paths = membership_paths(user=user, roles=[Role.UNIT_ADMIN])
    if not paths:
        return qs.none()
    from django.db.models import Q

    q = Q()
    for p in paths:
        q |= Q(issuing_unit__path__startswith=p)
    return qs.filter(q)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            for e in errs:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


class AdminPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_administer(request.user):
            raise PermissionDenied("Bạn không có quyền quản lý đợt báo cáo.")
        return super().dispatch(request, *args, **kwargs)


class RoundIndexView(AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "rounds/admin/round_index.html"
    page_title = "Đợt báo cáo"
    header_icon = "date"

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Thêm đợt báo cáo", url=reverse(f"{NAMESPACE}:add"), icon_name="plus")]

    def get_context_data(self, **kwargs):
        # The units' own ad-hoc reports are listed on their ad-hoc round's page, not here.
        rounds = rounds_visible_to(self.request.user).filter(adhoc_round__isnull=True)
        return {**super().get_context_data(**kwargs), "rounds": rounds[:200]}


class RoundCreateView(AdminPermissionMixin, WagtailAdminTemplateMixin, FormView):
    """Create a round in preparation; "Xem trước lịch" only shows the rule in words and the due times."""

    template_name = "rounds/admin/round_create.html"
    form_class = RoundCreateForm
    page_title = "Thêm đợt báo cáo"
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse(f"{NAMESPACE}:index"), "label": "Đợt báo cáo"},
                                         {"url": "", "label": self.page_title}]

    def get_initial(self):
        return {"period_type": "one_off", "due_kind": "fixed_date", "due_date": default_due_date(),
                "cutoff_start_day": 1, "due_months_after": 0}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        if "preview" in request.POST or not valid:
            return self.render_to_response(self.get_context_data(form=form))
        return self.form_valid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            _require_admin_of(self.request.user, data["issuing_unit"])
            round_ = round_create(code=data["code"], title=data["title"], description=data["description"],
                                  issuing_unit=data["issuing_unit"], consolidating_unit=data["consolidating_unit"],
                                  rule=form.rule, period=form.period, versions=list(data["versions"]),
                                  recurring=data["recurring"], acting_user=self.request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(self.request, f"Đã tạo đợt “{round_.title}”. Tiếp theo: giao đơn vị hoặc chia phần, "
                                       "xem trước rồi mở đợt.")
        return redirect(f"{NAMESPACE}:manage", pk=round_.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["calendar"] = form.calendar_preview() if form.is_bound else None
        return context


class RoundManageView(AdminPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """One round: its rule, targets, section split, the preview of resolved units, and "Mở đợt"."""

    template_name = "rounds/admin/round_manage.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        self.round = get_object_or_404(Round.objects.select_related("issuing_unit", "consolidating_unit"),
                                       pk=kwargs["pk"])
        _require_admin_of(request.user, self.round.issuing_unit)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.round.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse(f"{NAMESPACE}:index"), "label": "Đợt báo cáo"},
                                         {"url": "", "label": self.round.title}]

    def outlines(self):
        return [rf.version for rf in self.round.forms.select_related("version__definition")
                if rf.version.definition.kind == FormKind.OUTLINE]

    def split_form(self, version, data=None):
        compiled = compiled_form(version=version)
        # Every section at every depth, indented under its part: mục III.4 may go to another unit.
        sections = [(info.key, "\u2003" * (len(info.path) - 1) + title_of(compiled, info.key))
                    for info in sorted(compiled.sections.values(), key=lambda i: i.order)]
        return SectionSplitForm(data, sections=sections, prefix=f"split-{version.pk}")

    def get_context_data(self, **kwargs):
        from formbuilder.engine.calendar import ReportingRule, describe_rule

        round_ = self.round
        preparing = round_.status == RoundStatus.DRAFT
        splits = {}
        for sa in SectionAssignment.objects.filter(round=round_).select_related("unit").order_by("unit__path"):
            splits.setdefault(sa.version_id, []).append(sa)
        outlines = [{"version": v, "splits": splits.get(v.pk, []), "compiled": compiled_form(version=v),
                     "form": kwargs.get(f"split_form_{v.pk}") or self.split_form(v)} for v in self.outlines()]
        for outline in outlines:
            compiled = outline.pop("compiled")
            carved = carve_outs(compiled, {sa.pk: sa.section_keys for sa in outline["splits"]})
            outline["splits"] = [(sa, [title_of(compiled, k) for k in sa.section_keys],
                                  [title_of(compiled, k) for k in carved[sa.pk]]) for sa in outline["splits"]]
        return {
            **super().get_context_data(**kwargs),
            "round": round_, "preparing": preparing, "rule_text": describe_rule(ReportingRule.from_dict(round_.rule)),
            "forms": round_.forms.select_related("version__definition"),
            "targets": round_.targets.select_related("level", "unit_kind", "group", "unit", "within"),
            "target_form": kwargs.get("target_form") or TargetForm(prefix="target"),
            "outlines": outlines,
            "preview": round_preview(round=round_) if preparing and not round_.offers_adhoc_reports else None,
            "adhoc_reports": (round_.adhoc_reports.select_related("issuing_unit").prefetch_related("assignments__unit")
                              .order_by("-opened_at", "-id")[:200]
                              if round_.offers_adhoc_reports else None),
            "progress_url": reverse("rounds:progress", args=[round_.pk]),
        }

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        handler = {"add_target": self.add_target, "remove_target": self.remove_target, "split": self.split,
                   "remove_split": self.remove_split, "open": self.open}.get(action.split(":")[0])
        if handler is None:
            messages.error(request, "Thao tác không hợp lệ.")
            return redirect(f"{NAMESPACE}:manage", pk=self.round.pk)
        try:
            return handler(request, action)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{NAMESPACE}:manage", pk=self.round.pk)

    def _back(self):
        return redirect(f"{NAMESPACE}:manage", pk=self.round.pk)

    def add_target(self, request, action):
        form = TargetForm(request.POST, prefix="target")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(target_form=form))
        data = form.cleaned_data
        target = round_add_target(round=self.round, kind=data["kind"], level=data["level"],
                                  unit_kind=data["unit_kind"], group=data["group"], unit=data["unit"],
                                  within=data["within"], acting_user=request.user)
        messages.success(request, f"Đã thêm đối tượng giao: {target}.")
        return self._back()

    def remove_target(self, request, action):
        target = get_object_or_404(AssignmentTarget, pk=action.split(":")[1], round=self.round)
        round_remove_target(target=target, acting_user=request.user)
        messages.success(request, "Đã bỏ đối tượng giao.")
        return self._back()

    def split(self, request, action):
        version = next((v for v in self.outlines() if str(v.pk) == action.split(":")[1]), None)
        if version is None:
            raise ValidationError("Đề cương không thuộc đợt báo cáo này.")
        form = self.split_form(version, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{f"split_form_{version.pk}": form}))
        unit = form.cleaned_data["unit"]
        round_assign_sections(round=self.round, version=version, unit=unit,
                              section_keys=form.cleaned_data["sections"], acting_user=request.user)
        messages.success(request, f"Đã giao {len(form.cleaned_data['sections'])} phần cho {unit.name}.")
        return self._back()

    def remove_split(self, request, action):
        sa = get_object_or_404(SectionAssignment, pk=action.split(":")[1], round=self.round)
        round_remove_sections(section_assignment=sa, acting_user=request.user)
        messages.success(request, f"Đã bỏ phân công cho {sa.unit.name}.")
        return self._back()

    def open(self, request, action):
        count = round_open(round=self.round, acting_user=request.user)
        if self.round.offers_adhoc_reports:
            messages.success(request, f"Đã mở đợt “{self.round.title}”: các đơn vị trong phạm vi có thể mở báo cáo "
                                      "đột xuất.")
            return self._back()
        messages.success(request, f"Đã mở đợt “{self.round.title}”: {count} nhiệm vụ đã giao cho các đơn vị.")
        return self._back()


class RoundAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return may_administer(request.user)


class RoundAdminViewSet(ViewSet):
    """The "Đợt báo cáo" entry of the Wagtail admin."""

    name = NAMESPACE
    url_prefix = "dot-bao-cao"
    icon = "date"
    menu_label = "Đợt báo cáo"
    menu_name = "rounds"
    menu_order = 230
    add_to_admin_menu = True
    menu_item_class = RoundAdminMenuItem

    def get_urlpatterns(self):
        return [
            path("", RoundIndexView.as_view(), name="index"),
            path("them/", RoundCreateView.as_view(), name="add"),
            path("<int:pk>/", RoundManageView.as_view(), name="manage"),
        ]
