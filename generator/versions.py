"""Every version at a permanent URL, the history with its Atom feed, and a diff report per step."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.banner import revision
from generator.compare import DiffReport, compare
from generator.pages import overrides_of, statement_json, statement_pages
from generator.site import Organisation, Statement
from generator.templating import OutputFile, Renderer, render_page


def version_base(org: Organisation, statement: Statement) -> PurePosixPath:
    return PurePosixPath(org.slug, "versions", statement.version_id)


def change_base(org: Organisation, old: Statement, new: Statement) -> PurePosixPath:
    return PurePosixPath(org.slug, "changes", f"{old.version_id}..{new.version_id}")


def version_outputs(renderer: Renderer, org: Organisation) -> list[OutputFile]:
    """Version pages, change reports, the history page and the feed of one organisation."""
    outputs: list[OutputFile] = []
    pages: dict[str, str] = {}
    for statement in org.statements:
        base = version_base(org, statement)
        rendered = statement_pages(renderer, org, statement, base)
        outputs.extend(rendered)
        outputs.append(OutputFile(base / "statement.json", statement_json(statement)))
        pages[statement.version_id] = next(p for p in rendered if p.path == base / "index.html").content.decode()
    reports = [diff_report(renderer, org, old, new, pages[old.version_id], pages[new.version_id])
               for old, new in org.pairs()]
    lang = org.default_language
    for report in reports:
        page = change_base(org, report.old, report.new) / "index.html"
        outputs.append(render_page(renderer, overrides_of(org), lang, page, "changes.html", org=org,
                                   report=report, alternates=[]))
    steps = {report.new.version_id: report for report in reports}
    history = PurePosixPath(org.slug, "versions", "index.html")
    outputs.append(render_page(renderer, overrides_of(org), lang, history, "versions.html",
                               org=org, steps=steps, alternates=[]))
    feed = PurePosixPath(org.slug, "versions", "feed.xml")
    outputs.append(render_page(renderer, overrides_of(org), lang, feed, "feed.xml", org=org, steps=steps,
                               alternates=[]))
    return outputs


def diff_report(renderer: Renderer, org: Organisation, old: Statement, new: Statement,
                old_html: str | None = None, new_html: str | None = None) -> DiffReport:
    """Compare two versions; renders their pages in the default language unless given."""
    if old_html is None or new_html is None:
        old_html = _default_page(renderer, org, old)
        new_html = _default_page(renderer, org, new)
    catalogs = {lang: renderer.translations(lang) for lang in ("nl", "en")}
    return compare(old, new, old_html, new_html, (revision(old.profile, catalogs), revision(new.profile, catalogs)))


def _default_page(renderer: Renderer, org: Organisation, statement: Statement) -> str:
    base = version_base(org, statement)
    rendered = statement_pages(renderer, org, statement, base)
    return next(p for p in rendered if p.path == base / "index.html").content.decode()
