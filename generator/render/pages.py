"""The statement pages of one version: rendered once per language, placed wherever they are shown.

A version's page in one language is the same page at its permanent URL (versions/<v>/) and, for
the version in force, at the organisation's own URL; only its relative links differ. So each page
is rendered once with placeholder links, and each placement fills them in.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.profile.site import Organisation, Statement
from generator.render.templating import Renderer, links_from, render_html
from generator.render.urls import in_language
from generator.render.files import OutputFile

# Placeholder links: a target below the site's root ("clavis/versions/") or below the folder of the
# statement's own-language page ("en/"), between markers from Unicode's private use area that carry
# a secret drawn per process. Placing a page turns them into relative links. Profile text cannot
# forge one without the secret, so it never turns into a link target (tests/xss.py tries).
_SECRET = secrets.token_hex(8)
_FROM_ROOT, _FROM_BASE, _END = f"\ue000{_SECRET}r", f"\ue000{_SECRET}b", "\ue001"
_PLACEHOLDER = re.compile(f"\ue000{_SECRET}([rb])([^\ue000\ue001]*)\ue001")
ROOT = _FROM_ROOT + _END


def _link(target: str) -> str:
    return _FROM_ROOT + target + _END


@dataclass(frozen=True)
class StatementPage:
    """One version in one language, rendered once; its bytes at a place come from at()."""

    lang: str
    html: str
    default: bool
    """In the statement's own language: at base/index.html; other languages at base/<lang>/."""

    def at(self, base: PurePosixPath) -> OutputFile:
        """The page's file below base, the folder of the statement's own-language page."""
        path = base / "index.html" if self.default else base / self.lang / "index.html"
        return OutputFile(path, self._placed(path, base))

    def _placed(self, path: PurePosixPath, base: PurePosixPath) -> bytes:
        link_to, below, root = links_from(path), f"{base}/", "../" * (len(path.parts) - 1)

        def link(placeholder: re.Match[str]) -> str:
            start, target = placeholder.groups()
            if start == "b":
                return link_to(below + target)
            return link_to(target) if target else root

        return _PLACEHOLDER.sub(link, self.html).encode("utf-8")


def render_statement(renderer: Renderer, org: Organisation, statement: Statement) -> list[StatementPage]:
    """The statement's page in each of its languages, its own language first."""
    profile = statement.profile
    alternates = [(code, _FROM_BASE + in_language("", profile.language, code).lstrip("/") + _END)
                  for code in profile.languages]
    languages = [profile.language] + [code for code in profile.languages if code != profile.language]
    where = f"{org.slug}/versions/{statement.version_id}"
    return [StatementPage(lang, render_html(renderer, org.template_overrides, lang, ROOT, "statement.html",
                                            f"{where}/{lang}/", url=_link, org=org, statement=statement,
                                            profile=profile, alternates=alternates),
                          default=lang == profile.language)
            for lang in languages]


def statement_json(statement: Statement) -> bytes:
    """The normalised profile as JSON, for machines and for the version diffs to come.

    The same text as json.dumps(..., ensure_ascii=False, indent=2) of the whole document, with the
    profile serialised by pydantic's compiled serialiser: eight times faster than Python's own
    indenting encoder.
    """
    profile = statement.profile.model_dump_json(indent=2, exclude_none=True).replace("\n", "\n  ")
    head = ",\n  ".join(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
                         for key, value in (("organisation", statement.org), ("version", statement.version_id)))
    return f'{{\n  {head},\n  "profile": {profile}\n}}\n'.encode("utf-8")
