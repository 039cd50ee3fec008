"""Incremental builds and the live server's rebuilds equal a clean build; a failed build changes nothing."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyphen  # type: ignore[import-untyped]
import pytest
import yaml

from generator.incremental import cache, keys, store
from generator.check import readability
from generator.build import build
from generator.errors import PublishRefused
from generator.render.theme import DEFAULT_THEME
from tests.test_rules import COMPLETE
from generator.check.checker import check_organisation
from generator.commands.diff import correct_version
from generator.incremental.keys import input_key
from generator.incremental.store import remembered
from generator.errors import InputError
from generator.profile.gather import gather_organisation
from generator.render.outputs import forget_renderers
from generator.serve.server import DevServer
from tests.conftest import BUILD_DATE, CONTENT, in_fresh_process, tree


def copy_of(tmp_path: Path, *orgs: str) -> Path:
    """A content folder with copies of these organisations of the example content."""
    content = tmp_path / "content"
    for org in orgs:
        shutil.copytree(CONTENT / org, content / org)
    return content


def add_upcoming_version(content: Path) -> Path:
    """A later version of vloet (its pages announce it and link to what changes); its file."""
    added = content / "vloet" / "2099-01-01.yaml"
    added.write_text((content / "vloet" / "20180522.yaml").read_text(encoding="utf-8").replace(
        "  label: versie 20180522", "  label: versie 2099\n  effective_date: 2099-01-01"), encoding="utf-8")
    return added


def test_rebuild_after_edits_equals_a_clean_build(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    server = DevServer(content, tmp_path / "live", port=0, watching=False, report=lambda line: None)
    server.start()
    try:
        server.rebuild([add_upcoming_version(content)])
        removed = content / "kaviaarshop" / "2027-01-01.yaml"
        removed.unlink()
        server.rebuild([removed])
    finally:
        server.stop()
    build(content, tmp_path / "clean")
    live, clean = tree(tmp_path / "live"), tree(tmp_path / "clean")
    assert sorted(live) == sorted(clean)
    assert [name for name in live if live[name] != clean[name]] == []


def test_the_live_server_says_which_organisations_it_rebuilt_and_removed(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "vloet")
    lines: list[str] = []
    server = DevServer(content, tmp_path / "live", port=0, watching=False, report=lines.append)
    server.start()
    try:
        server.rebuild([add_upcoming_version(content)])
        shutil.copytree(content / "vloet", content / "vloet-2")
        shutil.rmtree(content / "clavis")
        server.rebuild([content / "clavis" / "v1.yaml", content / "vloet-2" / "20180522.yaml"])
        shutil.rmtree(content / "vloet-2")
        server.rebuild([content / "vloet-2"])
    finally:
        server.stop()
    assert [line.split(" in ")[0] for line in lines] == ["Rebuilt vloet", "Rebuilt vloet-2, removed clavis",
                                                         "Removed vloet-2"]
    assert not (tmp_path / "live" / "clavis").exists() and not (tmp_path / "live" / "vloet-2").exists()


def test_a_stylesheet_edit_rewrites_the_stylesheet_and_a_template_edit_every_organisation(tmp_path: Path) -> None:
    """Pages link to the theme's stylesheet by name: its bytes are the site's assets alone."""
    content = copy_of(tmp_path, "clavis", "vloet")
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    out = tmp_path / "site"
    build(content, out, theme=theme)

    def files() -> dict[str, tuple[int, int]]:
        return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
                for p in out.rglob("*") if p.is_file()}

    before = files()
    stylesheet = theme / "static" / "privgen.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "\n.brand { letter-spacing: 0.01em; }\n",
                          encoding="utf-8")
    restyled = build(content, out, theme=theme)
    assert restyled.rebuilt == 0
    assert [name for name, stat in files().items() if before[name] != stat] == ["assets/privgen.css"]
    assert tree(out) == tree(_clean_build(content, theme, tmp_path / "clean-1"))

    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited -->\n</body>"), encoding="utf-8")
    forget_renderers()  # this process keeps compiled templates, as the live server does until a template changes
    assert build(content, out, theme=theme).rebuilt == 2
    assert tree(out) == tree(_clean_build(content, theme, tmp_path / "clean-2"))
    assert "<!-- edited -->" in (out / "vloet" / "index.html").read_text(encoding="utf-8")


def _clean_build(content: Path, theme: Path, out: Path) -> Path:
    build(content, out, theme=theme)
    return out


def test_the_live_server_rebuilds_many_organisations_in_spawned_workers(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A theme edit rebuilds every organisation, and with many in workers. Its threads run while it
    rebuilds: the workers are spawned, not forked (which would copy their locks as they are)."""
    from generator.serve import server as serve
    from generator.incremental import workers

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: a rebuild has no workers to spread over")
    content = tmp_path / "content"
    for n in range(serve._WORTH_SPAWNING):
        shutil.copytree(CONTENT / "vloet", content / f"org-{n:02}")
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    contexts = []
    context_of = workers._context
    monkeypatch.setattr(workers, "_context", lambda: contexts.append(context_of()) or contexts[-1])
    lines: list[str] = []
    server = DevServer(content, tmp_path / "live", port=0, theme=theme, watching=False, report=lines.append)
    server.start()
    try:
        base = theme / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- edited -->\n</body>"),
                        encoding="utf-8")
        server.rebuild([base])
    finally:
        server.stop()
    assert contexts[-1] is not None and contexts[-1].get_start_method() == "spawn"
    assert lines[0] == f"Rebuilding every organisation after the theme changed, in {os.cpu_count()} processes..."
    assert lines[1].startswith("Rebuilt the site in ") and len(lines) == 2
    forget_renderers()
    assert tree(tmp_path / "live") == tree(_clean_build(content, theme, tmp_path / "clean"))
    assert "<!-- edited -->" in (tmp_path / "live" / "org-00" / "index.html").read_text(encoding="utf-8")


def test_workers_are_forked_only_where_this_process_runs_one_thread() -> None:
    from generator.incremental import workers

    assert threading.active_count() > 1 or workers._context() is None
    running = threading.Event()
    thread = threading.Thread(target=running.wait)
    thread.start()
    try:
        context = workers._context()
        assert context is not None and context.get_start_method() == "spawn"
    finally:
        running.set()
        thread.join()


def test_rebuild_picks_up_an_edited_organisation_template(tmp_path: Path) -> None:
    """Compiled templates are kept between rebuilds; an edited override must still take effect."""
    content = copy_of(tmp_path, "vloet")
    override = content / "vloet" / "templates" / "statement.html"
    override.parent.mkdir()
    override.write_text('{% extends "theme/statement.html" %}{% block brand %}<p>Eerste kop</p>{% endblock %}',
                        encoding="utf-8")
    server = DevServer(content, tmp_path / "live", port=0, watching=False, report=lambda line: None)
    server.start()
    try:
        override.write_text(override.read_text(encoding="utf-8").replace("Eerste", "Tweede"), encoding="utf-8")
        server.rebuild([override])
    finally:
        server.stop()
    page = (tmp_path / "live" / "vloet" / "index.html").read_text(encoding="utf-8")
    assert "<p>Tweede kop</p>" in page and "Eerste" not in page


def test_cli_rebuilds_only_what_changed_and_equals_a_clean_build(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    first = build(content, out)
    assert first.files > 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    again = build(content, out)  # nothing changed: nothing is written
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert (again.files, again.pages, again.banner_sizes, again.check.summary()) == (
        first.files, first.pages, first.banner_sizes, first.check.summary())

    upcoming = content / "vloet" / "2099-01-01.yaml"
    upcoming.write_text((content / "vloet" / "20180522.yaml").read_text(encoding="utf-8").replace(
        "  label: versie 20180522", "  label: versie 2099\n  effective_date: 2099-01-01"), encoding="utf-8")
    shutil.rmtree(content / "clavis")
    edited = build(content, out)
    touched = {p for p in out.rglob("*") if p.is_file() and before.get(p) != p.stat().st_mtime_ns}
    assert touched and all(p.relative_to(out).parts[0] in ("vloet", "index.html", "en") for p in touched)
    assert not (out / "clavis").exists()
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")
    assert edited.files == len(tree(out))


def test_site_index_is_rendered_again_only_when_what_it_lists_changed(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "vloet")
    out = tmp_path / "site"
    build(content, out)
    index = out / "index.html"
    written = index.stat().st_mtime_ns
    override = content / "vloet" / "templates" / "statement.html"  # changes vloet's pages, not the list
    override.parent.mkdir()
    override.write_text('{% extends "theme/statement.html" %}{% block brand %}<p>Vloet</p>{% endblock %}',
                        encoding="utf-8")
    build(content, out)
    assert index.stat().st_mtime_ns == written and "<p>Vloet</p>" in (out / "vloet" / "index.html").read_text()

    (out / "en" / "index.html").unlink()  # a missing file of the index is written again
    build(content, out)
    assert (out / "en" / "index.html").is_file() and index.stat().st_mtime_ns == written

    copy_of(tmp_path, "kaviaarshop")  # one more organisation to list
    build(content, out)
    assert "kaviaarshop/" in index.read_text(encoding="utf-8")
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def file_stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of each file: what shows whether a file was written again."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_named_organisations_leaves_the_others_as_they_are(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    build(content, out, on=BUILD_DATE)
    others = {org: file_stats(out / org) for org in ("clavis", "kaviaarshop")}
    add_upcoming_version(content)
    report = build(content, out, only=("vloet",), on=BUILD_DATE)
    assert {org: file_stats(out / org) for org in others} == others  # not one file of theirs written again
    assert (out / "vloet" / "versions" / "2099-01-01" / "index.html").is_file()
    assert (report.organisations, report.rebuilt, report.statements) == (3, 1, 7)  # of the whole site
    build(content, tmp_path / "clean", on=BUILD_DATE, incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def test_building_named_organisations_reads_no_other_profile(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "vloet")
    out = tmp_path / "site"
    build(content, out, on=BUILD_DATE)
    profile = next((content / "clavis").glob("*.yaml"))
    profile.write_text("title: [unclosed\n", encoding="utf-8")
    add_upcoming_version(content)
    build(content, out, only=("vloet",), on=BUILD_DATE)
    assert (out / "vloet" / "versions" / "2099-01-01" / "index.html").is_file()
    assert 'href="clavis/"' in (out / "index.html").read_text(encoding="utf-8")
    with pytest.raises(InputError) as failed:  # a full build reads it, and refuses
        build(content, out, on=BUILD_DATE)
    assert {problem.file for problem in failed.value.problems} == {profile}


def test_building_named_organisations_drops_others_whose_files_are_gone(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "softwarebedrijf", "vloet")
    out = tmp_path / "site"
    build(content, out, on=BUILD_DATE, jobs=2)
    intact = file_stats(out / "softwarebedrijf")
    shutil.rmtree(out / "clavis")
    (out / "kaviaarshop" / "index.html").write_text("tampered", encoding="utf-8")
    add_upcoming_version(content)
    report = build(content, out, only=("vloet",), on=BUILD_DATE, jobs=2)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert report.organisations == 2 and 'href="clavis/"' not in index and 'href="kaviaarshop/"' not in index
    assert 'href="softwarebedrijf/"' in index and file_stats(out / "softwarebedrijf") == intact
    build(content, out, on=BUILD_DATE, jobs=2)  # the next full build makes them again
    build(content, tmp_path / "clean", on=BUILD_DATE, incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def test_strict_building_named_organisations_judges_what_it_publishes(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "vloet")  # on the build date vloet has 9 errors
    (content / "acme").mkdir()  # and a statement the check finds nothing wrong with
    (content / "acme" / "v1.yaml").write_text(yaml.safe_dump(COMPLETE, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    out = tmp_path / "site"
    build(content, out, on=BUILD_DATE)
    assert build(content, out, only=("acme",), strict=True, on=BUILD_DATE).check.count("error") == 9
    with pytest.raises(PublishRefused, match="found 9 errors, 10 warnings, 20 info"):
        build(content, out, only=("vloet",), strict=True, on=BUILD_DATE)


def test_live_server_builds_as_of_a_date(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "kaviaarshop")
    server = DevServer(content, tmp_path / "live", port=0, watching=False, report=lambda line: None,
                       on=dt.date(2027, 6, 1))
    server.start()
    server.stop()
    assert "Versie 3 van 3." in (tmp_path / "live" / "kaviaarshop" / "index.html").read_text(encoding="utf-8")


def test_a_broken_organisation_stops_a_parallel_build_before_the_output_changes(tmp_path: Path) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    build(content, out, jobs=2)
    before = tree(out)
    profile = content / "vloet" / "20180522.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text("title: [broken\n", encoding="utf-8")
    shutil.rmtree(content / "clavis")  # and a change elsewhere that alone would be fine
    for incremental in (False, True):  # through the staging folder, and in place
        with pytest.raises(InputError) as caught:
            build(content, out, jobs=2, incremental=incremental)
        assert [str(p).replace(str(content) + "/", "") for p in caught.value.problems] == [
            "vloet/20180522.yaml:2: invalid YAML: did not find expected ',' or ']'"]
        assert tree(out) == before and not list(tmp_path.glob(".site.new-*"))
    profile.write_text(good, encoding="utf-8")
    build(content, out, jobs=2)
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def test_a_later_date_rebuilds_only_the_organisations_whose_version_in_force_changes(tmp_path: Path) -> None:
    # kaviaarshop has a version taking effect on 2027-01-01
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    build(content, out, on=dt.date(2026, 11, 22))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}

    build(content, out, on=dt.date(2026, 12, 31))  # the next day, or month: the same versions in force
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before

    # the full build it must equal starts from the same site: both keep its content-addressed banner
    shutil.copytree(out, tmp_path / "clean")
    shutil.copytree(cache.cache_folder(out), cache.cache_folder(tmp_path / "clean"))
    build(content, out, on=dt.date(2027, 1, 1))
    touched = {p.relative_to(out).parts[0] for p in out.rglob("*")
               if p.is_file() and before.get(p) != p.stat().st_mtime_ns}
    assert touched == {"kaviaarshop", "index.html", "en"}  # the list shows the version in force
    build(content, tmp_path / "clean", on=dt.date(2027, 1, 1), incremental=False)
    assert tree(out) == tree(tmp_path / "clean")
    assert len(list((out / "kaviaarshop").glob("consent.*.js"))) == 2  # the banner of 2026 stays published


def test_a_full_rebuild_keeps_the_files_whose_bytes_did_not_change(tmp_path: Path) -> None:
    """A full build replaces the output folder whole, but a file with the same bytes is the same file:
    not written again, with its time kept, so sync tools and caches see only what changed."""
    content = copy_of(tmp_path, "clavis", "vloet")
    out = tmp_path / "site"
    build(content, out, incremental=False)
    before = {p.relative_to(out).as_posix(): p.stat() for p in out.rglob("*") if p.is_file()}
    profile = content / "vloet" / "20180522.yaml"  # the organisation's name is on its own pages and the list
    profile.write_text(profile.read_text(encoding="utf-8").replace("Vloet", "Vloed"), encoding="utf-8")
    correct_version(content, "vloet", "20180522", "a deliberate change of a published version, for the test")

    build(content, out, incremental=False)
    after = {p.relative_to(out).as_posix(): p.stat() for p in out.rglob("*") if p.is_file()}
    assert sorted(after) == sorted(before)
    kept = {name for name in after if (after[name].st_ino, after[name].st_mtime_ns) ==
            (before[name].st_ino, before[name].st_mtime_ns)}
    assert {name.split("/")[0] for name in set(after) - kept} == {"vloet", "index.html", "en"}
    assert any(name.startswith("clavis/") for name in kept) and all(after[name].st_nlink == 1 for name in after)
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def test_a_kept_value_is_made_once_per_key(tmp_path: Path) -> None:
    path = tmp_path / "kept.pickle"
    made: list[str] = []

    def make(value: str) -> Callable[[], str]:
        return lambda: made.append(value) or value

    assert remembered(path, ("k", 1), make("first")) == "first"
    store._READ.clear()  # as a new process: from the file
    assert remembered(path, ("k", 1), make("second")) == "first"
    assert remembered(path, ("k", 2), make("third")) == "third"
    assert made == ["first", "third"]


def test_a_build_keeps_the_parsed_hyphenation_dictionaries(tmp_path: Path) -> None:
    # its own process: this one may have parsed the dictionaries already
    subprocess.run([sys.executable, "-m", "generator", "build", "vloet", "--content", str(CONTENT),
                    "--out", str(tmp_path / "site"), "-q"], check=True, capture_output=True)
    kept = tmp_path / ".site.privgen-cache" / "hyphenation-nl_NL.pickle"
    assert kept.is_file()
    key, dictionary = pickle.loads(kept.read_bytes())
    assert key[0] == pyphen.__version__
    parsed = pyphen.HyphDict(pyphen.LANGUAGES["nl_NL"])
    assert (dictionary.patterns, dictionary.maxlen) == (parsed.patterns, parsed.maxlen)


def test_a_build_keeps_the_syllables_of_every_word_its_checks_hyphenated(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # in worker processes (two jobs), which hand their counts to the build
    subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(CONTENT), "--out",
                    str(tmp_path / "site"), "--jobs", "2", "--date", BUILD_DATE.isoformat(), "-q"],
                   check=True, capture_output=True)
    key, kept = pickle.loads((tmp_path / ".site.privgen-cache" / "syllables-nl_NL.pickle").read_bytes())
    assert key[:2] == ("positions+1", pyphen.__version__)
    # every word the example's checks meet, as this process counts them with nothing kept
    monkeypatch.setattr(readability, "_KEEPER", [])
    monkeypatch.setattr(readability, "_COUNTED", {})
    monkeypatch.setattr(readability, "_NEWLY_COUNTED", [])
    for folder in sorted(CONTENT.iterdir()):
        organisation = gather_organisation(folder, BUILD_DATE).organisation
        assert organisation is not None
        list(check_organisation(organisation))
    met = {word: syllables for lang, word, syllables in readability.newly_counted() if lang == "nl"}
    assert len(met) > 1000
    assert kept == met


def test_kept_syllable_counts_spare_a_later_process_the_hyphenation(tmp_path: Path) -> None:
    in_fresh_process("""
        import sys
        from pathlib import Path
        from generator.check.readability import keep_syllable_counts
        from generator.incremental.store import FolderKeeper
        keep_syllable_counts(FolderKeeper(Path(sys.argv[1])), [("nl", "woord", 7)])  # a count no dictionary gives
        keep_syllable_counts(FolderKeeper(Path(sys.argv[1])), [("nl", "zin", 5)])  # added to those kept
    """, str(tmp_path))
    counted = in_fresh_process("""
        import sys
        from collections import Counter
        from pathlib import Path
        from generator.check import readability
        from generator.incremental.store import FolderKeeper
        readability.keep_dictionaries_in(FolderKeeper(Path(sys.argv[1])))
        print(readability._syllables(Counter(["Woord", "woord", "zin"]), "nl"),
              readability.newly_counted(), readability._dictionary.cache_info().currsize)
    """, str(tmp_path))
    assert counted.split() == ["19", "()", "0"]  # 7 + 7 + 5; nothing hyphenated, no dictionary loaded


def test_an_input_key_is_kept_while_its_files_keep_their_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    profile = folder / "v1.yaml"
    monkeypatch.setattr(keys, "time", _Clock(seconds_later=0))
    profile.write_text("title: Privacy\n", encoding="utf-8")
    fresh = input_key(folder, "site")
    assert fresh.files is None  # read as it was written: its times cannot vouch for its bytes yet
    monkeypatch.setattr(keys, "time", _Clock(seconds_later=3))
    settled = input_key(folder, "site", known=fresh)
    assert settled.value == fresh.value and settled.files is not None

    def unread(path: str, content: Path) -> tuple[bytes, tuple[int, int, int, int]]:
        raise AssertionError(f"read {path}")

    with monkeypatch.context() as reading:
        reading.setattr(keys, "_content_of", unread)
        assert input_key(folder, "site", known=settled) is settled
    assert input_key(folder, "other site", known=settled).value != settled.value


def test_an_input_key_sees_a_rewrite_that_keeps_size_and_modification_time(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    profile = folder / "v1.yaml"
    profile.write_text("title: Privacy\n", encoding="utf-8")
    monkeypatch.setattr(keys, "time", _Clock(seconds_later=3))
    before = input_key(folder, "site", known=None)
    assert before.files is not None
    modified = profile.stat().st_mtime_ns
    time.sleep(0.05)  # a later clock tick; within one tick it is the settling time that protects
    profile.write_text("title: Privacx\n", encoding="utf-8")
    os.utime(profile, ns=(modified, modified))  # same size, same modification time: only ctime tells
    after = input_key(folder, "site", known=before)
    assert after.value != before.value
    added = folder / "v2.yaml"
    added.write_text("title: Privacy\n", encoding="utf-8")
    assert input_key(folder, "site", known=after).value != after.value


def test_a_rebuild_reads_no_profile_once_their_stat_vouches_for_them(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "time", _Clock(seconds_later=0))
    content = copy_of(tmp_path, "clavis", "vloet")
    out = tmp_path / "site"
    build(content, out)  # the profiles read as they were written: their times cannot vouch for them yet
    kept = tmp_path / ".site.privgen-cache" / "organisations.cache"
    first = kept.stat().st_mtime_ns
    monkeypatch.setattr(keys, "time", _Clock(seconds_later=3))
    build(content, out)  # hashed again, and now their stat is kept
    learned = kept.stat().st_mtime_ns
    assert learned != first

    def unread(path: str) -> tuple[bytes, tuple[int, int, int, int]]:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(keys, "_content_of", unread)
    build(content, out)
    assert kept.stat().st_mtime_ns == learned  # nothing new to keep


def test_a_file_settles_after_a_tick_of_its_clock() -> None:
    second = 1_000_000_000
    now = 1_800_000_000 * second

    def changed(at: int) -> tuple[int, int, int, int]:
        return 10, at, at, 1  # size, modification time, change time, inode

    assert keys._settled(changed(now - 150_000_000 + 7), now)  # a fraction of a second: a fine clock
    assert not keys._settled(changed(now - 50_000_000 + 7), now)
    assert not keys._settled(changed(now - second), now)  # whole seconds: maybe FAT, which keeps two
    assert keys._settled(changed(now - 3 * second), now)


class _Clock:
    """time as the cache module sees it: some seconds ahead, files written now count as settled;
    with 0, it stops when it is made, and files written after that read as changed this moment."""

    def __init__(self, seconds_later: int) -> None:
        self.ahead = seconds_later * 1_000_000_000
        self.made = time.time_ns()

    def time_ns(self) -> int:
        return time.time_ns() + self.ahead if self.ahead else self.made


def test_a_build_collects_garbage_only_while_it_builds_many_organisations(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """What a build reads and imports lives until it ends: collections only walk it. They run while
    organisations are built (templates leave cycles), and the collector is as it was afterwards."""
    from generator import pipeline

    content = copy_of(tmp_path, "clavis", "vloet")
    seen: list[tuple[str, bool]] = []
    build_one = pipeline.build_organisation

    def recording(folder: Path, settings: pipeline.BuildSettings) -> pipeline.BuiltOrganisation:
        seen.append((folder.name, gc.isenabled()))
        return build_one(folder, settings)

    monkeypatch.setattr(pipeline, "build_organisation", recording)
    frozen = gc.get_freeze_count()
    build(content, tmp_path / "site")
    edited = content / "vloet" / "20180522.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(content, tmp_path / "site")
    assert seen == [("clavis", True), ("vloet", True), ("vloet", False)]
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_parallel_rebuild_surveys_aside_what_changed_and_equals_a_clean_build(tmp_path: Path) -> None:
    """Edited profiles and damaged output files, as the survey in a forked process sees them."""
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    build(content, out, jobs=2)
    edited = content / "clavis" / "v1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Clavis", "Clavis Nederland", 1), encoding="utf-8")
    (out / "kaviaarshop" / "en" / "index.html").unlink()
    changed = out / "vloet" / "embed.html"  # vloet needs no banner, so it has no consent.js
    changed.write_bytes(changed.read_bytes() + b"//")
    looked = """
        import json, sys
        from pathlib import Path
        from generator.incremental import cache, keys
        from generator.check import readability
        from generator.incremental.aside import Aside
        from generator.render.theme import DEFAULT_THEME

        content, out = Path(sys.argv[1]), Path(sys.argv[2])
        folders = sorted(content.iterdir())
        cached = cache.read_cache(out)
        aside = Aside(lambda: cache.survey(out, folders, cached, keys.fingerprint(DEFAULT_THEME)))
        forked, seen = aside.forked, aside.result()
        print(json.dumps([forked, sorted(seen.damaged), {slug: key.value for slug, key in seen.rehashed.items()}]))
    """
    here = cache.survey(out, sorted(content.iterdir()), cache.read_cache(out), keys.fingerprint(DEFAULT_THEME))
    assert json.loads(in_fresh_process(looked, str(content), str(out))) == [
        True, ["kaviaarshop", "vloet"], {"clavis": here.rehashed["clavis"].value}]
    assert here.damaged == {"kaviaarshop", "vloet"} and set(here.rehashed) == {"clavis"}

    build(content, out, jobs=2)
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")


def test_a_rebuild_pickles_only_the_cache_entries_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = copy_of(tmp_path, "clavis", "kaviaarshop", "vloet")
    out = tmp_path / "site"
    build(content, out)
    pickled: list[str] = []
    dumps = pickle.dumps

    def counting(value: object, protocol: int | None = None) -> bytes:
        if isinstance(value, cache.CachedOrganisation):
            pickled.append(value.entry.slug)
        return dumps(value, protocol=protocol)

    monkeypatch.setattr(cache.pickle, "dumps", counting)
    edited = content / "vloet" / "20180522.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(content, out)
    assert pickled == ["vloet"]
    store._READ.clear()  # as a new process: from the file
    assert sorted(cache.read_cache(out)) == ["clavis", "kaviaarshop", "vloet"]
    build(content, out)
    build(content, tmp_path / "clean", incremental=False)
    assert tree(out) == tree(tmp_path / "clean")
