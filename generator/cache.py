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

from generator.contentfiles import ContentFileError, is_read, outside_link, read_content_file
from generator.errors import OutputError
from generator.inforce import versions_in_force
from generator.listing import IndexEntry, IndexRows
from generator.tally import Tally
from generator.write import replace_file

FORMAT = b"privgen-cache-8"
_T = TypeVar("_T")
_CODE = Path(__file__).resolve().parent


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
    banner_size: int
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


# The theme's folder of static files, copied into the site's assets/ (templating.Theme.static).
THEME_STATIC = "static"


def fingerprint(theme: Path) -> str:
    """What every organisation's output depends on besides its own folder and the date: privgen's
    code and the theme, of whose static files only the names (pages link to the stylesheets by
    name; the bytes go into assets/ alone, whose key holds them: assets_fingerprint). So a change
    to the stylesheet rewrites it, not every organisation."""
    digest = hashlib.sha256(FORMAT)
    for name, path in _hashed_files(theme):
        digest.update(name.encode() + b"\0" + (b"" if _is_static(name) else _bytes_of(path)))
    for name, path in _hashed_files(_CODE):
        digest.update(name.encode() + b"\0" + _bytes_of(path))
    return digest.hexdigest()


def assets_fingerprint(theme: Path) -> str:
    """The bytes of the theme's static files, which the site's own files (assets/) are."""
    digest = hashlib.sha256(FORMAT)
    for name, path in _hashed_files(theme):
        if _is_static(name):
            digest.update(name.encode() + b"\0" + _bytes_of(path))
    return digest.hexdigest()


def _hashed_files(folder: Path) -> list[tuple[str, str]]:
    return [(name, path) for name, path in _files(folder, {})
            if "__pycache__" not in name.split("/") and os.path.isfile(path)]


def _is_static(name: str) -> bool:
    return name.startswith(THEME_STATIC + "/")


def _bytes_of(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


# A file last changed this long before it was read keeps its bytes while its stat stays the same:
# timestamps are coarser than writes, so a file changed again within one tick after it was read
# could show the same size and times. A time with a fraction of a second comes from a fine clock
# (ticks of 1 to 16 ms: ext4, APFS, NTFS, exFAT); a whole second may come from a coarse one
# (HFS+ keeps seconds, FAT two).
_SETTLED_FINE_NS = 100_000_000
_SETTLED_COARSE_NS = 2_000_000_000
# Within one process (the live server's rebuilds) a cache file that is unchanged is not read again.
_READ: dict[Path, tuple[tuple[int, int], object]] = {}


@dataclass(frozen=True)
class InputKey:
    """The hash of an organisation's folder, and how its files looked when they were hashed."""

    value: str
    fingerprint: str
    """The site's fingerprint that the hash includes."""
    files: tuple[tuple[str, int, int, int, int], ...] | None = None
    """(name, size, modification time, change time, inode) of each file as hashed; None when one of
    them had changed too shortly before, or was not read, so that its stat cannot vouch for its bytes."""


def input_key(folder: Path, site_fingerprint: str, replaced: Mapping[Path, bytes] | None = None,
              known: InputKey | None = None) -> InputKey:
    """The key of an organisation's folder; replaced gives the bytes a file is about to get. A known
    key whose files all keep their stat is taken as it is (git trusts its index the same way); the
    files are read and hashed otherwise: of a file privgen reads its bytes, of any other entry its
    kind only (a FIFO or a link to /dev/zero is never opened, yet adding one changes the key)."""
    instead = {str(path): content for path, content in (replaced or {}).items()}
    files = _files(folder, instead)
    if known is not None and known.files is not None and known.fingerprint == site_fingerprint and not instead:
        try:
            if tuple((name, *_signature(os.stat(path))) for name, path in files) == known.files:
                return known
        except OSError:  # gone since the folder was listed: hashing tells what is there
            pass
    digest = hashlib.sha256(site_fingerprint.encode())
    now = time.time_ns()
    signatures: list[tuple[str, int, int, int, int]] | None = []
    for name, path in files:
        if path in instead:
            content, status = instead[path], None
        elif is_read(name):
            content, status = _content_of(path, folder.parent)
        else:
            content, status = _kind_of(path)
        digest.update(name.encode() + b"\0" + content)
        if signatures is not None and status is not None and _settled(status, now):
            signatures.append((name, *status))
        else:
            signatures = None
    return InputKey(digest.hexdigest(), site_fingerprint, None if signatures is None else tuple(signatures))


def _files(folder: Path, extra: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """(name relative to folder, path) of each file (and link to a folder) in folder and of the
    extra paths (also in folder), by name. Plain strings: with a thousand organisations, pathlib's objects and
    os.path.relpath's calls to os.getcwd cost more than the reading."""
    root = str(folder)
    paths = {os.path.join(top, name) for top, folders, names in os.walk(root)
             for name in names + [f for f in folders if os.path.islink(os.path.join(top, f))]} | set(extra)
    start = len(os.path.join(root, ""))
    return sorted((path[start:].replace(os.sep, "/"), path) for path in paths)


def _content_of(path: str, content: Path) -> tuple[bytes, tuple[int, int, int, int] | None]:
    """A file's bytes, with the stat signature of what was read; for a file that cannot be read (a
    link to nothing or out of the content folder, a special file, one too large, one removed since
    its folder was listed) what stands in its place, and no signature, so that it is tried again
    next time (and the build that reads it says what is wrong)."""
    if outside_link(Path(path), content) is not None:
        return b"\0refused link", None  # the build that reads the organisation says why
    try:
        status = os.stat(path)
        return read_content_file(path), _signature(status)
    except (OSError, ContentFileError) as exc:
        return f"\0cannot be read: {exc}".encode(), None


def _kind_of(path: str) -> tuple[bytes, tuple[int, int, int, int] | None]:
    """What stands for a file privgen does not read: its kind (a file, a link, a FIFO...)."""
    try:
        status = os.lstat(path)
    except OSError as exc:
        return f"\0cannot be read: {exc.errno}".encode(), None
    return f"\0kind {stat.S_IFMT(status.st_mode)}".encode(), _signature(status)


def _settled(signature: tuple[int, int, int, int], now: int) -> bool:
    """Whether a file with this signature, read now, changed longer ago than its clock's tick."""
    changed = max(signature[1], signature[2])
    return changed < now - (_SETTLED_FINE_NS if changed % 1_000_000_000 else _SETTLED_COARSE_NS)


def _signature(status: os.stat_result) -> tuple[int, int, int, int]:
    """Size, modification time, change time and inode: the change time cannot be set back by hand,
    and a file replaced by another (an editor's atomic save) gets another inode."""
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def _stat(path: str | Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns


def index_key(site_fingerprint: str, assets: str, entries: tuple[IndexEntry, ...]) -> str:
    """What the site's own files depend on: theme, code, the theme's static files (assets) and what
    the list shows (on the build date)."""
    return hashlib.sha256((site_fingerprint + assets + repr(entries)).encode()).hexdigest()


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
    _store(cache_folder(out) / _INDEX, (FORMAT, entry))


# Each organisation's entry is pickled on its own: a rebuild after one edit pickles one entry
# again, not all of them (2 ms to write the file for 1,000 organisations, against 18 ms).
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
    _store(cache_folder(out) / _ORGANISATIONS, (FORMAT, {slug: blob for slug, (blob, _) in pickled.items()}),
           read_as=(FORMAT, pickled))


def remembered(path: Path, key: object, make: Callable[[], _T]) -> _T:
    """make()'s value, kept pickled at path with key: later processes read it from there while they
    ask with the same key. Where the file cannot be written, the value is only returned."""
    known = kept(path, key)
    if known is not None:
        return known  # type: ignore[return-value]
    value = make()
    keep(path, key, value)
    return value


def keep(path: Path, key: object, value: object) -> None:
    """Keep value pickled at path with key, for later processes; nothing where the file cannot be written."""
    try:
        _store(path, (key, value))
    except OutputError:
        pass


def kept(path: Path, key: object, unpickle: Callable[[bytes], object] = pickle.loads) -> object:
    """The value a cache file keeps under key (the files of the build cache itself: FORMAT, as
    another version of privgen may keep other shapes); None when it keeps none or another."""
    content = _read(path, unpickle)
    return content[1] if isinstance(content, tuple) and len(content) == 2 and content[0] == key else None


def _read(path: Path, unpickle: Callable[[bytes], object]) -> object:
    """A cache file's content; None when there is none yet, or it is from another version or damaged.
    A file is read with one unpickle function only, as the content is remembered by path."""
    try:
        stat = _stat(path)
        known = _READ.get(path)
        if known is not None and known[0] == stat:
            return known[1]
        content = unpickle(path.read_bytes())
    except Exception:
        return None
    _READ[path] = (stat, content)
    return content


def _outputs_intact(out: Path, files: dict[str, tuple[int, int]]) -> bool:
    """Size and time of every file as written: a stat is cheap where hashing 10,000 files is not."""
    root = str(out)
    try:
        # plain strings: pathlib costs more than the stat itself here
        return all(_stat(f"{root}/{name}") == written for name, written in files.items())
    except OSError:
        return False


def written_files(out: Path, names: list[str]) -> dict[str, tuple[int, int]]:
    """Size and modification time of each file as written, for _outputs_intact next time."""
    root = str(out)  # plain strings, as in _outputs_intact: pathlib costs more than the stat itself
    return {name: _stat(f"{root}/{name}") for name in names}


def _store(path: Path, content: object, read_as: object = None) -> None:
    """Write content pickled; read_as is what reading the file gives, where that is not content."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        status = replace_file(path, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        raise OutputError(f"{path}: cannot keep the build cache: {exc.strerror or exc}") from exc
    # the live server's next rebuild reads this file again: it is what this process just wrote
    _READ[path] = ((status.st_size, status.st_mtime_ns), content if read_as is None else read_as)
