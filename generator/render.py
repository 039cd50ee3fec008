"""Stage 4: render the site into output files in memory; nothing is written here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path, PurePosixPath

from generator.banner import banner_files
from generator.pages import overrides_of
from generator.site import IndexEntry, Organisation, Site
from generator.templating import OutputFile, Renderer, Theme, render_page
from generator.text import LANGUAGES
from generator.versions import version_outputs

Progress = Callable[[int, int], None]  # (organisations done, organisations in all)


def render_site(site: Site, theme: Theme, jobs: int = 1, progress: Progress | None = None,
                entries: tuple[IndexEntry, ...] | None = None) -> Iterator[tuple[str | None, list[OutputFile]]]:
    """Render the site index, then each organisation of site, spread over jobs processes.

    Yields (None, index files) and then (slug, files) per organisation, in order, so that a writer
    can store each piece as it comes. entries lists every organisation for the index when site
    holds only some of them.
    """
    renderer = renderer_for(theme)
    yield None, render_site_index(renderer, entries if entries is not None else index_entries(site))
    organisations = site.organisations
    total = len(organisations)
    if jobs > 1 and total > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # map keeps the order of the organisations, so the output equals a serial build's
            rendered = pool.map(_render_in_worker, organisations, repeat(theme), chunksize=4)
            for done, (org, files) in enumerate(zip(organisations, rendered, strict=True), 1):
                yield org.slug, files
                if progress:
                    progress(done, total)
    else:
        for done, org in enumerate(organisations, 1):
            yield org.slug, render_organisation(renderer, org)
            if progress:
                progress(done, total)


def index_entries(site: Site) -> tuple[IndexEntry, ...]:
    return tuple(IndexEntry.of(org) for org in site.organisations)


def render_site_index(renderer: Renderer, entries: tuple[IndexEntry, ...]) -> list[OutputFile]:
    """The theme's static files and the list of all organisations, in every language."""
    theme = renderer.theme
    outputs = [_static_file(p, theme.static) for p in sorted(theme.static.rglob("*")) if p.is_file()]
    for lang in LANGUAGES:
        page = PurePosixPath("index.html" if lang == LANGUAGES[0] else f"{lang}/index.html")
        outputs.append(render_page(renderer, None, lang, page, "index.html", entries=entries,
                                   alternates=_site_alternates(page)))
    return outputs


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


def _render_in_worker(org: Organisation, theme: Theme) -> list[OutputFile]:
    """Render one organisation in a worker process, reusing the process's compiled templates."""
    return render_organisation(renderer_for(theme), org)


def render_organisation(renderer: Renderer, org: Organisation) -> list[OutputFile]:
    current = org.current
    catalogs = {lang: renderer.translations(lang) for lang in current.profile.languages}
    banner = banner_files(current.profile, renderer.theme.banner, catalogs)
    outputs = [OutputFile(PurePosixPath(org.slug, "consent.js"), banner.script)]
    outputs.extend(_theme_assets(org))
    outputs.append(render_page(renderer, overrides_of(org), org.default_language,
                               PurePosixPath(org.slug, "embed.html"), "embed.html",
                               org=org, profile=current.profile, banner=banner, alternates=[]))
    outputs.extend(version_outputs(renderer, org))
    return outputs


def _site_alternates(page: PurePosixPath) -> list[tuple[str, str]]:
    root = "../" * (len(page.parts) - 1)
    return [(lang, root if lang == LANGUAGES[0] else f"{root}{lang}/") for lang in LANGUAGES]


def _theme_assets(org: Organisation) -> list[OutputFile]:
    theme = org.current.profile.theme
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
