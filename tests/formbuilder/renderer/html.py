"""A small HTML reader for the renderer tests (stdlib only)."""
from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Collects the elements of a fragment: tag, attributes and the text inside each element."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find_all(self, tag: str, **attrs) -> list[dict]:
        return [e for e in self.elements if e["tag"] == tag
                and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def by_id(self, html_id: str) -> dict:
        return next(e for e in self.elements if e["attrs"].get("id") == html_id)

    def text_of(self, tag: str) -> list[str]:
        return [" ".join(e["text"].split()) for e in self.find_all(tag)]

    def unlabelled_controls(self) -> list[str]:
        """Return the ids (or names) of inputs a screen reader could not name."""
        labelled = {e["attrs"].get("for") for e in self.find_all("label")}
        missing = []
        for element in self.elements:
            attrs = element["attrs"]
            if element["tag"] not in ("input", "select", "textarea"):
                continue
            if attrs.get("type") in ("hidden", "submit", "button"):
                continue
            if attrs.get("id") not in labelled and not attrs.get("aria-labelledby") and not attrs.get("aria-label"):
                missing.append(attrs.get("id") or attrs.get("name"))
        return missing
