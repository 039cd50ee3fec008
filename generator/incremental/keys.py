"""Cache keys: what an organisation's pages depend on, hashed, and when a stat can vouch for it.

The key of an organisation hashes the files privgen reads in its content folder (of the others only
their kind), the theme and privgen's own code. A folder whose files keep their stat keeps its key
without being read again, as git trusts its index.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.incremental.store import FORMAT
from generator.errors import ContentFileError
from generator.profile.files import is_read, outside_link, read_content_file
from generator.render.listing import IndexEntry
from generator.render.theme import THEME_STATIC

_CODE = Path(__file__).resolve().parent.parent  # the package generator


def fingerprint(theme: Path, pdf: bool = False) -> str:
    """What every organisation's output depends on besides its own folder and the date: privgen's
    code and the theme, of whose static files only the names (pages link to the stylesheets by
    name; the bytes go into assets/ alone, whose key holds them: assets_fingerprint). So a change
    to the stylesheet rewrites it, not every organisation."""
    digest = hashlib.sha256(FORMAT + (b"+pdf" if pdf else b""))  # PDFs are files of each organisation too
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



def index_key(site_fingerprint: str, assets: str, entries: tuple[IndexEntry, ...]) -> str:
    """What the site's own files depend on: theme, code, the theme's static files (assets) and what
    the list shows (on the build date)."""
    return hashlib.sha256((site_fingerprint + assets + repr(entries)).encode()).hexdigest()
