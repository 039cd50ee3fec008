"""The statement pages of one version: in the default language and in every language."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from generator.site import Organisation, Statement
from generator.templating import OutputFile, Renderer, relative_url, render_page

ORG_TEMPLATES = "templates"  # an organisation's own template overrides, in its content folder


def overrides_of(org: Organisation) -> Path | None:
    folder = org.folder / ORG_TEMPLATES
    return folder if folder.is_dir() else None


def statement_pages(renderer: Renderer, org: Organisation, statement: Statement,
                    base: PurePosixPath) -> list[OutputFile]:
    """base/index.html in the statement's language and base/<lang>/index.html for each language."""
    languages = statement.profile.languages
    pages = [(base / lang / "index.html", lang) for lang in languages]
    pages.append((base / "index.html", statement.profile.language))
    outputs = []
    for page, lang in pages:
        alternates = [(code, relative_url(page, f"{base}/{code}/")) for code in languages]
        outputs.append(render_page(renderer, overrides_of(org), lang, page, "statement.html",
                                   org=org, statement=statement, profile=statement.profile,
                                   alternates=alternates))
    return outputs


def statement_json(statement: Statement) -> bytes:
    """The normalised profile as JSON, for machines and for the version diffs to come."""
    document = {
        "organisation": statement.org,
        "version": statement.version_id,
        "profile": statement.profile.model_dump(mode="json", exclude_none=True),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
