"""The build: load → validate → model → render → write, nothing written before all is valid."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from generator.banner import gzip_size
from generator.cache import (
    CachedOrganisation,
    cache_folder,
    fingerprint,
    input_key,
    load_cache,
    save_cache,
    written_files,
)
from generator.check import CheckReport, check_site
from generator.errors import InputError, PrivgenError, Problem
from generator.load import RawProfile, load_content
from generator.lock import lock_problems, updated_locks
from generator.render import Progress, render_site
from generator.site import IndexEntry, Organisation, Site, Statement, assemble_site
from generator.templating import OutputFile, Theme
from generator.validate import site_problems, validate_profile
from generator.write import StagedSite, write_in_place, write_locks

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the summary line."""

    organisations: int
    statements: int
    files: int
    pages: int
    """HTML pages among the files."""
    seconds: float
    banner_sizes: dict[str, int]
    """gzip -9 bytes of each organisation's consent.js."""
    check: CheckReport


def gather_site(content: Path, only: tuple[str, ...] = (), on: dt.date | None = None,
                check_locks: bool = True) -> Site:
    """Read and validate every profile; raise InputError listing every problem found."""
    loaded = load_content(content, only)
    problems: list[Problem] = list(loaded.problems)
    problems.extend(site_problems(loaded.profiles, loaded.org_folders))
    statements: list[Statement] = []
    for raw in loaded.profiles:
        statement, found = validate_statement(raw, loaded.org_folders[raw.org])
        problems.extend(found)
        if statement is not None:
            statements.append(statement)
    if problems:
        raise InputError(problems)
    site = assemble_site(statements, loaded.org_folders, on or dt.date.today())
    locked = lock_problems(site) if check_locks else []  # a published version must not change afterwards
    if locked:
        raise InputError(locked)
    return site


def validate_statement(raw: RawProfile, folder: Path) -> tuple[Statement | None, list[Problem]]:
    """One version file as a Statement, or its problems."""
    profile, problems = validate_profile(raw, folder)
    if profile is None:
        return None, problems
    return Statement(raw.org, raw.version_id, raw.path, profile, raw.lines), problems


class PublishRefused(PrivgenError):
    """--strict: the GDPR check found errors, so nothing is published."""


def build(content: Path, out: Path, only: tuple[str, ...] = (), theme: Path = DEFAULT_THEME,
          strict: bool = False, on: dt.date | None = None, jobs: int = 1,
          progress: Progress | None = None, incremental: bool = True) -> BuildReport:
    """Build the site from content into out, as it stands on the given date (default today).

    With incremental (and no ORG selection), organisations whose inputs are unchanged since the
    last build are neither parsed nor rendered, and only files whose bytes changed are written.
    """
    started = time.perf_counter()
    on = on or dt.date.today()
    site_fingerprint = fingerprint(theme, on)
    keys = {folder.name: input_key(folder, site_fingerprint) for folder in org_folders(content, only)}
    cached = load_cache(out) if incremental and not only else {}
    fresh = {slug: entry for slug, entry in cached.items() if keys.get(slug) == entry.key}
    changed = tuple(slug for slug in keys if slug not in fresh)
    # load, validate and model what changed; raises before anything is written
    gathered = gather_site(content, changed or only, on) if changed or not keys else Site((), on)
    checked = check_site(gathered)  # the GDPR rules; with strict, errors stop the build here
    findings = [f for entry in fresh.values() for f in entry.findings] + list(checked.findings)
    index = tuple(sorted([entry.entry for entry in fresh.values()] + [IndexEntry.of(org) for org in
                                                                      gathered.organisations],
                         key=lambda entry: entry.slug))
    position = {entry.slug: number for number, entry in enumerate(index)}
    report = CheckReport(tuple(sorted(findings, key=lambda f: position[f.org])))
    if strict and report.count("error"):
        raise PublishRefused(f"not published: the GDPR check found {report.summary()}; "
                             "run privgen check to see them")
    pieces = render_site(gathered, Theme(theme, cache_folder(out) / "templates"), jobs, progress, entries=index)
    written: dict[str | None, list[OutputFile]] = {}
    banners: dict[str, int] = {}
    if fresh:  # a few organisations changed: render them all, then write what differs in place
        rendered = list(pieces)
        removed = [slug for slug in cached if slug not in keys]
        write_in_place([o for _, piece in rendered for o in piece], out, replace_folders=list(changed) + removed)
        pieces = iter(rendered)
        staged = None
    else:  # everything: each organisation goes to disk as it is rendered, the folder is swapped at the end
        staged = StagedSite(out)
    try:
        for slug, piece in pieces:
            if staged is not None:
                staged.add(piece)
            written[slug] = [OutputFile(o.path, b"") for o in piece]  # keep the names, not the bytes
            if slug is not None:
                banners[slug] = next(gzip_size(o.content) for o in piece if o.path.name == "consent.js")
        if staged is not None:
            staged.commit()
    finally:
        if staged is not None:
            shutil.rmtree(staged.staging, ignore_errors=True)
    write_locks(updated_locks(gathered))  # record the versions this build published
    # keys again after the lock files were written, so that the next build finds nothing changed
    entries = list(fresh.values()) + [
        _cache_entry(org, input_key(org.folder, site_fingerprint), checked, written[org.slug], banners[org.slug], out)
        for org in gathered.organisations]
    if not only:
        save_cache(out, entries, unchanged=set(fresh))
    index_files = written[None]
    files = len(index_files) + sum(len(e.files) for e in entries)
    pages = sum(1 for o in index_files if o.path.suffix == ".html") + sum(
        1 for e in entries for name in e.files if name.endswith(".html"))
    return BuildReport(
        organisations=len(index),
        statements=sum(entry.statements for entry in index),
        files=files,
        pages=pages,
        seconds=time.perf_counter() - started,
        banner_sizes={e.entry.slug: e.banner_size for e in entries},
        check=report,
    )


def org_folders(content: Path, only: tuple[str, ...] = ()) -> list[Path]:
    """The organisation folders of content (or only the named ones that exist)."""
    if not content.is_dir():
        return []
    return sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith(".")
                  and (not only or p.name in only))


def _cache_entry(org: Organisation, key: str, checked: CheckReport, own: list[OutputFile], banner_size: int,
                 out: Path) -> CachedOrganisation:
    return CachedOrganisation(
        key=key, entry=IndexEntry.of(org), findings=tuple(f for f in checked.findings if f.org == org.slug),
        files=written_files(out, [o.path.as_posix() for o in own]), banner_size=banner_size)
