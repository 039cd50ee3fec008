"""Published versions stay published: each way a careless edit (or a hurried one) could publish
changed text of a version that was already published is refused in one line, and the site stays
as the last build left it. Taking a version back is an explicit, recorded command."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable

import pytest
import yaml
from click.testing import CliRunner

from generator.profile import validate
from generator.build import build
from generator.cli import main
from generator.errors import PrivgenError, error_lines
from generator.profile.gather import gather_site
from generator.profile.lock import _legacy_hash, content_hash
from generator.profile.model import Profile
from tests.conftest import BUILD_DATE, CONTENT, Scratch, tree
from tests.test_versions import NEW, OLD

ON = dt.date(2025, 6, 1)  # 2020-01-01 is published, 2030-01-01 upcoming
EDITED = OLD.replace("P7Y", "P8Y")
Edit = Callable[[Scratch], None]


def _published(scratch: Scratch) -> None:
    scratch.profile("acme", "2020-01-01.yaml", OLD)
    scratch.profile("acme", "2030-01-01.yaml", NEW)
    build(scratch.content, scratch.out, on=ON)


def _lock(scratch: Scratch) -> str:
    return (scratch.content / "acme" / "versions.lock").read_text(encoding="utf-8")


def _write_lock(text: str) -> Edit:
    return lambda scratch: (scratch.content / "acme" / "versions.lock").write_text(text, encoding="utf-8") and None


def _rename_edited(scratch: Scratch) -> None:
    (scratch.content / "acme" / "2020-01-01.yaml").unlink()
    scratch.profile("acme", "2020-01-01b.yaml", EDITED)


def _future_date(scratch: Scratch) -> None:
    scratch.profile("acme", "2020-01-01.yaml", EDITED.replace("effective_date: 2020-01-01", "effective_date: 2029-01-01"))


GONE = ("{lock}: published version '2020-01-01' has no file any more: restore {folder}/2020-01-01.yaml from "
        "version control, or take it back with privgen withdraw acme 2020-01-01 --reason \"...\"")
CHANGED = ("{folder}/2020-01-01.yaml: published version '2020-01-01' has changed since it was published: put the "
           "change in a new version file, or record a correction with privgen correct acme 2020-01-01 --reason "
           "\"...\"")
EDITS: dict[str, tuple[Edit, list[str], dt.date]] = {
    "lock deleted": (lambda s: (s.content / "acme" / "versions.lock").unlink(),
                     ["{lock}: missing, but the last build published version '2020-01-01': restore the lock file "
                      "from version control"], ON),
    "lock emptied": (_write_lock(""), ["{lock}: empty, but the last build published version '2020-01-01': restore "
                                       "the lock file from version control"], ON),
    "lock without its versions": (_write_lock("versions: {}\n"), [
        "{lock}: empty, but the last build published version '2020-01-01': restore the lock file from version "
        "control"], ON),
    "lock cut": (_write_lock("versions:\n  other: sha256:00\n"), [
        "{lock}: published version 'other' has no file any more: restore {folder}/other.yaml from version "
        "control, or take it back with privgen withdraw acme other --reason \"...\"",
        "{lock}: without version '2020-01-01', but the last build published version '2020-01-01': restore the "
        "lock file from version control"], ON),
    "lock binary": (lambda s: (s.content / "acme" / "versions.lock").write_bytes(b"\xff\xfe\x00\x01" * 50),
                    ["{lock}: unreadable lock file: not UTF-8 text; restore it from version control"], ON),
    "lock not yaml": (_write_lock("versions: [\n"), [
        "{lock}: unreadable lock file: invalid YAML at line 2; restore it from version control"], ON),
    "lock of another shape": (_write_lock("- just\n- a list\n"), [
        "{lock}: unreadable lock file: not a lock file of privgen (expected a mapping with versions:); restore it "
        "from version control"], ON),
    "edited file renamed": (_rename_edited, [GONE], ON),
    "deleted and added edited under a new id": (
        lambda s: ((s.content / "acme" / "2020-01-01.yaml").unlink(), s.profile("acme", "2020-06-01.yaml", EDITED))
        and None, [GONE], ON),
    "edited and moved into the future": (_future_date, [CHANGED], ON),
    "edited and built with an earlier date": (lambda s: s.profile("acme", "2020-01-01.yaml", EDITED) and None,
                                              [CHANGED], dt.date(2019, 1, 1)),
}


@pytest.mark.parametrize("edit, expected, on", EDITS.values(), ids=EDITS.keys())
def test_a_published_version_cannot_change_by_the_back_door(scratch: Scratch, edit: Edit, expected: list[str],
                                                            on: dt.date) -> None:
    _published(scratch)
    site = tree(scratch.out)
    edit(scratch)
    with pytest.raises(PrivgenError) as refused:
        build(scratch.content, scratch.out, on=on)
    folder = scratch.content / "acme"
    assert error_lines(refused.value) == [f"error: {line.format(lock=folder / 'versions.lock', folder=folder)}"
                                          for line in expected]
    assert tree(scratch.out) == site


def test_an_unchanged_site_builds_with_an_earlier_date(scratch: Scratch) -> None:
    _published(scratch)
    lock = _lock(scratch)
    build(scratch.content, scratch.out, on=dt.date(2019, 1, 1))
    assert _lock(scratch) == lock


def test_a_first_build_with_no_lock_starts_one(scratch: Scratch) -> None:
    _published(scratch)
    assert list(yaml.safe_load(_lock(scratch))["versions"]) == ["2020-01-01"]


def test_withdrawing_a_version_is_recorded_and_its_url_says_so(scratch: Scratch) -> None:
    _published(scratch)
    scratch.profile("acme", "2021-01-01.yaml", OLD.replace("2020-01-01", "2021-01-01").replace("P7Y", "P6Y"))
    build(scratch.content, scratch.out, on=ON)
    result = CliRunner().invoke(main, ["withdraw", "acme", "2020-01-01", "--reason", "Published in error.",
                                       "--content", str(scratch.content)])
    assert result.exit_code == 0, result.output
    assert not (scratch.content / "acme" / "2020-01-01.yaml").exists()
    withdrawn = yaml.safe_load(_lock(scratch))["withdrawn"]
    assert [(w["version"], w["reason"]) for w in withdrawn] == [("2020-01-01", "Published in error.")]
    assert withdrawn[0]["date"] == dt.date.today().isoformat()

    build(scratch.content, scratch.out, on=ON)
    notice = (scratch.out / "acme" / "versions" / "2020-01-01" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Versie 2020-01-01 ingetrokken</h1>" in notice
    assert "Reden: Published in error." in notice
    assert "P7Y" not in notice and "7 jaar" not in notice
    english = (scratch.out / "acme" / "versions" / "2020-01-01" / "en" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Version 2020-01-01 withdrawn</h1>" in english
    assert 'Reason: <span lang="nl">Published in error.</span>' in english  # the reason as it was given
    assert '<link rel="alternate" hreflang="nl" href="../">' in english  # and a language switcher
    history = (scratch.out / "acme" / "versions" / "index.html").read_text(encoding="utf-8")
    assert "<h2>Ingetrokken versies</h2>" in history and "Published in error." in history

    scratch.profile("acme", "2020-01-01.yaml", OLD)  # the id is not used again
    with pytest.raises(PrivgenError) as refused:
        build(scratch.content, scratch.out, on=ON)
    assert error_lines(refused.value) == [
        f"error: {scratch.content}/acme/2020-01-01.yaml: version '2020-01-01' was withdrawn on "
        f"{dt.date.today().isoformat()}: its id is not used again; name the file after a new version"]


def test_only_a_published_version_can_be_withdrawn(scratch: Scratch) -> None:
    _published(scratch)
    result = CliRunner().invoke(main, ["withdraw", "acme", "2030-01-01", "--reason", "x",
                                       "--content", str(scratch.content)])
    assert (result.exit_code, result.output.splitlines()) == (1, [
        f"error: {scratch.content}/acme/versions.lock: version '2030-01-01' is not published, so there is nothing "
        "to withdraw: remove or rename its file"])
    assert (scratch.content / "acme" / "2030-01-01.yaml").exists()


# --- hashes that survive upgrades ----------------------------------------------------------------

def test_an_optional_field_added_to_the_model_keeps_every_lock_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    class Later(Profile):  # a later release of privgen, with one more optional field
        added_later: str | None = "a default"

    before = gather_site(CONTENT, on=BUILD_DATE)
    monkeypatch.setattr(validate, "Profile", Later)
    after = gather_site(CONTENT, on=BUILD_DATE)  # raises if a published version no longer verifies
    pairs = [(a, b) for old, new in zip(before.organisations, after.organisations, strict=True)
             for a, b in zip(old.statements, new.statements, strict=True)]
    assert all(isinstance(b.profile, Later) for _, b in pairs)
    assert [content_hash(a) for a, _ in pairs] == [content_hash(b) for _, b in pairs]
    assert any(_legacy_hash(a) != _legacy_hash(b) for a, b in pairs)  # what broke every site before


STATED_CHANGES = {
    "a text": ("Privacyverklaring Acme", "Privacyverklaring ACME"),
    "a period": ("P7Y", "P7M"),
    "an id": ("{id: order,", "{id: orders,"),
    "a date": ("effective_date: 2020-01-01", "effective_date: 2020-01-02"),
    "a field added": ("controller: {name: Acme BV}", "controller: {name: Acme BV, websites: ['https://acme.nl']}"),
    "a list item removed": ("retention:\n  - {id: orders, subject: Bestellingen, duration: P7Y}\n", ""),
}


@pytest.mark.parametrize("old, new", STATED_CHANGES.values(), ids=STATED_CHANGES.keys())
def test_any_stated_value_changed_still_fails(scratch: Scratch, old: str, new: str) -> None:
    _published(scratch)
    assert old in OLD
    scratch.profile("acme", "2020-01-01.yaml", OLD.replace(old, new))
    with pytest.raises(PrivgenError) as refused:
        build(scratch.content, scratch.out, on=ON)
    assert "has changed since it was published" in error_lines(refused.value)[0]


def test_reformatting_and_comments_keep_the_hash(scratch: Scratch) -> None:
    _published(scratch)
    lock = _lock(scratch)
    reordered = ("# herschreven\nversion:\n  effective_date: 2020-01-01\n  label: 'versie 1'\n"
                 + "\n".join(line for line in OLD.splitlines() if not line.startswith("version:")) + "\n")
    scratch.profile("acme", "2020-01-01.yaml", reordered)
    build(scratch.content, scratch.out, on=ON)
    assert _lock(scratch) == lock


def test_a_lock_of_privgen_0_1_is_verified_then_upgraded(scratch: Scratch) -> None:
    _published(scratch)
    statement = gather_site(scratch.content, on=ON).organisations[0].statements[0]
    legacy = _lock(scratch).replace(content_hash(statement), _legacy_hash(statement))
    (scratch.content / "acme" / "versions.lock").write_text(legacy, encoding="utf-8")
    assert "sha256:" in legacy and "sha256-stated:" not in legacy
    build(scratch.content, scratch.out, on=ON)
    assert yaml.safe_load(_lock(scratch))["versions"] == {"2020-01-01": content_hash(statement)}

    (scratch.content / "acme" / "versions.lock").write_text(legacy, encoding="utf-8")
    scratch.profile("acme", "2020-01-01.yaml", EDITED)  # changed: the legacy hash no longer holds
    with pytest.raises(PrivgenError) as refused:
        build(scratch.content, scratch.out, on=ON)
    assert "has changed since it was published" in error_lines(refused.value)[0]
    assert _lock(scratch) == legacy


def test_a_cache_from_another_privgen_is_rebuilt_not_trusted(scratch: Scratch) -> None:
    _published(scratch)
    cache = scratch.root / ".build.privgen-cache"
    for kept in cache.glob("*.cache"):
        kept.write_bytes(pickle.dumps(("privgen-cache-1", {"acme": "from an older release"})))
    scratch.profile("acme", "2030-01-01.yaml", NEW.replace("P10Y", "P11Y"))  # not yet published
    build(scratch.content, scratch.out, on=ON)
    clean = scratch.root / "clean"
    build(scratch.content, clean, on=ON)
    assert tree(scratch.out) == tree(clean)
    (cache / "organisations.cache").write_bytes(b"\x80\x05not a pickle at all")
    build(scratch.content, scratch.out, on=ON)
    assert tree(scratch.out) == tree(clean)
