"""Stage 2: check every raw profile against the format and across references; gather all problems."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from generator.profile.files import image_problem, read_content_file
from generator.errors import ContentFileError, Problem, nearest, quoted
from generator.profile.ids import ID_PATTERN, ID_RULE
from generator.profile.load import Location, RawProfile, dotted
from generator.profile.duration import DURATION_PATTERN
from generator.profile.fields import EMAIL_PATTERN, LOGO_PATTERN, URL_PATTERN
from generator.profile.model import Item, Profile
from generator.profile.text import LANGUAGES
from generator.profile.colours import contrast_problems


def validate_profile(raw: RawProfile, folder: Path) -> tuple[Profile | None, list[Problem]]:
    """Turn one raw profile into a Profile, or report every problem it has."""
    if not isinstance(raw.data, dict):
        return None, [Problem(raw.path, 1, None, "a profile must be a mapping of fields, starting with 'title:'")]
    language = raw.data.get("language")
    context = {"language": language if language in LANGUAGES else LANGUAGES[0]}
    try:
        profile = Profile.model_validate(raw.data, context=context)
    except ValidationError as exc:
        return None, [_problem(raw, error) for error in exc.errors(include_url=False)]
    problems = [
        Problem(raw.path, raw.line_of(location), dotted(location), message)
        for location, message in _reference_problems(profile, folder)
    ]
    return (None if problems else profile), problems


# --- schema errors -------------------------------------------------------------------------

_PATTERN_MESSAGES = {
    ID_PATTERN: f"not a valid id: use {ID_RULE}",
    DURATION_PATTERN: "not a valid duration: use ISO 8601, such as P10Y, P12M, P4M or P30D",
    URL_PATTERN: "not a valid URL: give a full address starting with https:// or http://",
    LOGO_PATTERN: "a logo is a PNG, JPEG, GIF or WebP file in the organisation's folder, such as logo.png "
                  "(SVG is not accepted, as it can carry scripts)",
    r"^\d{8}$": "not a valid KvK number: use its 8 digits",
    r"^[A-Z]{2}$": "not a valid country code: use two capital letters, such as NL or US",
    r"^#[0-9a-fA-F]{6}$": "not a valid colour: use #rrggbb",
}

_TYPE_MESSAGES = {
    "string_type": "expected a text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "date_type": "not a valid date: use YYYY-MM-DD",
    "date_parsing": "not a valid date: use YYYY-MM-DD",
    "date_from_datetime_parsing": "not a valid date: use YYYY-MM-DD",
    "date_from_datetime_inexact": "not a valid date: use YYYY-MM-DD",
}


def _problem(raw: RawProfile, error: ErrorDetails) -> Problem:
    location: Location = tuple(error["loc"])
    return Problem(raw.path, raw.line_of(location), dotted(location) or None, _message(location, error))


def _message(location: Location, error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing: add it"
    if kind == "extra_forbidden":
        return _unknown_field_message(location)
    if kind == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        if "@" in pattern:
            return f"not a valid e-mail address: {quoted(error['input'])}"
        return _PATTERN_MESSAGES.get(pattern, f"does not match the pattern {pattern}")
    if kind in _TYPE_MESSAGES:
        shown = f" (got {_shown(error['input'])})" if kind.endswith("_type") else f": {quoted(error['input'])}"
        return _TYPE_MESSAGES[kind] + shown
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return quoted(value)


def _unknown_field_message(location: Location) -> str:
    known = _fields_at(location[:-1])
    close = nearest(str(location[-1]), known)
    hint = f"did you mean '{close}'?" if close else f"valid fields here: {', '.join(known)}"
    return f"unknown field; {hint}"


def _fields_at(location: Location) -> list[str]:
    """List the field names the schema allows at a location."""
    schema = _schema()
    node: dict[str, Any] = schema
    for part in location:
        node = _resolve(schema, node)
        if isinstance(part, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(part, {})
    return list(_resolve(schema, node).get("properties", {}))


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            node = next((n for n in node["anyOf"] if n.get("type") != "null"), {})
        else:
            return node


@cache
def _schema() -> dict[str, Any]:
    return Profile.model_json_schema()


# --- references ----------------------------------------------------------------------------

_LISTS = ("data_subjects", "data_categories", "sources", "purposes", "legal_bases", "recipients",
          "transfers", "retention", "security", "complaints", "special_processing", "provision",
          "notes")

# (list field, reference field, list the ids must come from)
_REFERENCES = (
    ("data_categories", "subjects", "data_subjects"),
    ("purposes", "categories", "data_categories"),
    ("legal_bases", "purposes", "purposes"),
    ("recipients", "categories", "data_categories"),
    ("recipients", "purposes", "purposes"),
    ("transfers", "recipients", "recipients"),
    ("retention", "categories", "data_categories"),
    ("retention", "purposes", "purposes"),
    ("retention", "subjects", "data_subjects"),
)


def _reference_problems(profile: Profile, folder: Path) -> Iterator[tuple[Location, str]]:
    yield from _duplicate_ids(profile)
    ids = {name: [item.id for item in getattr(profile, name)] for name in _LISTS}
    ids["addresses"] = [a.id for a in profile.controller.addresses]
    for list_name, field, target in _REFERENCES:
        for index, item in enumerate(getattr(profile, list_name)):
            for position, ref in enumerate(getattr(item, field)):
                if ref not in ids[target]:
                    yield (list_name, index, field, position), _unknown_id(ref, target, ids[target])
    for index, special in enumerate(profile.special_processing):
        for position, ref in enumerate(special.locations):
            if ref not in ids["addresses"]:
                yield (("special_processing", index, "locations", position),
                       _unknown_id(ref, "controller.addresses", ids["addresses"]))
    yield from _contact_problems(profile)
    if profile.language not in profile.languages:
        yield ("languages",), f"must include the document's language '{profile.language}'"
    if profile.theme is not None:
        yield from _theme_problems(profile, folder)


# What a contact's value must look like for each channel that becomes a link: the page writes a web
# contact into href as it is, so anything but http(s) (javascript:, data:) would run or load there.
_CONTACT_VALUES = {
    "web": (URL_PATTERN, "not a valid web address: give a full address starting with https:// or http://"),
    "email": (EMAIL_PATTERN, "not a valid e-mail address: give it as name@example.nl"),
    "phone": (r"^\+?[\d\s().-]{3,30}$", "not a valid phone number: use digits, spaces, +, (, ), - and ."),
}


def _contact_problems(profile: Profile) -> Iterator[tuple[Location, str]]:
    for index, contact in enumerate(profile.controller.contacts):
        pattern, message = _CONTACT_VALUES.get(contact.channel, (None, ""))
        if pattern is not None and not re.match(pattern, contact.value):
            yield ("controller", "contacts", index, "value"), f"{message} (got {quoted(contact.value)})"


def _duplicate_ids(profile: Profile) -> Iterator[tuple[Location, str]]:
    groups: list[tuple[Location, Iterable[Item]]] = [((name,), getattr(profile, name)) for name in _LISTS]
    controller = profile.controller
    groups += [(("controller", "addresses"), controller.addresses),
               (("controller", "contacts"), controller.contacts),
               (("controller", "entities"), controller.entities)]
    if profile.cookies is not None:
        groups.append((("cookies", "items"), profile.cookies.items))
    if profile.rights is not None:
        groups.append((("rights", "items"), profile.rights.items))
    for location, items in groups:
        seen: set[str] = set()
        for index, item in enumerate(items):
            item_id = item.id
            if item_id in seen:
                yield location + (index, "id"), f"duplicate id {quoted(item_id)}: ids must be unique in this list"
            seen.add(item_id)


def _unknown_id(ref: str, target: str, known: list[str]) -> str:
    close = nearest(ref, known)
    hint = f"did you mean '{close}'?" if close else f"defined ids: {', '.join(known) or 'none'}"
    return f"unknown id {quoted(ref)} in {target}; {hint}"


def _theme_problems(profile: Profile, folder: Path) -> Iterator[tuple[Location, str]]:
    theme = profile.theme
    assert theme is not None
    yield from contrast_problems(theme)
    if theme.logo is not None:
        path = folder / theme.logo
        if not os.path.lexists(path):
            yield ("theme", "logo"), f"logo file '{theme.logo}' not found in {folder}"
        else:
            try:
                why = image_problem(theme.logo, read_content_file(path))
            except ContentFileError as exc:
                why = str(exc)
            if why is not None:
                yield ("theme", "logo"), why
        if theme.logo_alt is None:
            yield ("theme", "logo_alt"), "a logo needs a text alternative: add logo_alt"


# --- across profiles -----------------------------------------------------------------------

# Files beside the versions' folders in versions/: a version named so would clash with them.
_BESIDE_VERSIONS = ("index.html", "feed.xml")
# Two version ids make the name of a diff report's folder (<a>..<b>), which file systems allow
# 255 bytes.
MAX_VERSION_ID = 100


def version_id_problems(raws: Iterable[RawProfile]) -> Iterator[Problem]:
    """A version id is a file name that must also work as a folder name of the site."""
    for raw in raws:
        if not _matches(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", raw.version_id):
            yield Problem(raw.path, None, None,
                          f"{quoted(raw.version_id)} is not a valid version id: name the file with letters, "
                          "digits, '.', '-' and '_', such as 2018-05-22.yaml")
        elif raw.version_id.lower() in _BESIDE_VERSIONS:
            yield Problem(raw.path, None, None, f"'{raw.version_id}' cannot be a version id: the site's "
                          f"versions/{raw.version_id.lower()} has that name; name the file after the version, "
                          "such as 2018-05-22.yaml")
        elif len(raw.version_id) > MAX_VERSION_ID:
            yield Problem(raw.path, None, None, f"a version id of {len(raw.version_id)} characters is too long for "
                          f"the site's folder names: use at most {MAX_VERSION_ID}, such as 2018-05-22.yaml")


def _matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern.strip("^$"), value) is not None
