"""PDFs for reviewers and archives: every version of a statement in each of its languages, printed
from the pages the build rendered, beside them (<org>/versions/<version>/statement.<lang>.pdf);
and a diff report, printed from its page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from markupsafe import escape

from generator.compare.report import DiffReport
from generator.printing.chromium import Printer
from generator.profile.site import Organisation, Statement
from generator.profile.text import Words
from generator.render import urls
from generator.render.files import OutputFile
from generator.render.filters import long_date, version_label
from generator.render.theme import Theme

PRINTER = Printer()  # one Chromium per process, for every organisation it builds

_HEADER = ('<div style="font: 8pt sans-serif; color: #333; width: 100%; margin: 0 16mm; display: flex; '
           'justify-content: space-between"><span>{left}</span><span>{right}</span></div>')
_FOOTER = ('<div style="font: 8pt sans-serif; color: #333; width: 100%; margin: 0 16mm; text-align: right">'
           '{page} <span class="pageNumber"></span> {of} <span class="totalPages"></span></div>')


def statement_pdfs(org: Organisation, outputs: Sequence[OutputFile], theme: Theme) -> list[OutputFile]:
    """Print each version's page in each language; pages link to the theme's assets by name."""
    files = {output.path.as_posix(): output.content for output in outputs}

    def file(path: str) -> bytes | None:
        if path == "" or path.endswith("/"):
            path += "index.html"
        if path in files:
            return files[path]
        asset = PurePosixPath(path)
        if asset.parts[:1] == ("assets",) and len(asset.parts) == 2 and (theme.static / asset.name).is_file():
            return (theme.static / asset.name).read_bytes()
        return None

    printed = []
    for statement in org.statements:
        for lang in statement.profile.languages:
            page = urls.version(org.slug, statement.version_id, statement.profile.language, lang)
            if page + "index.html" not in files:
                continue
            header, footer = _templates(org, statement, lang)
            printed.append(OutputFile(PurePosixPath(urls.version_pdf(org.slug, statement.version_id, lang)),
                                      PRINTER.pdf(page, file, header, footer)))
    return printed


def _templates(org: Organisation, statement: Statement, lang: str) -> tuple[str, str]:
    """The running header (organisation; version and dates) and footer (page numbers)."""
    name = statement.profile.controller.name or org.slug
    version = Words("Versie", "Version")(lang) + " " + version_label(statement, lang)[0]
    if statement.effective_date:
        version += ", " + Words("geldig vanaf", "in force from")(lang) + " " + long_date(statement.effective_date, lang)
    header = _HEADER.format(left=escape(name), right=escape(version))
    footer = _FOOTER.format(page=Words("Pagina", "Page")(lang), of=Words("van", "of")(lang))
    return header, footer


def report_pdf(report: DiffReport, page: str, lang: str) -> bytes:
    """A diff report's page (its styles inline) as PDF, headed by what it compares."""
    name = report.new.profile.controller.name or report.org
    left = Words("Wijzigingen in de privacyverklaring", "Changes to the privacy statement")(lang) + f" – {name}"
    right = f"{report.old.version_id} → {report.new.version_id}"
    header = _HEADER.format(left=escape(left), right=escape(right))
    footer = _FOOTER.format(page=Words("Pagina", "Page")(lang), of=Words("van", "of")(lang))
    html = page.encode("utf-8")
    return PRINTER.pdf("report.html", lambda path: html if path == "report.html" else None, header, footer)
