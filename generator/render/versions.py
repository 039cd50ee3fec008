"""Every version at a permanent URL, the history with its Atom feed, and a diff report per step."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.render.banner import revision
from generator.compare.report import DiffReport, compare
from generator.render.pages import StatementPage, render_statement, statement_json
from generator.profile.site import Organisation, Statement
from generator.render.templating import Renderer, in_each_language, render_page
from generator.render import urls
from generator.render.files import OutputFile


def version_base(org: Organisation, statement: Statement) -> PurePosixPath:
    return PurePosixPath(urls.version(org.slug, statement.version_id))


def change_base(org: Organisation, old: Statement, new: Statement) -> PurePosixPath:
    return PurePosixPath(urls.changes(org.slug, old.version_id, new.version_id))


def version_outputs(renderer: Renderer, org: Organisation, pdf: bool = False) -> list[OutputFile]:
    """Statement pages of every version (the current one at the organisation's URL too), change
    reports, the history page and the feed of one organisation."""
    outputs: list[OutputFile] = []
    # each version's page in each language at its permanent URL, for the diffs in that language
    pages: dict[tuple[str, str], bytes] = {}
    for statement in org.statements:
        rendered = render_statement(renderer, org, statement)
        data = statement_json(statement)
        bases = [version_base(org, statement)]
        if statement is org.current:
            bases.append(PurePosixPath(urls.statement(org.slug, org.default_language, org.default_language)))
        for base in bases:
            placed = [page.at(base) for page in rendered]
            for page, file in zip(rendered, placed):
                pages.setdefault((statement.version_id, page.lang), file.content)
            outputs.extend(placed)
            outputs.append(OutputFile(base / "statement.json", data))
    lang = org.default_language
    steps = {}
    for old, new in org.pairs():
        folders = {code: urls.changes(org.slug, old.version_id, new.version_id, lang, code)
                   for code in org.languages}
        for code, folder in folders.items():
            # a report compares the pages in its own language: an English reader reads English text
            report = diff_report(renderer, org, old, new, pages.get((old.version_id, code)),
                                 pages.get((new.version_id, code)), code)
            if code == lang:
                steps[new.version_id] = report
            outputs.append(in_each_language(renderer, org, folders, code, "index.html", "changes.html",
                                             report=report))
    for withdrawal in org.withdrawn:
        folders = {code: urls.version(org.slug, withdrawal.version_id, lang, code) for code in org.languages}
        for code in folders:
            outputs.append(in_each_language(renderer, org, folders, code, "index.html", "withdrawn.html",
                                             withdrawal=withdrawal))
    folders = {code: urls.versions(org.slug, lang, code) for code in org.languages}
    for code in folders:
        outputs.append(in_each_language(renderer, org, folders, code, "index.html", "versions.html", steps=steps,
                                        pdf=pdf))
    for code in folders:
        feed = PurePosixPath(urls.feed(org.slug, lang, code))
        outputs.append(render_page(renderer, org.template_overrides, code, feed, "feed.xml", org=org, steps=steps,
                                   alternates=[]))
    return outputs


def diff_report(renderer: Renderer, org: Organisation, old: Statement, new: Statement,
                old_page: bytes | None = None, new_page: bytes | None = None, lang: str | None = None) -> DiffReport:
    """Compare two versions; renders their pages in lang (else their own language) unless given."""
    if old_page is None or new_page is None:
        old_page = language_page(render_statement(renderer, org, old), version_base(org, old), lang)
        new_page = language_page(render_statement(renderer, org, new), version_base(org, new), lang)
    return compare(old, new, old_page, new_page, (revision(old.profile), revision(new.profile)))


def language_page(rendered: list[StatementPage], base: PurePosixPath, lang: str | None = None) -> bytes:
    """The statement's page in lang (its own language if None or not rendered) at its place below base."""
    page = next((p for p in rendered if p.lang == lang), rendered[0])
    return page.at(base).content
