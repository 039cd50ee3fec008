"""The diff report in its reader's words: item titles, values as the statement words them, material
changes grouped with what to do; never a field path, an id or an ISO code in what people read."""

from __future__ import annotations

import re
import shutil
import subprocess
import typing
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from generator.compare.diff import MATERIAL
from generator.cli import main
from generator.commands.diff import diff_versions
from generator.profile import model as m
from generator.render.fieldnames import FIELDS, TITLES
from generator.render.templating import Renderer
from generator.render.theme import DEFAULT_THEME, Theme

REPORTS = [("clavis", "v1", "2025-01-01"), ("kaviaarshop", "2018-04-30", "2025-03-01"),
           ("kaviaarshop", "2025-03-01", "2027-01-01")]
CHANGES = {("clavis", "v1", "2025-01-01"): "clavis/changes/v1..2025-01-01",
           ("kaviaarshop", "2018-04-30", "2025-03-01"): "kaviaarshop/changes/2018-04-30..2025-03-01",
           ("kaviaarshop", "2025-03-01", "2027-01-01"): "kaviaarshop/changes/2025-03-01..2027-01-01"}


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    seen.add(model)
    for info in model.model_fields.values():
        for kind in [info.annotation, *typing.get_args(info.annotation)]:
            for inner in [kind, *typing.get_args(kind)]:
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                    _models(inner, seen)


def test_every_field_of_the_profile_format_has_a_name_and_every_item_a_title() -> None:
    models: set[type[BaseModel]] = set()
    _models(m.Profile, models)
    fields = {name for model in models for name in model.model_fields} - {"id"}
    assert sorted(fields - set(FIELDS)) == []
    items = {model for model in models if issubclass(model, m.Item)}
    assert sorted(i.__name__ for i in items - set(TITLES)) == []
    assert all(set(TITLES[item]) <= set(item.model_fields) for item in TITLES)


def _reading(org: str, old: str, new: str, lang: str):  # type: ignore[no-untyped-def]
    report, _ = diff_versions(Path("content"), org, old, new)
    return report, Renderer(Theme(DEFAULT_THEME)).environment(None, lang).filters["reading"](report)


def test_a_change_reads_as_the_statement_words_it() -> None:
    _, nl = _reading("clavis", "v1", "2025-01-01", "nl")
    _, en = _reading("clavis", "v1", "2025-01-01", "en")
    camera = [row for row in nl.rows if row.subject == "Bewaartermijnen: Camerabeelden"]
    assert [(row.change, row.before, row.after, row.reason) for row in camera] == [
        ("Gewijzigd: termijn", (("equal", "4 maanden"),), (("equal", "6 maanden"),), "Langere bewaartermijn."),
        ("Gewijzigd: tekst",
         (("equal", "Camerabeelden bewaren we niet langer dan "), ("delete", "4"),
          ("equal", " maanden. Tenzij we iets verdachts zien dat we verder moeten onderzoeken of de beelden langer "
                    "bewaard moeten worden vanwege een andere wettelijke verplichting.")),
         (("equal", "Camerabeelden bewaren we niet langer dan "), ("insert", "6"),
          ("equal", " maanden. Tenzij we iets verdachts zien dat we verder moeten onderzoeken of de beelden langer "
                    "bewaard moeten worden vanwege een andere wettelijke verplichting.")), "")]
    cookie = next(row for row in en.rows if row.subject == "Cookies: _ga")
    assert "".join(text for _, text in cookie.after) == (
        "_ga; provider: Google; purpose: Distinguishing visitors for the statistics of Google Analytics; "
        "tier: analytics; party: third-party; period: 13 months; country: United States")
    transfer = next(row for row in nl.rows if row.subject == "Doorgifte buiten de EER: Verenigde Staten (Google)")
    assert "waarborg: EU-VS Data Privacy Framework (art. 45 AVG)" in "".join(t for _, t in transfer.after)
    statistics = next(row for row in nl.rows if row.subject == "Bewaartermijnen: Statistieken in Google Analytics")
    assert "".join(t for _, t in statistics.after).startswith("Statistieken in Google Analytics; ten hoogste 14 maanden;")


def test_material_changes_come_grouped_by_what_they_widen_with_what_to_do() -> None:
    _, en = _reading("clavis", "v1", "2025-01-01", "en")
    assert [(c.heading, [row.brief for row in c.rows]) for c in en.concerns] == [
        ("New purposes", ["Purposes: With Google Analytics we measure how visitors use our website, in order to "
                          "improve the … (added)"]),
        ("New categories of data", ["Personal data: How visitors use our website, measured with Google Analytics "
                                    "(with a shortened IP … (added)"]),
        ("New recipients", ["Recipients: Google Ireland Ltd. / Google LLC (added)"]),
        ("Transfers outside the EEA", ["Transfers outside the EEA: United States (Google) (added)"]),
        ("Longer retention", ["Retention: Camera images: 4 months → 6 months"]),
        ("Cookies that need consent", ["Cookies: _ga (added)"]),
    ]
    assert en.concerns[-1].action == MATERIAL["cookie"].action.en
    assert en.concerns[4].action == MATERIAL["retention"].action.en


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("versions", REPORTS)
def test_no_field_path_id_or_iso_code_in_what_a_reviewer_reads(
        example_build: Path, versions: tuple[str, str, str], lang: str) -> None:
    report, _ = _reading(*versions, lang)
    folder = example_build / CHANGES[versions] / ("en" if lang == "en" else "")
    page = lxml.html.fromstring((folder / "index.html").read_bytes())
    read = " ".join(" ".join(part.text_content().split())
                    for part in page.xpath("//section[@class='verdict'] | //table[contains(@class, 'changes')]"))
    assert read
    for change in report.changes:
        assert change.path not in read
    assert re.findall(r"\bP\d+[YMWD]\b|\b\d{4}-\d{2}-\d{2}\b|\b[a-z]+_[a-z_]+\b|\[[a-z0-9-]+\]", read) == []
    assert re.findall(r"(?<![-–])\b(?:US|NL|IE)\b", read) == []  # countries by name ('EU-US' is a name)


# --- the Word document: every change a tracked change, structure kept -------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_word_document_tracks_every_change_and_keeps_the_structure(tmp_path: Path) -> None:
    out = tmp_path / "clavis.docx"
    result = CliRunner().invoke(main, ["diff", "clavis", "v1", "2025-01-01", "--format", "docx", "-o", str(out)])
    assert result.output == f"Wrote {out}: 11 changes, 6 material\n"
    document = docx.Document(str(out))
    assert document.core_properties.title == "Privacyverklaring Clavis Beheer BV: v1 → 2025-01-01"
    body = document.element.body
    insertions = [("".join(t.text for t in ins.iter(f"{W}t")), ins.get(f"{W}author")) for ins in body.iter(f"{W}ins")
                  if ins.getparent().tag == f"{W}p"]
    deletions = ["".join(t.text for t in d.iter(f"{W}delText")) for d in body.iter(f"{W}del")
                 if d.getparent().tag == f"{W}p"]
    assert ("6", "privgen") in insertions and "4" in deletions  # camera images: 4 → 6 months, in its row
    assert ("Gebruik van de website: Hoe bezoekers onze website gebruiken, gemeten met Google Analytics (met "
            "ingekort IP-adres).", "privgen") in insertions
    ids = [mark.get(f"{W}id") for mark in body.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))  # each revision its own id
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark.get(f"{W}date"))
               for mark in body.iter(f"{W}ins", f"{W}del"))
    # headings stay headings, items list items, the retention table a table with a tracked new row
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "List Bullet", "Normal"} <= styles
    assert "Hoe lang we uw gegevens bewaren" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    retention = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == [
        "Wat", "Hoe lang", "In de woorden van de verklaring"])
    new_rows = [row for row in retention.rows if row._tr.find(f"{W}trPr/{W}ins") is not None]
    assert [row.cells[0]._tc.xpath("string(.)") for row in new_rows] == ["Statistieken in Google Analytics"]
    assert len(document.tables) == 3 and len(retention.rows) == 10


def test_a_word_document_needs_a_file() -> None:
    result = CliRunner().invoke(main, ["diff", "clavis", "v1", "2025-01-01", "--format", "docx"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: a DOCX file is not for the terminal: give -o FILE.docx"


def test_a_report_in_english_for_an_english_reader() -> None:
    result = CliRunner().invoke(main, ["diff", "kaviaarshop", "2018-04-30", "2025-03-01", "--lang", "en"])
    assert result.output.split("\n| |")[0] == """### Privacy statement Kaviaarshop: 2018-04-30 → 2025-03-01

**Material: 1/7** — people must be informed before it takes effect on 1 March 2025.

#### New recipients

- Recipients: Mollie (added)

*To do:* Name the recipient in the statement (Art. 13(1)(e) GDPR) and put the arrangements in writing; with a processor, a data processing agreement (Art. 28 GDPR).
"""
    assert "| ⚠️ | Recipients: Mollie | Added | — | Mollie; role: processor; kind of recipient: payment service;" in \
        result.output


# --- the redline keeps the statement's structure ------------------------------------------------

def test_the_redline_keeps_rows_and_items_shows_one_neighbour_and_folds_the_rest(example_build: Path) -> None:
    page = lxml.html.fromstring((example_build / CHANGES[REPORTS[0]] / "index.html").read_bytes())
    retention = page.get_element_by_id("redline-retention").getparent()
    short, whole = retention.find_class("short")[0], retention.find_class("whole")[0]

    def rows(part):  # type: ignore[no-untyped-def]
        return [(tr.get("class"), " ".join(" ".join(td.text_content() for td in tr).split())[:60])
                for tr in part.iter("tr")]

    assert rows(short) == [
        ("equal", "Administratie met uw factuur-, betaal- en bestelgegevens 7 j"),
        ("insert", "[+Statistieken in Google Analytics+] [+ten hoogste 14 maande"),
        ("equal", "Opgenomen telefoongesprekken 30 dagen, tenzij we een wetteli"),
        ("changed", "Camerabeelden ten hoogste [−4−][+6+] maanden, tenzij we iets"),
    ]
    assert [" ".join(p.text_content().split()) for p in short.find_class("fold")] == [
        "… 8 ongewijzigde delen weggelaten …"]
    assert len(rows(whole)) == 10 and whole.tag == "details"  # every row, one click away
    data = page.get_element_by_id("redline-data").getparent()
    items = [(li.get("class"), " ".join(li.text_content().split())[:40].strip()) for li in data.find_class("short")[0].iter("li")]
    assert items == [("equal", "Overige gegevens: Alle andere informatie"),
                     ("insert", "[+Gebruik van de website: Hoe bezoekers")]
    # a section without a change is folded whole, its structure kept too
    unchanged = page.find_class("unchanged")[0]
    assert unchanged.tag == "details" and unchanged.find(".//li") is not None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (not part of the test run)")
def test_libreoffice_opens_the_word_document_with_its_tracked_changes(tmp_path: Path) -> None:
    document = tmp_path / "clavis.docx"
    CliRunner().invoke(main, ["diff", "clavis", "v1", "2025-01-01", "--format", "docx", "-o", str(document)])
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "fodt", "--outdir", str(tmp_path), str(document)], check=True, capture_output=True, timeout=180)
    flat = (tmp_path / "clavis.fodt").read_text(encoding="utf-8")
    # LibreOffice's own record of each tracked change: insertions and deletions by privgen
    assert flat.count("<text:insertion>") >= 20 and flat.count("<text:deletion>") >= 2
    assert "<dc:creator>privgen</dc:creator>" in flat
