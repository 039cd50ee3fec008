"""Every version at a permanent URL, the history with its Atom feed, and a diff report per step."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.render.banner import revision
from generator.compare.report import DiffReport, compare
from generator.render.pages import StatementPage, render_statement, statement_json
from generator.profile.site import Organisation, Statement
from generator.render.templating import Renderer, links_from, render_page
from generator.render import urls
from generator.render.files import OutputFile


def version_base(org: Organisation, statement: Statement) -> PurePosixPath:
    return PurePosixPath(urls.version(org.slug, statement.version_id))


def change_base(org: Organisation, old: Statement, new: Statement) -> PurePosixPath:
    return PurePosixPath(urls.changes(org.slug, old.version_id, new.version_id))


def version_outputs(renderer: Renderer, org: Organisation) -> list[OutputFile]:
    """Statement pages of every version (the current one at the organisation's URL too), change
    reports, the history page and the feed of one organisation."""
    outputs: list[OutputFile] = []
    pages: dict[str, bytes] = {}  # each version's own-language page at its permanent URL, for the diffs
    for statement in org.statements:
        rendered = render_statement(renderer, org, statement)
        data = statement_json(statement)
        bases = [version_base(org, statement)]
        if statement is org.current:
            bases.append(PurePosixPath(urls.statement(org.slug, org.default_language, org.default_language)))
        for base in bases:
            placed = [page.at(base) for page in rendered]
            pages.setdefault(statement.version_id, placed[0].content)
            outputs.extend(placed)
            outputs.append(OutputFile(base / "statement.json", data))
    reports = [diff_report(renderer, org, old, new, pages[old.version_id], pages[new.version_id])
               for old, new in org.pairs()]
    lang = org.default_language
    for report in reports:
        page = change_base(org, report.old, report.new) / "index.html"
        outputs.append(render_page(renderer, org.template_overrides, lang, page, "changes.html", org=org,
                                   report=report, alternates=[]))
    for withdrawal in org.withdrawn:
        folders = {code: urls.version(org.slug, withdrawal.version_id, lang, code) for code in org.languages}
        for code, folder in folders.items():
            page = PurePosixPath(folder, "index.html")
            alternates = [(other, links_from(page)(there)) for other, there in folders.items()]
            outputs.append(render_page(renderer, org.template_overrides, code, page, "withdrawn.html", org=org,
                                       withdrawal=withdrawal, alternates=alternates))
    steps = {report.new.version_id: report for report in reports}
    history = PurePosixPath(urls.versions(org.slug), "index.html")
    outputs.append(render_page(renderer, org.template_overrides, lang, history, "versions.html",
                               org=org, steps=steps, alternates=[]))
    feed = PurePosixPath(urls.feed(org.slug))
    outputs.append(render_page(renderer, org.template_overrides, lang, feed, "feed.xml", org=org, steps=steps,
                               alternates=[]))
    return outputs


def diff_report(renderer: Renderer, org: Organisation, old: Statement, new: Statement,
                old_page: bytes | None = None, new_page: bytes | None = None) -> DiffReport:
    """Compare two versions; renders their pages in the default language unless given."""
    if old_page is None or new_page is None:
        old_page = own_language_page(render_statement(renderer, org, old), version_base(org, old))
        new_page = own_language_page(render_statement(renderer, org, new), version_base(org, new))
    return compare(old, new, old_page, new_page, (revision(old.profile), revision(new.profile)))


def own_language_page(rendered: list[StatementPage], base: PurePosixPath) -> bytes:
    """The statement's own-language page at base/index.html."""
    return rendered[0].at(base).content
