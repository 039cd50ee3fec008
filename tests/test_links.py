"""Every link and asset reference in the example site resolves: to a file, and to an id in it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html  # type: ignore[import-untyped]


def references(page: Path) -> list[str]:
    document = lxml.html.fromstring(page.read_bytes())
    return [element.get(name) for element in document.iter() if isinstance(element.tag, str)
            for name in ("href", "src") if element.get(name) is not None]


def ids(page: Path) -> set[str]:
    return {element.get("id") for element in lxml.html.fromstring(page.read_bytes()).iter()
            if isinstance(element.tag, str) and element.get("id")}


def test_every_relative_link_resolves(example_build: Path) -> None:
    pages = sorted(example_build.rglob("*.html"))
    checked, broken = 0, []
    for page in pages:
        for reference in references(page):
            parts = urlsplit(reference)
            if parts.scheme or parts.netloc:  # mailto:, tel:, https:, data: and other sites
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or not target.resolve().is_relative_to(example_build.resolve()):
                broken.append(f"{page.relative_to(example_build)}: {reference}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(f"{page.relative_to(example_build)}: {reference} (no such id)")
    assert checked > 700 and broken == []


def test_relative_url_agrees_with_relpath() -> None:
    """relative_url computes links without the file system; posixpath.relpath is the reference."""
    import posixpath
    from pathlib import PurePosixPath

    from generator.render.templating import relative_url

    pages = ["index.html", "en/index.html", "clavis/index.html", "clavis/en/index.html",
             "clavis/versions/v1/index.html", "clavis/versions/v1/en/index.html",
             "kaviaarshop/changes/2018-04-30..2025-03-01/index.html"]
    targets = ["", "clavis/", "clavis", "clavis/versions/", "clavis/versions/v1/statement.json",
               "assets/site.css", "index.html", "en/", "clavis/en/", "kaviaarshop/changes/2018-04-30..2025-03-01/",
               "clavis//versions/", "./clavis/", "clavis/./en/", "vloet/versions/feed.xml"]
    for page in pages:
        folder = posixpath.dirname(page) or "."
        for target in targets:
            link = posixpath.relpath(target.rstrip("/") or ".", folder)
            expected = ("./" if link == "." else link + "/") if target.endswith("/") else link
            assert relative_url(PurePosixPath(page), target) == expected, (page, target)


def test_the_banner_links_to_the_statement_in_each_language(example_build: Path) -> None:
    # the settings dialog resolves statementUrl against consent.js; clavis/nl/ used to be a 404
    from tests.test_banner_build import config_of

    for org in ("clavis", "kaviaarshop"):  # the others need no banner
        strings = config_of((example_build / org / "consent.js").read_bytes())["strings"]
        assert isinstance(strings, dict) and set(strings) == {"nl", "en"}
        for lang, words in strings.items():
            target = example_build / org / words["statementUrl"] / "index.html"
            assert f'<html lang="{lang}">' in target.read_text(encoding="utf-8"), (org, lang)
        alias = (example_build / org / "nl" / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../">' in alias
