"""The diff and correct commands: compare versions or files outside a full build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from generator.compare.report import DiffReport
from generator.errors import InputError, PrivgenError
from generator.printing.pdfs import report_pdf
from generator.profile.files import LOCK_NAME
from generator.profile.gather import gather_site, validate_statement
from generator.profile.load import read_profile
from generator.output.write import remove_file, write_lock
from generator.profile.lock import corrected, withdrawn
from generator.profile.site import Organisation, Statement
from generator.render.templating import Renderer, render_page
from generator.render.theme import DEFAULT_THEME, Theme
from generator.render.report_files import as_markdown
from generator.render.versions import diff_report
from generator.render.word import as_word


def diff_versions(content: Path, org_slug: str, old_id: str, new_id: str,
                  lang: str | None = None) -> tuple[DiffReport, str]:
    """Compare two version files of one organisation; the report in lang (default: the organisation's)."""
    org = _organisation(content, org_slug)
    by_id = {s.version_id: s for s in org.statements}
    missing = [v for v in (old_id, new_id) if v not in by_id]
    if missing:
        raise PrivgenError(f"{org.folder}: no version '{missing[0]}'; versions: {', '.join(by_id)}")
    return _report(org, by_id[old_id], by_id[new_id], lang)


def diff_files(old_path: Path, new_path: Path, lang: str | None = None) -> tuple[DiffReport, str]:
    """Compare two profile files, wherever they are."""
    statements = [_statement(path) for path in (old_path, new_path)]
    org = Organisation(new_path.parent.name or "profile", new_path.parent, tuple(statements), dt.date.today())
    return _report(org, statements[0], statements[1], lang)


def correct_version(content: Path, org_slug: str, version_id: str, reason: str) -> Path:
    org = _organisation(content, org_slug)
    if version_id not in {s.version_id for s in org.statements}:
        raise PrivgenError(f"{org.folder}: no version '{version_id}'")
    return write_lock(org.folder / LOCK_NAME, corrected(org, version_id, reason, dt.date.today()))


def withdraw_version(content: Path, org_slug: str, version_id: str, reason: str) -> Path:
    org = _organisation(content, org_slug)
    lock, statement = withdrawn(org, version_id, reason, dt.date.today())
    path = write_lock(org.folder / LOCK_NAME, lock)
    if statement is not None:
        remove_file(statement.source)
    return path


def report_as(report: DiffReport, html: str, output: str, lang: str | None = None) -> str | bytes:
    """The report in a format: json, html, md (text), docx or pdf (bytes); in lang (default: the
    statement's own language), as html was rendered."""
    if output == "json":
        return report.as_json()
    if output == "html":
        return html
    lang, form = lang or report.new.profile.language, report.new.profile.address_form
    reading = Renderer(Theme(DEFAULT_THEME)).environment(None, lang, form).filters["reading"](report)
    if output == "docx":
        return as_word(report, reading, lang, dt.datetime.now(dt.timezone.utc))
    if output == "pdf":
        return report_pdf(report, html, lang)
    return as_markdown(report, reading, lang)


def _report(org: Organisation, old: Statement, new: Statement, lang: str | None) -> tuple[DiffReport, str]:
    lang = lang or org.default_language
    renderer = Renderer(Theme(DEFAULT_THEME))
    report = diff_report(renderer, org, old, new, lang=lang)
    styles = Markup("\n".join(p.read_text(encoding="utf-8") for p in sorted(renderer.theme.static.glob("*.css"))))
    page = render_page(renderer, None, lang, PurePosixPath("report.html"), "changes.html", org=org, report=report,
                       alternates=[], inline_styles=styles)
    return report, page.content.decode("utf-8")


def _organisation(content: Path, slug: str) -> Organisation:
    # A changed published version must not stop a diff, nor the correction that accepts it.
    return gather_site(content, (slug,), check_locks=False).organisations[0]


def _statement(path: Path) -> Statement:
    raw, problems = read_profile(path, path.parent.name)
    if raw is None or problems:
        raise InputError(problems)
    statement, found = validate_statement(raw, path.parent)
    if statement is None:
        raise InputError(found)
    return statement
