"""The steps of the filling wizard (nhập báo cáo theo bước), and its formtools storage.

One step per top-level section the unit drafts — every section of the form, or the sections
of its assignment — then a final check step (kiểm tra và nộp). Fields that sit at the top of
a form, outside any section (the dates of a KPI set, the table of an appendix), form one step
of their own, "Thông tin chung".

The step helpers are plain functions over the compiled form; only :class:`DraftStorage`
touches Django.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django import forms
from formtools.wizard.storage.base import BaseStorage

from formbuilder.engine import CompiledForm, FieldError
from formbuilder.renderer import form_class_for

REVIEW_STEP = "kiem-tra"
GENERAL_STEP = "thong-tin-chung"  # step names with a hyphen never clash with a key (^[a-z][a-z0-9_]*$)
GENERAL_TITLE = "Thông tin chung"


@dataclass(frozen=True)
class Step:
    """One step of the wizard: its URL name, heading, and the top-level data keys it owns."""

    name: str
    title: str
    keys: tuple[str, ...]
    section_key: str | None = None

    @property
    def is_general(self) -> bool:
        return self.section_key is None


def steps_for(compiled: CompiledForm, section_keys=()) -> list[Step]:
    """Return the form steps of ``compiled`` for a unit drafting ``section_keys`` (all when empty).

    Top-level fields make one "Thông tin chung" step where the first of them stands; a unit
    given only some sections never gets it (its data holds only its sections).
    """
    wanted = set(section_keys or ())
    steps: list[Step] = []
    general: list[str] = []
    general_at = None
    for node in compiled.layout:
        if node.kind == "section":
            if not wanted or node.key in wanted:
                title = f"{node.number} {node.title}" if node.number else node.title
                steps.append(Step(node.key, title, (node.key,), node.key))
        elif not wanted:
            general.append(node.key)
            if general_at is None:
                general_at = len(steps)
    if general:
        title = GENERAL_TITLE if steps else compiled.title
        steps.insert(general_at, Step(GENERAL_STEP, title, tuple(general)))
    return steps


def top_key_of(compiled: CompiledForm, error: FieldError) -> str | None:
    """Return the top-level data key an engine error concerns (None: the form as a whole)."""
    if error.path:
        return error.path[0]
    info = compiled.fields.get(error.key) or compiled.sections.get(error.key)
    return info.path[0] if info is not None else None


def errors_by_step(compiled: CompiledForm, steps: list[Step], errors) -> "OrderedDict[str, list[FieldError]]":
    """Return the engine errors of each step, in step order; errors of no step go under REVIEW_STEP."""
    owner = {key: step.name for step in steps for key in step.keys}
    grouped: OrderedDict[str, list[FieldError]] = OrderedDict((step.name, []) for step in steps)
    grouped[REVIEW_STEP] = []
    for error in errors:
        grouped[owner.get(top_key_of(compiled, error), REVIEW_STEP)].append(error)
    return grouped


def first_incomplete_step(grouped: "OrderedDict[str, list[FieldError]]") -> str:
    """Return the first step that still has errors, or the check step when every step is complete."""
    return next((name for name, errors in grouped.items() if errors and name != REVIEW_STEP), REVIEW_STEP)


def with_step_values(data: dict, step: Step, own: dict) -> dict:
    """Return ``data`` with the values of ``step`` replaced by those in ``own`` (a form's ``to_data()``)."""
    merged = {key: value for key, value in (data or {}).items() if key not in step.keys}
    merged.update({key: value for key, value in (own or {}).items() if key in step.keys})
    return merged


def step_values(data: dict, step: Step) -> dict:
    """Return the part of ``data`` that belongs to ``step``."""
    return {key: value for key, value in (data or {}).items() if key in step.keys}


def form_class_for_step(compiled: CompiledForm, step: Step) -> type[forms.Form]:
    """Return the generated form of one step.

    A section step is the renderer's ``form_class_for(section_key=…)``; the general step is the
    whole form narrowed to its top-level fields (the renderer only cuts forms by section).
    """
    if step.section_key is not None:
        return form_class_for(compiled, section_key=step.section_key)
    whole = form_class_for(compiled)
    keep = set(step.keys)
    attrs = {key: None for key in whole.base_fields if key not in keep}  # None removes a declared field
    attrs.update(
        layout=tuple(node for node in compiled.layout if node.kind == "field"),
        infos={key: info for key, info in whole.infos.items() if key in keep},
        __module__=whole.__module__,
    )
    return type(f"{whole.__name__}__chung", (whole,), attrs)


class CheckForm(forms.Form):
    """The check step's form: nothing to type, only the "Nộp báo cáo" button."""


class DraftStorage(BaseStorage):
    """Wizard storage that keeps nothing in the session: drafts live in the database.

    Each step is saved through ``submission_save_draft`` when posted, so a draft survives a
    logout, another browser or another drafter of the unit; the forms are built from the
    submission's saved data. Only the current step is kept, for the length of the request.
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.init_data()

    def set_step_data(self, step, cleaned_data):
        """Nothing to keep: the view has already saved the step to the database."""

    def set_step_files(self, step, files):
        """Nothing to keep: uploads are stored by :mod:`formbuilder.rounds.attachments`."""

    def get_step_files(self, step):
        return None

    def update_response(self, response):
        """No cookie or session to update."""
