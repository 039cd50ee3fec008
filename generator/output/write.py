"""Stage 5: write the rendered files into a fresh folder and swap it in only when all is written."""

from __future__ import annotations

import glob
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # Windows: builds into one folder are not kept apart there
    fcntl = None  # type: ignore[assignment]

from generator.errors import OutputError
from generator.render.files import OutputFile

# Beside the output folder out, while a build replaces it: .<out>.new-* is written, then swapped in
# for out, which moves into .<out>.old-* until it is removed.
_STAGING, _RETIRED = ".new-", ".old-"


@dataclass(frozen=True)
class StagingFolder:
    """Where the files of out are written before out is replaced; small enough to hand to workers."""

    folder: Path
    out: Path

    def write(self, outputs: list[OutputFile], changed: bool = False) -> None:
        """Write outputs into the staging folder; a file the published folder already holds with the
        same bytes is linked instead, so it is not written again and keeps its time (sync tools and
        caches see it unchanged). changed: the outputs are known to differ from what out holds."""
        _check_paths(outputs)
        published = not changed and self.out.is_dir()
        # plain strings and os calls: pathlib cost a third of the time of writing a build's 14,000 files
        root = str(self.folder)
        try:
            # each folder once: creating files and folders is what a large build spends its system time on
            for folder in sorted({output.path.parent for output in outputs}):
                os.makedirs(f"{root}/{folder}", exist_ok=True)
            for output in outputs:
                name = output.path.as_posix()
                target = f"{root}/{name}"
                if not (published and _link_unchanged(self.out / name, output.content, Path(target))):
                    _write_file(target, output.content)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write the output folder: {exc.strerror or exc}; nothing was "
                              "published") from exc


def check_output_folder(out: Path, sources: dict[str, Path], cache: Path, built_before: bool) -> None:
    """Refuse an output folder that a build must not replace. A build swaps the output folder in
    whole: one that is, holds or lies within the content or the theme would take them with it (as
    MkDocs refuses a site_dir that holds its docs_dir), and a folder no build of privgen made (none
    left its cache beside it: not built_before) would lose whatever else it holds."""
    target = out.resolve()
    for name, source in sources.items():
        folder = source.resolve()
        if target == folder or target in folder.parents:
            raise OutputError(f"{out}: the output folder holds the {name} folder {source}, and a build "
                              "replaces it whole: choose another --out")
        if folder in target.parents:
            raise OutputError(f"{out}: the output folder is inside the {name} folder {source}: "
                              "choose a folder outside it")
    if target.exists() and not target.is_dir():
        raise OutputError(f"{out}: not a folder: choose a new or empty folder for --out")
    if target.is_dir() and not built_before and any(target.iterdir()):
        raise OutputError(f"{out}: holds files that no build of privgen made (its cache {cache.name} is not "
                          "beside it), and a build replaces the folder whole: choose a new or empty folder, "
                          "or empty this one")


# The descriptors of the build locks this process holds. A process forked while one is held (a
# worker, the survey aside) would otherwise share the lock, and one left running after this process
# died (killed mid-build) would keep every later build waiting: the child closes them at once.
_HELD: set[int] = set()


def _drop_inherited_locks() -> None:
    for descriptor in _HELD:
        os.close(descriptor)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def one_build_at_a_time(out: Path, lock: Path, journal: Path,
                        waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the output folder out for one build, by lock. A second build into it (say, privgen build
    beside a running privgen serve) tells waiting() that it waits, and waits until the first has
    written its files and saved its cache, instead of writing between them; the lock goes with the
    process that holds it, however that ends, and is not shared with the processes it forks. What
    a build that was killed left beside out (a half-written staging folder, a retired site) goes,
    and what it had begun to move into out is finished (finish_interrupted)."""
    if fcntl is None:
        finish_interrupted(out, journal)
        yield
        return
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise OutputError(f"{lock}: cannot open the build's lock file: {exc.strerror or exc}") from exc
    _HELD.add(handle)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(f"Waiting for another build into {out} to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        finish_interrupted(out, journal)
        _remove_abandoned(out)
        yield
    finally:
        _HELD.discard(handle)
        os.close(handle)  # and with it the lock


def _remove_abandoned(out: Path) -> None:
    """Clear away what builds into out that did not end left beside it: only the build that holds
    the lock makes these folders, and it has just taken it. A staging folder is half written; a
    build stopped between the two moves of its swap left the last site in a retired folder, with no
    out: that site is put back."""
    target = out.resolve()
    for folder in target.parent.glob(f".{glob.escape(target.name)}{_RETIRED}*"):
        site = folder / target.name
        if not os.path.lexists(target) and site.is_dir():
            try:
                os.replace(site, target)
            except OSError:
                continue  # better left where it is than lost
        shutil.rmtree(folder, ignore_errors=True)
    for folder in target.parent.glob(f".{glob.escape(target.name)}{_STAGING}*"):
        shutil.rmtree(folder, ignore_errors=True)


class StagedSite:
    """A fresh output folder filled piece by piece and swapped in whole when the build succeeds.

    Pieces are written as they are rendered, so a large site never sits in memory at once;
    any failure before commit leaves the previous output folder as it was.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = _staging_folder(self.out)
        self.target = StagingFolder(self.staging, self.out)
        self._seen: set[PurePosixPath] = set()

    def add(self, outputs: list[OutputFile]) -> None:
        self.claim(outputs)
        self.target.write(outputs)

    def claim(self, outputs: list[OutputFile]) -> None:
        """Take note of files another process wrote into the staging folder: none twice."""
        _check_paths(outputs, self._seen)

    def commit(self) -> None:
        try:
            _swap(self.staging, self.out)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot replace the output folder: {exc.strerror or exc}; nothing was "
                              "published") from exc


def write_in_place(outputs: list[OutputFile], out: Path, replace_folders: list[str], journal: Path) -> None:
    """Change out into the site of outputs, touching only files whose bytes changed and dropping
    files of replace_folders no longer produced, as one step as far as a reader of the site can
    tell after a stop: every changed file is first written into a staging folder beside out; then
    the journal (a file in the build cache) records what moves where, and only then are the files
    moved in, each by a rename. A build that stops before the journal changed nothing; one that
    stops after it is finished by the next build into out (finish_interrupted), before it does
    anything else."""
    _check_paths(outputs)
    moves, removals = _changes(outputs, out, replace_folders)
    if not moves and not removals:
        return
    _refuse_obstacles(out, moves)
    staging = _staging_folder(out)
    journaled = False
    try:
        try:
            StagingFolder(staging, out).write([output for output in outputs if output.path.as_posix() in moves],
                                              changed=True)
            replace_file(journal, json.dumps({"staging": staging.name, "moves": sorted(moves),
                                              "removals": sorted(removals)}).encode("utf-8"))
            journaled = True
        except OSError as exc:
            raise OutputError(f"{out}: cannot write the changed files: {exc.strerror or exc}; nothing was "
                              "published") from exc
        try:
            _apply(out, staging, sorted(moves), sorted(removals))
            journal.unlink()
            journaled = False
        except OSError as exc:
            raise OutputError(f"{out}: cannot move the changed files in: {exc.strerror or exc}; the next "
                              "build finishes what this one began") from exc
    finally:
        if not journaled:  # else the staged files are what the next build moves in
            shutil.rmtree(staging, ignore_errors=True)


def _changes(outputs: list[OutputFile], out: Path, replace_folders: list[str]) -> tuple[set[str], set[str]]:
    """The files whose bytes change (or that are new), and the files of replace_folders no longer produced."""
    moves = {output.path.as_posix() for output in outputs if not _holds(out.joinpath(*output.path.parts),
                                                                           output.content)}
    produced = {output.path.as_posix() for output in outputs}
    removals = set()
    for folder in replace_folders:
        for stale in (out / folder).rglob("*") if (out / folder).is_dir() else []:
            relative = stale.relative_to(out).as_posix()
            if relative not in produced and (stale.is_file() or stale.is_symlink()):
                removals.add(relative)
    return moves, removals


def _refuse_obstacles(out: Path, moves: set[str]) -> None:
    """Refuse, before anything moves, a changed file whose place holds a folder or below a file:
    moving it in would stop halfway."""
    for name in sorted(moves):
        target = out / name
        if target.is_dir() and not target.is_symlink():
            obstacle = f"{name} is a folder"
        else:
            parent = next((p for p in target.parents if p != out and p.is_relative_to(out)
                           and (p.is_file() or p.is_symlink())), None)
            if parent is None:
                continue
            obstacle = f"{parent.relative_to(out).as_posix()} is a file"
        raise OutputError(f"{out}: cannot write the output folder: {obstacle}; remove it (nothing was published)")


def _apply(out: Path, staging: Path, moves: list[str], removals: list[str]) -> None:
    """Move the staged files into out and remove the stale ones; each step may be done again, so a
    stop midway is finished by doing all of it again."""
    for name in moves:
        source = staging / name
        if source.exists():  # else moved in already, by the run that stopped
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / name)
    for name in removals:
        with suppress(FileNotFoundError):
            (out / name).unlink()
    for folder in sorted({(out / name).parent for name in removals}, key=lambda p: -len(p.parts)):
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def finish_interrupted(out: Path, journal: Path) -> None:
    """Finish the moves of a build into out that stopped after it wrote its journal: the site is then
    the one it built, never half of it."""
    try:
        record = json.loads(journal.read_bytes())
        staging, moves, removals = record["staging"], record["moves"], record["removals"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{journal}: cannot read the journal of a build that stopped midway: {exc}; remove "
                          f"it and build again with a new --out") from exc
    target = out.resolve()
    try:
        _apply(target, target.parent / staging, moves, removals)
        journal.unlink()
    except OSError as exc:
        raise OutputError(f"{out}: cannot finish what a build that stopped midway began: {exc.strerror or exc}") \
            from exc


def _staging_folder(out: Path) -> Path:
    """A new folder beside out to stage files in (_remove_abandoned knows it by its name), readable
    as the umask says: mkdtemp makes folders only their owner can read, and a site is read by a web
    server of another user."""
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}{_STAGING}", dir=out.parent))
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)
    return folder


def _write_file(path: str, content: bytes) -> None:
    """What Path.write_bytes does, without its layers of objects."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        remaining = memoryview(content)
        while remaining:
            remaining = remaining[os.write(descriptor, remaining):]
    finally:
        os.close(descriptor)


def _check_paths(outputs: list[OutputFile], seen: set[PurePosixPath] | None = None) -> None:
    """Refuse a path that escapes the output folder, and writing one file twice."""
    seen = set() if seen is None else seen
    for output in outputs:
        path = output.path
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise OutputError(f"refusing to write outside the output folder: {path}")
        if path in seen:
            raise OutputError(f"refusing to write the same file twice: {path}")
        seen.add(path)


def _link_unchanged(published: Path, content: bytes, target: Path) -> bool:
    """Hard-link the published file to target if it holds exactly content; False if it does not, or
    the file system cannot link (then the caller writes the bytes)."""
    if published.is_symlink() or not _holds(published, content):
        return False  # a symbolic link is written as a file of its own: never link to what it points at
    try:
        os.link(published, target, follow_symlinks=False)
    except OSError:
        return False
    return True


def _holds(path: Path, content: bytes) -> bool:
    """Whether path is a file with exactly these bytes (the size tells most of the time)."""
    try:
        status = os.stat(path)
        return stat.S_ISREG(status.st_mode) and status.st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}{_RETIRED}", dir=out.parent))
    os.replace(out, retired / out.name)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def write_locks(locks: dict[Path, bytes]) -> None:
    """Write lock files that gained versions; each replaced atomically."""
    for path, content in locks.items():
        write_lock(path, content)


def write_lock(path: Path, content: bytes) -> Path:
    """Replace one organisation's lock file (versions.lock) in one step."""
    try:
        replace_file(path, content)
    except OSError as exc:
        raise OutputError(f"{path}: cannot record the published versions: {exc.strerror or exc}") from exc
    return path


def remove_file(path: Path) -> None:
    """Remove a file of the content folder (a withdrawn version's profile)."""
    try:
        path.unlink()
    except OSError as exc:
        raise OutputError(f"{path}: cannot remove the file: {exc.strerror or exc}; remove it by hand") from exc


def replace_file(path: Path, content: bytes) -> os.stat_result:
    """Give path these bytes in one step, through a staging file of this process's own (two builds,
    or a build and the live server, may replace the same file at once); the staging file goes if
    that fails. Returns the stat of what was written."""
    staging = path.with_name(f"{path.name}.{os.getpid()}.new")
    try:
        with open(staging, "wb") as file:
            file.write(content)
            file.flush()
            status = os.fstat(file.fileno())
        os.replace(staging, path)
    except OSError:
        with suppress(OSError):
            staging.unlink(missing_ok=True)
        raise
    return status
