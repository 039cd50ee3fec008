"""privgen serve: a save shows in the open browser tab; a broken save shows its error there."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.build import build
from generator.serve.server import DevServer
from tests.conftest import CONTENT

pytestmark = pytest.mark.browser


@pytest.fixture
def dev_server(tmp_path: Path) -> Iterator[tuple[DevServer, list[str]]]:
    content = tmp_path / "content"
    for org in ("vloet", "softwarebedrijf"):
        shutil.copytree(CONTENT / org, content / org)
    lines: list[str] = []
    server = DevServer(content, tmp_path / "build", port=0, report=lines.append)
    server.start()
    time.sleep(0.3)  # let the watcher settle before the test edits files
    yield server, lines
    server.stop()


def test_save_reloads_the_open_page_and_errors_show_in_it(page: Page, dev_server: tuple[DevServer, list[str]]) -> None:
    server, lines = dev_server
    original = (server.content / "vloet" / "20180522.yaml").read_text(encoding="utf-8")
    upcoming = server.content / "vloet" / "2099-01-01.yaml"  # published versions are locked; a new one is not
    page.goto(server.url + "vloet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaring Vloet Autocenter Mill - Klanten")
    page.wait_for_timeout(300)  # the event stream is open

    saved = time.monotonic()
    with page.expect_event("load", timeout=10_000):  # an event, not a poll: the time is the reload's own
        upcoming.write_text(original.replace("    nl: versie 20180522\n    en: version 20180522",
                                             "    nl: versie 2099\n    en: version 2099\n  effective_date: 2099-01-01"),
                            encoding="utf-8")
    reload_seconds = time.monotonic() - saved
    announcement = page.get_by_text("Op 1 januari 2099 gaat een nieuwe versie in.")
    expect(announcement).to_be_visible()
    print(f"save → reload: {reload_seconds:.2f} s")
    assert reload_seconds < 0.5
    assert any(line.startswith("Rebuilt vloet in ") for line in lines)

    upcoming.write_text("title: [broken\n", encoding="utf-8")
    problems = page.get_by_role("alert", name="Build failed")
    expect(problems).to_contain_text("2099-01-01.yaml:2: invalid YAML", timeout=10_000)
    expect(announcement).to_be_visible()  # the last good build is still what is served
    assert any(line.startswith("error: ") and "2099-01-01.yaml:2" in line for line in lines)

    upcoming.unlink()
    expect(announcement).to_be_hidden(timeout=10_000)  # reloaded: the good build without the new version
    expect(problems).to_have_count(0)
    assert page.request.get(server.url + "vloet/versions/2099-01-01/").status == 404  # stale pages go


def broken_server(tmp_path: Path, build_first: bool) -> tuple[DevServer, list[str], Path]:
    """A live server started on content with a broken profile; after a good build of it, or none."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "vloet", content / "vloet")
    if build_first:
        build(content, tmp_path / "build")
    broken = content / "vloet" / "2099-01-01.yaml"
    broken.write_text("title: [broken\n", encoding="utf-8")
    lines: list[str] = []
    server = DevServer(content, tmp_path / "build", port=0, report=lines.append)
    server.start()
    time.sleep(0.3)  # let the watcher settle before the test edits files
    return server, lines, broken


def test_a_server_started_on_broken_content_serves_the_last_good_build_and_shows_the_problems(
        page: Page, tmp_path: Path) -> None:
    server, lines, broken = broken_server(tmp_path, build_first=True)
    try:
        assert lines == [f"error: {broken}:2: invalid YAML: did not find expected ',' or ']'"]
        page.goto(server.url + "vloet/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaring Vloet Autocenter Mill - Klanten")
        problems = page.get_by_role("alert", name="Build failed")
        expect(problems).to_contain_text("2099-01-01.yaml:2: invalid YAML")  # shown as the page opens
        with page.expect_event("load", timeout=10_000):
            broken.unlink()
        expect(problems).to_have_count(0)
    finally:
        server.stop()


def test_a_server_with_nothing_built_yet_says_so_and_builds_on_the_first_good_save(
        page: Page, tmp_path: Path) -> None:
    server, lines, broken = broken_server(tmp_path, build_first=False)
    try:
        page.goto(server.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Not built yet")
        expect(page.get_by_role("alert", name="Build failed")).to_contain_text("2099-01-01.yaml:2: invalid YAML")
        with page.expect_event("load", timeout=10_000):
            broken.unlink()
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaringen")
        assert page.get_by_role("link", name="Vloet Autocenter Mill").count() >= 1
    finally:
        server.stop()
