"""A word-level redline of two rendered statements, section by section (diff-match-patch)."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import lxml.etree  # type: ignore[import-untyped]
from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

Op = Literal["equal", "insert", "delete"]
_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}
_BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "dt", "dd", "div", "address", "caption", "br", "td", "th", "ul", "ol", "table", "section"}
_TOKEN = re.compile(r"\s+|[^\s]+")
# A word within a token, kept whole with what joins its parts (a date 01/03/2025, an address
# privacy@example.nl, e-mail, Sisow's), or any other mark on its own: "betaaldienst)" replaced by
# "betaaldienst, Nederland)" is the word kept and ", Nederland" added.
_PART = re.compile(r"\s+|\w+(?:[-./@:'’]\w+)*|[^\w\s]")
_UTF8 = lxml.etree.HTMLParser(encoding="utf-8")  # pages are UTF-8, whatever a theme's <meta> says


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


@lru_cache(maxsize=8)  # a version between two others is the new side of one diff and the old of the next
def sections_of(page: bytes) -> tuple[SectionText, ...]:
    """The text and links of each top-level section (or nav) with an id inside <main>, of a page in UTF-8."""
    document = lxml.etree.HTML(page, _UTF8)  # plain elements: lxml.html's element classes cost more here
    lxml.etree.strip_elements(document, "script", "style", with_tail=False)
    # A line break around every block element, so that the text keeps lines apart.
    for block in document.iter(*_BLOCKS):
        block.text = "\n" + (block.text or "")
        block.tail = "\n" + (block.tail or "")
    sections = []
    for element in document.xpath("//main/*[self::section or self::nav][@id]"):
        heading = element.find(".//h2")
        text = _plain_lines(lxml.etree.tostring(element, method="text", encoding=str, with_tail=False))
        links = tuple(a.get("href") for a in element.iter("a") if a.get("href"))
        title = " ".join("".join(heading.itertext()).split()) if heading is not None else element.get("id")
        sections.append(SectionText(element.get("id"), title, text, links))
    return tuple(sections)


def _plain_lines(text: str) -> str:
    """Each run of white space within a line as one space, lines trimmed, empty lines left out."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def redline(old_page: bytes, new_page: bytes) -> list[SectionRedline]:
    """Compare two rendered pages section by section, word by word."""
    old = {s.anchor: s for s in sections_of(old_page)}
    new_sections = sections_of(new_page)
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
    if old == new:  # most sections of a new version are unchanged; diff_main would say the same
        return (("equal", old),) if old else ()
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # deterministic: never cut a diff short on a slow machine
    tokens: dict[str, str] = {}
    words: list[str] = []

    def new_token(token: str) -> str:
        char = tokens[token] = _private_char(len(words))
        words.append(token)
        return char

    def encode(text: str) -> str:
        return "".join([tokens.get(token) or new_token(token) for token in _TOKEN.findall(text)])

    diffs = engine.diff_main(encode(old), encode(new), False)
    engine.diff_cleanupSemantic(diffs)
    decoded = {char: word for word, char in tokens.items()}
    words_diff = _trim_replacements([(op, "".join(decoded[c] for c in chunk)) for op, chunk in diffs])
    # An insertion or deletion can often slide (a new list item "Right to ...", before one that
    # starts with "Right" too): on the words, move it to the best boundary (a line, then a
    # sentence, then a space), so that it is the new item, not half of two. The encoded words
    # show the engine no boundaries.
    engine.diff_cleanupSemanticLossless(words_diff)
    return tuple((_OPS[op], text) for op, text in words_diff)


def _trim_replacements(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A text deleted and another inserted in its place, with the parts (words, marks) they begin
    or end with in common moved out to the text kept around them. Diffing by parts throughout
    would do the same, at a third more time on a long statement; only replacements need it."""
    result: list[tuple[int, str]] = []

    def keep(op: int, text: str) -> None:
        if not text:
            return
        if result and result[-1][0] == op == 0:
            result[-1] = (0, result[-1][1] + text)
        else:
            result.append((op, text))

    i = 0
    while i < len(diffs):
        if i + 1 < len(diffs) and {diffs[i][0], diffs[i + 1][0]} == {-1, 1}:
            (op_a, a), (op_b, b) = diffs[i], diffs[i + 1]
            parts_a, parts_b = _PART.findall(a), _PART.findall(b)
            head = len(os.path.commonprefix([parts_a, parts_b]))  # of any sequences, not only paths
            tail = len(os.path.commonprefix([parts_a[head:][::-1], parts_b[head:][::-1]]))
            keep(0, "".join(parts_a[:head]))
            keep(op_a, "".join(parts_a[head:len(parts_a) - tail]))
            keep(op_b, "".join(parts_b[head:len(parts_b) - tail]))
            keep(0, "".join(parts_a[len(parts_a) - tail:]))
            i += 2
        else:
            keep(*diffs[i])
            i += 1
    return result


def _private_char(index: int) -> str:
    """One code point per distinct word, from Unicode's private-use planes, never in real text."""
    return chr(0xF0000 + index) if index < 0xFFFE else chr(0x100000 + index - 0xFFFE)


# --- the redline with the statement's structure: headings, paragraphs, list items, table rows ---

BlockKind = Literal["h2", "h3", "p", "li", "row"]
_STRUCTURE = {"h2": "h2", "h3": "h3", "h4": "h3", "p": "p", "li": "li", "tr": "row", "dt": "p", "dd": "p",
              "caption": "p", "address": "p", "summary": "p"}


@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table row of a statement, as it changed: each cell (one
    but for a row) as pieces of equal, inserted and deleted text; status says if the whole block
    is new or gone."""

    kind: BlockKind
    cells: tuple[tuple[tuple[Op, str], ...], ...]
    status: Literal["equal", "changed", "insert", "delete"]


@dataclass(frozen=True)
class SectionBlocks:
    anchor: str
    title: str
    blocks: tuple[Block, ...]

    @property
    def changed(self) -> bool:
        return any(block.status != "equal" for block in self.blocks)


def _blocks_of(page: bytes) -> dict[str, tuple[str, list[tuple[BlockKind, tuple[str, ...]]]]]:
    """Each section's title and outermost blocks (kind, the text of each cell), in page order."""
    document = lxml.etree.HTML(page, _UTF8)
    lxml.etree.strip_elements(document, "script", "style", with_tail=False)
    for block in document.iter(*_BLOCKS):  # words of a block and the next stay apart
        block.text = " " + (block.text or "")
        block.tail = " " + (block.tail or "")
    sections = {}
    # the statement's sections, less the page's own navigation (contents, "back to the contents")
    lxml.etree.strip_elements(document, "nav", with_tail=False)
    for link_back in document.xpath("//*[contains(concat(' ', @class, ' '), ' to-contents ')]"):
        link_back.getparent().remove(link_back)
    for section in document.xpath("//main/section[@id]"):
        heading = section.find(".//h2")
        title = " ".join("".join(heading.itertext()).split()) if heading is not None else section.get("id")
        blocks: list[tuple[BlockKind, tuple[str, ...]]] = []
        for element in section.iter(*_STRUCTURE):
            if any(parent.tag in _STRUCTURE for parent in element.iterancestors() if parent is not section):
                continue  # inside a block already listed
            cells = element.xpath("./th|./td") if element.tag == "tr" else [element]
            texts = tuple(" ".join("".join(cell.itertext()).split()) for cell in cells)
            if any(texts):
                blocks.append((_STRUCTURE[element.tag], texts))  # type: ignore[arg-type]
        sections[section.get("id")] = (title, blocks)
    return sections


def structured_redline(old_page: bytes, new_page: bytes) -> list[SectionBlocks]:
    """Compare two rendered pages section by section and block by block: a block kept, changed
    (its words marked), added or removed; the new page's order, removed sections at the end."""
    old, new = _blocks_of(old_page), _blocks_of(new_page)
    result = []
    for anchor in [*new, *(a for a in old if a not in new)]:
        title = (new.get(anchor) or old[anchor])[0]
        before = old.get(anchor, ("", []))[1]
        after = new.get(anchor, ("", []))[1]
        result.append(SectionBlocks(anchor, title, tuple(_align(before, after))))
    return result


def _align(before: list[tuple[BlockKind, tuple[str, ...]]],
           after: list[tuple[BlockKind, tuple[str, ...]]]) -> list[Block]:
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    blocks: list[Block] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [Block(kind, tuple((("equal", t),) for t in texts), "equal") for kind, texts in after[j1:j2]]
            continue
        old_run, new_run = before[i1:i2], after[j1:j2]
        while old_run and new_run and old_run[0][0] == new_run[0][0] and len(old_run[0][1]) == len(new_run[0][1]):
            (kind, old_texts), (_, new_texts) = old_run.pop(0), new_run.pop(0)
            blocks.append(Block(kind, tuple(word_diff(o, n) for o, n in zip(old_texts, new_texts)), "changed"))
        blocks += [Block(kind, tuple((("delete", t),) for t in texts), "delete") for kind, texts in old_run]
        blocks += [Block(kind, tuple((("insert", t),) for t in texts), "insert") for kind, texts in new_run]
    return blocks
