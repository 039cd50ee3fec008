"""A diff report in its reader's words: each change named by the item's own title, its values as
the statement words them (labels, periods, dates, countries), never a field path, id or ISO code.

The report's JSON keeps the paths and raw values for tools; this is what people read, on the
changes page, in Markdown, PDF and Word.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from babel import Locale
from pydantic import BaseModel

from generator.compare.diff import MATERIAL, Change
from generator.compare.redline import Op, word_diff
from generator.compare.report import DiffReport
from generator.profile import vocabulary as vocab
from generator.profile.duration import DURATION
from generator.profile.model import Item, Profile, Retention
from generator.profile.text import Text, Words
from generator.render.fieldnames import FIELDS, REFERENCES, TITLES, VALUES
from generator.render.filters import duration_in_words, long_date, citation

Pieces = tuple[tuple[Op, str], ...]
_KINDS = {"added": Words("Nieuw", "Added"), "removed": Words("Vervallen", "Removed"),
          "changed": Words("Gewijzigd", "Changed"), "moved": Words("Andere plaats", "Moved")}
_TITLE_LENGTH = 90
_MARK_FROM = 40  # shorter values are read at a glance; longer ones get their changed words marked


@dataclass(frozen=True)
class ChangeRow:
    """One change as a reader sees it: about what, what happened, the value before and after
    (as pieces, changed words marked in long texts), and why it matters if it does."""

    subject: str
    change: str
    before: Pieces
    after: Pieces
    material: bool
    reason: str
    whole_item: str = ""  # "added" or "removed" when the change is a whole item: one side says all

    @property
    def brief(self) -> str:
        """The change in one line: 'Bewaartermijnen: Camerabeelden: 4 maanden → 6 maanden', or
        with what happened where a value is long or absent."""
        before, after = ("".join(text for _, text in side) for side in (self.before, self.after))
        if "—" not in (before, after) and max(len(before), len(after)) < _MARK_FROM:
            return f"{self.subject}: {before} → {after}"
        return f"{self.subject} ({self.change[:1].lower()}{self.change[1:]})"


@dataclass(frozen=True)
class ConcernGroup:
    """The material changes that widen one thing, with what the organisation must do."""

    heading: str
    action: str
    rows: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class Reading:
    """A report in one language: material changes grouped by concern, then every change."""

    concerns: tuple[ConcernGroup, ...]
    rows: tuple[ChangeRow, ...]


def reading(report: DiffReport, lang: str, form: str = "u",
            retention: Callable[[Retention], str] | None = None) -> Reading:
    """The report in lang; retention words a retention rule's period as the statement does (the
    theme's 'retention' filter), else its fields are listed one by one."""
    words = _Wording(report.old.profile, report.new.profile, lang, form, retention)
    rows = tuple(words.row(change) for change in report.changes)
    groups: dict[str, tuple[list[str], list[ChangeRow]]] = {}
    for key, concern in MATERIAL.items():  # in the order of MATERIAL, a group per heading
        for change, row in zip(report.changes, rows):
            if change.concern == key:
                actions, members = groups.setdefault(concern.heading(lang), ([], []))
                members.append(row)
                if concern.action(lang) not in actions:
                    actions.append(concern.action(lang))
    return Reading(tuple(ConcernGroup(heading, " ".join(actions), tuple(members))
                         for heading, (actions, members) in groups.items()), rows)


class _Wording:
    def __init__(self, old: Profile, new: Profile, lang: str, form: str,
                 retention: Callable[[Retention], str] | None) -> None:
        self.old, self.new, self.lang, self.form = old, new, lang, form
        self.retention = retention
        self.countries = Locale.parse(lang).territories  # as the "country" filter names them

    def row(self, change: Change) -> ChangeRow:
        keys = change.keys
        side = self.old if change.kind == "removed" else self.new
        field = None if keys[-1].startswith("[") or len(keys) == 1 else keys[-1]
        subject = self._subject(side, keys)
        kind = _KINDS[change.kind](self.lang)
        if field is not None and change.kind != "moved":
            kind = f"{kind}: {FIELDS[field](self.lang)}"
        if change.kind == "moved":
            before = f"{self._say('plaats', 'position')} {change.before}"
            after = f"{self._say('plaats', 'position')} {change.after}"
        else:
            before = self.value(self.old, keys, field)
            after = self.value(self.new, keys, field)
        whole = change.kind if change.kind in ("added", "removed") and keys[-1].startswith("[") else ""
        return ChangeRow(subject, kind, *self._marked(before, after), change.material,
                         change.reason(self.lang) if change.reason else "", whole)

    def _say(self, nl: str, en: str) -> str:
        return Words(nl, en)(self.lang)

    # --- where: the item's title, or the part of the statement --------------------------------
    def _subject(self, profile: Profile, keys: tuple[str, ...]) -> str:
        """'Bewaartermijnen: Camerabeelden', 'Verwerkingsverantwoordelijke: contactpersoon voor
        privacy': the part of the statement, then each item or part on the way to what changed."""
        names, node = [FIELDS[keys[0]](self.lang)], getattr(profile, keys[0])
        for at, key in enumerate(keys[1:], 1):
            last = at == len(keys) - 1
            if key.startswith("["):
                node = _find(node, key[1:-1])
                if node is not None:
                    names.append(self.title(profile, node))
            elif not last:
                node = getattr(node, key, None)
                if key != "items":
                    names.append(FIELDS[key](self.lang))
        return _first_upper(": ".join(name for name in names if name))

    def title(self, profile: Profile, item: Item, short: bool = True) -> str:
        for field in TITLES.get(type(item), ()):
            value = getattr(item, field, None)
            if value is not None:
                words = self.word(profile, type(item), field, value, cite=False)
                return _short(words) if short else words
        return ""

    # --- what: a value as the statement words it ----------------------------------------------
    def value(self, profile: Profile, keys: tuple[str, ...], field: str | None) -> str:
        value = _get(profile, keys)
        if value is None or value == ():
            return "—"
        owner = _get(profile, keys[:-1]) if field else None
        return self.word(profile, type(owner) if owner is not None else None, keys[-1], value)

    def word(self, profile: Profile, owner: type | None, field: str, value: Any, cite: bool = True) -> str:
        if isinstance(value, BaseModel):
            return self._summary(profile, value, nested=owner is not None)
        if isinstance(value, tuple):
            if field in REFERENCES and all(isinstance(v, str) for v in value):
                return "; ".join(self._reference(profile, field, v) for v in value)
            return "; ".join(self.word(profile, owner, field, v) for v in value)
        if isinstance(value, Text):
            return value.pick(self.lang)[0].strip()
        if isinstance(value, bool):
            return self._say("ja", "yes") if value else self._say("nee", "no")
        if isinstance(value, dt.date):
            return long_date(value, self.lang)
        if isinstance(value, str):
            return self._string(owner, field, value, cite)
        return str(value)

    def _string(self, owner: type | None, field: str, value: str, cite: bool) -> str:
        vocabulary = _vocabulary(owner, field) if owner else None
        if vocabulary is not None and value in vocabulary.ids:
            term = vocabulary[value]
            article = citation(term.note, self.lang) if cite else ""
            return term.label(self.lang, self.form) + (f" ({article})" if article else "")
        if (field, value) in VALUES:
            return VALUES[(field, value)](self.lang)
        if field == "country" and value in self.countries:
            return str(self.countries[value])
        if field in ("language", "languages"):
            return Locale.parse(value).get_display_name(self.lang) or value
        if field in ("duration", "response_time", "consent_lifetime") and DURATION.match(value):
            return duration_in_words(value, self.lang)
        return value

    def _summary(self, profile: Profile, model: BaseModel, nested: bool = False) -> str:
        """Every field an item or part states, 'label: value', the title first."""
        title = self.title(profile, model, short=False) if isinstance(model, Item) else ""
        parts = [title] if title else []
        title_fields: tuple[str, ...] = tuple(
            f for f in TITLES.get(type(model), ()) if getattr(model, f, None) is not None)[:1]  # type: ignore[arg-type]
        if isinstance(model, Retention) and self.retention is not None:
            period = str(self.retention(model))
            parts.append(period)
            title_fields += ("duration", "starts", "until", "maximum", "criterion")
        for field in type(model).model_fields:
            value = getattr(model, field)
            if field == "id" or field in title_fields or value is None or value == () or \
                    value == type(model).model_fields[field].default:
                continue
            parts.append(f"{FIELDS[field](self.lang)}: {self.word(profile, type(model), field, value)}")
        # a part within an item's summary in commas: the item's own parts are set apart by semicolons
        return ("; " if not nested else ", ").join(
            part[:-1] if part.endswith(".") and not part.endswith("..") else part for part in parts)

    def _reference(self, profile: Profile, field: str, item_id: str) -> str:
        items = _get(profile, tuple(REFERENCES[field].split(".")))
        item = next((i for i in items or () if i.id == item_id), None)
        return self.title(profile, item) if item is not None else item_id

    # --- long values: the changed words marked --------------------------------------------------
    @staticmethod
    def _marked(before: str, after: str) -> tuple[Pieces, Pieces]:
        if before == "—" or after == "—" or max(len(before), len(after)) < _MARK_FROM:
            return ((("equal", before),), (("equal", after),))
        pieces = word_diff(before, after)
        return (tuple(p for p in pieces if p[0] != "insert"), tuple(p for p in pieces if p[0] != "delete"))


def _find(node: Any, item_id: str) -> Any:
    return next((item for item in node or () if getattr(item, "id", None) == item_id), None)


def _get(profile: Profile, keys: tuple[str, ...]) -> Any:
    node: Any = profile
    for key in keys:
        if node is None:
            return None
        node = _find(node, key[1:-1]) if key.startswith("[") else getattr(node, key, None)
    return node


def _vocabulary(owner: type, field: str) -> vocab.Vocabulary | None:
    """The vocabulary a field's values come from, read from its type's validator."""
    info = owner.model_fields.get(field)  # type: ignore[attr-defined]
    if info is None:
        return None
    metadata = list(info.metadata)
    for arg in typing.get_args(info.annotation):  # tuple[AddressRole, ...], X | None
        metadata += getattr(arg, "__metadata__", ())
        for inner in typing.get_args(arg):
            metadata += getattr(inner, "__metadata__", ())
    for meta in metadata:
        owner_of = getattr(getattr(meta, "func", None), "__self__", None)
        if isinstance(owner_of, vocab.Vocabulary):
            return owner_of
    return None


def _short(text: str) -> str:
    """An item's title: its first sentence, cut at a word if it is long."""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= _TITLE_LENGTH:
        return first.rstrip(".")
    return first[:_TITLE_LENGTH].rsplit(" ", 1)[0] + " …"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
