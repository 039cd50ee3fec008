"""A diff report between two versions: semantic changes first, then the redline of the text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.compare.diff import Change, diff_profiles
from generator.compare.redline import SectionRedline, redline
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

    @property
    def material(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.material)

    def summary(self, lang: str) -> str:
        """One line: how many changes, how many material, and the main reasons."""
        if not self.changes:
            return Words("geen inhoudelijke wijzigingen", "no changes in content")(lang)
        reasons = []
        for change in self.material:
            if change.reason and change.reason(lang) not in reasons:
                reasons.append(change.reason(lang))
        count = len(self.changes)
        material = len(self.material)
        head = pick(lang, f"{count} {'wijziging' if count == 1 else 'wijzigingen'}, {material} wezenlijk",
                    f"{count} {'change' if count == 1 else 'changes'}, {material} material")
        return head + (": " + " ".join(reasons) if reasons else "")

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
        revision_before=revisions[0], revision_after=revisions[1],
    )


def as_markdown(report: DiffReport, lang: str = "en") -> str:
    """The report as Markdown for a pull-request comment: verdict, change table, changed sections."""
    def say(nl: str, en: str) -> str:
        return pick(lang, nl, en)

    old, new = report.old, report.new
    lines = [f"### {say('Privacyverklaring', 'Privacy statement')} {report.org}: "
             f"{old.version_id} → {new.version_id}", ""]
    when = new.effective_date.isoformat() if new.effective_date else say("niet vermeld", "not stated")
    if report.material:
        lines.append(f"**{say('Wezenlijk', 'Material')}: {len(report.material)}/{len(report.changes)}** — "
                     + say("betrokkenen informeren vóór de ingangsdatum ",
                           "people must be informed before it takes effect on ") + when + ".")
    else:
        lines.append(say("Geen wezenlijke wijzigingen.", "No material changes."))
    if report.revision_before != report.revision_after:
        lines.append(f"{say('Cookiebanner-revisie', 'Cookie banner revision')}: "
                     f"`{report.revision_before}` → `{report.revision_after}`")
    lines += ["", "| | " + say("soort | waar | voor | na", "kind | where | before | after") + " |",
              "|---|---|---|---|---|"]
    for change in report.changes:
        flag = "⚠️" if change.material else ""
        lines.append(f"| {flag} | {change.kind} | `{change.path}` | {_cell(change.before, lang)} | {_cell(change.after, lang)} |")
    for section in report.sections:
        if section.changed:
            marked = "".join(_md_piece(op, text) for op, text in section.pieces)
            changed_lines = [line for line in marked.split("\n") if "[+" in line or "[-" in line]
            lines += ["", f"#### {_md_text(section.title)}", ""] + [f"- {line.strip()}" for line in changed_lines]
    return "\n".join(lines) + "\n"


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict) and value and set(value) <= {"nl", "en"}:
        value = value.get(lang) or next(iter(value.values()))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = _md_text(text).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "…"


def _md_text(text: str) -> str:
    """Profile text as Markdown shows it as it is: raw HTML (which GitHub and GitLab render) and
    links become text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace(
        "]", "\\]")


def _md_piece(op: str, text: str) -> str:
    text = _md_text(text)
    if op == "equal":
        return text
    marker = "++" if op == "insert" else "--"
    style = "**" if op == "insert" else "~~"
    return "".join(f"{style}[{marker[0]}{line}{marker[0]}]{style}" if line.strip() else line
                   for line in re.split(r"(\n)", text))
