"""Excel pages (under /excel/): download a template, upload a file, follow and confirm its import, export.

Each view parses input, calls one selector or service, and renders or streams a file.
"""
from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from formbuilder.rounds.errors import NotAllowed, WorkflowError
from hierarchy.importing import ImportFileError
from hierarchy.models import Unit
from hierarchy.selectors import user_can_see_unit

from . import files, selectors, services, tasks
from .forms import ExportForm, IndicatorExportForm, UploadForm
from .models import ImportJob
from .rendering import render


class _TempFileResponse(FileResponse):
    """A download of a temporary file, removed once sent."""

    def __init__(self, path: str, filename: str):
        self._path = path
        super().__init__(open(path, "rb"), as_attachment=True, filename=filename)

    def close(self):
        super().close()
        if os.path.exists(self._path):
            os.unlink(self._path)


def _periods():
    from indicators.models import IndicatorPeriod

    return list(IndicatorPeriod.objects.all()[:200])


@login_required
def index(request):
    user = request.user
    export_forms = selectors.forms_for_export(user=user)
    return render(request, "excel/index.html", {
        "forms": selectors.forms_for_files(user=user), "upload_form": UploadForm(),
        "export_form": ExportForm(forms_in_rounds=export_forms), "has_exports": bool(export_forms),
        "indicator_form": IndicatorExportForm(periods=_periods()), "jobs": selectors.jobs_of(user=user)})


@login_required
def template_download(request, round_id: int, version_id: int):
    found = selectors.round_form(round_id=round_id, version_id=version_id)
    if found is None:
        raise Http404
    round_, version = found
    assignments = selectors.draftable_assignments(round=round_, version=version, user=request.user)
    if not assignments:
        raise NotAllowed("Bạn không soạn báo cáo biểu mẫu này cho đơn vị nào trong đợt.")
    path = files.template_xlsx(round=round_, version=version, units=[(a.unit.code, a.unit.name) for a in assignments])
    name = f"mau-{slugify(version.definition.code)}-v{version.number}-{slugify(round_.code)}.xlsx"
    return _TempFileResponse(path, name)


@login_required
@require_POST
def upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "excel/index.html", {
            "forms": selectors.forms_for_files(user=request.user), "upload_form": form,
            "jobs": selectors.jobs_of(user=request.user)}, status=400)
    upload_file = form.cleaned_data["file"]
    try:
        job = services.import_job_create(user=request.user, content=upload_file.read(), filename=upload_file.name,
                                         submit=form.cleaned_data["submit"])
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return render(request, "excel/index.html", {"forms": selectors.forms_for_files(user=request.user),
                                                    "upload_form": form}, status=400)
    if job.background:
        transaction.on_commit(lambda: tasks.import_check_task(str(job.pk)))
    else:
        services.import_job_check(job=job)
    return redirect("excel:job", job_id=job.pk)


def _own_job(request, job_id) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("round", "version__definition"), pk=job_id)
    if job.user_id != request.user.pk:
        raise Http404
    return job


@login_required
def job_detail(request, job_id):
    job = _own_job(request, job_id)
    errors = job.errors or []
    return render(request, "excel/job.html", {"job": job, "errors": errors[:2000], "more_errors": len(errors) > 2000})


@login_required
def job_progress(request, job_id):
    job = _own_job(request, job_id)
    return JsonResponse({"status": job.status, "label": job.get_status_display(), "percent": job.percent,
                         "counts": job.counts, "message": job.message})


@login_required
@require_POST
def job_confirm(request, job_id):
    job = _own_job(request, job_id)
    try:
        if job.background:
            services.import_job_commit_queue(job=job, acting_user=request.user)
        else:
            job = services.import_job_commit(job=job, acting_user=request.user)
    except (NotAllowed, WorkflowError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("excel:job", job_id=job.pk)
    return redirect("excel:job", job_id=job.pk)


def _within(request, code: str):
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None or not user_can_see_unit(user=request.user, unit=unit):
        raise Http404("Không có đơn vị này trong phạm vi của bạn.")
    return unit


@login_required
def export(request):
    export_forms = selectors.forms_for_export(user=request.user)
    form = ExportForm(request.GET, forms_in_rounds=export_forms)
    if not form.is_valid():
        return redirect(reverse("excel:index"))
    round_id, version_id = form.cleaned_data["form"].split(":")
    round_, version = selectors.round_form(round_id=round_id, version_id=version_id)
    submissions = selectors.submissions_for_export(round=round_, version=version, user=request.user,
                                                   within=_within(request, form.cleaned_data["unit"]))
    fmt = form.cleaned_data["format"]
    build = files.submissions_csv if fmt == "csv" else files.submissions_xlsx
    path = build(round=round_, version=version, submissions=submissions)
    return _TempFileResponse(path, f"so-lieu-{slugify(version.definition.code)}-{slugify(round_.code)}.{fmt}")


@login_required
def export_indicators(request):
    from indicators.models import IndicatorPeriod

    form = IndicatorExportForm(request.GET, periods=_periods())
    if not form.is_valid():
        return redirect(reverse("excel:index"))
    period = get_object_or_404(IndicatorPeriod, key=form.cleaned_data["period"])
    within = _within(request, form.cleaned_data["unit"])
    fmt = form.cleaned_data["format"]
    build = files.indicators_csv if fmt == "csv" else files.indicators_xlsx
    path = build(period=period, within=within, user=request.user)
    return _TempFileResponse(path, f"chi-tieu-{slugify(period.key)}.{fmt}")
