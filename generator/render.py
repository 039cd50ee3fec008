"""Stage 4: render the site into output files in memory; nothing is written here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from babel.support import NullTranslations
from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError, TemplateSyntaxError)

from generator import __version__, view
from generator.banner import banner_files
from generator.filters import make_filters
from generator.errors import PrivgenError
from generator.i18n import load_translations
from generator.site import Organisation, Site, Statement
from generator.text import LANGUAGES

ORG_TEMPLATES = "templates"  # an organisation's own template overrides, in its content folder


class ThemeError(PrivgenError):
    """A template of the theme, or of an organisation's overrides, cannot be rendered."""


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site: its path below the output folder and its bytes."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class Theme:
    """A theme folder: templates/, static/ and locales/."""

    folder: Path

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def static(self) -> Path:
        return self.folder / "static"

    @property
    def locales(self) -> Path:
        return self.folder / "locales"

    @property
    def banner(self) -> Path:
        return self.folder / "banner"


@dataclass
class Renderer:
    """Renders pages with one Jinja environment per (template overrides, language)."""

    theme: Theme
    _environments: dict[tuple[Path | None, str], Environment] = field(default_factory=dict)
    _translations: dict[str, NullTranslations] = field(default_factory=dict)

    def environment(self, overrides: Path | None, lang: str) -> Environment:
        key = (overrides, lang)
        if key not in self._environments:
            self._environments[key] = self._make_environment(overrides, lang)
        return self._environments[key]

    def _make_environment(self, overrides: Path | None, lang: str) -> Environment:
        theme_loader = FileSystemLoader(self.theme.templates)
        # "theme/x.html" always names the theme's own template, so an override can extend it.
        loaders: list[Any] = [PrefixLoader({"theme": theme_loader})]
        if overrides is not None:
            loaders.append(FileSystemLoader(overrides))
        loaders.append(theme_loader)
        env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=True,  # every template renders HTML or XML; profile text is never trusted
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        translations = self.translations(lang)
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        env.filters.update(make_filters(lang, translations))
        env.globals.update(view=view, generator_version=__version__)
        return env

    def translations(self, lang: str) -> NullTranslations:
        if lang not in self._translations:
            self._translations[lang] = load_translations(self.theme.locales, lang)
        return self._translations[lang]

    @cached_property
    def stylesheet_names(self) -> tuple[str, ...]:
        return tuple(sorted(p.name for p in self.theme.static.iterdir() if p.suffix == ".css"))


def render_site(site: Site, theme: Theme) -> list[OutputFile]:
    """Render every page, asset and data file of the site."""
    renderer = Renderer(theme)
    outputs = [_static_file(p, theme.static) for p in sorted(theme.static.rglob("*")) if p.is_file()]
    for org in site.organisations:
        outputs.extend(_render_organisation(renderer, org))
    for lang in LANGUAGES:
        page = PurePosixPath("index.html" if lang == LANGUAGES[0] else f"{lang}/index.html")
        outputs.append(_page(renderer, None, lang, page, "index.html", site=site,
                             alternates=_site_alternates(page)))
    return outputs


def _render_organisation(renderer: Renderer, org: Organisation) -> list[OutputFile]:
    statement = org.latest
    overrides = org.folder / ORG_TEMPLATES
    template_dir = overrides if overrides.is_dir() else None
    outputs = [OutputFile(PurePosixPath(org.slug, "statement.json"), statement_json(statement))]
    outputs.extend(_theme_assets(org))
    banner = banner_files(org, renderer.theme.banner,
                          {lang: renderer.translations(lang) for lang in org.languages})
    outputs.append(OutputFile(PurePosixPath(org.slug, "consent.js"), banner.script))
    outputs.append(_page(renderer, template_dir, org.default_language, PurePosixPath(org.slug, "embed.html"),
                         "embed.html", org=org, profile=statement.profile, banner=banner, alternates=[]))
    pages = [(PurePosixPath(org.slug, lang, "index.html"), lang) for lang in org.languages]
    pages.append((PurePosixPath(org.slug, "index.html"), org.default_language))
    for page, lang in pages:
        outputs.append(_page(renderer, template_dir, lang, page, "statement.html",
                             org=org, statement=statement, profile=statement.profile,
                             alternates=_statement_alternates(org, page)))
    return outputs


def _page(renderer: Renderer, overrides: Path | None, lang: str, page: PurePosixPath,
          template: str, **context: Any) -> OutputFile:
    env = renderer.environment(overrides, lang)
    root = "../" * (len(page.parts) - 1)
    try:
        html = env.get_template(template).render(
            lang=lang, root=root, page=page, stylesheets=renderer.stylesheet_names, **context)
    except TemplateSyntaxError as exc:
        raise ThemeError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    except TemplateError as exc:
        raise ThemeError(f"{page}: cannot render {template}: {exc.message}") from exc
    return OutputFile(page, html.encode("utf-8"))


def _statement_alternates(org: Organisation, page: PurePosixPath) -> list[tuple[str, str]]:
    """(language, relative URL) of the page in every language of the organisation."""
    up = "../" if len(page.parts) == 3 else ""
    return [(lang, f"{up}{lang}/") for lang in org.languages]


def _site_alternates(page: PurePosixPath) -> list[tuple[str, str]]:
    root = "../" * (len(page.parts) - 1)
    return [(lang, root if lang == LANGUAGES[0] else f"{root}{lang}/") for lang in LANGUAGES]


def statement_json(statement: Statement) -> bytes:
    """The normalised profile as JSON, for machines and for the version diffs to come."""
    document = {
        "organisation": statement.org,
        "version": statement.version_id,
        "profile": statement.profile.model_dump(mode="json", exclude_none=True),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _theme_assets(org: Organisation) -> list[OutputFile]:
    theme = org.latest.profile.theme
    if theme is None:
        return []
    outputs = []
    if theme.logo is not None:
        outputs.append(OutputFile(PurePosixPath(org.slug, theme.logo), (org.folder / theme.logo).read_bytes()))
    rules = [f"  --accent: {theme.accent};"] if theme.accent else []
    dark = [f"  :root {{ --accent: {theme.accent_dark}; }}"] if theme.accent_dark else []
    css = ":root {\n" + "\n".join(rules) + "\n}\n"
    if dark:
        css += "@media (prefers-color-scheme: dark) {\n" + "\n".join(dark) + "\n}\n"
    outputs.append(OutputFile(PurePosixPath(org.slug, "org.css"), css.encode("utf-8")))
    return outputs


def _static_file(path: Path, static: Path) -> OutputFile:
    return OutputFile(PurePosixPath("assets", path.relative_to(static).as_posix()), path.read_bytes())
