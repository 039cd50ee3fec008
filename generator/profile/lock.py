"""Published versions are immutable: a committed lock file keeps the content hash of each one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from generator.profile.files import LOCK_NAME, read_content_file
from generator.errors import ContentFileError, InputError, PrivgenError, Problem
from generator.profile.load import SAFE_LOADER
from generator.profile.site import Organisation, Statement, Withdrawal

# libyaml's emitter where PyYAML has it: the same text as yaml.safe_dump, several times faster
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = ("# privgen: content hashes of the published versions of this statement. A published version\n"
          "# never changes: publish a new version file instead. For a deliberate correction run\n"
          "#   privgen correct <org> <version> --reason \"...\"\n")


_STATED = "sha256-stated:"
_LEGACY = "sha256:"


def content_hash(statement: Statement) -> str:
    """Hash of what the profile file states, in a canonical form: reformatting, comments and key
    order do not change it, nor does a release of privgen that adds optional fields, defaults or
    labels (they are not in the file); any stated value does."""
    canonical = json.dumps(_canonical(statement.stated), sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"), default=str)
    return _STATED + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    """YAML data as JSON can hold it: every key a string (YAML allows numbers and booleans)."""
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def _legacy_hash(statement: Statement) -> str:
    """The hash lock files of privgen 0.1 hold: of the validated model with its defaults, which
    changes whenever the model gains a field. Read once, then replaced by content_hash."""
    canonical = json.dumps(statement.profile.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return _LEGACY + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def holds(recorded: str, statement: Statement) -> bool:
    """Whether a recorded hash is that of the statement, in the form it was recorded in."""
    if recorded.startswith(_STATED):
        return recorded == content_hash(statement)
    return recorded == _legacy_hash(statement)


@dataclass(frozen=True)
class Lock:
    """The lock file of one organisation."""

    path: Path
    versions: dict[str, str] = field(default_factory=dict)
    corrections: tuple[dict[str, Any], ...] = ()
    withdrawn: tuple[dict[str, Any], ...] = ()
    """Published versions taken back by privgen withdraw: version, date, reason, hash."""
    published: dict[str, str] = field(default_factory=dict)
    """The day each version was first published (ISO date), by version id."""
    exists: bool = False
    """Whether the file was there to read."""

    def render(self) -> bytes:
        document: dict[str, Any] = {"versions": self.versions}
        if self.published:
            document["published"] = self.published
        if self.corrections:
            document["corrections"] = list(self.corrections)
        if self.withdrawn:
            document["withdrawn"] = list(self.withdrawn)
        dumped = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        return (HEADER + dumped).encode("utf-8")

    @cached_property
    def first_published(self) -> tuple[tuple[str, dt.date], ...]:
        """The recorded publication days, read (checked as dates) once."""
        return tuple((version, dt.date.fromisoformat(day)) for version, day in self.published.items())

    @cached_property
    def withdrawals(self) -> tuple[Withdrawal, ...]:
        """The withdrawn entries, read (their dates checked) once."""
        return tuple(Withdrawal(str(w["version"]), dt.date.fromisoformat(str(w["date"])), str(w["reason"]))
                     for w in self.withdrawn)


def read_lock(org: Organisation) -> tuple[Lock, list[Problem]]:
    path = org.folder / LOCK_NAME
    if not os.path.lexists(path):
        return Lock(path), []
    try:
        data = yaml.load(read_content_file(path).decode("utf-8"), Loader=SAFE_LOADER) or {}
        return _lock_of(path, data), []
    except ContentFileError as exc:
        why = str(exc)
    except UnicodeDecodeError:
        why = "not UTF-8 text"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        why = f"invalid YAML{f' at line {mark.line + 1}' if mark else ''}"
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        why = f"not a lock file of privgen ({exc})"
    return Lock(path, exists=True), [Problem(path, None, None, f"unreadable lock file: {why}; restore it from "
                                                               "version control")]


def _lock_of(path: Path, data: Any) -> Lock:
    """The lock file's data checked for its shape: anything else raises TypeError, ValueError or KeyError."""
    if not isinstance(data, dict):
        raise TypeError("expected a mapping with versions:")
    versions = data.get("versions") or {}
    if not isinstance(versions, dict):
        raise TypeError("versions: is not a mapping")
    entries = {name: data.get(name) or [] for name in ("corrections", "withdrawn")}
    for name, entries_of in entries.items():
        if not isinstance(entries_of, list) or not all(isinstance(e, dict) for e in entries_of):
            raise TypeError(f"{name}: is not a list of mappings")
    for withdrawal in entries["withdrawn"]:
        missing = [key for key in ("version", "date", "reason") if key not in withdrawal]
        if missing:
            raise KeyError(f"withdrawn: an entry without {', '.join(missing)}")
    published = data.get("published") or {}
    if not isinstance(published, dict):
        raise TypeError("published: is not a mapping")
    lock = Lock(path, {str(k): str(v) for k, v in versions.items()}, tuple(entries["corrections"]),
                tuple(entries["withdrawn"]), {str(k): str(v) for k, v in published.items()}, exists=True)
    # read now: a date that is not one makes the file unreadable here, not later
    _ = lock.withdrawals, lock.first_published
    return lock


def lock_problems(org: Organisation, lock: Lock, published_before: tuple[str, ...] = ()) -> list[Problem]:
    """Every version the lock records as published stays as it was, whatever the build date and
    its effective date say, until privgen withdraw takes it back; and a lock file that lost
    versions the last build published (deleted, emptied, cut) is a problem, not a fresh start."""
    problems: list[Problem] = []
    by_id = {statement.version_id: statement for statement in org.statements}
    withdrawn = {withdrawal.version_id: withdrawal for withdrawal in lock.withdrawals}
    for version_id, recorded in lock.versions.items():
        statement = by_id.get(version_id)
        if version_id in withdrawn:
            if statement is not None:
                problems.append(Problem(statement.source, None, None,
                                        f"version '{version_id}' was withdrawn on {withdrawn[version_id].date.isoformat()}: "
                                        "its id is not used again; name the file after a new version"))
        elif statement is None:
            problems.append(Problem(lock.path, None, None, f"published version '{version_id}' has no file any more: "
                                    f"restore {org.folder / version_id}.yaml from version control, or take it back "
                                    f"with privgen withdraw {org.slug} {version_id} --reason \"...\""))
        elif not holds(recorded, statement):
            problems.append(Problem(
                statement.source, None, None,
                f"published version '{version_id}' has changed since it was published: put the "
                f"change in a new version file, or record a correction with "
                f"privgen correct {org.slug} {version_id} --reason \"...\""))
    lost = [v for v in published_before if v not in lock.versions and v not in withdrawn]
    if lost:
        state = ("missing" if not lock.exists else "empty" if not lock.versions
                 else f"without {_listed(lost)}")
        problems.append(Problem(lock.path, None, None, f"{state}, but the last build published {_listed(lost)}: "
                                "restore the lock file from version control"))
    return problems


def _listed(versions: list[str]) -> str:
    return ("version " if len(versions) == 1 else "versions ") + ", ".join(f"'{v}'" for v in versions)


def updated_lock(org: Organisation, lock: Lock) -> bytes | None:
    """The lock file with newly published versions added (and the day they were published, also for
    versions a lock of an earlier privgen holds without it), or None if it stays as it is."""
    versions = {s.version_id: _current_form(lock.versions.get(s.version_id), s) for s in org.published}
    versions.update({k: v for k, v in lock.versions.items() if k not in versions})
    published = {**lock.published, **{s.version_id: org.on.isoformat() for s in org.published
                                      if s.version_id not in lock.published}}
    if versions == lock.versions and published == lock.published:
        return None
    return replace(lock, versions=versions, published=published).render()


def _current_form(recorded: str | None, statement: Statement) -> str:
    """The hash to record for a published version: the one recorded, in today's form (a legacy
    hash that still holds is recorded again as content_hash; one that does not is left for
    lock_problems to report)."""
    if recorded is None or (not recorded.startswith(_STATED) and holds(recorded, statement)):
        return content_hash(statement)
    return recorded


def corrected(org: Organisation, version_id: str, reason: str, on: dt.date) -> bytes:
    """The lock file that accepts the current content of a published version, noting why and when."""
    lock, _ = read_lock(org)
    statement = next((s for s in org.statements if s.version_id == version_id), None)
    if statement is None:
        raise KeyError(version_id)
    new_hash = content_hash(statement)
    correction = {"version": version_id, "date": on.isoformat(), "reason": reason,
                  "previous": lock.versions.get(version_id), "hash": new_hash}
    versions = {**lock.versions, version_id: new_hash}
    return replace(lock, versions=versions, corrections=lock.corrections + (correction,)).render()


def withdrawn(org: Organisation, version_id: str, reason: str, on: dt.date) -> tuple[bytes, Statement | None]:
    """The lock file that takes a published version back, recording when and why, and the version
    whose file is to go (version control keeps it); its permanent URL then says that it was withdrawn."""
    lock, problems = read_lock(org)
    if problems:
        raise InputError(problems)
    if version_id not in lock.versions or version_id in {w.version_id for w in lock.withdrawals}:
        raise PrivgenError(f"{lock.path}: version '{version_id}' is not published, so there is nothing to "
                           "withdraw: remove or rename its file")
    statement = next((s for s in org.statements if s.version_id == version_id), None)
    withdrawal = {"version": version_id, "date": on.isoformat(), "reason": reason,
                  "hash": lock.versions[version_id]}
    return replace(lock, withdrawn=lock.withdrawn + (withdrawal,)).render(), statement
