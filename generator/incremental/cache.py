"""Incremental builds: an organisation whose inputs did not change keeps its pages from last time.

The key of an organisation hashes every file in its content folder, the theme and privgen's own
code. The build date matters only through which versions are in force: an organisation is built
again when that changes, not every day. Kept per organisation: what the index shows of it, how
many findings the check made, and the size and time of each file it wrote, so that an unchanged
organisation is neither parsed nor rendered. The site's own files (the list of organisations, the
assets) are kept the same way under a key of what they show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from generator.check.tally import Tally
from generator.incremental.keys import InputKey, input_key
from generator.incremental.store import FORMAT, kept, stat_of, store
from generator.profile.inforce import versions_in_force
from generator.render.listing import IndexEntry, IndexRows


@dataclass(frozen=True)
class CachedOrganisation:
    """What a build keeps of one organisation for the next."""

    key: InputKey
    entry: IndexEntry
    index_rows: IndexRows
    """Its item in the list of all organisations, as HTML per language."""
    findings: Tally
    files: dict[str, tuple[int, int]]
    """Output path → (size, modification time in ns) as written."""
    banner_size: int | None
    """gzip -9 bytes of its consent.js; None where it needs no banner."""
    versions: tuple[tuple[str, dt.date | None], ...]
    """Each version's id and effective date."""
    in_force: tuple[str, ...]
    """The versions that were in force when it was built."""

    def current_on(self, on: dt.date) -> bool:
        """Whether its pages still hold on this date: the same versions are in force."""
        return versions_in_force(self.versions, on) == self.in_force


@dataclass(frozen=True)
class CachedIndex:
    """The site's own files (the list of organisations, the theme's assets) as last written."""

    key: str
    files: dict[str, tuple[int, int]]


_ORGANISATIONS = "organisations.cache"
_INDEX = "site-index.cache"
_LOCK = "building"
_JOURNAL = "moving"


def cache_folder(out: Path) -> Path:
    """Beside the output folder, so that the published site holds no build state."""
    out = out.resolve()
    return out.parent / f".{out.name}.privgen-cache"




def build_journal(out: Path) -> Path:
    """Where a build that writes into out in place records the moves it is about to make."""
    return cache_folder(out) / _JOURNAL


def build_lock(out: Path) -> Path:
    """The file whose lock the build that writes into out holds (write.one_build_at_a_time)."""
    return cache_folder(out) / _LOCK


def built_before(out: Path) -> bool:
    """Whether a build of privgen left its cache for out (any version of it; its lock is not enough)."""
    return (cache_folder(out) / _ORGANISATIONS).is_file()


def load_index(out: Path) -> CachedIndex | None:
    entry = kept(cache_folder(out) / _INDEX, FORMAT)
    return entry if isinstance(entry, CachedIndex) and _outputs_intact(out, entry.files) else None


def store_index(out: Path, entry: CachedIndex) -> None:
    store(cache_folder(out) / _INDEX, (FORMAT, entry))


# Each organisation's entry is pickled on its own: a rebuild after one edit pickles one entry
# again, not all of them.
_Pickled = dict[str, tuple[bytes, CachedOrganisation]]


def read_cache(out: Path) -> dict[str, CachedOrganisation]:
    """The organisations the last build kept, as it kept them: survey tells which still hold."""
    return {slug: entry for slug, (_, entry) in _pickled_entries(out).items()}


def _pickled_entries(out: Path) -> _Pickled:
    entries = kept(cache_folder(out) / _ORGANISATIONS, FORMAT, _unpickled_entries) if out.is_dir() else None
    return entries if isinstance(entries, dict) else {}


def _unpickled_entries(content: bytes) -> object:
    """The organisations file as (FORMAT, each entry with its pickle), or as it is when another
    version of privgen wrote it."""
    stored = pickle.loads(content)
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == FORMAT and isinstance(stored[1], dict)):
        return stored
    entries = {slug: (blob, pickle.loads(blob)) for slug, blob in stored[1].items()}
    return FORMAT, {slug: pair for slug, pair in entries.items() if isinstance(pair[1], CachedOrganisation)}


@dataclass(frozen=True)
class Survey:
    """What the stat of their files tells of the cached organisations, before anything is parsed."""

    damaged: frozenset[str]
    """Organisations some of whose output files are no longer as they were written."""
    rehashed: dict[str, InputKey]
    """The key of each folder that was read and hashed again: its stat did not vouch for its
    cached key (or it has none). The others keep theirs."""

    def kept(self, slug: str, entry: CachedOrganisation) -> CachedOrganisation | None:
        """The cached organisation, with its key as now known, if its inputs and outputs are as they were."""
        key = self.rehashed.get(slug, entry.key)
        if slug in self.damaged or key.value != entry.key.value:
            return None
        return entry if key is entry.key else replace(entry, key=key)


def damaged(out: Path, cached: Mapping[str, CachedOrganisation]) -> frozenset[str]:
    """The cached organisations some of whose output files are no longer as they were written."""
    return frozenset(slug for slug, entry in cached.items() if not _outputs_intact(out, entry.files))


def survey(out: Path, folders: list[Path], cached: Mapping[str, CachedOrganisation],
           site_fingerprint: str) -> Survey:
    """Check each cached organisation's output files and each folder's key, by stat where it vouches."""
    rehashed = {}
    for folder in folders:
        entry = cached.get(folder.name)
        key = input_key(folder, site_fingerprint, known=entry.key if entry else None)
        if entry is None or key is not entry.key:
            rehashed[folder.name] = key
    return Survey(damaged(out, cached), rehashed)


def save_cache(out: Path, entries: dict[str, CachedOrganisation]) -> None:
    """Keep the entries of every organisation of this build for the next one, in one file; an entry
    read from it and kept as it was keeps its pickle."""
    before = _pickled_entries(out)
    pickled: _Pickled = {}
    for slug, entry in sorted(entries.items()):
        known = before.get(slug)
        blob = known[0] if known and known[1] is entry else pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        pickled[slug] = (blob, entry)
    store(cache_folder(out) / _ORGANISATIONS, (FORMAT, {slug: blob for slug, (blob, _) in pickled.items()}),
           read_as=(FORMAT, pickled))


def _outputs_intact(out: Path, files: dict[str, tuple[int, int]]) -> bool:
    """Size and time of every file as written: a stat is cheap where hashing 10,000 files is not."""
    root = str(out)
    try:
        # plain strings: pathlib costs more than the stat itself here
        return all(stat_of(f"{root}/{name}") == written for name, written in files.items())
    except OSError:
        return False


def written_files(out: Path, names: list[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file as written, for _outputs_intact next time."""
    root = str(out)  # plain strings, as in _outputs_intact: pathlib costs more than the stat itself
    return {name: stat_of(f"{root}/{name}") for name in names}
