"""A diff report between two versions: semantic changes first, then the redline of the text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.compare.diff import Change, diff_profiles
from generator.compare.redline import SectionBlocks, SectionRedline, redline, structured_redline
from generator.profile.site import Statement
from generator.profile.text import Words, pick


@dataclass(frozen=True)
class DiffReport:
    """What changed from one version to the next, for a legal reviewer."""

    org: str
    old: Statement
    new: Statement
    changes: tuple[Change, ...]
    sections: tuple[SectionRedline, ...]
    revision_before: str
    revision_after: str
    pages: tuple[bytes, bytes] = (b"", b"")  # the two versions' pages, in the report's language

    @cached_property  # for the Word and PDF files, which few reports are asked for
    def blocks(self) -> tuple[SectionBlocks, ...]:
        """The redline with the statement's structure: headings, paragraphs, items and rows."""
        return tuple(structured_redline(*self.pages))

    @property
    def material(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.material)

    def summary(self, lang: str) -> str:
        """One sentence, which a link may follow: how many changes, how many material, and the
        main reasons ("7 changes, 1 material: New recipient.", "4 changes, none of them material.")."""
        if not self.changes:
            return Words("Geen inhoudelijke wijzigingen.", "No changes in content.")(lang)
        reasons = []
        for change in self.material:
            if change.reason and change.reason(lang) not in reasons:
                reasons.append(change.reason(lang))
        count = len(self.changes)
        material = len(self.material)
        changes = pick(lang, f"{count} {'wijziging' if count == 1 else 'wijzigingen'}",
                       f"{count} {'change' if count == 1 else 'changes'}")
        if not material:
            none = pick(lang, "niet wezenlijk" if count == 1 else "geen wezenlijke",
                        "not material" if count == 1 else "none of them material")
            return f"{changes}, {none}."
        sentence = changes + pick(lang, f", {material} wezenlijk", f", {material} material") + (
            ": " + " ".join(reasons) if reasons else "")
        return sentence if sentence.endswith(".") else sentence + "."

    def as_json(self) -> str:
        document: dict[str, Any] = {
            "organisation": self.org,
            "from": self.old.version_id,
            "to": self.new.version_id,
            "effective_date": self.new.effective_date.isoformat() if self.new.effective_date else None,
            "material": bool(self.material),
            "banner_revision": {"before": self.revision_before, "after": self.revision_after},
            "changes": [c.as_json() for c in self.changes],
            "redline": [s.as_json() for s in self.sections],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def compare(old: Statement, new: Statement, old_page: bytes, new_page: bytes,
            revisions: tuple[str, str]) -> DiffReport:
    """Compare two versions given their profiles and their rendered pages (in one language)."""
    return DiffReport(
        org=new.org, old=old, new=new,
        changes=tuple(diff_profiles(old.profile, new.profile)),
        sections=tuple(redline(old_page, new_page)),
        revision_before=revisions[0], revision_after=revisions[1], pages=(old_page, new_page),
    )
