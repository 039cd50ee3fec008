"""One organisation through every stage, load → validate → model → check → render, in a worker.

A build hands each organisation folder to a worker process (generator.workers) and gets back what
it needs for the summary, the index and the build cache. In a full build the worker also writes
the organisation's files into the staging folder, which the build swaps in only when every
organisation succeeded.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.incremental.cache import CachedOrganisation, written_files
from generator.incremental.keys import InputKey, input_key
from generator.incremental.store import FolderKeeper
from generator.check.checker import check_organisation
from generator.errors import Problem
from generator.profile.gather import gather_organisation
from generator.render.listing import IndexEntry, IndexRows
from generator.profile.lock import updated_lock
from generator.check.readability import SyllableCount, keep_dictionaries_in, keep_syllable_counts, newly_counted
from generator.printing.pdfs import statement_pdfs
from generator.render.outputs import render_index_rows, render_organisation, renderer_for
from generator.check.tally import Tally
from generator.render.theme import Theme
from generator.incremental.workers import Progress, for_each_folder
from generator.output.published import earlier_banners
from generator.output.write import StagingFolder
from generator.render.files import OutputFile


@dataclass(frozen=True)
class BuildSettings:
    """What every organisation of one build shares; small enough to hand to each worker."""

    on: dt.date
    theme: Theme
    fingerprint: str
    """Of the theme and privgen's code: part of each organisation's cache key."""
    staging: StagingFolder | None = None
    """In a full build: write each organisation's files here."""
    cache: Path | None = None
    """The build cache folder, where parsed hyphenation dictionaries are kept."""
    published: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The versions of each organisation that the last build published: its lock must still hold them."""
    out: Path | None = None
    """The site as it stands: the content-addressed banner files it holds stay published."""
    pdf: bool = False
    """Print every version of every statement to PDF, beside its page."""


@dataclass(frozen=True)
class BuiltOrganisation:
    """What became of one organisation folder."""

    slug: str
    problems: tuple[Problem, ...]
    entry: IndexEntry | None = None
    index_rows: IndexRows = ()
    """Its item in the list of all organisations, per language."""
    findings: Tally = Tally()
    """How many findings of each severity the GDPR check made."""
    outputs: tuple[OutputFile, ...] = ()
    """Its files; without their bytes when the worker wrote them into the staging folder."""
    banner_size: int | None = None
    """gzip -9 bytes of its consent.js; None where it needs no banner."""
    lock: tuple[Path, bytes] | None = None
    """Its lock file, when this build publishes versions it did not hold yet."""
    key: InputKey | None = None
    """Its cache key, as it will be once the lock file is written."""
    written: dict[str, tuple[int, int]] | None = None
    """Size and time of each file, when the worker wrote them into the staging folder."""
    versions: tuple[tuple[str, dt.date | None], ...] = ()
    """Each version's id and effective date."""
    in_force: tuple[str, ...] = ()
    """The versions in force on the build date."""
    syllables: tuple[SyllableCount, ...] = ()
    """Words its readability check hyphenated, with their syllables, to keep for later builds."""

    def cache_entry(self, files: dict[str, tuple[int, int]]) -> CachedOrganisation:
        """What the next build keeps of this organisation, given the size and time of its files."""
        assert self.entry is not None and self.key is not None
        return CachedOrganisation(self.key, self.entry, self.index_rows, self.findings, files, self.banner_size,
                                  self.versions, self.in_force)


def build_organisations(folders: list[Path], settings: BuildSettings, jobs: int,
                        progress: Progress | None = None) -> Iterator[BuiltOrganisation]:
    """Build each folder, spread over jobs processes; yields in the order of folders. Then keeps the
    syllables of the words the checks hyphenated in the build cache."""
    counted: list[SyllableCount] = []
    for organisation in for_each_folder(functools.partial(build_organisation, settings=settings), folders,
                                        jobs, progress):
        counted.extend(organisation.syllables)
        yield organisation
    if counted and settings.cache is not None:
        keep_syllable_counts(FolderKeeper(settings.cache), counted)


def build_organisation(folder: Path, settings: BuildSettings) -> BuiltOrganisation:
    """Gather, check and render one organisation; with a staging folder, write its files there."""
    if settings.cache is not None:
        keep_dictionaries_in(FolderKeeper(settings.cache))
    gathered = gather_organisation(folder, settings.on, published_before=settings.published.get(folder.name, ()))
    org = gathered.organisation
    if org is None or gathered.lock is None:
        return BuiltOrganisation(folder.name, gathered.problems)
    findings = Tally.of(finding.severity for finding in check_organisation(org))
    renderer = renderer_for(settings.theme)
    earlier = earlier_banners(settings.out / org.slug) if settings.out is not None else {}
    rendered = render_organisation(renderer, org, earlier, pdf=settings.pdf)
    outputs = rendered.files
    if settings.pdf:
        outputs = outputs + statement_pdfs(org, outputs, settings.theme)
    lock = updated_lock(org, gathered.lock)
    replaced = {} if lock is None else {gathered.lock.path: lock}
    entry = IndexEntry.of(org)
    built = BuiltOrganisation(org.slug, (), entry, render_index_rows(renderer, entry), findings, tuple(outputs),
                              rendered.banner_size,
                              None if lock is None else (gathered.lock.path, lock),
                              input_key(folder, settings.fingerprint, replaced),
                              versions=tuple((s.version_id, s.effective_date) for s in org.statements),
                              in_force=tuple(s.version_id for s in org.published),
                              syllables=newly_counted())
    staging = settings.staging
    if staging is None:
        return built
    staging.write(outputs)
    # the names travel back, not the bytes
    return replace(built, outputs=tuple(OutputFile(o.path, b"") for o in outputs),
                   written=written_files(staging.folder, [o.path.as_posix() for o in outputs]))
