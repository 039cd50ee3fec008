"""Stage 4: render the site into output files in memory; nothing is written here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from markupsafe import Markup

from generator.render.banner import banner_files, shown
from generator.profile.files import read_content_file
from generator.render.listing import IndexEntry, IndexRows
from generator.profile.site import Organisation
from generator.render.templating import Renderer, in_each_language, render_html, render_page
from generator.render.theme import Theme
from generator.profile.text import LANGUAGES
from generator.render.versions import version_outputs
from generator.render import urls
from generator.render.files import OutputFile


def render_site_index(renderer: Renderer, entries: tuple[IndexEntry, ...],
                      rows: Mapping[str, IndexRows]) -> list[OutputFile]:
    """The theme's static files and the list of all organisations, in every language; rows holds
    each organisation's item (render_index_rows), so that the list only joins them."""
    theme = renderer.theme
    outputs = [_static_file(p, theme.static) for p in sorted(theme.static.rglob("*")) if p.is_file()]
    items = {slug: dict(by_lang) for slug, by_lang in rows.items()}
    for lang in LANGUAGES:
        page = _index_page(lang)
        outputs.append(render_page(renderer, None, lang, page, "index.html", entries=entries,
                                   rows=[Markup(items[entry.slug][lang]) for entry in entries],
                                   alternates=_site_alternates(page)))
    return outputs


def render_index_rows(renderer: Renderer, entry: IndexEntry) -> IndexRows:
    """An organisation's item in the list of all organisations, per language: rendered with the
    organisation and kept with it in the build cache, as the list of a thousand is rendered again
    whenever one of them changes."""
    return tuple((lang, render_html(renderer, None, lang, _root_of(_index_page(lang)), "sections/index-row.html",
                                    str(_index_page(lang)), org=entry)) for lang in LANGUAGES)


def _index_page(lang: str) -> PurePosixPath:
    return PurePosixPath(urls.site_index(lang))


def _root_of(page: PurePosixPath) -> str:
    return "../" * (len(page.parts) - 1)


# One renderer per theme and process: compiled templates outlive a build (the live server's
# rebuilds, the workers' organisations). Jinja reloads a template whose file changed.
_RENDERERS: dict[Theme, Renderer] = {}


def renderer_for(theme: Theme) -> Renderer:
    if theme not in _RENDERERS:
        _RENDERERS[theme] = Renderer(theme)
    return _RENDERERS[theme]


def forget_renderers() -> None:
    """Drop compiled templates and catalogs, after the theme changed."""
    _RENDERERS.clear()


@dataclass(frozen=True)
class RenderedOrganisation:
    """An organisation's files, and the compressed size of its banner for the build summary."""

    files: list[OutputFile]
    banner_size: int | None
    """None where the organisation needs no banner."""


def render_organisation(renderer: Renderer, org: Organisation,
                        earlier: Mapping[str, bytes] | None = None, pdf: bool = False) -> RenderedOrganisation:
    """Every file of one organisation; earlier holds the content-addressed banner files a former
    build wrote (by name), which stay published beside the new one; with pdf, the history links
    each version's PDF (which the build prints from these pages)."""
    current = org.current
    catalogs = {lang: renderer.translations(lang, org.address_form) for lang in current.profile.languages}
    # no cookie that needs consent, no consent to ask: no banner (the embed page says so)
    banner = banner_files(current.profile, renderer.theme.banner, catalogs, current.version_id) \
        if current.profile.asks_consent else None
    outputs = [OutputFile(PurePosixPath(urls.consent_script(org.slug)), banner.script)] if banner else []
    kept = dict(earlier or {}) | (banner.files if banner else {})
    outputs += [OutputFile(PurePosixPath(urls.org_file(org.slug, name)), script)
                for name, script in sorted(kept.items())]
    outputs.extend(_revisions(renderer, org))
    outputs.extend(_theme_assets(org))
    folders = {code: f"{PurePosixPath(urls.embed(org.slug, org.default_language, code)).parent}/"
               for code in org.languages}
    for code in folders:
        outputs.append(in_each_language(renderer, org, folders, code, "embed.html", "embed.html",
                                        profile=current.profile, banner=banner))
        if banner is not None:
            outputs.append(render_page(renderer, org.template_overrides, code,
                                       PurePosixPath(urls.preview(org.slug, org.default_language, code)),
                                       "preview.html", org=org, profile=current.profile, alternates=[]))
    alias = PurePosixPath(urls.statement_alias(org.slug, org.default_language), "index.html")
    outputs.append(render_page(renderer, org.template_overrides, org.default_language, alias, "redirect.html",
                               org=org, alternates=[]))
    outputs.extend(version_outputs(renderer, org, pdf))
    return RenderedOrganisation(outputs, banner.gzip_size if banner else None)


def _revisions(renderer: Renderer, org: Organisation) -> list[OutputFile]:
    """For each banner revision of any version, what its banner showed, by version: the record of a
    choice names a revision and a version, and the proof looks both up here, however long ago."""
    by_revision: dict[str, dict[str, object]] = {}
    for statement in org.statements:
        if not statement.profile.asks_consent:
            continue
        catalogs = {lang: renderer.translations(lang, org.address_form) for lang in statement.profile.languages}
        seen = shown(statement.profile, catalogs)
        by_revision.setdefault(str(seen.pop("revision")), {})[statement.version_id] = seen
    return [OutputFile(PurePosixPath(urls.consent_revision(org.slug, revision)),
                       (json.dumps({"revision": revision, "versions": versions}, ensure_ascii=False, indent=1,
                                   sort_keys=True) + "\n").encode("utf-8"))
            for revision, versions in sorted(by_revision.items())]


def _site_alternates(page: PurePosixPath) -> list[tuple[str, str]]:
    root = _root_of(page)
    return [(lang, root if lang == LANGUAGES[0] else f"{root}{lang}/") for lang in LANGUAGES]


def _theme_assets(org: Organisation) -> list[OutputFile]:
    theme = org.current.profile.theme
    if theme is None:
        return []
    outputs = []
    if theme.logo is not None:
        # validated when the profile was read; read again the same way, as it is what gets published
        outputs.append(OutputFile(PurePosixPath(urls.org_file(org.slug, theme.logo)),
                                  read_content_file(org.folder / theme.logo)))
    rules = [f"  --accent: {theme.accent};"] if theme.accent else []
    dark = [f"  :root {{ --accent: {theme.accent_dark}; }}"] if theme.accent_dark else []
    css = ":root {\n" + "\n".join(rules) + "\n}\n"
    if dark:
        css += "@media (prefers-color-scheme: dark) {\n" + "\n".join(dark) + "\n}\n"
    outputs.append(OutputFile(PurePosixPath(urls.org_stylesheet(org.slug)), css.encode("utf-8")))
    return outputs


def _static_file(path: Path, static: Path) -> OutputFile:
    return OutputFile(PurePosixPath(urls.asset(path.relative_to(static).as_posix())), path.read_bytes())
