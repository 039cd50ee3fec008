"""The site's URL scheme: the one place that knows where each file lives below the output folder.

Paths are relative to the output folder; a folder ends in '/'. Python code places files with
them and templates link with url_for(name, ...), never by joining strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.profile.text import LANGUAGES


def in_language(base: str, language: str, lang: str) -> str:
    """The folder of a page in lang whose own language is language: base/, others in base/<lang>/."""
    return f"{base}/" if lang == language else f"{base}/{lang}/"


def site_index(lang: str) -> str:
    """The list of all organisations in lang (the first language at the site's root)."""
    return "index.html" if lang == LANGUAGES[0] else f"{lang}/index.html"


def site_home(lang: str) -> str:
    """The link to the list of all organisations in lang: the root's page, or the language's folder."""
    return "index.html" if lang == LANGUAGES[0] else f"{lang}/"


def statement(org: str, language: str, lang: str) -> str:
    """The statement in force of org, in lang."""
    return in_language(org, language, lang)


def statement_alias(org: str, language: str) -> str:
    """Where a reader may look for the statement in its own language ("clavis/nl/", as "clavis/en/"
    holds the English one): a page that sends them on to the statement."""
    return f"{org}/{language}/"


def version(org: str, version_id: str, language: str | None = None, lang: str | None = None) -> str:
    """A version's permanent page (in lang, where given)."""
    base = f"{org}/versions/{version_id}"
    return f"{base}/" if language is None or lang is None else in_language(base, language, lang)


def version_pdf(org: str, version_id: str, lang: str) -> str:
    """A version's statement in one language as PDF, beside its page."""
    return f"{org}/versions/{version_id}/statement.{lang}.pdf"


def version_data(org: str, version_id: str) -> str:
    return f"{org}/versions/{version_id}/statement.json"


def versions(org: str, language: str | None = None, lang: str | None = None) -> str:
    """The history of an organisation's versions (in lang, where given)."""
    base = f"{org}/versions"
    return f"{base}/" if language is None or lang is None else in_language(base, language, lang)


def feed(org: str, language: str | None = None, lang: str | None = None) -> str:
    """The Atom feed of the versions, beside the history page in each language."""
    return versions(org, language, lang) + "feed.xml"


def changes(org: str, old: str, new: str, language: str | None = None, lang: str | None = None) -> str:
    """The diff report of one step between versions (in lang, where given)."""
    base = f"{org}/changes/{old}..{new}"
    return f"{base}/" if language is None or lang is None else in_language(base, language, lang)


def consent_script(org: str, digest: str | None = None) -> str:
    """The organisation's banner: consent.js, always the newest; consent.<digest>.js, one file per
    content, kept by later builds so that a page pinned with Subresource Integrity keeps working."""
    return f"{org}/consent.js" if digest is None else f"{org}/consent.{digest}.js"


def consent_settings_script(org: str, digest: str) -> str:
    """The banner's settings layer, which consent.<digest>.js loads from beside itself when the
    dialog is needed; content-addressed and kept like it."""
    return f"{org}/consent-settings.{digest}.js"


def consent_revision(org: str, revision: str) -> str:
    """What the banner of one revision showed (render/banner.shown), for proof of consent: every
    version's, so that the proof of a choice made under a long-replaced banner can be looked up."""
    return f"{org}/consent/revisions/{revision}.json"


# The name of a content-addressed banner file (the banner or its settings layer): its digest, 12
# hexadecimal digits.
CONSENT_FILE = re.compile(r"^consent(?:-settings)?\.([0-9a-f]{12})\.js$")


def embed(org: str, language: str | None = None, lang: str | None = None) -> str:
    """The page that gives the banner's snippet: beside the statement, in each of its languages."""
    return f"{org}/embed.html" if language is None or lang is None or lang == language else f"{org}/{lang}/embed.html"


def preview(org: str, language: str, lang: str) -> str:
    """A bare page with the organisation's banner on it, shown in the embed page."""
    return f"{org}/preview.html" if lang == language else f"{org}/{lang}/preview.html"


def org_stylesheet(org: str) -> str:
    return f"{org}/org.css"


def org_file(org: str, name: str) -> str:
    """A file of the organisation's own, such as its logo."""
    return f"{org}/{name}"


def asset(name: str) -> str:
    """A file of the theme's static folder."""
    return f"assets/{name}"


ROUTES: dict[str, Callable[..., str]] = {
    "site_index": site_index, "site_home": site_home, "statement": statement, "version": version, "version_data": version_data,
    "versions": versions, "version_pdf": version_pdf, "feed": feed, "changes": changes, "consent_script": consent_script,
    "consent_settings_script": consent_settings_script, "embed": embed, "preview": preview,
    "org_stylesheet": org_stylesheet, "org_file": org_file, "asset": asset,
}
"""What templates may link to by name (url_for)."""
