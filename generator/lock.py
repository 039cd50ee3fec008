"""Published versions are immutable: a committed lock file keeps the content hash of each one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.contentfiles import LOCK_NAME
from generator.errors import Problem
from generator.load import SAFE_LOADER
from generator.site import Organisation, Statement

# libyaml's emitter where PyYAML has it: the same text as yaml.safe_dump, several times faster
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = ("# privgen: content hashes of the published versions of this statement. A published version\n"
          "# never changes: publish a new version file instead. For a deliberate correction run\n"
          "#   privgen correct <org> <version> --reason \"...\"\n")


def content_hash(statement: Statement) -> str:
    """Hash of the normalised profile: reformatting or comments do not change it, content does."""
    canonical = json.dumps(statement.profile.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Lock:
    """The lock file of one organisation."""

    path: Path
    versions: dict[str, str] = field(default_factory=dict)
    corrections: tuple[dict[str, Any], ...] = ()

    def render(self) -> bytes:
        document: dict[str, Any] = {"versions": self.versions}
        if self.corrections:
            document["corrections"] = list(self.corrections)
        dumped = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        return (HEADER + dumped).encode("utf-8")


def read_lock(org: Organisation) -> tuple[Lock, list[Problem]]:
    path = org.folder / LOCK_NAME
    if not path.is_file():
        return Lock(path), []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        versions = {str(k): str(v) for k, v in (data.get("versions") or {}).items()}
        corrections = tuple(data.get("corrections") or ())
    except (yaml.YAMLError, AttributeError) as exc:
        return Lock(path), [Problem(path, None, None, f"unreadable lock file: {exc}; restore it from version control")]
    return Lock(path, versions, corrections), []


def lock_problems(org: Organisation, lock: Lock) -> list[Problem]:
    """A published version whose content no longer matches its recorded hash is a problem."""
    problems: list[Problem] = []
    for statement in org.published:
        recorded = lock.versions.get(statement.version_id)
        if recorded is not None and recorded != content_hash(statement):
            problems.append(Problem(
                statement.source, None, None,
                f"published version '{statement.version_id}' has changed since it was published: put the "
                f"change in a new version file, or record a correction with "
                f"privgen correct {org.slug} {statement.version_id} --reason \"...\""))
    return problems


def updated_lock(org: Organisation, lock: Lock) -> bytes | None:
    """The lock file with newly published versions added, or None if it stays as it is."""
    versions = {s.version_id: lock.versions.get(s.version_id) or content_hash(s) for s in org.published}
    versions.update({k: v for k, v in lock.versions.items() if k not in versions})
    return None if versions == lock.versions else Lock(lock.path, versions, lock.corrections).render()


def record_correction(org: Organisation, version_id: str, reason: str, on: dt.date) -> Path:
    """Accept the current content of a published version, noting why and when."""
    lock, _ = read_lock(org)
    statement = next((s for s in org.statements if s.version_id == version_id), None)
    if statement is None:
        raise KeyError(version_id)
    new_hash = content_hash(statement)
    correction = {"version": version_id, "date": on.isoformat(), "reason": reason,
                  "previous": lock.versions.get(version_id), "hash": new_hash}
    versions = {**lock.versions, version_id: new_hash}
    lock.path.write_bytes(Lock(lock.path, versions, lock.corrections + (correction,)).render())
    return lock.path
