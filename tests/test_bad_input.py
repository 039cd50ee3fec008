"""The bad-input corpus: what a careless user (or a hurried script) puts in a content folder, and
what privgen says back: one line per problem, with file and line, and never a traceback."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve import server as serve
from generator.build import build
from generator.render.report_files import as_markdown
from generator.errors import PrivgenError, error_lines
from generator.profile.gather import gather_site
from generator.serve.server import DevServer
from generator.render.versions import diff_report
from generator.render.outputs import renderer_for
from generator.render.theme import Theme
from generator.render.theme import DEFAULT_THEME
from tests.conftest import MINIMAL_PROFILE, ROOT, Scratch


def refused(scratch: Scratch) -> list[str]:
    with pytest.raises(PrivgenError) as failed:
        build(scratch.content, scratch.out)
    assert not scratch.out.exists()
    return error_lines(failed.value)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


# --- what a profile holds ------------------------------------------------------------------------

def test_aliases_that_multiply_text_are_bounded_in_characters(scratch: Scratch) -> None:
    text = "x" * 10_000
    aliases = "\n".join(f"  - {{id: n{i}, text: *long}}" for i in range(200))
    path = scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + f"notes:\n  - {{id: first, text: &long '{text}'}}\n"
                           + aliases + "\n")
    assert refused(scratch) == [f"error: {path}:5: invalid YAML: its aliases expand to more than 1,048,576 "
                                "characters of text; write the data out instead"]


def test_a_duration_of_thousands_of_digits_is_one_problem(scratch: Scratch) -> None:
    path = scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + f"retention:\n  - {{id: r, subject: Alles, duration: P{'9' * 5000}Y}}\n")
    assert refused(scratch) == [f"error: {path}:5: retention[0].duration: not a valid duration: use ISO 8601, such "
                                "as P10Y, P12M, P4M or P30D"]


def test_problem_lines_carry_no_terminal_escapes_and_cut_long_values(scratch: Scratch) -> None:
    path = scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + 'language: "\\e[31m\\e[2Jnl"\n'
                           f"purposes:\n  - {{id: p, type: '{'y' * 200}'}}\n")
    lines = refused(scratch)
    assert lines == [
        f"error: {path}:4: language: '\\x1b[31m\\x1b[2Jnl' is not a supported language. Expected one of: nl, en",
        f"error: {path}:6: purposes[0].type: '{'y' * 59}…' is not a known purpose. Expected one of: "
        + lines[1].split("Expected one of: ")[1]]
    assert all("\x1b" not in line and len(line) < 600 for line in lines)


def test_a_folder_name_with_escapes_is_shown_escaped(scratch: Scratch) -> None:
    scratch.profile("acme\x1b]0;pwned\x07", "v1.yaml", MINIMAL_PROFILE)
    done = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert done.returncode == 1 and "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.splitlines()[0] == (f"error: {scratch.content}/acme\\x1b]0;pwned\\x07: 'acme\\x1b]0;pwned\\x07' "
                                           "is not a valid organisation slug: rename the folder using lower-case "
                                           "letters, digits, '-' and '_', starting with a letter or digit")


# --- names that are passed over, or clash -------------------------------------------------------

def test_inputs_that_would_be_passed_over_are_reported(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    folder = scratch.content / "acme"
    (folder / "v2.YAML").write_text(MINIMAL_PROFILE)
    (folder / ".yaml").write_text(MINIMAL_PROFILE)
    (folder / "v3.yaml").mkdir()
    assert refused(scratch) == [
        f"error: {folder}/.yaml: a profile's file name is its version id: rename it, such as v1.yaml",
        f"error: {folder}/v2.YAML: profile files end in lower-case .yaml: rename it to v2.yaml",
        f"error: {folder}/v3.yaml: a folder named like a profile: a profile is a file, such as v1.yaml; rename or "
        "remove the folder"]


def test_hidden_folders_are_skipped_and_said_to_be(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile(".hidden", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("...", "v1.yaml", MINIMAL_PROFILE)
    done = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"note: {scratch.content}/...: skipped: a folder whose name starts with '.' is not an organisation",
        f"note: {scratch.content}/.hidden: skipped: a folder whose name starts with '.' is not an organisation"]
    assert "Built 1 organisation" in done.stdout


@pytest.mark.parametrize("version", ["feed.xml", "index.html", "Index.HTML"])
def test_a_version_id_that_clashes_with_the_sites_files_is_refused(scratch: Scratch, version: str) -> None:
    path = scratch.profile("acme", f"{version}.yaml", MINIMAL_PROFILE)
    assert refused(scratch) == [f"error: {path}: '{version}' cannot be a version id: the site's "
                                f"versions/{version.lower()} has that name; name the file after the version, such as "
                                "2018-05-22.yaml"]


def test_a_version_id_too_long_for_folder_names_is_refused(scratch: Scratch) -> None:
    version = "v" * 150
    path = scratch.profile("acme", f"{version}.yaml", MINIMAL_PROFILE)
    assert refused(scratch) == [f"error: {path}: a version id of 150 characters is too long for the site's folder "
                                "names: use at most 100, such as 2018-05-22.yaml"]


# --- the output --------------------------------------------------------------------------------

def test_the_output_honours_the_umask(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("beta", "v1.yaml", MINIMAL_PROFILE)
    previous = os.umask(0o022)
    try:
        build(scratch.content, scratch.out)  # a full build: a staging folder swapped in
        scratch.profile("acme", "v2.yaml", MINIMAL_PROFILE.replace("Voorbeeld", "Ander"))
        build(scratch.content, scratch.out)  # in place: changed files moved in from a staging folder
    finally:
        os.umask(previous)
    modes = {p.relative_to(scratch.out).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [scratch.out, *scratch.out.rglob("*")]}
    assert modes["."] == 0o755 and modes["acme/versions/v2"] == 0o755
    assert {mode for name, mode in modes.items() if (scratch.out / name).is_file()} == {0o644}


def test_the_markdown_diff_shows_profile_html_as_text(scratch: Scratch) -> None:
    payload = "<img src=x onerror=alert(1)> [klik](javascript:alert(1))"
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "notes:\n  - {id: n, heading: Noot, text: Eerst}\n")
    scratch.profile("acme", "v2.yaml", MINIMAL_PROFILE + f"notes:\n  - {{id: n, heading: Noot, text: '{payload}'}}\n")
    org = gather_site(scratch.content).organisations[0]
    renderer = renderer_for(Theme(DEFAULT_THEME))
    report = diff_report(renderer, org, *org.statements)
    markdown = as_markdown(report, renderer.environment(None, "nl").filters["reading"](report), "nl")
    assert "<img" not in markdown and not re.search(r"(?<!\\)\]\(", markdown)  # no tag, no link
    assert "&lt;img src=x onerror=alert(1)&gt; \\[klik\\](javascript:alert(1))" in markdown


def test_a_snippet_url_cannot_break_out_of_the_snippet(scratch: Scratch) -> None:
    path = scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "banner:\n"
                           "  script_url: 'https://example.nl/consent.js\"></script><script>alert(1)//'\n")
    assert refused(scratch) == [f"error: {path}:5: banner.script_url: not a valid URL: give a full address starting "
                                "with https:// or http://"]


# --- privgen serve -----------------------------------------------------------------------------

@pytest.fixture
def live(scratch: Scratch, monkeypatch: pytest.MonkeyPatch) -> Iterator[DevServer]:
    monkeypatch.setattr(serve._Handler, "timeout", 1)  # the idle limit, short for the test
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    server = DevServer(scratch.content, scratch.out, port=0, watching=False, report=lambda line: None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", ["/acme/%00/index.html", "/acme/index.html%00.png", "/" + "a" * 300 + "/"])
def test_the_live_server_refuses_paths_no_file_can_have(live: DevServer, path: str,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    assert _status(live.url.rstrip("/") + path) == 400
    assert _status(live.url + "acme/") == 200
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("path", ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                  "/acme/..%2f..%2f..%2fetc/passwd", "//etc/passwd"])
def test_the_live_server_serves_nothing_outside_the_site(live: DevServer, path: str) -> None:
    host, port = live.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    assert answer.split(b" ")[1] in (b"404", b"400") and b"root:" not in answer


def test_the_live_server_lets_an_idle_client_go(live: DevServer) -> None:
    host, port = live.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as idle:
        started = time.monotonic()
        assert idle.recv(1024) == b""  # closed by the server, having sent nothing
        assert time.monotonic() - started < 5
    assert _status(live.url + "acme/") == 200


def test_the_live_server_answers_200_clients_at_once(live: DevServer) -> None:
    statuses: list[int] = []
    lock = threading.Lock()

    def fetch() -> None:
        status = _status(live.url + "acme/")
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=fetch) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 200


def test_a_made_up_key_of_a_thousand_characters_is_cut_on_its_problem_line(scratch: Scratch) -> None:
    path = scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "k" * 1000 + ": 1\n")
    lines = refused(scratch)
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:4: {'k' * 59}…: unknown field; ")
    assert len(lines[0]) < 700
