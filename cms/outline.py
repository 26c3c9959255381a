"""Split the plain text of a Vietnamese administrative document into numbered parts and sections.

Pure Python, no Django. Headings follow the usual layout of Party and state documents:
"Phần thứ nhất" (its title on the next line), "A-", "I-" or "I.", then "1.". The two highest
levels present become parts and sections; lower numbered lines stay paragraphs (shown bold
when short, like "2.1. Về đường truyền"). Footnotes (lines starting "¹", "²" …) are collected
apart. Emphasis written ``**bold**`` / ``*italic*`` becomes <b>/<i>.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

LEVELS = ("chapter", "letter", "roman", "arabic")
MAX_HEADING_LENGTH = 160
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_CHAPTER = re.compile(r"^Phần thứ (nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)$", re.IGNORECASE)
_LETTER = re.compile(r"^([A-H][-.])\s+(.+)$")
_ROMAN = re.compile(r"^([IVX]+[-.])\s+(.+)$")
_ARABIC = re.compile(r"^(\d+)\.\s+(.+)$")
_SUBHEADING = re.compile(r"^(\d+\.)+(\d+\.?)?\s+\S|^[a-zđ]\)\s+\S")


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Part(Section):
    sections: list[Section] = field(default_factory=list)


@dataclass
class Outline:
    preamble: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_short_title(text: str) -> bool:
    return len(text) <= MAX_HEADING_LENGTH and not text.rstrip("*").endswith((".", ";", ":", ","))


def classify_heading(line: str) -> tuple[str, str, str] | None:
    """Return (level, number, heading) when ``line`` is a heading; the chapter's heading is ''."""
    if _CHAPTER.match(line):
        return "chapter", line, ""
    for level, pattern in (("letter", _LETTER), ("roman", _ROMAN)):
        match = pattern.match(line)
        if match and _is_upper(match.group(2)):
            return level, match.group(1), match.group(2).strip()
    match = _ARABIC.match(line)
    if match and _is_short_title(match.group(2)):
        return "arabic", f"{match.group(1)}.", match.group(2).strip().strip("*").strip()
    return None


def parse_outline(text: str) -> Outline:
    """Return the preamble, parts (with their sections) and footnotes of ``text``."""
    lines = [line.strip() for line in text.splitlines()]
    present = {c[0] for c in map(classify_heading, lines) if c}
    levels = [level for level in LEVELS if level in present]
    part_level = levels[0] if levels else None
    section_level = levels[1] if len(levels) > 1 else None

    outline = Outline()
    part: Part | None = None
    section: Section | None = None
    target = outline.preamble
    awaiting_chapter_title = False
    for line in lines:
        if not line:
            continue
        if awaiting_chapter_title:
            part.heading = line
            awaiting_chapter_title = False
            continue
        heading = classify_heading(line)
        if heading and heading[0] == part_level:
            part = Part(number=heading[1], heading=heading[2])
            outline.parts.append(part)
            section = None
            target = part.paragraphs
            awaiting_chapter_title = heading[0] == "chapter"
            continue
        if heading and heading[0] == section_level and part is not None:
            section = Section(number=heading[1], heading=heading[2])
            part.sections.append(section)
            target = section.paragraphs
            continue
        if line[0] in SUPERSCRIPT_DIGITS:
            outline.notes.append(line)
            continue
        if line[0].islower() and target:
            # A sentence cut by a page break in the source continues the previous paragraph.
            target[-1] = f"{target[-1]} {line}"
            continue
        target.append(line)
    return outline


def _emphasis(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*\*(.+?)\*\*\*", r"<b><i>\1</i></b>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)
    return text.replace("*", "")


def paragraphs_html(paragraphs: list[str]) -> str:
    """Return rich-text HTML for ``paragraphs``: bullets ("- ", "+ ") as lists, short numbered lines bold."""
    out: list[str] = []
    items: list[str] = []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for paragraph in paragraphs:
        if paragraph[:2] in ("- ", "+ "):
            items.append(_emphasis(paragraph[2:].strip()))
            continue
        flush()
        if _SUBHEADING.match(paragraph) and _is_short_title(paragraph):
            out.append(f"<p><b>{_emphasis(paragraph).replace('<b>', '').replace('</b>', '')}</b></p>")
        else:
            out.append(f"<p>{_emphasis(paragraph)}</p>")
    flush()
    return "".join(out)
