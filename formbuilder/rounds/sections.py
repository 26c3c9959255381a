"""What part of an outline a contributing unit drafts: its assigned sections at any depth, minus the
sub-sections carved out for other units (seed 002, part B.I: the People's Committee party board
drafts Phần III and IV, the Inspection committee mục III.4 and IV.10 inside them).

Pure: a compiled form and section keys in, data paths out. A section is named by its key — keys are
unique across a definition, at every depth — and its place in submission data is its path in the
compiled form (``("p3_tang_truong_gdp", "p3_4_kiem_tra_giam_sat")``).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from formbuilder.engine import CompiledForm

Path = tuple[str, ...]


def _within(path: Path, prefix: Path) -> bool:
    return path[:len(prefix)] == prefix


@dataclass(frozen=True)
class SectionScope:
    """The data a unit drafts: everything under ``include`` but nothing under ``exclude``.

    An empty ``include`` means the whole form (a unit that was not given sections).
    """

    include: tuple[Path, ...] = ()
    exclude: tuple[Path, ...] = ()

    @property
    def whole(self) -> bool:
        return not self.include

    def covers(self, path) -> bool:
        """Return True when the value at ``path`` (a field, a cell, a section) is this unit's to draft."""
        path = tuple(path or ())
        if self.whole:
            return True
        if not path:
            return False
        return (any(_within(path, p) for p in self.include)
                and not any(_within(path, p) for p in self.exclude))

    def touches(self, path) -> bool:
        """Return True when the section at ``path`` holds something of this unit's, or is in its scope.

        A top-level part given to another unit but holding a sub-section of this one is touched: the
        unit's wizard shows that part with only its sub-section.
        """
        path = tuple(path)
        if self.whole or self.covers(path):
            return True
        return any(_within(p, path) for p in self.include)

    def within(self, top: Path) -> "SectionScope":
        """Return this scope cut down to what lies under ``top`` (one wizard step)."""
        top = tuple(top)
        if self.whole or self.covers(top):
            exclude = tuple(p for p in self.exclude if _within(p, top))
            return SectionScope((top,), exclude)
        return SectionScope(tuple(p for p in self.include if _within(p, top)),
                            tuple(p for p in self.exclude if _within(p, top)))

    def extract(self, data: dict | None) -> dict:
        """Return the part of ``data`` in this scope, nested as in ``data``."""
        data = data or {}
        if self.whole:
            return copy.deepcopy(dict(data))
        out: dict = {}
        for path in self.include:
            found, value = _read(data, path)
            if found:
                _write(out, path, copy.deepcopy(value))
        for path in self.exclude:
            _delete(out, path)
        return out

    def merge(self, base: dict | None, part: dict | None) -> dict:
        """Return ``base`` with the values in this scope replaced by those of ``part``.

        What lies outside the scope — another unit's sections, even inside the same part — is kept
        from ``base`` whatever ``part`` holds there.
        """
        base, part = base or {}, part or {}
        if self.whole:
            return copy.deepcopy(dict(part))
        merged = copy.deepcopy(dict(base))
        for path in self.include:
            _delete(merged, path)
            found, value = _read(part, path)
            if found:
                _write(merged, path, copy.deepcopy(value))
        for path in self.exclude:
            _delete(merged, path)
            found, value = _read(base, path)
            if found:
                _write(merged, path, copy.deepcopy(value))
        return merged

    def has_own_content(self, compiled: CompiledForm) -> bool:
        """Return True when some field of ``compiled`` is in this scope."""
        return any(self.covers(info.path) for info in compiled.fields.values())


def _read(data, path: Path):
    node = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return False, None
        node = node[key]
    return True, node


def _write(data: dict, path: Path, value) -> None:
    node = data
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def _delete(data: dict, path: Path) -> None:
    if not path:
        data.clear()
        return
    parents = [data]
    for key in path[:-1]:
        node = parents[-1].get(key) if isinstance(parents[-1], dict) else None
        if not isinstance(node, dict):
            return
        parents.append(node)
    parents[-1].pop(path[-1], None)


# --- section keys -> scopes -----------------------------------------------------------------------

def node_path(compiled: CompiledForm, key: str) -> Path | None:
    """Return where the section (or field) ``key`` lives in submission data, or None if unknown."""
    info = compiled.sections.get(key) or compiled.fields.get(key)
    return tuple(info.path) if info is not None else None


def assignable_keys(compiled: CompiledForm) -> list[str]:
    """Return the keys one may assign: every section at every depth and the top-level fields, in order."""
    top_fields = [n.key for n in compiled.layout if n.kind == "field"]
    sections = [s.key for s in sorted(compiled.sections.values(), key=lambda s: s.order)]
    return top_fields + sections if top_fields else sections


def scope_for(compiled: CompiledForm, section_keys, excluded_keys=()) -> SectionScope:
    """Return the scope of a unit given ``section_keys`` minus the sub-sections ``excluded_keys``.

    Keys the form no longer has (a later version) are ignored; no keys at all is the whole form.
    """
    include = tuple(p for p in (node_path(compiled, k) for k in section_keys or ()) if p)
    exclude = tuple(p for p in (node_path(compiled, k) for k in excluded_keys or ())
                    if p and any(_within(p, i) and p != i for i in include))
    if section_keys and not include:  # none the form still has: a scope that covers nothing
        include = tuple((str(k),) for k in section_keys)
    return SectionScope(include, exclude)


def carve_outs(compiled: CompiledForm, split: dict) -> dict:
    """Return {unit: [keys of other units' sections inside its own], in outline order} for a split {unit: keys}.

    The more specific assignment wins: a part given to A with a sub-section given to B means A
    drafts the part without B's sub-section.
    """
    paths = {unit: [(k, node_path(compiled, k)) for k in keys] for unit, keys in split.items()}
    out = {}
    for unit, own in paths.items():
        carved = []
        for other, theirs in paths.items():
            if other == unit:
                continue
            for key, path in theirs:
                if path and any(p and _within(path, p) and path != p for _, p in own) and key not in carved:
                    carved.append(key)
        out[unit] = sorted(carved, key=lambda k: _order(compiled, k))
    return out


def _order(compiled: CompiledForm, key: str) -> int:
    info = compiled.sections.get(key) or compiled.fields.get(key)
    return info.order if info is not None else 0


def split_problems(compiled: CompiledForm, *, keys: list[str], taken: dict[str, str]) -> list[str]:
    """Return what is wrong with giving ``keys`` to a unit when ``taken`` maps other units' keys to their names.

    Refused: an unknown key, a key given twice, a key inside another chosen key of the same unit, a
    section already given to another unit, or a choice that leaves a unit nothing to draft (every
    part of a section given to others).
    """
    problems = []
    known = set(assignable_keys(compiled))
    unknown = [k for k in keys if k not in known]
    if unknown:
        problems.append(f"Biểu mẫu “{compiled.code}” không có phần: " + ", ".join(unknown))
    if not keys:
        problems.append("Cần chọn ít nhất một phần của đề cương.")
    chosen = [(k, node_path(compiled, k)) for k in dict.fromkeys(keys) if k in known]
    if len(set(keys)) != len(keys):
        problems.append("Mỗi phần chỉ được chọn một lần: " + ", ".join(sorted({k for k in keys if keys.count(k) > 1})))
    for key, path in chosen:
        outer = next((k for k, p in chosen if p != path and _within(path, p)), None)
        if outer:
            problems.append(f"Phần “{title_of(compiled, key)}” đã nằm trong phần “{title_of(compiled, outer)}” "
                            "cũng được chọn; chỉ chọn một trong hai.")
    clash = [f"“{title_of(compiled, k)}” (đã giao cho {taken[k]})" for k, _ in chosen if k in taken]
    if clash:
        problems.append("Phần đã được giao cho đơn vị khác: " + ", ".join(clash))
    others = [(k, node_path(compiled, k)) for k in taken if node_path(compiled, k)]
    for key, path in chosen:
        if key in taken or not path:
            continue
        inside = [p for _, p in others if _within(p, path) and p != path]
        if inside and not SectionScope((path,), tuple(inside)).has_own_content(compiled):
            problems.append(f"Mọi mục của phần “{title_of(compiled, key)}” đã giao cho đơn vị khác; "
                            "không còn gì để đơn vị này soạn.")
    return problems


def review_parts(compiled: CompiledForm, scope: SectionScope) -> list[tuple[str, SectionScope]]:
    """Return (section key, scope) for each part a reviewer comments on, in outline order.

    The whole form: each top-level section. A split: each section the unit was given (at any depth),
    less the sub-sections carved out for others.
    """
    tops = [n.key for n in compiled.layout if n.kind == "section"]
    if scope.whole:
        return [(key, SectionScope(((key,),))) for key in tops]
    found = []
    for info in sorted(compiled.sections.values(), key=lambda i: i.order):
        path = tuple(info.path)
        if path in scope.include:
            found.append((info.key, SectionScope((path,), tuple(p for p in scope.exclude if _within(p, path)))))
    return found


def title_of(compiled: CompiledForm, key: str) -> str:
    """Return how a person names a section: its numbers from the outside in and its title."""
    info = compiled.sections.get(key)
    if info is None:
        field = compiled.fields.get(key)
        return field.label if field is not None else key
    numbers = [n.rstrip(".") for n in (*info.numbering, info.number or "") if n]
    return f"{'.'.join(numbers)}. {info.title}" if numbers else info.title
