"""A diff report as the files a reviewer passes on: Markdown for a pull-request comment.

Every format says the same as the changes page, in the same words (render.changes), so that a
reviewer who reads one reads them all.
"""

from __future__ import annotations

import re

from generator.compare.report import DiffReport
from generator.profile.text import Words
from generator.render.changes import Pieces, Reading
from generator.render.filters import long_date


def as_markdown(report: DiffReport, reading: Reading, lang: str) -> str:
    """The verdict, the material changes by concern with what to do, every change in a table,
    and the changed lines of the text; profile text shown as text, never as HTML or links."""
    def say(nl: str, en: str) -> str:
        return Words(nl, en)(lang)

    old, new = report.old, report.new
    name = new.profile.controller.name or report.org
    lines = [f"### {say('Privacyverklaring', 'Privacy statement')} {_md_text(name)}: "
             f"{old.version_id} → {new.version_id}", ""]
    when = long_date(new.effective_date, lang) if new.effective_date else say("niet vermeld", "not stated")
    if report.material:
        lines.append(f"**{say('Wezenlijk', 'Material')}: {len(report.material)}/{len(report.changes)}** — "
                     + say("betrokkenen informeren vóór de ingangsdatum ",
                           "people must be informed before it takes effect on ") + when + ".")
    else:
        lines.append(say("Geen wezenlijke wijzigingen.", "No material changes."))
    if report.revision_before != report.revision_after:
        lines.append("")
        lines.append(f"{say('Cookiebanner-revisie', 'Cookie banner revision')}: "
                     f"`{report.revision_before}` → `{report.revision_after}`: "
                     + say("bezoekers krijgen opnieuw de vraag om toestemming.", "visitors are asked for consent again."))
    for concern in reading.concerns:
        lines += ["", f"#### {concern.heading}", ""]
        lines += [f"- {_md_text(row.brief)}" for row in concern.rows]
        lines += ["", f"*{say('Te doen', 'To do')}:* {concern.action}"]
    if reading.rows:
        lines += ["", "| | " + say("over | wijziging | voor | na", "about | change | before | after") + " |",
                  "|---|---|---|---|---|"]
        for row in reading.rows:
            flag = "⚠️" if row.material else ""
            lines.append(f"| {flag} | {_cell(row.subject)} | {_cell(row.change)} | {_pieces(row.before)} | "
                         f"{_pieces(row.after)} |")
    for section in report.sections:
        if section.changed:
            marked = "".join(_md_piece(op, text) for op, text in section.pieces)
            changed_lines = [line for line in marked.split("\n") if "[+" in line or "[-" in line]
            lines += ["", f"#### {_md_text(section.title)}", ""] + [f"- {line.strip()}" for line in changed_lines]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return _md_text(text).replace("|", "\\|").replace("\n", " ")


def _pieces(pieces: Pieces) -> str:
    """A value in a table cell, its changed words marked as in the redline."""
    text = "".join(_md_piece(op, text) for op, text in pieces)
    return text.replace("|", "\\|").replace("\n", " ")


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
