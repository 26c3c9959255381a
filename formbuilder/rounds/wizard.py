"""The steps of the filling wizard (nhập báo cáo theo bước), and its formtools storage.

One step per top-level section the unit drafts — every section of the form, or the sections
of its assignment, a part shared with other units showing only this unit's sub-sections — then a
final check step (kiểm tra và nộp). Fields that sit at the top of
a form, outside any section (the dates of a KPI set, the table of an appendix), form one step
of their own, "Thông tin chung".

The step helpers are plain functions over the compiled form; only :class:`DraftStorage`
touches Django.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

from django import forms
from formtools.wizard.storage.base import BaseStorage

from formbuilder.engine import CompiledForm, FieldError, LayoutNode
from formbuilder.renderer import form_class_for

from .sections import SectionScope, scope_for, title_of

REVIEW_STEP = "kiem-tra"
GENERAL_STEP = "thong-tin-chung"  # step names with a hyphen never clash with a key (^[a-z][a-z0-9_]*$)
GENERAL_TITLE = "Thông tin chung"


@dataclass(frozen=True)
class Step:
    """One step of the wizard: its URL name, heading, the top-level data keys it covers, and ``scope``,
    the data it owns — all of them, or, in a part shared with other units, only this unit's sub-sections."""

    name: str
    title: str
    keys: tuple[str, ...]
    section_key: str | None = None
    scope: SectionScope | None = None

    @property
    def is_general(self) -> bool:
        return self.section_key is None

    @property
    def data_scope(self) -> SectionScope:
        return self.scope or SectionScope(tuple((k,) for k in self.keys))

    @property
    def is_partial(self) -> bool:
        """Return True when the step shows only some sub-sections of its part."""
        return self.data_scope != SectionScope(tuple((k,) for k in self.keys))


def steps_for(compiled: CompiledForm, scope=()) -> list[Step]:
    """Return the form steps of ``compiled`` for a unit drafting ``scope`` (a SectionScope, or section keys).

    One step per top-level section holding something of the unit's: the whole section, or only its
    sub-sections when the rest of the part is another unit's. Top-level fields make one "Thông tin
    chung" step where the first of them stands; a unit given only some sections never gets it (its
    data holds only its sections).
    """
    if not isinstance(scope, SectionScope):
        scope = scope_for(compiled, list(scope or ()))
    steps: list[Step] = []
    general: list[str] = []
    general_at = None
    for node in compiled.layout:
        if node.kind == "section":
            if scope.touches((node.key,)):
                title = f"{node.number} {node.title}" if node.number else node.title
                steps.append(Step(node.key, title, (node.key,), node.key, scope.within((node.key,))))
        elif scope.covers((node.key,)):
            general.append(node.key)
            if general_at is None:
                general_at = len(steps)
    if general:
        title = GENERAL_TITLE if steps else compiled.title
        steps.insert(general_at, Step(GENERAL_STEP, title, tuple(general)))
    return steps


def error_path(compiled: CompiledForm, error: FieldError) -> tuple:
    """Return the data path an engine error concerns (() for the form as a whole)."""
    if error.path:
        return tuple(error.path)
    info = compiled.fields.get(error.key) or compiled.sections.get(error.key)
    return tuple(info.path) if info is not None else ()


def top_key_of(compiled: CompiledForm, error: FieldError) -> str | None:
    """Return the top-level data key an engine error concerns (None: the form as a whole)."""
    path = error_path(compiled, error)
    return path[0] if path else None


def step_of(compiled: CompiledForm, steps: list[Step], error: FieldError) -> Step | None:
    """Return the step whose data holds what ``error`` concerns, or None."""
    path = error_path(compiled, error)
    return next((step for step in steps if path and step.data_scope.covers(path)), None)


def errors_by_step(compiled: CompiledForm, steps: list[Step], errors) -> "OrderedDict[str, list[FieldError]]":
    """Return the engine errors of each step, in step order; errors of no step go under REVIEW_STEP."""
    grouped: OrderedDict[str, list[FieldError]] = OrderedDict((step.name, []) for step in steps)
    grouped[REVIEW_STEP] = []
    for error in errors:
        step = step_of(compiled, steps, error)
        grouped[step.name if step else REVIEW_STEP].append(error)
    return grouped


def first_incomplete_step(grouped: "OrderedDict[str, list[FieldError]]") -> str:
    """Return the first step that still has errors, or the check step when every step is complete."""
    return next((name for name, errors in grouped.items() if errors and name != REVIEW_STEP), REVIEW_STEP)


def with_step_values(data: dict, step: Step, own: dict) -> dict:
    """Return ``data`` with the values of ``step`` replaced by those in ``own`` (a form's ``to_data()``)."""
    return step.data_scope.merge(data, own)


def step_values(data: dict, step: Step) -> dict:
    """Return the part of ``data`` that belongs to ``step``."""
    return step.data_scope.extract(data)


def step_comments(compiled: CompiledForm, step: Step, comments: dict) -> list[str]:
    """Return the reviewer's comments on the sections inside ``step`` (a comment per assigned section),
    outermost first: "III.4. Công tác kiểm tra…: …" for a sub-section, the bare text for the whole part."""
    found = []
    for key, text in (comments or {}).items():
        info = compiled.sections.get(key) or compiled.fields.get(key)
        if not text or info is None or not step.data_scope.touches(info.path) or info.path[0] not in step.keys:
            continue
        found.append((len(info.path), info.order,
                      text if len(info.path) == 1 else f"{title_of(compiled, key)}: {text}"))
    return [text for _, _, text in sorted(found)]


def _pruned(node: LayoutNode, scope: SectionScope, path: tuple) -> LayoutNode | None:
    """Return ``node`` (at data ``path``) with only what ``scope`` touches, or None when nothing is left."""
    if node.kind == "field":
        return node if scope.covers(path) else None
    if not scope.touches(path):
        return None
    children = tuple(c for c in (_pruned(child, scope, path + (child.key,)) for child in node.children) if c)
    return replace(node, children=children) if children else None


def form_class_for_step(compiled: CompiledForm, step: Step) -> type[forms.Form]:
    """Return the generated form of one step.

    A section step is the renderer's ``form_class_for(section_key=…)``, narrowed to this unit's
    sub-sections when the part is shared; the general step is the whole form narrowed to its
    top-level fields (the renderer only cuts forms by top-level section).
    """
    if step.section_key is not None:
        whole = form_class_for(compiled, section_key=step.section_key)
        if not step.is_partial:
            return whole
        layout = tuple(n for n in (_pruned(node, step.data_scope, (node.key,)) for node in whole.layout) if n)
        suffix = "__phan"
    else:
        whole = form_class_for(compiled)
        layout = tuple(node for node in compiled.layout if node.kind == "field")
        suffix = "__chung"
    keep = {key for key, info in whole.infos.items() if step.data_scope.covers(info.path)}
    attrs = {key: None for key in whole.base_fields if key not in keep}  # None removes a declared field
    attrs.update(layout=layout, infos={key: info for key, info in whole.infos.items() if key in keep},
                 __module__=whole.__module__)
    return type(f"{whole.__name__}{suffix}", (whole,), attrs)


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
