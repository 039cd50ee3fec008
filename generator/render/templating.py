"""Templates: the Jinja environments of a theme and the rendering of one page."""

from __future__ import annotations

import operator
import os
import posixpath
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from babel.support import NullTranslations
from markupsafe import Markup
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from generator import __version__
from generator.render import view
from generator.profile.site import Organisation
from generator.profile.files import read_content_file
from generator.errors import ContentFileError, ThemeError
from generator.render.changes import reading
from generator.render.redline_view import runs
from generator.render.filters import make_filters
from generator.render.i18n import load_translations
from generator.render.theme import Theme
from generator.render.urls import ROUTES
from generator.render.files import OutputFile


@dataclass
class Renderer:
    """Renders pages with one Jinja environment per (template overrides, language)."""

    theme: Theme
    _environments: dict[tuple[Path | None, str, str], Environment] = field(default_factory=dict)
    _translations: dict[tuple[str, str], NullTranslations] = field(default_factory=dict)

    def environment(self, overrides: Path | None, lang: str, form: str = "u") -> Environment:
        """The environment for pages in lang that address their reader as form ('u' or 'je')."""
        key = (overrides, lang, form)
        if key not in self._environments:
            self._environments[key] = self._make_environment(overrides, lang, form)
        return self._environments[key]

    def _make_environment(self, overrides: Path | None, lang: str, form: str) -> Environment:
        theme_loader = FileSystemLoader(self.theme.templates)
        # "theme/x.html" always names the theme's own template, so an override can extend it.
        loaders: list[Any] = [PrefixLoader({"theme": theme_loader})]
        if overrides is not None:
            loaders.append(ContentLoader(overrides))
        loaders.append(theme_loader)
        # An organisation's templates come from its content folder, which is not trusted: they run
        # in a sandbox. The theme's own templates ship with privgen and run without its cost.
        kind = Environment if overrides is None else OrganisationSandbox
        env = kind(
            loader=ChoiceLoader(loaders),
            autoescape=True,  # every template renders HTML or XML; profile text is never trusted
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # No stat of every template file at every include: the live server drops its renderers
            # when a template may have changed (forget_renderers); a build process starts fresh.
            auto_reload=False,
            # compiled templates kept between runs; Jinja checks each template's source checksum
            # (the sandbox compiles each template differently, so it keeps its own)
            bytecode_cache=None if self.theme.keeper is None else self.theme.keeper.bytecode_cache(
                "compiled" if kind is Environment else "compiled-sandboxed"),
        )
        translations = self.translations(lang, form)
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        # The same as the i18n extension's newstyle gettext, minus its three nested context calls
        # per message: the largest single cost of a statement page.
        env.globals["_"] = env.globals["gettext"] = MarkupGettext(translations)
        env.filters.update(make_filters(lang, translations, form))
        # a diff report in the page's words, its retention periods phrased as the statement phrases them
        env.filters["reading"] = partial(reading, lang=lang, form=form, retention=env.filters["retention"])
        env.filters["runs"] = runs
        env.globals.update(view=VIEW, generator_version=__version__)
        return env

    def warm(self, languages: tuple[str, ...]) -> None:
        """Compile every theme template now, so that the first page does not wait for it."""
        for lang in languages:
            env = self.environment(None, lang)
            for name in env.list_templates(filter_func=lambda n: not n.startswith("theme/")):
                env.get_template(name)

    def translations(self, lang: str, form: str = "u") -> NullTranslations:
        if (lang, form) not in self._translations:
            self._translations[lang, form] = load_translations(self.theme.locales, lang, self.theme.keeper, form)
        return self._translations[lang, form]

    @cached_property
    def stylesheet_names(self) -> tuple[str, ...]:
        return tuple(sorted(p.name for p in self.theme.static.iterdir() if p.suffix == ".css"))


# What templates may call of generator.view: its functions, not the module (whose imports would
# reach the rest of privgen).
VIEW = types.SimpleNamespace(**{name: function for name, function in vars(view).items()
                                if isinstance(function, types.FunctionType) and function.__module__ == view.__name__
                                and not name.startswith("_")})

# The largest string or list an organisation's template may make by * or **.
_MAX_PRODUCT = 100_000


class OrganisationSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, narrowed for templates from a content folder: besides Python's internals
    (names with underscores, which the sandbox refuses), nothing of a path, a module or a class is
    reachable, so no template reaches the file system (the pages' data holds paths of the content
    folder) or the rest of privgen; and * or ** cannot make a value of gigabytes."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (PurePath, types.ModuleType, type)) or isinstance(value, (types.ModuleType, type)):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("an exponent above 64 is not allowed in an organisation's template")
            return operator.pow(left, right)
        for value, times in ((left, right), (right, left)):
            if isinstance(value, (str, list, tuple)) and isinstance(times, int) and len(value) * times > _MAX_PRODUCT:
                raise SecurityError(f"a value of more than {_MAX_PRODUCT:,} items is not allowed in an "
                                    "organisation's template")
        return operator.mul(left, right)


class ContentLoader(FileSystemLoader):
    """An organisation's templates, read as every file of content/ is: a regular file, up to a limit."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, followlinks=False)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        filename = posixpath.join(str(self.searchpath[0]), *split_template_path(template))
        if not os.path.isfile(filename):
            raise TemplateNotFound(template)
        try:
            source = read_content_file(filename).decode("utf-8")
        except ContentFileError as exc:
            raise ThemeError(f"{filename}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ThemeError(f"{filename}: cannot read the template: not UTF-8 text") from exc
        mtime = os.path.getmtime(filename)
        return source, filename, lambda: os.path.isfile(filename) and os.path.getmtime(filename) == mtime


class MarkupGettext:
    """gettext for templates that autoescape: the translation as Markup, % filled with escaped values."""

    def __init__(self, translations: NullTranslations) -> None:
        self._translate = translations.gettext
        self._plain: dict[str, Markup] = {}
        self._templates: dict[str, Markup] = {}

    def __call__(self, message: str, **variables: Any) -> Markup:
        if variables:
            template = self._templates.get(message)
            if template is None:
                template = self._templates[message] = Markup(self._translate(message))
            return template % variables
        plain = self._plain.get(message)
        if plain is None:  # "%%" means "%" here as with variables, as in Jinja's newstyle gettext
            plain = self._plain[message] = Markup(self._translate(message)) % {}
        return plain


def render_page(renderer: Renderer, overrides: Path | None, lang: str, page: PurePosixPath,
                template: str, **context: Any) -> OutputFile:
    """One page at its place below the output folder, its links relative to that place."""
    root = "../" * (len(page.parts) - 1)
    html = render_html(renderer, overrides, lang, root, template, str(page),
                       url=links_from(page), **context)
    return OutputFile(page, html.encode("utf-8"))


def render_html(renderer: Renderer, overrides: Path | None, lang: str, root: str, template: str,
                where: str, **context: Any) -> str:
    """A template as HTML; root is the link to the site's root, url(target) the link to a target
    below it (root + target unless the context says otherwise); where names the page in errors.
    A page of an organisation addresses its reader as the organisation's statement does."""
    profile, org = context.get("profile"), context.get("org")
    # (the site's index passes listing entries as org: privgen's own page says 'u')
    form = profile.address_form if profile is not None else getattr(org, "address_form", "u")
    env = renderer.environment(overrides, lang, form)
    link = context.setdefault("url", lambda target: root + target)

    def url_for(route: str, /, from_root: bool = False, **params: str) -> str:
        """The link to a place of the URL scheme (generator.render.urls): relative to this page, or
        as the root's link followed by the place's path."""
        path = ROUTES[route](**params)
        return root + path if from_root else str(link(path))

    context.setdefault("url_for", url_for)
    try:
        return env.get_template(template).render(lang=lang, root=root, stylesheets=renderer.stylesheet_names,
                                                 **context)
    except TemplateSyntaxError as exc:
        raise ThemeError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from exc
    except SecurityError as exc:
        raise ThemeError(f"{where}: cannot render {template}: refused by the template sandbox: {exc}") from exc
    except TemplateError as exc:
        raise ThemeError(f"{where}: cannot render {template}: {exc.message}") from exc
    except ThemeError:
        raise
    except RecursionError as exc:  # a template that extends or includes itself
        raise ThemeError(f"{where}: cannot render {template}: its templates extend or include each other "
                         "without end") from exc
    except Exception as exc:  # an organisation's template fails as its author wrote it (the theme's do not)
        if overrides is None:
            raise
        raise ThemeError(f"{where}: cannot render {template} with the templates of {overrides}: "
                         f"{type(exc).__name__}: {exc}") from exc


def in_each_language(renderer: Renderer, org: Organisation, folders: dict[str, str], lang: str, name: str,
                      template: str, **context: object) -> OutputFile:
    """One page of a set that exists once per language (folders: language → folder), with the
    hreflang alternates that link the set."""
    page = PurePosixPath(folders[lang], name)
    alternates = [(other, links_from(page)(str(PurePosixPath(there, name)) if name != "index.html" else there))
                  for other, there in folders.items()]
    return render_page(renderer, org.template_overrides, lang, page, template, org=org, alternates=alternates,
                       **context)


def relative_url(page: PurePosixPath, target: str) -> str:
    """The link from page to target, both relative to the output folder ("clavis/versions/")."""
    return _link_between(str(page.parent), target)


def links_from(page: PurePosixPath) -> Callable[[str], str]:
    """relative_url from page to each target it is given: the page's folder worked out once (a
    page has dozens of links, and pathlib costs more than the cached link itself)."""
    return partial(_link_between, str(page.parent))


@lru_cache(maxsize=4096)  # each page links to the same few places as its siblings
def _link_between(folder: str, target: str) -> str:
    # posixpath.relpath without its two os.getcwd() calls: both paths are below the same root
    here, there = _parts(folder), _parts(posixpath.normpath(target))
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return ("./" if link == "." else link + "/") if target.endswith("/") else link


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]
