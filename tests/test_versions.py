"""Versions: permanent pages, the version in force by date, history, feed, lock, diffs."""

from __future__ import annotations

import copy
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.compare.diff import diff_profiles
from generator.errors import InputError
from generator.profile.gather import gather_site
from generator.profile.model import Profile
from generator.compare.redline import word_diff
from tests.conftest import CONTENT, Scratch

OLD = """\
title: Privacyverklaring Acme
version: {label: versie 1, effective_date: 2020-01-01}
controller: {name: Acme BV}
purposes:
  - {id: order, type: contract_performance}
retention:
  - {id: orders, subject: Bestellingen, duration: P7Y}
"""
NEW = OLD.replace("versie 1, effective_date: 2020-01-01", "versie 2, effective_date: 2030-01-01").replace(
    "duration: P7Y", "duration: P10Y")


def two_versions(scratch: Scratch) -> None:
    scratch.profile("acme", "2020-01-01.yaml", OLD)
    scratch.profile("acme", "2030-01-01.yaml", NEW)


def page(scratch: Scratch, path: str) -> str:
    return (scratch.out / path).read_text(encoding="utf-8")


def test_current_version_is_the_one_in_force_on_the_build_date(scratch: Scratch) -> None:
    two_versions(scratch)
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    current = page(scratch, "acme/index.html")
    assert "<dt>Versie</dt><dd>1</dd>" in current and "Versie 1 van 2." in current  # 'versie 1' less its own 'versie'
    assert "Op 1 januari 2030 gaat een nieuwe versie in." in current
    assert 'href="versions/2030-01-01/"' in current and 'href="changes/2020-01-01..2030-01-01/"' in current
    upcoming = page(scratch, "acme/versions/2030-01-01/index.html")
    assert "Komende versie." in upcoming and "Deze versie gaat in op 1 januari 2030" in upcoming
    build(scratch.content, scratch.out, on=dt.date(2030, 1, 1))
    assert "Versie 2 van 2." in page(scratch, "acme/index.html")
    earlier = page(scratch, "acme/versions/2020-01-01/index.html")
    assert "Eerdere versie." in earlier and 'href="../../"' in earlier


def test_history_newest_first_with_summaries_and_feed(scratch: Scratch) -> None:
    two_versions(scratch)
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    history = page(scratch, "acme/versions/index.html")
    assert history.index(">Versie 2</a>") < history.index(">Versie 1</a>")
    assert "3 wijzigingen, 1 wezenlijk: Langere bewaartermijn." in history
    assert 'href="../changes/2020-01-01..2030-01-01/"' in history
    feed = ET.fromstring((scratch.out / "acme/versions/feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}updated") for e in entries] == ["2030-01-01T00:00:00Z", "2020-01-01T00:00:00Z"]
    assert entries[0].findtext(f"{atom}summary") == "3 wijzigingen, 1 wezenlijk: Langere bewaartermijn."
    # and in English: the history, its feed and the versions it links, each in English
    english = ET.fromstring((scratch.out / "acme/versions/en/feed.xml").read_bytes())
    assert (english.get("{http://www.w3.org/XML/1998/namespace}lang"), english.findtext(f"{atom}id")) == (
        "en", "urn:privgen:acme:versions:en")
    entries = english.findall(f"{atom}entry")
    assert entries[0].findtext(f"{atom}summary") == "3 changes, 1 material: Longer retention."
    assert [e.find(f"{atom}link").get("href") for e in entries] == ["../2030-01-01/en/", "../2020-01-01/en/"]
    assert 'href="feed.xml"' in page(scratch, "acme/versions/en/index.html")


def test_diff_report_page(scratch: Scratch) -> None:
    two_versions(scratch)
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    report = page(scratch, "acme/changes/2020-01-01..2030-01-01/index.html")
    assert "Wezenlijk: 1 van de 3 wijzigingen verruimen de verwerking." in report
    assert "Betrokkenen moeten worden geïnformeerd voordat deze versie ingaat op 1 januari 2030." in report
    assert ('<del><span class="marker">[−</span>7<span class="marker">−]</span></del>'
            '<ins><span class="marker">[+</span>10<span class="marker">+]</span></ins>') in report
    assert '<details class="unchanged">' in report


def test_published_versions_are_locked_and_corrections_recorded(scratch: Scratch) -> None:
    two_versions(scratch)
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    lock = yaml.safe_load((scratch.content / "acme" / "versions.lock").read_text())
    assert list(lock["versions"]) == ["2020-01-01"]  # the upcoming version is not published yet
    scratch.profile("acme", "2020-01-01.yaml", "# a comment changes nothing\n" + OLD)
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    scratch.profile("acme", "2020-01-01.yaml", OLD.replace("P7Y", "P8Y"))
    with pytest.raises(InputError) as caught:
        build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    assert [p.message for p in caught.value.problems] == [
        "published version '2020-01-01' has changed since it was published: put the change in a new version "
        "file, or record a correction with privgen correct acme 2020-01-01 --reason \"...\""]
    result = CliRunner().invoke(main, ["correct", "acme", "2020-01-01", "--reason", "typo in retention",
                                       "--content", str(scratch.content)])
    assert result.exit_code == 0, result.output
    build(scratch.content, scratch.out, on=dt.date(2025, 6, 1))
    corrections = yaml.safe_load((scratch.content / "acme" / "versions.lock").read_text())["corrections"]
    assert corrections[0]["version"] == "2020-01-01" and corrections[0]["reason"] == "typo in retention"
    assert corrections[0]["previous"] == lock["versions"]["2020-01-01"] != corrections[0]["hash"]


def test_seed_locks_are_complete() -> None:
    for lock_file in sorted(CONTENT.glob("*/versions.lock")):
        recorded = yaml.safe_load(lock_file.read_text())["versions"]
        assert recorded, lock_file
    site = gather_site(CONTENT, on=dt.date(2026, 11, 22))  # raises if a published version changed
    assert {org.slug: [s.version_id for s in org.upcoming] for org in site.organisations}["kaviaarshop"] == ["2027-01-01"]


# --- the semantic diff -------------------------------------------------------------------------

def seed_pairs() -> list[tuple[Profile, Profile]]:
    site = gather_site(CONTENT, on=dt.date(2026, 11, 22))
    return [(a.profile, b.profile) for org in site.organisations for a, b in org.pairs()]


def test_a_version_diffed_with_itself_has_no_changes() -> None:
    for old, new in seed_pairs():
        assert diff_profiles(old, old) == [] and diff_profiles(new, new) == []


def test_what_a_to_b_adds_b_to_a_removes() -> None:
    for old, new in seed_pairs():
        forward, backward = diff_profiles(old, new), diff_profiles(new, old)
        assert {c.path for c in forward if c.kind == "added"} == {c.path for c in backward if c.kind == "removed"}
        assert {c.path for c in forward if c.kind == "removed"} == {c.path for c in backward if c.kind == "added"}
        assert {(c.path, json.dumps(c.before), json.dumps(c.after)) for c in forward if c.kind == "changed"} == \
            {(c.path, json.dumps(c.after), json.dumps(c.before)) for c in backward if c.kind == "changed"}


def profile(data: dict[str, object]) -> Profile:
    return Profile.model_validate(data, context={"language": "nl"})


BASE: dict[str, object] = yaml.safe_load(OLD) | {
    "legal_bases": [{"id": "b", "basis": "consent", "purposes": ["order"]}],
    "cookies": {"items": [{"id": "k", "name": "sid", "provider": "Acme", "purpose": "Sessie", "tier": "necessary",
                           "party": "first"}]},
    "data_categories": [{"id": "a", "type": "name"}, {"id": "b", "type": "email_address"}, {"id": "c", "type": "address"}],
}


@pytest.mark.parametrize(("change", "material"), [
    (lambda p: p["retention"][0].update(duration="P10Y"), "Longer retention."),
    (lambda p: p["retention"][0].update(duration="P1Y"), None),
    (lambda p: p["legal_bases"][0].update(basis="legitimate_interests"), "Weaker legal basis."),
    (lambda p: p["legal_bases"][0].update(basis="contract"), "Weaker legal basis."),
    (lambda p: p["purposes"].append({"id": "ads", "type": "marketing"}), "New purpose."),
    (lambda p: p["data_categories"].append({"id": "d", "type": "location"}), "New category of data."),
    (lambda p: p["cookies"]["items"].append({"id": "ga", "provider": "Google", "purpose": "x", "tier": "analytics",
                                             "party": "third"}), "New cookie in analytics or social media."),
    (lambda p: p["cookies"]["items"].append({"id": "s2", "provider": "Acme", "purpose": "x", "tier": "necessary",
                                             "party": "first"}), None),
    (lambda p: p["cookies"]["items"][0].update(tier="social"), "Cookie moved to a higher tier."),
    (lambda p: p.update(recipients=[{"id": "r", "role": "processor", "category": "hosting"}]), "New recipient."),
    (lambda p: p["controller"].update(name="Acme Holding BV"), None),
])
def test_materiality(change: object, material: str | None) -> None:
    new = copy.deepcopy(BASE)
    change(new)  # type: ignore[operator]
    changes = diff_profiles(profile(BASE), profile(new))
    assert changes
    reasons = [c.reason.en for c in changes if c.material and c.reason]
    assert reasons == ([material] if material else [])


def test_moved_items_are_moves_not_removals() -> None:
    new = copy.deepcopy(BASE)
    categories = new["data_categories"]
    assert isinstance(categories, list)
    categories.insert(0, categories.pop())  # c, a, b
    changes = diff_profiles(profile(BASE), profile(new))
    assert [(c.kind, c.path, c.before, c.after) for c in changes] == [("moved", "data_categories[c]", 3, 1)]


def test_a_step_without_material_changes_says_so_in_a_sentence(example_build: Path) -> None:
    # the history's line before its link: "4 changes, none of them material." where it read "4 changes, 0 material"
    english = (example_build / "kaviaarshop/versions/en/index.html").read_text(encoding="utf-8")
    dutch = (example_build / "kaviaarshop/versions/index.html").read_text(encoding="utf-8")
    assert "<p>4 changes, none of them material. <a " in english and "<p>7 changes, 1 material: New recipient. <a " in english
    assert "<p>4 wijzigingen, geen wezenlijke. <a " in dutch


def test_word_diff_reads_as_phrases() -> None:
    assert word_diff("Wij bewaren uw gegevens 7 jaar.", "Wij bewaren uw gegevens 10 jaar.") == (
        ("equal", "Wij bewaren uw gegevens "), ("delete", "7"), ("insert", "10"), ("equal", " jaar."))


def test_word_diff_adds_a_list_item_whole() -> None:
    # The new item and the next both start with "Recht": the diff could also read as "Recht [+op
    # intrekking ...\nRecht +]om niet ..."; the item added is the whole new line, the next unchanged.
    old = "Uw rechten\nRecht op inzage.\nRecht om niet onderworpen te worden aan profilering.\nContact"
    new = ("Uw rechten\nRecht op inzage.\nRecht op intrekking van toestemming: mail ons.\n"
           "Recht om niet onderworpen te worden aan profilering.\nContact")
    assert word_diff(old, new) == (
        ("equal", "Uw rechten\nRecht op inzage.\n"),
        ("insert", "Recht op intrekking van toestemming: mail ons.\n"),
        ("equal", "Recht om niet onderworpen te worden aan profilering.\nContact"))


def test_word_diff_marks_punctuation_apart_and_keeps_dates_and_addresses_whole() -> None:
    # "betaaldienst)" and "betaaldienst, Nederland)": the word is the same, only ", Nederland" is new
    assert word_diff("Mollie (verwerker, betaaldienst)", "Mollie (verwerker, betaaldienst, Nederland)") == (
        ("equal", "Mollie (verwerker, betaaldienst"), ("insert", ", Nederland"), ("equal", ")"))
    # a date, an e-mail address and a hyphenated word change as one word, not in pieces
    assert word_diff("Geldig vanaf 30/04/2018; mail info@acme.nl of e-mail.", "Geldig vanaf 01/03/2025; mail privacy@acme.nl of post.") == (
        ("equal", "Geldig vanaf "), ("delete", "30/04/2018"), ("insert", "01/03/2025"), ("equal", "; mail "),
        ("delete", "info@acme.nl"), ("insert", "privacy@acme.nl"), ("equal", " of "), ("delete", "e-mail"),
        ("insert", "post"), ("equal", "."))


def test_diff_command_markdown_and_json(scratch: Scratch) -> None:
    two_versions(scratch)
    runner = CliRunner()
    md = runner.invoke(main, ["diff", "acme", "2020-01-01", "2030-01-01", "--content", str(scratch.content)])
    assert md.exit_code == 0, md.output
    assert md.output == """### Privacyverklaring Acme BV: 2020-01-01 → 2030-01-01

**Wezenlijk: 1/3** — betrokkenen informeren vóór de ingangsdatum 1 januari 2030.

#### Langer bewaren

- Bewaartermijnen: Bestellingen: 7 jaar → 10 jaar

*Te doen:* Onderbouw waarom de langere termijn nodig is (art. 5 lid 1 sub e AVG) en informeer betrokkenen vóór de ingangsdatum.

| | over | wijziging | voor | na |
|---|---|---|---|---|
|  | Versie | Gewijzigd: naam van de versie | versie 1 | versie 2 |
|  | Versie | Gewijzigd: ingangsdatum | 1 januari 2020 | 1 januari 2030 |
| ⚠️ | Bewaartermijnen: Bestellingen | Gewijzigd: termijn | 7 jaar | 10 jaar |

#### Hoe lang we uw gegevens bewaren

- ~~[-7-]~~**[+10+]** jaar
"""
    files = runner.invoke(main, ["diff", "--format", "json", str(scratch.content / "acme" / "2020-01-01.yaml"),
                                 str(scratch.content / "acme" / "2030-01-01.yaml")])
    document = json.loads(files.output)
    assert (document["from"], document["to"], document["material"]) == ("2020-01-01", "2030-01-01", True)
    assert {"kind", "path", "before", "after", "material"} <= set(document["changes"][0])
    assert any(section["changed"] for section in document["redline"])
    out = scratch.root / "report.html"
    html = runner.invoke(main, ["diff", "acme", "2020-01-01", "2030-01-01", "--format", "html", "-o", str(out),
                                "--content", str(scratch.content)])
    assert html.output == f"Wrote {out}: 3 changes, 1 material\n"
    assert "<style>" in out.read_text(encoding="utf-8")
    unknown = runner.invoke(main, ["diff", "acme", "2020-01-01", "2040", "--content", str(scratch.content)])
    assert unknown.exit_code == 1 and "no version '2040'" in unknown.output


def test_example_build_has_every_version_and_report(example_build: Path) -> None:
    for path in ("clavis/versions/v1/index.html", "clavis/versions/2025-01-01/en/index.html",
                 "clavis/changes/v1..2025-01-01/index.html", "kaviaarshop/changes/2025-03-01..2027-01-01/index.html",
                 "kaviaarshop/versions/feed.xml", "vloet/versions/index.html"):
        assert (example_build / path).is_file(), path
    current = (example_build / "kaviaarshop" / "index.html").read_text(encoding="utf-8")
    assert "Mollie" in current and "Sisow" not in current.split("version-notice")[0]


def test_each_version_page_links_to_its_own_data(example_build: Path) -> None:
    earlier = (example_build / "clavis" / "versions" / "v1" / "en" / "index.html").read_text(encoding="utf-8")
    current = (example_build / "clavis" / "index.html").read_text(encoding="utf-8")
    assert 'href="../statement.json"' in earlier  # versions/v1/statement.json, not the current version's
    assert 'href="versions/2025-01-01/statement.json"' in current
