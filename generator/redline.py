"""A word-level redline of two rendered statements, section by section (diff-match-patch)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}
_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "dt", "dd", "div", "address", "caption", "br", "td", "th"}
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class SectionText:
    """The readable text and link targets of one section of a rendered statement."""

    anchor: str
    title: str
    text: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class SectionRedline:
    """How one section changed: its pieces of text, each equal, inserted or deleted."""

    anchor: str
    title: str
    pieces: tuple[tuple[Op, str], ...]
    links_removed: tuple[str, ...]
    links_added: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return any(op != "equal" for op, _ in self.pieces) or bool(self.links_removed or self.links_added)

    def as_json(self) -> dict[str, object]:
        return {"section": self.anchor, "title": self.title, "changed": self.changed,
                "diff": [[op, text] for op, text in self.pieces],
                "links_removed": list(self.links_removed), "links_added": list(self.links_added)}


class _Sections(HTMLParser):
    """Collect the text of every <section id> directly in <main>, with its h2 and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[SectionText] = []
        self._depth = 0  # nesting inside the current top-level section
        self._anchor = ""
        self._text: list[str] = []
        self._title: list[str] = []
        self._in_title = False
        self._links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._depth == 0 and tag in ("section", "nav") and attributes.get("id"):
            self._depth, self._anchor = 1, attributes["id"] or ""
            self._text, self._title, self._links = [], [], []
            return
        if self._depth == 0:
            return
        if tag in ("section", "nav", "div", "ul", "ol", "table", "dl"):
            self._depth += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "h2" and not self._title:
            self._in_title = True
        if tag == "a" and attributes.get("href"):
            self._links.append(attributes["href"] or "")
        if tag in _BLOCKS:
            self._text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._depth == 0:
            return
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "h2":
            self._in_title = False
        if tag in ("section", "nav", "div", "ul", "ol", "table", "dl"):
            self._depth -= 1
            if self._depth == 0:
                text = re.sub(r"[ \t]*\n[\s]*", "\n", re.sub(r"[ \t]+", " ", "".join(self._text))).strip()
                self.sections.append(SectionText(self._anchor, " ".join("".join(self._title).split()),
                                                 text, tuple(self._links)))

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self._text.append(data)
            if self._in_title:
                self._title.append(data)


def sections_of(page_html: str) -> list[SectionText]:
    parser = _Sections()
    parser.feed(page_html)
    return parser.sections


def redline(old_html: str, new_html: str) -> list[SectionRedline]:
    """Compare two rendered pages section by section, word by word."""
    old = {s.anchor: s for s in sections_of(old_html)}
    new_sections = sections_of(new_html)
    anchors = [s.anchor for s in new_sections] + [a for a in old if a not in {s.anchor for s in new_sections}]
    new = {s.anchor: s for s in new_sections}
    result = []
    for anchor in anchors:
        before, after = old.get(anchor), new.get(anchor)
        title = (after or before).title  # type: ignore[union-attr]
        result.append(SectionRedline(
            anchor, title, word_diff(before.text if before else "", after.text if after else ""),
            tuple(sorted(set(before.links if before else ()) - set(after.links if after else ()))),
            tuple(sorted(set(after.links if after else ()) - set(before.links if before else ())))))
    return result


def word_diff(old: str, new: str) -> tuple[tuple[Op, str], ...]:
    """Diff two texts word by word, cleaned up so changes read as whole phrases."""
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # deterministic: never cut a diff short on a slow machine
    tokens: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            if token not in tokens:
                tokens[token] = _private_char(len(words))
                words.append(token)
            out.append(tokens[token])
        return "".join(out)

    diffs = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    decoded = {char: word for word, char in tokens.items()}
    return tuple((_OPS[op], "".join(decoded[c] for c in chunk)) for op, chunk in diffs)


def _private_char(index: int) -> str:
    """One code point per distinct word, from Unicode's private-use planes, never in real text."""
    return chr(0xF0000 + index) if index < 0xFFFE else chr(0x100000 + index - 0xFFFE)
