"""A diff report as a Word document: the new version of the statement in which every change from
the old one is a tracked change (w:ins / w:del by "privgen", dated), so that a reviewer accepts or
rejects each one in Word or LibreOffice. Headings stay headings, list items list items and table
rows table rows; an added or removed row is a tracked row.

python-docx writes the package, styles and tables; tracked changes have no API there, so their
few elements are added to its XML as the WordprocessingML standard (ECMA-376 §17.13.5) defines them.
"""

from __future__ import annotations

import datetime as dt
import io
from itertools import count, groupby
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.compare.redline import Block
from generator.compare.report import DiffReport
from generator.profile.text import Words
from generator.render.changes import Reading

AUTHOR = "privgen"
_STYLES = {"h2": "Heading 1", "h3": "Heading 2", "p": "Normal", "li": "List Bullet"}


def as_word(report: DiffReport, reading: Reading, lang: str, when: dt.datetime) -> bytes:
    """The new version with every change tracked, after a cover page with the verdict."""
    def say(nl: str, en: str) -> str:
        return Words(nl, en)(lang)

    document = Document()
    name = report.new.profile.controller.name or report.org
    title = f"{say('Privacyverklaring', 'Privacy statement')} {name}: {report.old.version_id} → {report.new.version_id}"
    document.core_properties.title = title
    document.core_properties.author = AUTHOR
    document.core_properties.language = lang
    document.add_heading(title, level=0)
    document.add_paragraph(say(
        f"Elke wijziging ten opzichte van versie {report.old.version_id} staat erin als bijgehouden wijziging: "
        "accepteer of weiger ze een voor een in Word of LibreOffice.",
        f"Every change from version {report.old.version_id} is in it as a tracked change: accept or reject "
        "them one by one in Word or LibreOffice."))
    verdict = say(f"Wezenlijk: {len(report.material)} van {len(report.changes)} wijzigingen.",
                  f"Material: {len(report.material)} of {len(report.changes)} changes.")
    document.add_paragraph(verdict if report.material else say("Geen wezenlijke wijzigingen.", "No material changes."))
    for concern in reading.concerns:
        document.add_heading(concern.heading, level=2)
        for row in concern.rows:
            document.add_paragraph(row.brief, style="List Bullet")
        document.add_paragraph(f"{say('Te doen', 'To do')}: {concern.action}")
    tracked = _Tracker(when)
    for section in report.blocks:
        for is_row, run in groupby(section.blocks, key=lambda block: block.kind == "row"):
            blocks = list(run)
            if is_row:
                tracked.table(document.add_table(rows=0, cols=max(len(b.cells) for b in blocks)), blocks)
            else:
                for block in blocks:
                    tracked.paragraph(document.add_paragraph(style=_STYLES[block.kind]), block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Tracker:
    """Adds text to paragraphs and rows as tracked insertions and deletions, each with its own id."""

    def __init__(self, when: dt.datetime) -> None:
        self.date = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ids = count(1)

    def mark(self, tag: str) -> Any:  # an lxml element of python-docx's, which it leaves untyped
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        return element

    def paragraph(self, paragraph: Paragraph, block: Block, cell: int = 0) -> None:
        if block.status in ("insert", "delete"):
            # the paragraph mark too, so that rejecting an added paragraph leaves no empty one
            properties = paragraph._p.get_or_add_pPr()
            run_properties = OxmlElement("w:rPr")
            run_properties.append(self.mark("w:ins" if block.status == "insert" else "w:del"))
            properties.append(run_properties)
        for op, text in block.cells[cell]:
            self.run(paragraph, op, text)

    def run(self, paragraph: Paragraph, op: str, text: str) -> None:
        run = OxmlElement("w:r")
        body = OxmlElement("w:delText" if op == "delete" else "w:t")
        body.set(qn("xml:space"), "preserve")
        body.text = text
        run.append(body)
        if op == "equal":
            paragraph._p.append(run)
        else:
            wrapper = self.mark("w:ins" if op == "insert" else "w:del")
            wrapper.append(run)
            paragraph._p.append(wrapper)

    def table(self, table: Table, rows: list[Block]) -> None:
        table.style = "Table Grid"
        for block in rows:
            row = table.add_row()  # type: ignore[no-untyped-call]
            if block.status in ("insert", "delete"):
                row._tr.get_or_add_trPr().append(self.mark("w:ins" if block.status == "insert" else "w:del"))
            for index, cell in enumerate(row.cells[:len(block.cells)]):
                self.paragraph(cell.paragraphs[0], Block("p", block.cells, block.status), index)
