"""Every GDPR rule: a profile that triggers it, and the complete profile that does not."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.check.checker import check_site
from generator.cli import main
from generator.check.findings import RULES
from generator.profile.gather import gather_site
from generator.check.readability import score
from tests.conftest import Scratch

COMPLETE: dict[str, Any] = {
    "languages": ["nl"],  # published in Dutch only: no translation asked (language.parity)
    "title": "Privacyverklaring Voorbeeld",
    "version": {"effective_date": "2024-01-01"},
    "controller": {
        "name": "Voorbeeld BV",
        "addresses": [{"id": "hq", "street": "Straat 1", "postcode": "1234 AB", "city": "Utrecht"}],
        "contacts": [{"id": "mail", "channel": "email", "value": "privacy@voorbeeld.nl"}],
        "dpo": {"name": "A. Jansen", "email": "fg@voorbeeld.nl"},
    },
    "data_categories": [{"id": "contact", "type": "contact_details"}],
    "sources": [{"id": "you", "type": "data_subject"}],
    "purposes": [{"id": "order", "type": "contract_performance", "categories": ["contact"]},
                 {"id": "news", "type": "newsletter", "categories": ["contact"]}],
    "legal_bases": [{"id": "b1", "basis": "contract", "purposes": ["order"]},
                    {"id": "b2", "basis": "consent", "purposes": ["news"],
                     "text": "Voor de nieuwsbrief en voor analysecookies vragen wij uw toestemming."}],
    "recipients": [{"id": "host", "name": "Hoster", "role": "processor", "category": "hosting",
                    "activity": "Host de website.", "location": {"country": "NL"}}],
    "retention": [{"id": "r1", "subject": "Klantgegevens", "duration": "P7Y", "categories": ["contact"]}],
    "rights": {"items": [{"id": r, "right": r} for r in
                         ("access", "rectification", "erasure", "restriction", "objection", "portability",
                          "withdraw_consent")]},
    "complaints": [{"id": "ap", "body": "supervisory_authority", "name": "Autoriteit Persoonsgegevens"}],
    "provision": [{"id": "p", "requirement": "contract_prerequisite"}],
    "automated_decisions": {"used": False},
    "cookies": {"items": [{"id": "ga", "name": "_ga", "provider": "Google", "purpose": "Statistiek",
                           "tier": "analytics", "party": "third", "country": "US"}]},
    "transfers": [{"id": "t", "destination": "VS", "safeguard": "data_privacy_framework", "recipients": ["google"]}],
}
COMPLETE["recipients"].append({"id": "google", "name": "Google", "role": "processor", "category": "analytics",
                               "activity": "Statistiek.", "location": {"country": "US"}})


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(profile: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = profile
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is None:
            del node[int(last) if last.isdigit() else last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
    return change


CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "art13.1.a": _set("controller.name", None),
    "art13.1.a.contact": lambda p: p.__setitem__("controller", {"name": "X"}),
    "art13.1.b": _set("controller.dpo", None),
    "art13.1.c": lambda p: [p.pop("purposes"), p.__setitem__("legal_bases", [])],
    "art13.1.c.basis": _set("legal_bases.1.purposes", []),
    "art13.1.d": _set("legal_bases.0", {"id": "b1", "basis": "legitimate_interests", "purposes": ["order"]}),
    "art13.1.e": lambda p: [p.pop("recipients"), p.pop("transfers")],
    "art13.1.f": _set("transfers.0.safeguard", "not_stated"),
    "art13.2.a": _set("retention", None),
    "art13.2.b": _set("rights.items.4", {"id": "x", "right": "withdraw_consent"}),
    "art13.2.c": _set("rights.items.6", None),
    "art13.2.d": _set("complaints", None),
    "art13.2.e": _set("provision", None),
    "art13.2.f": _set("automated_decisions", None),
    "art14.1.d": lambda p: [p.__setitem__("sources", [{"id": "s", "type": "third_party", "text": "Kredietbureau"}]),
                            p.pop("data_categories"), p["purposes"][0].pop("categories"),
                            p["purposes"][1].pop("categories"), p["retention"][0].pop("categories")],
    "art14.2.f": _set("sources", [{"id": "s", "type": "third_party"}]),
    "cookies.consent": _set("legal_bases.1.basis", "legitimate_interests"),
    "cookies.transfer": lambda p: p["cookies"]["items"].append(
        {"id": "hj", "name": "_hjid", "provider": "Hotjar", "purpose": "Statistiek", "tier": "analytics",
         "party": "third", "country": "US"}),
    "cookies.necessary": _set("cookies.items.0.tier", "necessary"),
    # Meta's pixel cookie, known to the Open Cookie Database as marketing, declared as analytics
    "cookies.category": lambda p: p["cookies"]["items"].append(
        {"id": "fbp", "name": "_fbp", "provider": "Eigen advertenties", "purpose": "Statistiek", "tier": "analytics",
         "party": "first"}),
    "cookies.refusal": _set("cookies.text", "Wilt u geen cookies, dan kunt u ze via uw browser blokkeren."),
    "recipients.activity": _set("recipients.0.activity", None),
    "complaints.authority": _set("complaints.0.name", "Privacy Commissie"),
    "law.repealed": _set("introduction", "Wij volgen de Wet bescherming persoonsgegevens."),
    "retention.category": lambda p: p["data_categories"].append({"id": "extra", "type": "other"}),
    "version.date": _set("version", None),
    "language.parity": _set("languages", ["nl", "en"]),
    "cookies.no_banner": _set("cookies", None),
    "consent.deemed": _set("legal_bases.1.text", "Door onze website te bezoeken geeft u toestemming voor de nieuwsbrief."),
    "personal.denied": _set("data_categories.0.text", "Uw IP-adres; dit zijn geen persoonsgegevens."),
    "text.leftover": _set("recipients.0.activity", "Host de website voor <naam klant>."),
    "retention.vague": _set("retention.0", {"id": "r1", "subject": "Klantgegevens", "categories": ["contact"],
                                            "criterion": "zolang dat nodig is"}),
    "processor.role": _set("purposes.0.for_customers", True),
    "transfer.provider": lambda p: p["recipients"].append(
        {"id": "addthis", "name": "AddThis", "category": "social_media", "activity": "Deelknoppen op de website."}),
    "recipients.missing": lambda p: p["cookies"]["items"].append(
        {"id": "fb", "name": "_fbp", "provider": "Facebook", "purpose": "Advertenties", "tier": "social",
         "party": "third", "country": "US"}),
    "art14.inferred": lambda p: p.__setitem__("data_subjects", [{"id": "staff", "type": "client_staff"}]),
    "rights.refusal": _set("rights.text", "Wij kunnen een verzoek weigeren als het ons onevenredig veel kosten oplevert."),
    "readability": _set("introduction", " ".join(["De verwerkingsverantwoordelijke hanteert organisatorische "
                                                   "beveiligingsmaatregelen overeenkomstig toepasselijke "
                                                   "gegevensbeschermingsregelgeving"] * 6) + "."),
}


def rule_ids(scratch: Scratch, profile: dict[str, Any]) -> set[str]:
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    return {f.rule.id for f in check_site(gather_site(scratch.content)).findings}


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(r.id for r in RULES)


def test_complete_profile_triggers_no_rule(scratch: Scratch) -> None:
    assert rule_ids(scratch, COMPLETE) == set()


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_triggers(scratch: Scratch, rule_id: str) -> None:
    profile = copy.deepcopy(COMPLETE)
    CASES[rule_id](profile)
    assert rule_id in rule_ids(scratch, profile)


def test_withdrawal_only_needed_with_consent(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["legal_bases"][1]["basis"] = "legitimate_interests"
    profile["legal_bases"][1]["text"] = "Nieuws over onze diensten."
    profile["rights"]["items"].pop()
    assert "art13.2.c" not in rule_ids(scratch, profile)


def test_repealed_law_is_fine_before_the_gdpr(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["version"]["effective_date"] = "2017-01-01"
    profile["introduction"] = "Wij volgen de Wet bescherming persoonsgegevens."
    assert "law.repealed" not in rule_ids(scratch, profile)


def test_readability_scores() -> None:
    easy = "Wij slaan uw naam op. Dat is nodig voor de les. " * 6
    assert score(easy, "nl")[1] == 66  # type: ignore[index]
    assert score(easy, "nl")[0] > 65  # type: ignore[index]
    hard = ("De verwerkingsverantwoordelijke hanteert organisatorische beveiligingsmaatregelen overeenkomstig "
            "toepasselijke gegevensbeschermingsregelgeving en aanvullende sectorspecifieke voorschriften, ") * 4
    assert score(hard, "nl")[0] < 30  # type: ignore[index]
    assert score("Te kort.", "nl") is None
    english = "We keep your name. We need it to send the book. You can ask us to delete it. " * 3
    assert score(english, "en")[0] > 80  # type: ignore[index]


def test_check_cli_formats_and_exit_codes(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    CASES["art13.2.e"](profile)  # a warning only
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    runner = CliRunner()
    plain = runner.invoke(main, ["check", "--content", str(scratch.content)])
    assert plain.exit_code == 0
    assert plain.output.splitlines()[-1] == "0 errors, 1 warning, 0 info"
    assert runner.invoke(main, ["check", "--strict", "--content", str(scratch.content)]).exit_code == 1
    as_json = json.loads(runner.invoke(main, ["check", "--format", "json", "--content", str(scratch.content)]).output)
    assert as_json[0]["rule"] == "art13.2.e" and as_json[0]["severity"] == "warning"
    assert as_json[0]["message"]["nl"].startswith("Er staat niet of men de gegevens moet verstrekken")
    sarif = json.loads(runner.invoke(main, ["check", "--format", "sarif", "--content", str(scratch.content)]).output)
    result = sarif["runs"][0]["results"][0]
    assert sarif["version"] == "2.1.0" and result["ruleId"] == "art13.2.e" and result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    CASES["art13.2.d"](profile)  # now an error
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    assert runner.invoke(main, ["check", "--content", str(scratch.content)]).exit_code == 1
    strict_build = runner.invoke(main, ["build", "--strict", "--content", str(scratch.content), "--out", str(scratch.out)])
    assert strict_build.exit_code == 1 and "not published" in strict_build.output
    assert not scratch.out.exists()


SEED_ERRORS = {
    "clavis": {"rights.refusal"},  # "weigeren … als deze onredelijk zware technische inspanningen vergen"
    "clientbox": {"art13.1.c.basis", "art13.2.d", "consent.deemed", "retention.vague"},  # "wanneer je onze website bezoekt … geef je … goedkeuring"
    "kaviaarshop": {"art13.1.f", "art13.2.c", "text.leftover"},  # "de diensten van . Deze partij"
    "softwarebedrijf": {"art13.1.a", "art13.1.a.contact", "art13.2.b", "art13.2.c", "consent.deemed"},
    "vloet": {"art13.1.a.contact", "art13.2.b", "art13.2.c", "art13.2.d", "text.leftover", "retention.vague"},  # <naam systeembeheerder>
}


def test_seed_statements_show_their_real_gaps() -> None:
    from tests.conftest import BUILD_DATE, CONTENT

    report = check_site(gather_site(CONTENT, on=BUILD_DATE))
    errors = {org: {f.rule.id for f in report.findings if f.org == org and f.severity == "error"} for org in SEED_ERRORS}
    assert errors == SEED_ERRORS
    warnings = {(f.org, f.rule.id) for f in report.findings if f.severity == "warning"}
    assert ("clientbox", "law.repealed") in warnings  # cites the Wbp
    # one fact, one finding: no Autoriteit Persoonsgegevens, the "Privacy Commissie" named instead
    assert ("clientbox", "complaints.authority") not in warnings
    (authority,) = [f for f in report.findings if f.org == "clientbox" and f.rule.id == "art13.2.d"]
    assert authority.message.en == ("The right to lodge a complaint with the supervisory authority is not stated "
                                    "(named instead: Privacy Commissie).")
    assert ("kaviaarshop", "cookies.transfer") not in warnings  # Google (US) is art13.1.f's one finding
    assert ("kaviaarshop", "personal.denied") in warnings  # "Deze gegevens zijn geen persoonsgegevens"
    assert ("clientbox", "personal.denied") in warnings  # "kunnen wij je niet identificeren"


def test_a_readability_score_counts_links_and_markup_as_spaces() -> None:
    """Markdown's characters, links and e-mail addresses are neither words nor sentence ends."""
    plain = " ".join(["Wij bewaren uw gegevens veilig en kort."] * 8)
    marked = plain.replace("Wij", "*Wij*").replace("gegevens", "[gegevens]()")
    assert score(marked, "nl") == score(plain, "nl")
    linked = plain + " Mail privacy@example.org. Of lees https://example.org/privacy."
    assert score(linked, "nl") == score(plain + " Mail Of lees", "nl")


@pytest.mark.parametrize(("rule_id", "path", "text"), [
    # consent asked by an act of its own, and a link or an address in angle brackets, are fine
    ("consent.deemed", "legal_bases.1.text", "U kunt uw toestemming altijd intrekken door de afmeldlink te gebruiken."),
    ("consent.deemed", "legal_bases.1.text", "Analysecookies plaatsen we alleen als u daarvoor toestemming geeft."),
    ("personal.denied", "data_categories.0.text", "Uw IP-adres is een persoonsgegeven; we korten het in."),
    ("text.leftover", "recipients.0.activity", "Zie <https://example.org/privacy> of mail <privacy@example.org>."),
    ("cookies.refusal", "cookies.text", "Uw browser bewaart de cookies; u kunt uw keuze wijzigen in de cookiebanner."),
    ("consent.deemed", "legal_bases.1.text", "Als u in de cookiebanner de analysecookies accepteert, geeft u toestemming."),
    ("text.leftover", "recipients.0.activity", "Zie [onze voorwaarden](https://example.org/voorwaarden)."),
    ("retention.vague", "retention.0", {"id": "r1", "subject": "Klantgegevens", "categories": ["contact"],
                                        "criterion": "tot twee jaar na uw laatste bestelling"}),
])
def test_words_rules_stay_quiet_about_what_is_fine(scratch: Scratch, rule_id: str, path: str, text: Any) -> None:
    profile = copy.deepcopy(COMPLETE)
    _set(path, text)(profile)
    assert rule_id not in rule_ids(scratch, profile)


def test_a_words_finding_quotes_what_it_found(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    _set("recipients.0.activity", "Wij werken met <naam systeembeheerder> voor onze servers.")(profile)
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    (finding,) = [f for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "text.leftover"]
    assert finding.message.en == "Template text or a blank is left in: “Wij werken met <naam systeembeheerder> voor onze servers.”"
    assert finding.field == "recipients[0].activity"


def test_one_fact_is_one_finding(scratch: Scratch) -> None:
    # a US recipient with no transfer: art13.1.f, not also a cookie warning for the same provider
    profile = copy.deepcopy(COMPLETE)
    profile.pop("transfers")
    assert {"art13.1.f"} <= rule_ids(scratch, profile) and "cookies.transfer" not in rule_ids(scratch, profile)
    # bases listed, none linked to a purpose: one finding, not one per purpose
    profile = copy.deepcopy(COMPLETE)
    for basis in profile["legal_bases"]:
        basis["purposes"] = []
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [f for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "art13.1.c.basis"]
    assert [(f.field, f.message.en) for f in found] == [
        ("legal_bases", "The statement lists legal bases without saying which purpose rests on which; left without "
                        "a basis: 'performing the contract', 'newsletter'.")]
    # some linked, the rest of the bases a blanket list: still one finding, naming what is left open
    profile["legal_bases"][0]["purposes"] = [profile["purposes"][0]["id"]]
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [f for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "art13.1.c.basis"]
    assert [(f.field, f.message.en) for f in found] == [
        ("legal_bases", "The statement lists legal bases without saying which purpose rests on which; left without "
                        "a basis: 'newsletter'.")]


def test_silence_on_automated_decisions_is_information_unless_there_are_signs_of_profiling(scratch: Scratch) -> None:
    def severity(profile: dict[str, Any]) -> str:
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return next(f.severity for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "art13.2.f")

    profile = copy.deepcopy(COMPLETE)
    profile.pop("automated_decisions")
    assert severity(profile) == "info"
    profile["purposes"].append({"id": "ads", "type": "marketing"})
    assert severity(profile) == "warning"


def test_a_known_cookie_in_too_low_a_tier_is_one_finding_with_what_it_is(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["cookies"]["items"] += [
        {"id": "fbp", "name": "_fbp", "provider": "Eigen advertenties", "purpose": "Meten", "tier": "analytics",
         "party": "first"},
        {"id": "ga4", "name": "_ga_*", "provider": "Eigen statistiek", "purpose": "Meten", "tier": "necessary",
         "party": "first"},
        {"id": "hj", "name": "_hjSessionUser_*", "provider": "Eigen statistiek", "purpose": "Meten", "tier": "necessary",
         "party": "first"}]  # Hotjar's, functional: fine in necessary
    profile["cookies"]["items"][0]["tier"] = "necessary"  # Google's _ga: cookies.necessary says so, once
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [(f.rule.id, f.field, f.message.en) for f in check_site(gather_site(scratch.content)).findings
             if f.rule.id in ("cookies.category", "cookies.necessary")]
    assert found == [
        ("cookies.necessary", "cookies.items[0].tier", "A cookie of Google is listed as strictly necessary."),
        ("cookies.category", "cookies.items[1].tier",
         "Cookie _fbp is known as Facebook (marketing) and belongs in 'social media', not 'analytics'."),
        ("cookies.category", "cookies.items[2].tier",
         "Cookie _ga_* is known as Google Analytics (analytics) and belongs in 'analytics', not 'strictly necessary'."),
    ]


def test_every_rule_is_explained() -> None:
    from generator.check.explain import EXPLANATIONS

    assert sorted(EXPLANATIONS) == sorted(r.id for r in RULES)


def test_check_explain_prints_what_a_rule_checks_and_an_example() -> None:
    result = CliRunner().invoke(main, ["check", "--explain", "retention.vague"])
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "retention.vague — Vague retention (Vage bewaartermijn)", "Severity: error. Rests on: Art. 13(2)(a); WP260 rev.01."]
    assert result.output.splitlines()[-1].startswith("Example: 'Zolang het de verwachting is")
    unknown = CliRunner().invoke(main, ["check", "--explain", "art99"])
    assert unknown.exit_code == 2 and "no rule 'art99': use one of art13.1.a, " in unknown.output


def test_a_retention_rule_about_people_covers_their_data_and_no_one_elses(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["data_subjects"] = [{"id": "customers", "type": "customers"}, {"id": "visitors", "type": "website_visitors"}]
    profile["data_categories"] = [{"id": "contact", "type": "contact_details", "subjects": ["customers"]},
                                  {"id": "device", "type": "device_browser", "subjects": ["visitors"]},
                                  {"id": "other", "type": "other"}]
    profile["retention"] = [{"id": "r1", "subject": "Gegevens van klanten", "duration": "P10Y", "subjects": ["customers"]},
                            {"id": "r2", "subject": "Facturen", "duration": "P7Y", "categories": ["contact"]}]
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [f for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "retention.category"]
    # the customers' rule covers their contact details and the data the statement ties to no one;
    # the visitors' device data has no rule
    assert [(f.field, f.message.en) for f in found] == [
        ("data_categories[1]", "No retention period is linked to 'device and browser details' (device).")]
    profile["retention"][0]["subjects"] = ["visitors"]
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    assert [f.field for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "retention.category"] == []


def test_a_well_known_provider_outside_the_eea_needs_a_transfer_unless_one_covers_it(scratch: Scratch) -> None:
    def found(profile: dict[str, Any]) -> list[tuple[str, str]]:
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [(f.field, f.message.en) for f in check_site(gather_site(scratch.content)).findings
                if f.rule.id == "transfer.provider"]

    profile = copy.deepcopy(COMPLETE)
    CASES["transfer.provider"](profile)
    assert found(profile) == [("recipients[2].name", "AddThis (Oracle Corporation, United States) receives data "
                                                    "outside the EEA, but the statement states no transfer.")]
    # placed by the statement's own words ("het Amerikaanse bedrijf"), with no provider known by name
    words = copy.deepcopy(COMPLETE)
    words["recipients"].append({"id": "x", "name": "Kliksoft", "category": "analytics",
                                "activity": "Kliksoft, een Amerikaans bedrijf, meet het gebruik."})
    assert found(words) == [("recipients[2].name", "Kliksoft (United States) receives data outside the EEA, but "
                                                   "the statement states no transfer.")]
    within = copy.deepcopy(profile)
    within["recipients"][2]["location"] = {"country": "IE"}  # where the statement says it processes
    assert found(within) == []
    general = copy.deepcopy(profile)
    general["transfers"].append({"id": "all", "destination": "Buiten de EER", "safeguard": "standard_contractual_clauses"})
    assert found(general) == []  # a transfer that names no recipient covers every one
    eea = copy.deepcopy(COMPLETE)
    eea["recipients"].append({"id": "hj", "name": "Hotjar", "category": "analytics", "activity": "Heatmaps."})
    assert found(eea) == []  # Hotjar is established in Malta


def test_a_cookie_provider_is_a_recipient_by_its_brand_too(scratch: Scratch) -> None:
    def found(profile: dict[str, Any]) -> list[str]:
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [f.message.en for f in check_site(gather_site(scratch.content)).findings
                if f.rule.id == "recipients.missing"]

    profile = copy.deepcopy(COMPLETE)
    CASES["recipients.missing"](profile)
    assert found(profile) == ["Facebook places cookies and so receives data about visitors, but is not among the "
                              "recipients."]
    profile["recipients"].append({"id": "meta", "name": "Meta Platforms Ireland Ltd.", "category": "social_media",
                                  "activity": "Advertenties.", "location": {"country": "IE"}})
    assert found(profile) == []  # Facebook is Meta's
    first_party = copy.deepcopy(COMPLETE)
    first_party["cookies"]["items"].append({"id": "s", "name": "sid", "provider": "Voorbeeld BV", "purpose": "Sessie",
                                            "tier": "necessary", "party": "first"})
    assert found(first_party) == []


def test_data_about_customers_staff_calls_for_its_source(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    CASES["art14.inferred"](profile)
    assert "art14.inferred" in rule_ids(scratch, profile)
    profile["sources"].append({"id": "client", "type": "third_party", "text": "Uw werkgever, onze klant"})
    assert "art14.inferred" not in rule_ids(scratch, profile)


def test_only_the_grounds_the_gdpr_allows_may_refuse_a_request(scratch: Scratch) -> None:
    def found(text: str) -> list[str]:
        profile = copy.deepcopy(COMPLETE)
        profile["rights"]["text"] = text
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [f.message.en for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "rights.refusal"]

    assert found("Wij kunnen weigeren te voldoen als een verzoek onredelijk zware technische inspanningen vergt.") == [
        "A request may be refused on a ground the GDPR does not allow: “onredelijk zware technische inspanningen "
        "vergt”"]
    assert found("Wij kunnen een verzoek weigeren als het kennelijk ongegrond of buitensporig is.") == []
    assert found("Kosten rekenen wij niet.") == []  # no refusal, no finding


def test_a_party_the_statement_says_gets_data_through_another_is_a_recipient(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["recipients"].append({"id": "addthis", "name": "AddThis", "category": "social_media",
                                  "activity": "Legt een link tussen uw Facebookaccount en onze site.",
                                  "location": {"country": "US"}})
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [(f.field, f.message.en) for f in check_site(gather_site(scratch.content)).findings
             if f.rule.id == "recipients.missing"]
    assert found == [("recipients[2].activity", "By the statement's own words Facebook gets data through AddThis, "
                                                "but is not among the recipients.")]
    profile["recipients"][2]["activity"] = "Deelknoppen, zonder gegevens aan anderen."  # its own service only
    assert "recipients.missing" not in rule_ids(scratch, profile)


def test_objection_and_portability_are_asked_for_only_where_the_articles_give_them(scratch: Scratch) -> None:
    def missing(profile: dict[str, Any]) -> list[str]:
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [f.message.en for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "art13.2.b"]

    profile = copy.deepcopy(COMPLETE)
    profile["rights"]["items"] = [r for r in profile["rights"]["items"] if r["right"] not in ("objection", "portability")]
    # a newsletter is direct marketing (Art. 21(2)); contract and consent bring portability (Art. 20(1)(a))
    assert missing(profile) == ["The right to object (Art. 21) is missing.",
                                "The right to data portability (Art. 20) is missing."]
    only_law = copy.deepcopy(profile)
    only_law["purposes"] = [{"id": "tax", "type": "legal_obligation", "categories": ["contact"]}]
    only_law["legal_bases"] = [{"id": "b", "basis": "legal_obligation", "purposes": ["tax"]}]
    assert missing(only_law) == []  # a legal obligation alone: neither applies
    interests = copy.deepcopy(only_law)
    interests["legal_bases"][0]["basis"] = "legitimate_interests"
    interests["legal_bases"][0]["text"] = "Fraude voorkomen."
    assert missing(interests) == ["The right to object (Art. 21) is missing."]


def test_work_done_as_the_customers_processor_needs_no_basis_here(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    profile["purposes"].append({"id": "hosting", "type": "service_delivery", "for_customers": True})
    scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    found = [(f.rule.id, f.severity) for f in check_site(gather_site(scratch.content)).findings
             if f.rule.id in ("art13.1.c.basis", "processor.role")]
    assert found == [("processor.role", "info")]


def test_the_wbp_breach_threshold_is_repealed_law_in_substance(scratch: Scratch) -> None:
    def found(text: str) -> list[str]:
        profile = copy.deepcopy(COMPLETE)
        profile["security_text"] = text
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [f.message.en for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "law.repealed"]

    assert found("Een lek melden wij als het leidt tot een aanzienlijke kans op ernstige nadelige gevolgen.") == [
        "Uses the breach-notification threshold of the repealed Wbp: “aanzienlijke kans op ernstige nadelige "
        "gevolgen”. Under the GDPR a breach is notified unless it is unlikely to result in a risk (Art. 33)."]
    assert found("Een lek melden wij tenzij het waarschijnlijk geen risico oplevert.") == []


def test_consent_for_cookies_must_cover_their_own_tier(scratch: Scratch) -> None:
    def found(profile: dict[str, Any]) -> list[str]:
        scratch.profile("acme", "v1.yaml", yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
        return [f.message.en for f in check_site(gather_site(scratch.content)).findings if f.rule.id == "cookies.consent"]

    newsletter_only = copy.deepcopy(COMPLETE)
    newsletter_only["legal_bases"][1].pop("text")  # consent for the newsletter, nothing said of cookies
    assert found(newsletter_only) == ["Cookie _ga is in the 'analytics' tier, but the consent the statement asks "
                                      "covers other purposes."]
    statistics = copy.deepcopy(newsletter_only)  # a consent whose purpose the cookie serves
    statistics["purposes"].append({"id": "stats", "type": "statistics"})
    statistics["legal_bases"][1]["purposes"].append("stats")
    assert found(statistics) == []
    tiers = copy.deepcopy(newsletter_only)  # what a visitor consents to in the tier, as Clavis says it
    tiers["cookies"]["tiers"] = [{"tier": "analytics", "lets": ["surfgedrag op de website te monitoren"]}]
    assert found(tiers) == []


def test_a_box_ticked_in_advance_is_no_consent(scratch: Scratch) -> None:
    profile = copy.deepcopy(COMPLETE)
    _set("legal_bases.1.text", "Het vakje voor de nieuwsbrief is standaard aangevinkt.")(profile)
    assert "consent.deemed" in rule_ids(scratch, profile)


@pytest.mark.parametrize(("path", "text"), [
    ("legal_bases.1.text", "Door deze privacyverklaring te accepteren geeft u toestemming voor de nieuwsbrief."),
    ("legal_bases.1.text", "By accepting this statement you consent to our newsletter."),
])
def test_consent_bundled_with_accepting_the_statement_is_no_consent(scratch: Scratch, path: str, text: str) -> None:
    profile = copy.deepcopy(COMPLETE)
    _set(path, text)(profile)
    assert "consent.deemed" in rule_ids(scratch, profile)


@pytest.mark.parametrize(("text", "denied"), [
    ("Een cookie bevat geen identificerende gegevens.", True),
    ("MyOnlineStore gebruikt cookies voor technische informatie; er worden geen persoonsgegevens verzameld.", True),
    ("Wij verzamelen geen persoonsgegevens van kinderen.", False),  # no cookie, IP or device data in view
])
def test_cookies_said_to_identify_no_one_are_personal_data_denied(scratch: Scratch, text: str, denied: bool) -> None:
    profile = copy.deepcopy(COMPLETE)
    _set("data_categories.0.text", text)(profile)
    assert ("personal.denied" in rule_ids(scratch, profile)) is denied
