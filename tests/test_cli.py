"""The command line: exit codes, one line per problem, no traceback, output left untouched."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.profile.schema import schema_text
from tests.conftest import BUILD_DATE, CONTENT, MINIMAL_PROFILE, ROOT, Scratch, tree


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


def test_build_then_failed_build_leaves_previous_output_untouched(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    first = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert first.returncode == 0, first.stderr
    assert "Built 1 organisation, 1 statement" in first.stdout
    before = {p: p.read_bytes() for p in scratch.out.rglob("*") if p.is_file()}

    scratch.profile("acme", "v1.yaml", "title: X\ncontroller:\n  nmae: Acme\n")
    failed = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert failed.returncode == 1
    assert failed.stderr.splitlines() == [
        f"error: {scratch.content}/acme/v1.yaml:3: controller.nmae: unknown field; did you mean 'name'?",
        "Failed with 1 problem; nothing was written.",
    ]
    assert "Traceback" not in failed.stderr
    assert {p: p.read_bytes() for p in scratch.out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in scratch.root.iterdir()) == [".build.privgen-cache", "build", "content"]  # no staging left


def test_a_profile_that_links_to_nothing_is_one_problem_in_a_first_and_a_later_build(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    (scratch.content / "acme" / "v2.yaml").symlink_to(scratch.root / "moved.yaml")
    expected = [f"error: {scratch.content}/acme/v2.yaml: a link to nothing: remove it, or put the file it should "
                "name in its place",
                "Failed with 1 problem; nothing was written."]
    first = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert (first.returncode, first.stderr.splitlines()) == (1, expected)

    (scratch.content / "acme" / "v2.yaml").unlink()
    assert run("build", "--content", str(scratch.content), "--out", str(scratch.out)).returncode == 0
    (scratch.content / "acme" / "v2.yaml").symlink_to(scratch.root / "moved.yaml")
    later = run("build", "--content", str(scratch.content), "--out", str(scratch.out))  # the cache hashes it
    assert (later.returncode, later.stderr.splitlines()) == (1, expected)


def test_verbose_shows_the_traceback(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: X\n")
    result = run("build", "--verbose", "--content", str(scratch.content), "--out", str(scratch.out))
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_check_reports_gdpr_findings_without_writing(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    result = CliRunner().invoke(main, ["check", "--content", str(scratch.content)])
    assert result.exit_code == 1  # a bare profile misses what Art. 13 requires
    # the title has no English translation; with no purpose, neither objection nor portability applies
    assert result.output.splitlines()[-1] == "10 errors, 1 warning, 4 info"
    assert not scratch.out.exists()


def test_build_only_named_organisations(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("beta", "v1.yaml", MINIMAL_PROFILE)
    result = CliRunner().invoke(main, ["build", "beta", "--content", str(scratch.content), "--out", str(scratch.out)])
    assert result.exit_code == 0, result.output
    assert (scratch.out / "beta" / "index.html").is_file()
    assert not (scratch.out / "acme").exists()


def test_an_output_folder_that_would_take_the_content_with_it_is_refused(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    before = tree(scratch.root)
    content = scratch.content
    for out, problem in [
        (content, f"{content}: the output folder holds the content folder {content}, and a build replaces it whole: "
                  "choose another --out"),
        (scratch.root, f"{scratch.root}: the output folder holds the content folder {content}, and a build replaces "
                       "it whole: choose another --out"),
        (content / "site", f"{content}/site: the output folder is inside the content folder {content}: "
                           "choose a folder outside it"),
        (content / "acme" / "v1.yaml", f"{content}/acme/v1.yaml: the output folder is inside the content folder "
                                       f"{content}: choose a folder outside it"),
    ]:
        result = run("build", "--content", str(content), "--out", str(out))
        assert (result.returncode, result.stderr.splitlines()) == (1, [f"error: {problem}"])
    assert tree(scratch.root) == before


def test_an_output_folder_privgen_did_not_make_is_refused_until_it_is_empty(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    notes = scratch.root / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    result = run("build", "--content", str(scratch.content), "--out", str(notes))
    assert result.stderr.splitlines() == [f"error: {notes}: not a folder: choose a new or empty folder for --out"]
    site = scratch.root / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text("<h1>About us</h1>", encoding="utf-8")
    result = run("build", "--content", str(scratch.content), "--out", str(site))
    assert result.returncode == 1 and result.stderr.splitlines() == [
        f"error: {site}: holds files that no build of privgen made (its cache .site.privgen-cache is not beside "
        "it), and a build replaces the folder whole: choose a new or empty folder, or empty this one"]
    assert notes.read_text(encoding="utf-8") == "mine" and tree(site) == {"about/index.html": b"<h1>About us</h1>"}

    profile = scratch.content / "acme" / "v1.yaml"  # a failed build leaves the lock of its cache, no cache
    profile.write_text("title: [broken\n", encoding="utf-8")
    assert run("build", "--content", str(scratch.content), "--out", str(scratch.root / "new")).returncode == 1
    (scratch.root / "new").mkdir()
    (scratch.root / "new" / "mine.txt").write_text("mine", encoding="utf-8")
    result = run("build", "--content", str(scratch.content), "--out", str(scratch.root / "new"))
    assert "holds files that no build of privgen made" in result.stderr
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")

    shutil.rmtree(site / "about")  # an empty folder is built into, and built into again
    for _ in range(2):
        assert run("build", "--content", str(scratch.content), "--out", str(site)).returncode == 0
    assert (site / "acme" / "index.html").is_file()


def test_a_build_waits_for_another_build_into_the_same_folder(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    assert run("build", "--content", str(scratch.content), "--out", str(scratch.out)).returncode == 0
    lock = scratch.root / ".build.privgen-cache" / "building"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a build that is writing holds it
        second = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(scratch.content),
                                   "--out", str(scratch.out)], cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        assert second.stderr is not None
        assert second.stderr.readline() == f"Waiting for another build into {scratch.out} to finish...\n"
        time.sleep(0.5)
        assert second.poll() is None  # still waiting
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0 and err == "" and out.startswith("Built 1 organisation")


def test_unknown_organisation_is_an_error(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    result = CliRunner().invoke(main, ["check", "zeta", "--content", str(scratch.content)])
    assert result.exit_code == 1
    assert f"error: {scratch.content}/zeta: no organisation 'zeta' in {scratch.content}" in result.output


def test_two_builds_serial_and_parallel_are_byte_identical(tmp_path: Path) -> None:
    for name, jobs in (("one", "1"), ("two", "2")):
        assert run("build", "--jobs", jobs, "--date", BUILD_DATE.isoformat(), "--content", str(CONTENT),
                   "--out", str(tmp_path / name)).returncode == 0
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    for relative in files:
        assert (tmp_path / "one" / relative).read_bytes() == (tmp_path / "two" / relative).read_bytes(), relative


def test_a_parallel_check_reports_what_a_serial_one_does() -> None:
    """Every format, findings in the order of the organisations, exit code and all."""
    for output in ("text", "json", "sarif"):
        one, two = (run("check", "--jobs", jobs, "--format", output, "--date", BUILD_DATE.isoformat(),
                        "--content", str(CONTENT)) for jobs in ("1", "2"))
        assert one.returncode == 1 and one.stderr == "" and one.stdout.count("clavis") > 1
        assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr), output


def test_a_parallel_check_reports_every_problem_as_a_serial_one_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    last = {}
    for org, version in (("clavis", "v1.yaml"), ("vloet", "20180522.yaml")):
        with (content / org / version).open("a", encoding="utf-8") as profile:
            profile.write("title: X\n")  # a second title: a duplicate key on the last line
        last[org] = len((content / org / version).read_text(encoding="utf-8").splitlines())
    (content / "stray.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    one, two = (run("check", "--jobs", jobs, "--content", str(content)) for jobs in ("1", "2"))
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode == 1 and one.stdout == ""
    assert one.stderr.splitlines() == [
        f"error: {content}/clavis/v1.yaml:{last['clavis']}: title: duplicate key: keep only one",
        f"error: {content}/stray.yaml: a profile belongs in its organisation's folder: move it to "
        f"{content}/ORG/stray.yaml, where ORG is the organisation's slug",
        f"error: {content}/vloet/20180522.yaml:{last['vloet']}: title: duplicate key: keep only one",
        "Failed with 3 problems; nothing was written.",
    ]


def on_a_terminal(*args: str, until: str | None = None, **environment: str) -> tuple[int, str]:
    """Run privgen with its standard error on a pseudo-terminal: its exit code and what it showed there.
    With until, its standard output goes there too, and it is stopped (SIGTERM) once until shows.
    Killed if it shows nothing for a minute."""
    shown, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=ROOT, stderr=terminal,
                               stdout=terminal if until else subprocess.DEVNULL,
                               env={**os.environ, "CI": "", **environment})
    os.close(terminal)
    chunks = []
    try:
        while True:
            if not select.select([shown], [], [], 60)[0]:
                process.kill()  # silent for a minute: stuck
                break
            try:
                chunk = os.read(shown, 4096)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
            if until and until.encode() in b"".join(chunks):
                process.terminate()
                until = None  # once: a second SIGTERM would interrupt its way out
    finally:
        os.close(shown)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8")


def test_a_progress_bar_shows_on_a_terminal_unless_quiet_or_in_ci(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(20):  # fewer build in a blink, without a bar
        shutil.copytree(CONTENT / "vloet", content / f"org-{n:02}")
    sites = iter(range(9))

    def build() -> tuple[str, ...]:  # into a new folder each time: a build with nothing to do shows no bar
        return ("build", "--content", str(content), "--out", str(tmp_path / f"site-{next(sites)}"), "--jobs", "2")

    def check() -> tuple[str, ...]:
        return ("check", "--content", str(content), "--jobs", "2")

    for command, label in ((build, "Rendering organisations"), (check, "Checking organisations")):
        code, shown = on_a_terminal(*command())
        assert code == (0 if command is build else 1), shown
        assert f"{label}  [{'-' * 36}]    0%" in shown and f"{label}  [{'#' * 36}]  100%" in shown, shown
        assert on_a_terminal(*command(), "-q") == (code, "")
        assert on_a_terminal(*command(), CI="true") == (code, "")


def test_the_live_server_shows_its_first_build_on_a_bar(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(20):
        shutil.copytree(CONTENT / "vloet", content / f"org-{n:02}")
    serving = f"Serving {tmp_path / 'site'} at http://127.0.0.1:"

    def serve(*options: str, **environment: str) -> str:
        shutil.rmtree(tmp_path / "site", ignore_errors=True)
        shutil.rmtree(tmp_path / ".site.privgen-cache", ignore_errors=True)
        code, shown = on_a_terminal("serve", "--content", str(content), "--out", str(tmp_path / "site"), "--port", "0",
                                    *options, until=serving, **environment)
        assert code == 0, shown
        return shown

    shown = serve()
    bar = f"Rendering organisations  [{'#' * 36}]  100%"
    assert bar in shown and shown.index(bar) < shown.index(serving), shown
    assert serve("-q").startswith(serving)
    assert serve(CI="true").startswith(serving)


def test_the_live_server_refuses_a_content_folder_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "content"
    served = subprocess.run([sys.executable, "-m", "generator", "serve", "--content", str(missing), "--port", "0"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (served.returncode, served.stdout) == (1, "")
    assert served.stderr == (f"error: {missing}: content folder not found: create it or pass --content\n"
                             "Failed with 1 problem; nothing was written.\n")


def test_the_live_server_stopped_in_its_first_build_ends_quietly(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for n in range(40):
        shutil.copytree(CONTENT / "vloet", content / f"org-{n:02}")
    code, shown = on_a_terminal("serve", "--content", str(content), "--out", str(tmp_path / "site"), "--port", "0",
                                until="Rendering organisations  [#")  # SIGTERM once the first organisations are in
    assert code == 0 and "Serving" not in shown and "Traceback" not in shown and "Aborted" not in shown, shown
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.privgen-cache", "content"]  # no staging folder left


SPAWNING = """
import multiprocessing
multiprocessing.set_start_method("spawn")
from generator.cli import main
main()
"""


def test_builds_and_checks_with_spawned_workers_equal_forked_ones(tmp_path: Path) -> None:
    """Python spawns its worker processes on macOS and Windows: they inherit nothing of the build's."""
    outputs = {}
    for way, start in (("fork", ["-m", "generator"]), ("spawn", ["-c", SPAWNING])):
        for command in (["build", "--out", str(tmp_path / way), "-q"], ["check", "--format", "json", "-q"]):
            done = subprocess.run([sys.executable, *start, *command, "--jobs", "2", "--date", BUILD_DATE.isoformat(),
                                   "--content", str(CONTENT)], capture_output=True, text=True, cwd=ROOT, timeout=120)
            assert done.returncode == (0 if command[0] == "build" else 1), done.stderr
            outputs[way, command[0]] = re.sub(r" into \S+ in [0-9.]+ s$", "", done.stdout, flags=re.M)
    assert outputs["spawn", "build"] == outputs["fork", "build"] and outputs["spawn", "check"] == outputs["fork", "check"]
    assert outputs["fork", "build"].startswith("Built 5 organisations, 8 statements, 63 pages (97 files)\n")
    assert tree(tmp_path / "spawn") == tree(tmp_path / "fork")


def test_committed_json_schema_is_current() -> None:
    committed = (ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: privgen schema > schema/profile.schema.json"


def test_every_seed_profile_passes_the_committed_json_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(CONTENT.glob("*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # dates as strings
        errors = [e.message for e in validator.iter_errors(_booleans(data))]
        assert errors == [], path


def _booleans(value: object) -> object:
    """BaseLoader keeps every scalar a string; turn YAML booleans back into booleans."""
    if isinstance(value, dict):
        return {k: _booleans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_booleans(v) for v in value]
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def test_broken_override_template_is_one_line_not_a_traceback(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    overrides = scratch.content / "acme" / "templates"
    overrides.mkdir()
    (overrides / "statement.html").write_text('{% extends "theme/statement.html" %}\n{% block brand %}{{ x }\n')
    result = run("build", "--content", str(scratch.content), "--out", str(scratch.out))
    assert result.returncode == 1
    assert result.stderr == (f"error: {overrides}/statement.html:2: template error: "
                             "unexpected '}'\n")
    assert not scratch.out.exists()


def test_new_scaffolds_a_profile_that_validates_checks_clean_and_builds(scratch: Scratch) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "acme-shop", "--name", "Acme: Shop & Co BV", "--content", str(scratch.content)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Created {scratch.content}/acme-shop/")
    check = runner.invoke(main, ["check", "acme-shop", "--content", str(scratch.content)])
    assert check.exit_code == 0, check.output
    assert check.output.splitlines()[-1] == "0 errors, 0 warnings, 2 info"  # no DPO named; no banner needed
    built = runner.invoke(main, ["build", "--content", str(scratch.content), "--out", str(scratch.out)])
    assert built.exit_code == 0, built.output
    assert "Acme: Shop &amp; Co BV" in (scratch.out / "acme-shop" / "index.html").read_text(encoding="utf-8")
    # the commented example of proof of consent, taken in as it stands, is a valid consent log
    assert runner.invoke(main, ["new", "acme-two", "--content", str(scratch.content)]).exit_code == 0
    profile = next((scratch.content / "acme-two").glob("*.yaml"))
    text = profile.read_text(encoding="utf-8")
    assert "#   consent_log: https://consent.example.org/consent/acme-two\n" in text
    profile.write_text(text.replace("# banner:", "banner:").replace("#   consent_log:", "  consent_log:"), encoding="utf-8")
    logged = runner.invoke(main, ["check", "acme-two", "--content", str(scratch.content)])
    assert logged.exit_code == 0, logged.output
    again = runner.invoke(main, ["new", "acme-shop", "--content", str(scratch.content)])
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(main, ["new", "_drafts", "--content", str(scratch.content)])
    assert (bad.exit_code, bad.output) == (1, "error: '_drafts' is not a valid organisation slug: use lower-case "
                                              "letters, digits, '-' and '_', starting with a letter or digit\n")
    site_folder = runner.invoke(main, ["new", "assets", "--content", str(scratch.content)])
    assert (site_folder.exit_code, site_folder.output) == (
        1, "error: 'assets' is a folder of the site itself (assets, en, nl): choose another slug\n")
    assert not (scratch.content / "assets").exists()


def test_new_takes_the_cookies_a_site_sets_as_the_open_cookie_database_knows_them(scratch: Scratch) -> None:
    from generator.profile.gather import gather_site

    runner = CliRunner()
    args = ["new", "acme", "--content", str(scratch.content)]
    unknown = runner.invoke(main, [*args, "--cookie", "_ga", "--cookie", "acme_cart"])
    assert (unknown.exit_code, unknown.output) == (1, "error: --cookie acme_cart: not in the Open Cookie Database; leave "
                                                      "it out and add it to cookies.items by hand\n")
    assert not (scratch.content / "acme").exists()
    made = runner.invoke(main, [*args, "--cookie", "_ga", "--cookie", "_fbp", "--cookie", "PHPSESSID",
                                "--cookie", "_hjSessionUser_123"])
    assert made.exit_code == 0, made.output
    path = next((scratch.content / "acme").glob("*.yaml"))
    cookies = gather_site(scratch.content, ("acme",)).organisations[0].current.profile.cookies
    assert cookies is not None
    assert [(c.id, c.name, c.provider, c.tier, c.party, c.duration, c.session) for c in cookies.items[1:]] == [
        ("ga", "_ga", "Google Analytics", "analytics", "first", "P2Y", False),
        ("fbp", "_fbp", "Facebook", "social", "third", "P4M", False),
        ("phpsessid", "PHPSESSID", "PHP.net", "necessary", "first", None, True),
        # the database calls Hotjar's cookies functional; privgen check knows Hotjar tracks visitors
        ("hjsessionuser", "_hjSessionUser_*", "Hotjar", "analytics", "first", "P365D", False),
    ]
    text = path.read_text(encoding="utf-8")
    assert ("    # _fbp: Facebook, marketing, per the Open Cookie Database: \"Used by Facebook to deliver a series\n"
            "    # of advertisement products such as real time bidding from third party advertisers\"; kept 4\n"
            "    # months. Check it against your site and say what you use it for.\n") in text
    check = runner.invoke(main, ["check", "acme", "--content", str(scratch.content), "--format", "json"])
    found = {(f["rule"], f["field"]) for f in json.loads(check.output)}
    assert check.exit_code == 0 and ("cookies.necessary", "cookies.items[4].tier") not in found
    assert ("transfer.provider", "cookies.items[1].provider") in found  # Google, in the United States
    built = runner.invoke(main, ["build", "--content", str(scratch.content), "--out", str(scratch.out)])
    assert built.exit_code == 0 and (scratch.out / "acme" / "consent.js").is_file()


def test_summary_condenses_many_banners_and_flags_the_budget() -> None:
    from types import SimpleNamespace

    from generator.commands.summary import build_summary

    sizes = {f"org-{n}": 4000 + n for n in range(9)} | {"big": 6000}
    report = SimpleNamespace(organisations=10, rebuilt=10, statements=20, pages=120, files=200, seconds=1.5,
                             banner_sizes=sizes, check=SimpleNamespace(summary=lambda: "0 errors, 1 warning, 2 info"))
    assert build_summary(report, Path("site")) == [
        "Built 10 organisations, 20 statements, 120 pages (200 files) into site in 1.50 s",
        "Banner consent.js, gzip -9 bytes (budget 4,096): min 4,000, median 4,005, max 6,000; over budget: big",
        "GDPR check: 0 errors, 1 warning, 2 info (details: privgen check)",
    ]
    report.rebuilt = 1  # an incremental build says how much of the site it made again
    assert build_summary(report, Path("site"))[0] == (
        "Built 10 organisations (1 rebuilt, 9 kept as they were), 20 statements, 120 pages (200 files) into site "
        "in 1.50 s")


def test_serve_on_a_port_in_use_says_so_at_once_and_builds_nothing(scratch: Scratch) -> None:
    import socket

    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--content", str(scratch.content),
                                           "--out", str(scratch.out)])
    assert (result.exit_code, result.output) == (
        1, f"error: 127.0.0.1:{port}: cannot serve there: Address already in use; choose another --port\n")
    assert not scratch.out.exists()


def test_a_report_or_a_profile_that_cannot_be_written_is_one_line(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("acme", "v2.yaml", MINIMAL_PROFILE)
    nowhere = scratch.root / "missing" / "report.md"
    report = CliRunner().invoke(main, ["diff", "acme", "v1", "v2", "--content", str(scratch.content),
                                       "-o", str(nowhere)])
    assert (report.exit_code, report.output) == (
        1, f"error: {nowhere}: cannot write the report: No such file or directory\n")

    a_file = scratch.root / "notes.txt"
    a_file.write_text("not a content folder", encoding="utf-8")
    new = CliRunner().invoke(main, ["new", "acme-shop", "--content", str(a_file)])
    assert (new.exit_code, new.output) == (
        1, f"error: {a_file}/acme-shop: cannot create the organisation's folder: Not a directory; check --content\n")


def test_an_output_file_or_the_cache_that_cannot_be_written_is_one_line(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("beta", "v1.yaml", MINIMAL_PROFILE)  # kept as it is: the build writes acme in place
    build = ["build", "--content", str(scratch.content), "--out", str(scratch.out)]
    assert CliRunner().invoke(main, build).exit_code == 0
    scratch.profile("acme", "v2.yaml", MINIMAL_PROFILE.replace("Voorbeeld BV", "Acme Two BV"))
    page = scratch.out / "acme" / "index.html"
    page.unlink()
    (page / "in-the-way").mkdir(parents=True)  # where the page goes, as a full disk would refuse it
    failed = CliRunner().invoke(main, build)
    assert (failed.exit_code, failed.output) == (1, f"error: {scratch.out}: cannot write the output folder: "
                                                    "acme/index.html is a folder; remove it (nothing was published)\n")

    shutil.rmtree(page)
    cache = scratch.root / ".build.privgen-cache"
    in_the_way = cache / f"organisations.cache.{os.getpid()}.new"  # where this process writes the cache
    in_the_way.mkdir()
    failed = CliRunner().invoke(main, build)
    assert (failed.exit_code, failed.output) == (
        1, f"error: {cache}/organisations.cache: cannot keep the build cache: Is a directory; the site was "
           "published, and the next build tries again\n")
    in_the_way.rmdir()
    assert CliRunner().invoke(main, build).exit_code == 0
    assert "Acme Two BV" in page.read_text(encoding="utf-8")
