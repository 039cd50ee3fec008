"""Reading the content folder, which is not trusted: only regular files inside it, bounded reads.

A platform may take content folders from its customers. A link may point anywhere (/etc/passwd,
/dev/zero), a FIFO blocks whoever opens it, and a file may be huge: so every file privgen reads
from content/ is opened here, without waiting, checked by what it is once open, and read up to a
limit; and every entry of an organisation's folder is looked at before anything of it is used.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import ContentFileError

# What privgen reads in an organisation's folder: its profiles (<version>.yaml), its lock file, a
# logo the profile names, and its template overrides (templates/...).
PROFILE_SUFFIXES = (".yaml", ".yml")
LOCK_NAME = "versions.lock"
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
TEMPLATES = "templates"


def is_read(name: str) -> bool:
    """Whether privgen may read the file at name (relative to an organisation's folder, with /)."""
    if name.startswith(TEMPLATES + "/"):
        return True
    if "/" in name:
        return False
    return name == LOCK_NAME or os.path.splitext(name)[1] in PROFILE_SUFFIXES + LOGO_SUFFIXES


# The most privgen reads of one file of a content folder. The largest seed profile is 14 KB.
MAX_FILE_BYTES = 1 << 20
# Entries (files and folders) an organisation's folder may hold, with its templates/.
MAX_ENTRIES = 1_000


def read_content_file(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most limit of them: opened without blocking (a FIFO would
    wait for a writer for ever), checked by what was opened, not by its name."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ContentFileError(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ContentFileError(_not_a_file(status.st_mode))
        if status.st_size > limit:
            raise ContentFileError(_too_large(limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew after the stat
            raise ContentFileError(_too_large(limit))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


# The first bytes of each kind of image a logo may be, by its file's suffix: a logo is served from
# the site's origin, so an SVG (which runs scripts when opened) or HTML named logo.png is refused.
_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def image_problem(name: str, data: bytes) -> str | None:
    """Why data is not the image its name says (PNG, JPEG, GIF or WebP), or None."""
    suffix = os.path.splitext(name)[1].lower()
    starts = _IMAGE_MAGIC.get(suffix)
    if starts is None:
        return f"a logo must be a PNG, JPEG, GIF or WebP image ({', '.join(LOGO_SUFFIXES)}); SVG is not " \
               "accepted, as it can carry scripts"
    if not data.startswith(starts) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        return f"the file is not a {suffix[1:].upper()} image, whatever its name says: give an image file"
    return None


def _too_large(limit: int) -> str:
    return f"larger than {limit >> 20} MiB, more than a profile or its files need: make it smaller"


def _not_a_file(mode: int) -> str:
    return f"{_kind_of(mode)}, not a file: remove it from the content folder"


def _kind_of(mode: int) -> str:
    """What a file that is not a regular file or a folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def outside_link(path: Path, content: Path) -> str | None:
    """Why path may not be used, if it is a link that leads out of the content folder (or to
    nothing); None for anything else."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a link to nothing, or a loop of links
        return "a link to nothing: remove it, or put the file it should name in its place"
    if not target.is_relative_to(content.resolve()):
        return f"a link to {target}, outside the content folder: copy what it should hold into the folder instead"
    return None


def entry_problems(folder: Path, content: Path) -> list[tuple[Path, str]]:
    """Every entry below an organisation's folder that privgen refuses, with why: links out of
    the content folder, FIFOs, devices and sockets; and too many entries to look at."""
    problems: list[tuple[Path, str]] = []
    seen = 0
    for top, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            seen += 1
            if seen > MAX_ENTRIES:
                return problems + [(folder, f"holds more than {MAX_ENTRIES:,} files and folders: an organisation "
                                            "needs its profiles, a lock file, a logo and a few templates")]
            path = Path(top, name)
            why = outside_link(path, content)
            if why is None:
                try:
                    mode = os.stat(path).st_mode
                except OSError as exc:
                    why = f"cannot read it: {exc.strerror or exc}"
                else:
                    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                        why = _not_a_file(mode)
            if why is not None:
                problems.append((path, why))
                if name in folders:
                    folders.remove(name)  # os.walk does not go into a link's folder; nor into a refused one
    return problems
