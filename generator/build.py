"""The build: every organisation through load → validate → model → check → render, then write.

Nothing reaches the output folder before every organisation is valid."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import importlib
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from generator.incremental.aside import Aside
from generator.incremental.cache import (
    CachedIndex,
    CachedOrganisation,
    build_journal,
    build_lock,
    built_before,
    cache_folder,
    damaged,
    load_index,
    read_cache,
    save_cache,
    store_index,
    survey,
    written_files,
)
from generator.incremental.keys import assets_fingerprint, fingerprint, index_key
from generator.errors import InputError, OutputError, PublishRefused
from generator.incremental.store import FolderKeeper
from generator.render.files import OutputFile
from generator.render.theme import DEFAULT_THEME, Theme
from generator.render.listing import IndexEntry, IndexRows
from generator.profile.load import content_problems, organisation_folders
from generator.check.tally import Tally
from generator.incremental.workers import Progress
from generator.output.write import (
    StagedSite,
    check_output_folder,
    one_build_at_a_time,
    write_in_place,
    write_locks,
)

if TYPE_CHECKING:  # imported when an organisation is built, or while files are looked at aside (_while_importing)
    from generator.pipeline import BuiltOrganisation

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the summary line."""

    organisations: int
    rebuilt: int
    """Organisations this build read and rendered; the others were kept as the last build left them."""
    statements: int
    files: int
    pages: int
    """HTML pages among the files."""
    seconds: float
    banner_sizes: dict[str, int | None]
    """gzip -9 bytes of each organisation's consent.js; None where it needs no banner."""
    check: Tally
    """The GDPR check's findings of every organisation, counted."""


def _without_collections(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run function with the garbage collector off. What a build makes besides its organisations
    (the modules it imports, the cache it reads, the list of all organisations) lives until it
    ends: collecting finds nothing in it, yet each full collection walks all of it (see
    bench/RESULTS.md for what that costs). Building many organisations turns collection on again
    for what they make (workers._collecting)."""

    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_collections
def build(content: Path, out: Path, only: tuple[str, ...] = (), theme: Path = DEFAULT_THEME,
          strict: bool = False, on: dt.date | None = None, jobs: int = 1,
          progress: Progress | None = None, incremental: bool = True,
          waiting: Callable[[str], None] | None = None, pdf: bool = False) -> BuildReport:
    """Build the site from content into out, as it stands on the given date (default today).

    With incremental, organisations whose inputs are unchanged since the last build are neither
    parsed nor rendered, and only files whose bytes changed are written; with only (ORG names),
    those organisations are built again and the others stay as the last build left them. Without
    a last build every organisation goes into a staging folder that replaces out when all is well.
    One build at a time writes into out: another waits for it, and tells waiting() so. With pdf,
    every version of every statement is printed to PDF beside its page, and the history links them.
    """
    check_output_folder(out, {"content": content, "theme": theme}, cache_folder(out), built_before(out))
    with one_build_at_a_time(out, build_lock(out), build_journal(out), waiting):
        return _build(content, out, only, theme, strict, on or dt.date.today(), jobs, progress, incremental, pdf)


def _build(content: Path, out: Path, only: tuple[str, ...], theme: Path, strict: bool, on: dt.date, jobs: int,
           progress: Progress | None, incremental: bool, pdf: bool) -> BuildReport:
    started = time.perf_counter()  # the time the build takes, not the time it waited for another
    # what there is: the organisation folders, once the content folder itself is fine
    folders = _organisation_folders(content, only)
    # what must be built again: the organisations whose inputs changed since the last build
    plan = _plan(out, folders, only, theme, on, jobs, incremental, pdf)
    staged = None if plan.fresh else StagedSite(out)
    try:
        # read, validate, check and render each of them, in workers; any problem stops the build
        built = _build_organisations(plan, on, theme, out, staged, jobs, progress)
        # the site as a whole: the check's findings, and (with --strict) whether to publish at all
        index = _index(plan, built)
        published = sum((b.findings for b in built), Tally())
        findings = sum((entry.findings for entry in plan.fresh.values()), Tally()) + published
        judged = published if only else findings  # --strict with ORG names judges what it publishes
        if strict and judged.count("error"):
            raise PublishRefused(f"not published: the GDPR check found {judged.summary()}; "
                                 "run privgen check to see them")
        # the list of all organisations and the theme's assets, rendered again if what they show changed
        site_key = index_key(plan.fingerprint, assets_fingerprint(theme), index)
        index_files, kept = _site_files(plan, built, index, site_key, theme, out, staged)
        # everything is rendered: only now is the site written
        _publish(plan, built, index_files, kept, out, staged, only)
        with _after_publishing():
            _remember(plan, built, index_files, kept, site_key, out)
    finally:
        if staged is not None:
            shutil.rmtree(staged.staging, ignore_errors=True)
    # and the versions it newly published are recorded in their lock files
    with _after_publishing():
        write_locks(dict(organisation.lock for organisation in built if organisation.lock))
    return _report(index, plan.fresh, built, index_files, findings, time.perf_counter() - started)


@dataclass(frozen=True)
class _Plan:
    """What a build finds before it builds anything."""

    folders: list[Path]
    fingerprint: str
    """Of the theme, privgen's code and whether PDFs are made."""
    cached: dict[str, CachedOrganisation]
    """What the last build kept (none when not incremental)."""
    fresh: dict[str, CachedOrganisation]
    """The organisations that stay as the last build left them."""
    learned: bool
    """Whether a fresh organisation's key was newly learned (kept for the next build)."""
    published_before: dict[str, tuple[str, ...]]
    """The versions of each organisation that the last build published."""
    pdf: bool = False
    """Whether every version is printed to PDF too."""

    @property
    def changed(self) -> list[Path]:
        return [folder for folder in self.folders if folder.name not in self.fresh]


def _organisation_folders(content: Path, only: tuple[str, ...]) -> list[Path]:
    folders = organisation_folders(content, only)
    problems = content_problems(content, only, folders)
    if problems:
        raise InputError(problems)
    return folders


def _plan(out: Path, folders: list[Path], only: tuple[str, ...], theme: Path, on: dt.date, jobs: int,
          incremental: bool, pdf: bool) -> _Plan:
    site_fingerprint = fingerprint(theme, pdf)
    last_build = read_cache(out)
    cached = last_build if incremental else {}
    if only:
        fresh, learned = _others_as_they_are(out, cached, set(only), jobs), False
    else:
        fresh, learned = _unchanged(out, folders, cached, site_fingerprint, on, jobs)
    published_before = {slug: entry.in_force for slug, entry in last_build.items() if entry.in_force}
    return _Plan(folders, site_fingerprint, cached, fresh, learned, published_before, pdf)


def _index(plan: _Plan, built: list[BuiltOrganisation]) -> tuple[IndexEntry, ...]:
    """The list of all organisations: those kept and those built, by slug."""
    return tuple(sorted([entry.entry for entry in plan.fresh.values()] + [b.entry for b in built if b.entry],
                        key=lambda entry: entry.slug))


def _site_files(plan: _Plan, built: list[BuiltOrganisation], index: tuple[IndexEntry, ...], site_key: str,
                theme: Path, out: Path, staged: StagedSite | None) -> tuple[list[OutputFile], CachedIndex | None]:
    """The site's own files; and the last build's record of them where they stay as they are."""
    kept = load_index(out) if staged is None else None
    if kept is not None and kept.key == site_key:  # the list and the assets stay as they are
        return [OutputFile(PurePosixPath(name), b"") for name in kept.files], kept
    rows = {slug: entry.index_rows for slug, entry in plan.fresh.items()} | {b.slug: b.index_rows for b in built}
    return _render_index(theme, out, index, rows), None


def _publish(plan: _Plan, built: list[BuiltOrganisation], index_files: list[OutputFile], kept: CachedIndex | None,
             out: Path, staged: StagedSite | None, only: tuple[str, ...]) -> None:
    """Swap the staging folder in (the workers wrote every organisation's files there), or move the
    changed files into the site as it stands."""
    if staged is not None:
        staged.add(index_files)
        for organisation in built:
            staged.claim(list(organisation.outputs))
        staged.commit()
        return
    removed = [] if only else sorted(set(plan.cached) - {folder.name for folder in plan.folders})
    write_in_place(([] if kept else index_files) + [o for b in built for o in b.outputs], out,
                   replace_folders=[folder.name for folder in plan.changed] + removed, journal=build_journal(out))


def _remember(plan: _Plan, built: list[BuiltOrganisation], index_files: list[OutputFile], kept: CachedIndex | None,
              site_key: str, out: Path) -> None:
    """Keep what the next build needs to skip what stays the same, unless it holds as it is."""
    if built or kept is None or len(plan.fresh) < len(plan.cached) or plan.learned:
        _save_cache(out, plan.fresh, built, None if kept else CachedIndex(site_key, written_files(
            out, [o.path.as_posix() for o in index_files])))


@contextmanager
def _after_publishing() -> Iterator[None]:
    """What fails once the site is in place says so: the site is the new one all the same."""
    try:
        yield
    except OutputError as exc:
        raise OutputError(f"{exc}; the site was published, and the next build tries again") from exc


def _unchanged(out: Path, folders: list[Path], cached: dict[str, CachedOrganisation], site_fingerprint: str,
               on: dt.date, jobs: int) -> tuple[dict[str, CachedOrganisation], bool]:
    """The cached organisations whose inputs and outputs are as the last build left them and whose
    versions in force are the same on this date; and whether any of them has a key newly learned
    (a folder hashed again whose stat now vouches for its bytes: kept for the next build)."""
    if not cached:  # checking every folder only pays when there is a cache to compare with
        return {}, False
    looked = _while_importing(functools.partial(survey, out, folders, cached, site_fingerprint), jobs)
    names = {folder.name for folder in folders}
    holding = {slug: looked.kept(slug, entry) if slug in names and entry.current_on(on) else None
               for slug, entry in cached.items()}
    fresh = {slug: entry for slug, entry in holding.items() if entry is not None}
    return fresh, any(fresh[slug] is not cached[slug] for slug in fresh)


def _others_as_they_are(out: Path, cached: dict[str, CachedOrganisation], named: set[str],
                        jobs: int) -> dict[str, CachedOrganisation]:
    """Building only the named organisations: the others of the last build, whose output files are
    still as it wrote them (their stat is all that is looked at), stay in the site and its list as
    they are, neither read nor validated again; the next full build sees what changed in them. One
    whose files are gone or changed leaves the list, and the next full build makes it again."""
    others = {slug: entry for slug, entry in cached.items() if slug not in named}
    if not others:  # no last build, or one of only these: nothing to look at
        return {}
    gone = _while_importing(functools.partial(damaged, out, others), jobs)
    return {slug: entry for slug, entry in others.items() if slug not in gone}


def _while_importing(looking_at_files: Callable[[], _R], jobs: int) -> _R:
    """With more than one process to use, looking_at_files() runs in a forked one while this one
    imports what renders an organisation, step by step until it is done (with nothing to render,
    the rest is not needed): after one edit, checking the files by their stat overlaps the imports."""
    if jobs == 1:
        return looking_at_files()
    looking = Aside(looking_at_files)
    for module in _RENDERING_MODULES:  # not one while the files are looked at here, where it cannot fork
        if looking.ready():
            break
        importlib.import_module(module)
    return looking.result()


# What rendering an organisation imports, in steps: the profile model (with pydantic), the
# templates (with Jinja, Markdown, Babel), and everything else the pipeline needs.
_RENDERING_MODULES = ("generator.profile.model", "generator.render.templating", "generator.pipeline")


def _render_index(theme: Path, out: Path, index: tuple[IndexEntry, ...],
                  rows: dict[str, IndexRows]) -> list[OutputFile]:
    from generator.render.outputs import render_site_index, renderer_for

    return render_site_index(renderer_for(build_theme(theme, out)), index, rows)


def _save_cache(out: Path, fresh: dict[str, CachedOrganisation], built: list[BuiltOrganisation],
                index: CachedIndex | None) -> None:
    """What the next build needs to skip what stays the same; index only when it was written."""
    entries = dict(fresh)
    for organisation in built:
        files = organisation.written or written_files(out, [o.path.as_posix() for o in organisation.outputs])
        entries[organisation.slug] = organisation.cache_entry(files)
    save_cache(out, entries)
    if index is not None:
        store_index(out, index)


def _report(index: tuple[IndexEntry, ...], fresh: dict[str, CachedOrganisation], built: list[BuiltOrganisation],
            index_files: list[OutputFile], findings: Tally, seconds: float) -> BuildReport:
    names = [o.path.as_posix() for o in index_files] + [name for e in fresh.values() for name in e.files] + [
        o.path.as_posix() for b in built for o in b.outputs]
    return BuildReport(
        organisations=len(index),
        rebuilt=len(built),
        statements=sum(entry.statements for entry in index),
        files=len(names),
        pages=sum(1 for name in names if name.endswith(".html")),
        seconds=seconds,
        banner_sizes={slug: e.banner_size for slug, e in fresh.items()} | {b.slug: b.banner_size for b in built},
        check=findings,
    )


def _build_organisations(plan: _Plan, on: dt.date, theme: Path, out: Path, staged: StagedSite | None, jobs: int,
                         progress: Progress | None) -> list[BuiltOrganisation]:
    changed = plan.changed
    if not changed:
        return []
    from generator.pipeline import BuildSettings, build_organisations

    settings = BuildSettings(on, build_theme(theme, out), plan.fingerprint, staged.target if staged else None,
                             cache_folder(out), {folder.name: plan.published_before[folder.name]
                                                 for folder in changed if folder.name in plan.published_before},
                             out, plan.pdf)
    built = list(build_organisations(changed, settings, jobs, progress))
    problems = [problem for organisation in built for problem in organisation.problems]
    if problems:
        raise InputError(problems)
    return built


def build_theme(theme: Path, out: Path) -> Theme:
    """The theme as builds into out use it: compiled templates and catalogs kept in out's build cache."""
    return Theme(theme, FolderKeeper(cache_folder(out)))
