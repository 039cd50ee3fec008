"""PDFs for reviewers and archives, printed by Chromium: every version of every statement in each
language (privgen build --pdf), and a diff report (privgen diff --format pdf). Read back with pypdf:
A4, page numbers and a running header, text that can be searched, links kept, fonts embedded, tagged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pypdf
import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.incremental.cache import cache_folder
from tests.conftest import BUILD_DATE, CONTENT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "build"
    build(CONTENT, out, on=BUILD_DATE, pdf=True)
    return out


def text_of(pdf: pypdf.PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def test_every_version_in_every_language_is_a_pdf_linked_from_the_history(pdf_build: Path) -> None:
    made = sorted(p.relative_to(pdf_build).as_posix() for p in pdf_build.rglob("*.pdf"))
    assert made == sorted(f"{org}/versions/{version}/statement.{lang}.pdf" for org, version in [
        ("clavis", "v1"), ("clavis", "2025-01-01"), ("clientbox", "2.0"), ("kaviaarshop", "2018-04-30"),
        ("kaviaarshop", "2025-03-01"), ("kaviaarshop", "2027-01-01"), ("softwarebedrijf", "v1"),
        ("vloet", "20180522")] for lang in ("nl", "en"))
    for history in ("clavis/versions/index.html", "clavis/versions/en/index.html"):
        page = lxml.html.fromstring((pdf_build / history).read_bytes())
        links = [a for a in page.iter("a") if a.get("type") == "application/pdf"]
        assert [a.text_content() for a in links][:2] == (
            ["PDF (Nederlands), Versie 2025", "PDF (English), Versie 2025"] if "/en/" not in history else
            ["PDF (Nederlands), Version 2025", "PDF (English), Version 2025"])
        assert len(links) == 4
        assert all((pdf_build / history).parent.joinpath(a.get("href")).resolve().is_file() for a in links)


def test_a_statement_pdf_is_a4_headed_numbered_searchable_linked_embedded_and_tagged(pdf_build: Path) -> None:
    path = pdf_build / "clavis/versions/2025-01-01/statement.nl.pdf"
    pdf = pypdf.PdfReader(path)
    assert pdf.metadata.title == "Privacyverklaring voor (website)bezoekers, klanten en overige relaties Clavis Beheer BV"
    pages = len(pdf.pages)
    assert pages > 5
    assert all(round(float(p.mediabox.width)) == 596 and round(float(p.mediabox.height)) == 843 for p in pdf.pages)
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "Clavis Beheer BV Versie 2025, geldig vanaf 1 januari 2025" in first
    assert f"Pagina 1 van {pages}" in first
    text = text_of(pdf)
    assert "Camerabeelden bewaren we niet langer dan 6 maanden" in text  # the version's own words
    uris = [annotation.get_object()["/A"].get("/URI") for page in pdf.pages for annotation in page.get("/Annots") or ()
            if "/A" in annotation.get_object()]
    assert "https://autoriteitpersoonsgegevens.nl/nl/zelfdoen/privacyrechten/klacht-over-gebruik-persoonsgegevens?qa=klacht" in uris
    assert not [uri for uri in uris if uri and "privgen.invalid" in uri]  # no link into a site the PDF is not on
    fonts = [font.get_object() for page in pdf.pages for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)
    assert bool(pdf.trailer["/Root"]["/MarkInfo"]["/Marked"])  # tagged: headings, lists and tables for reading aids
    english = " ".join(pypdf.PdfReader(path.with_name("statement.en.pdf")).pages[0].extract_text().split())
    assert "Clavis Beheer BV Version 2025, in force from 1 January 2025" in english


def test_the_old_version_pdf_has_the_old_words(pdf_build: Path) -> None:
    text = text_of(pypdf.PdfReader(pdf_build / "clavis/versions/v1/statement.nl.pdf"))
    assert "Camerabeelden bewaren we niet langer dan 4 maanden" in text


def test_a_build_without_pdf_takes_the_pdfs_away_again(pdf_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    shutil.copytree(pdf_build, out)
    cache = cache_folder(pdf_build)  # what that build keeps beside it
    shutil.copytree(cache, out.with_name(cache.name))
    build(CONTENT, out, on=BUILD_DATE)
    assert list(out.rglob("*.pdf")) == []
    assert "application/pdf" not in (out / "clavis/versions/index.html").read_text(encoding="utf-8")


def test_the_diff_report_as_pdf_prints_every_section_unfolded(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["diff", "clavis", "v1", "2025-01-01", "--format", "pdf", "-o", str(out)])
    assert result.output == f"Wrote {out}: 11 changes, 6 material\n"
    pdf = pypdf.PdfReader(out)
    first = " ".join(pdf.pages[0].extract_text().split())
    assert f"Wijzigingen in de privacyverklaring – Clavis Beheer BV v1 → 2025-01-01" in first
    assert f"Pagina 1 van {len(pdf.pages)}" in first
    text = text_of(pdf)
    assert "Bewaartermijnen: Camerabeelden: 4 maanden → 6 maanden" in text
    assert re.search(r"Camerabeelden bewaren we niet langer dan \[−4−\] ?\[\+6\+\] maanden", text)
    # unchanged sections and the whole of changed ones are on paper, the buttons that unfold them are
    # not; an unchanged section's title stays, above its text
    assert "Marnixstraat 252, 1016 TL Amsterdam" in text
    assert "Ongewijzigd: Wie is verantwoordelijk voor uw gegevens Clavis Beheer BV is de verwerkingsverantwoordelijke" in text
    assert "Toon het hele onderdeel" not in text and "ongewijzigde delen weggelaten" not in text
