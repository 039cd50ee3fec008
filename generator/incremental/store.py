"""Values kept pickled in the build cache, for later processes: the build cache's own files, and
whatever the check and the renderer keep through a FolderKeeper (generator.keeping.Keeper)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import FileSystemBytecodeCache

from generator.errors import OutputError
from generator.output.write import replace_file

FORMAT = b"privgen-cache-8"
_T = TypeVar("_T")
# Within one process (the live server's rebuilds) a cache file that is unchanged is not read again.
_READ: dict[Path, tuple[tuple[int, int], object]] = {}


@dataclass(frozen=True)
class FolderKeeper:
    """A Keeper (generator.keeping) that keeps each value in a file of folder (the build cache)."""

    folder: Path

    def remembered(self, name: str, key: object, make: Callable[[], _T]) -> _T:
        return remembered(self.folder / name, key, make)

    def kept(self, name: str, key: object) -> object:
        return kept(self.folder / name, key)

    def keep(self, name: str, key: object, value: object) -> None:
        keep(self.folder / name, key, value)

    def bytecode_cache(self, name: str) -> FileSystemBytecodeCache:
        folder = self.folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # KeptIfRoom keeps nothing there, then
        return KeptIfRoom(str(folder))


class KeptIfRoom(FileSystemBytecodeCache):
    """Compiled templates kept between runs where they can be written: a full disk or a read-only
    cache folder costs the next run its compiling, not this build."""

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def stat_of(path: str | Path) -> tuple[int, int]:
    """Size and modification time: what tells that a file is as it was written."""
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns


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
        store(path, (key, value))
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
        stat = stat_of(path)
        known = _READ.get(path)
        if known is not None and known[0] == stat:
            return known[1]
        content = unpickle(path.read_bytes())
    except Exception:
        return None
    _READ[path] = (stat, content)
    return content



def store(path: Path, content: object, read_as: object = None) -> None:
    """Write content pickled; read_as is what reading the file gives, where that is not content."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        status = replace_file(path, pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        raise OutputError(f"{path}: cannot keep the build cache: {exc.strerror or exc}") from exc
    # the live server's next rebuild reads this file again: it is what this process just wrote
    _READ[path] = ((status.st_size, status.st_mtime_ns), content if read_as is None else read_as)
