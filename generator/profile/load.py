"""Stage 1: find the profiles under content/ and read their YAML, keeping line numbers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.profile.files import MAX_FILE_BYTES, PROFILE_SUFFIXES, entry_problems, outside_link, read_content_file
from generator.errors import ContentFileError, Problem, quoted
from generator.profile.ids import ID_RULE, is_slug
from generator.profile.text import LANGUAGES

# Folders of the built site that are not organisations: the theme's assets and the site's pages per
# language.
RESERVED_SLUGS = frozenset({"assets", *LANGUAGES})

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class RawProfile:
    """The parsed YAML of one version file, with the line of every key and list item."""

    path: Path
    org: str
    version_id: str
    data: Any
    lines: dict[Location, int]

    def line_of(self, location: Location) -> int | None:
        return line_of(self.lines, location)


def line_of(lines: Mapping[Location, int], location: Location) -> int | None:
    """Return the line of location, or of its nearest enclosing key."""
    for end in range(len(location), -1, -1):
        line = lines.get(tuple(location[:end]))
        if line is not None:
            return line
    return None


# libyaml's parser where installed (about ten times faster), with Python's safe constructor.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(SAFE_LOADER):  # type: ignore[valid-type,misc]
    """A safe loader that leaves dates as strings, so an invalid date is a validation problem."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def organisation_folders(content: Path, only: tuple[str, ...] = ()) -> list[Path]:
    """The organisation folders of content (or only the named ones that exist), by name."""
    if not content.is_dir():
        return []
    # os.scandir knows most entries' kind without a stat of each
    with os.scandir(content) as entries:
        names = sorted(entry.name for entry in entries if entry.is_dir() and not entry.name.startswith(".")
                       and (not only or entry.name in only))
    return [content / name for name in names]


def missing_content(content: Path) -> Problem:
    return Problem(content, None, None, "content folder not found: create it or pass --content")


def content_problems(content: Path, only: tuple[str, ...], folders: list[Path]) -> list[Problem]:
    """What no single organisation can tell: the content folder, ORGS asked for, slugs."""
    if not content.is_dir():
        return [missing_content(content)]
    problems = []
    lowered: dict[str, str] = {}
    for folder in folders:
        slug = folder.name
        if not is_slug(slug):
            problems.append(Problem(folder, None, None,
                                    f"{quoted(slug)} is not a valid organisation slug: rename the folder using {ID_RULE}"))
        elif slug in RESERVED_SLUGS:
            problems.append(Problem(folder, None, None, f"'{slug}' is a folder of the site itself "
                                    f"({', '.join(sorted(RESERVED_SLUGS))}): rename the organisation's folder"))
        if slug.lower() in lowered:
            problems.append(Problem(folder, None, None, f"duplicate organisation slug: '{slug}' and "
                                    f"'{lowered[slug.lower()]}' differ only in case"))
        lowered.setdefault(slug.lower(), slug)
        why = outside_link(folder, content)
        if why is not None:
            problems.append(Problem(folder, None, None, why))
    names = {folder.name for folder in folders}
    problems.extend(Problem(content / slug, None, None, f"no organisation '{slug}' in {content}")
                    for slug in sorted(set(only) - names))
    problems.extend(_misplaced_profiles(content))
    return problems


def _misplaced_profiles(content: Path) -> list[Problem]:
    """Profiles put in content itself, where no build would read them (it builds "0 organisations")."""
    with os.scandir(content) as entries:
        names = sorted(entry.name for entry in entries if entry.is_file()
                       and os.path.splitext(entry.name)[1] in PROFILE_SUFFIXES)
    return [Problem(content / name, None, None, "a profile belongs in its organisation's folder: move it to "
                    f"{content / 'ORG' / name}, where ORG is the organisation's slug") for name in names]


def skipped_folders(content: Path) -> list[tuple[Path, str]]:
    """Folders of content that are not read as organisations, with why: a build says so."""
    if not content.is_dir():
        return []
    with os.scandir(content) as entries:
        names = sorted(entry.name for entry in entries if entry.is_dir() and entry.name.startswith("."))
    return [(content / name, "skipped: a folder whose name starts with '.' is not an organisation")
            for name in names]


def load_folder(folder: Path) -> tuple[list[RawProfile], list[Problem]]:
    """Read the version files of one organisation folder, once every entry of it is one privgen may read."""
    refused = entry_problems(folder, folder.parent)
    if refused:
        return [], [Problem(path, None, None, why) for path, why in refused]
    files, problems = _profile_files(folder)
    profiles: list[RawProfile] = []
    if not files and not problems:
        problems.append(Problem(folder, None, None, "no profile found: add a <version>.yaml file"))
    problems.extend(_duplicate_versions(files))
    for path in files:
        raw, file_problems = read_profile(path, folder.name)
        problems.extend(file_problems)
        if raw is not None:
            profiles.append(raw)
    return profiles, problems


def _profile_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The version files of a folder, by name; and the entries that look meant as profiles but
    would be passed over: each of those is a problem, not silence."""
    files: list[Path] = []
    problems = []
    for path in sorted(folder.iterdir()):
        name, suffix = path.name, os.path.splitext(path.name)[1]
        if name.lower() in PROFILE_SUFFIXES:
            problems.append(Problem(path, None, None, "a profile's file name is its version id: rename it, "
                                    "such as v1.yaml"))
        elif suffix in PROFILE_SUFFIXES and path.is_dir():
            problems.append(Problem(path, None, None, "a folder named like a profile: a profile is a file, "
                                    "such as v1.yaml; rename or remove the folder"))
        elif suffix in PROFILE_SUFFIXES:
            files.append(path)
        elif suffix.lower() in PROFILE_SUFFIXES:
            problems.append(Problem(path, None, None, f"profile files end in lower-case {suffix.lower()}: rename "
                                    f"it to {path.stem}{suffix.lower()}"))
    return files, problems


def _duplicate_versions(files: list[Path]) -> list[Problem]:
    """A version id is the file stem: 2018.yaml and 2018.yml would be one version twice."""
    first: dict[str, Path] = {}
    problems = []
    for path in files:
        if path.stem in first:
            problems.append(Problem(path, None, None,
                                    f"duplicate version id {quoted(path.stem)}: also in {first[path.stem].name}; "
                                    "keep one file per version"))
        first.setdefault(path.stem, path)
    return problems


def read_profile(path: Path, org: str) -> tuple[RawProfile | None, list[Problem]]:
    """Parse one YAML file; report syntax errors and duplicate keys with their lines."""
    try:
        text = read_content_file(path).decode("utf-8")
    except ContentFileError as exc:
        return None, [Problem(path, None, None, str(exc))]
    except UnicodeDecodeError as exc:
        return None, [Problem(path, None, None, f"cannot read the file: not UTF-8 text ({exc.reason} at byte "
                              f"{exc.start}): save it as UTF-8")]
    lines: dict[Location, int] = {}
    problems: list[Problem] = []
    try:
        data = _read_nodes(text, path, lines, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context
        if problem and problem.startswith("exceeded maximum nesting depth"):  # libyaml's own limit, far past ours
            problem = _too_deep(mark).problem
        return None, [Problem(path, line, None, f"invalid YAML: {problem}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, None, f"invalid YAML: {exc}")]
    return RawProfile(path, org, path.stem, data, lines), problems


# Levels of mappings and lists in a profile: the seeds use 5. Each level is a call deeper in the
# reader (and in validation), and thousands run out of Python's stack.
MAX_DEPTH = 50


def _too_deep(mark: Any) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(
        None, None, f"mappings and lists nested more than {MAX_DEPTH} levels deep; a profile needs a few", mark)


def _read_nodes(text: str, path: Path, lines: dict[Location, int], problems: list[Problem]) -> Any:
    """PyYAML composes and constructs (with libyaml where installed); the lines come from a walk over the nodes."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _LineIndex(path, lines, problems).walk(node, ())  # first: constructing merges keys into the nodes
        return loader.construct_document(node)
    finally:
        loader.dispose()


# Values a profile may hold once its aliases are expanded: the largest seed holds 820. Aliases to
# aliases multiply (ten levels of nine make 3.5 billion: "billion laughs"), and each value is
# walked here, validated and rendered; profiles are not trusted.
MAX_VALUES = 100_000
# Characters of text a profile may hold once its aliases are expanded: as much as its file may (a
# few aliases of a long text would otherwise make pages of hundreds of megabytes).
MAX_TEXT = MAX_FILE_BYTES


class _LineIndex:
    """The line of every key and list item of a composed node graph, and its duplicate keys; refuses
    an alias into itself, nesting deeper than MAX_DEPTH, more than MAX_VALUES values and more than
    MAX_TEXT characters of text."""

    def __init__(self, path: Path, lines: dict[Location, int], problems: list[Problem]) -> None:
        self.path = path
        self.lines = lines
        self.problems = problems
        self.walked = 0
        self.text = 0
        self.open: set[int] = set()  # the collections being walked: an alias to one would never end

    def walk(self, node: yaml.Node, here: Location) -> None:
        self.lines.setdefault(here, node.start_mark.line + 1)
        self.walked += 1
        if self.walked > MAX_VALUES:
            raise yaml.constructor.ConstructorError(
                None, None, f"its aliases expand to more than {MAX_VALUES:,} values; write the data out instead",
                node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            self.text += len(node.value)
            if self.text > MAX_TEXT:
                raise yaml.constructor.ConstructorError(
                    None, None, f"its aliases expand to more than {MAX_TEXT:,} characters of text; write the data "
                    "out instead", node.start_mark)
        if isinstance(node, yaml.CollectionNode):
            if len(here) >= MAX_DEPTH:
                raise _too_deep(node.start_mark)
            if id(node) in self.open:
                raise yaml.constructor.ConstructorError(
                    None, None, "an alias refers to the mapping or list it is part of; write the data out instead",
                    node.start_mark)
            self.open.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in seen:
                    self.problems.append(Problem(self.path, key_node.start_mark.line + 1, dotted(here + (key,)),
                                                 "duplicate key: keep only one"))
                seen.add(key)
                self.lines[here + (key,)] = key_node.start_mark.line + 1
                self.walk(value_node, here + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, here + (index,))
        self.open.discard(id(node))


def dotted(location: Location) -> str:
    """A field's path as problem lines show it (a key a profile made up is cut as values are)."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = quoted(part)[1:-1]
            out += f".{key}" if out else key
    return out


