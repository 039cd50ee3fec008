"""consent.js as the build writes it: budget, revision, config, snippet."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator
from generator.profile import vocabulary as vocab
from generator.profile.model import Profile
from generator.render import banner
from generator.render.budget import SETTINGS_BUDGET, SIZE_BUDGET
from generator.build import build
from generator.errors import InputError
from tests.conftest import MINIMAL_PROFILE, ROOT, Scratch

SEEDS = ("clavis", "clientbox", "kaviaarshop", "softwarebedrijf", "vloet")
# The organisations whose statements list cookies above strictly necessary: the others get no banner.
BANNERS = ("clavis", "kaviaarshop")
COOKIES = """\
cookies:
  items:
    - {id: a, name: _ga, provider: Google, purpose: Statistiek, tier: analytics, party: third, duration: P13M}
"""


def config_of(script: bytes, first_key: str = "revision") -> dict[str, object]:
    text = script.decode("utf-8")
    start = text.find('{"%s":' % first_key)
    assert start >= 0, "CONFIG literal not found"
    config, _ = json.JSONDecoder().raw_decode(text, start)
    return config  # type: ignore[no-any-return]


def settings_of(folder: Path) -> dict[str, Any]:
    """The configuration of the settings layer that folder's consent.js loads from beside itself."""
    name = config_of((folder / "consent.js").read_bytes())["settings"]
    assert isinstance(name, str)
    return config_of((folder / name).read_bytes(), "strings")


@pytest.mark.parametrize("org", BANNERS)
def test_banner_fits_the_size_budget(example_build: Path, org: str) -> None:
    script = (example_build / org / "consent.js").read_bytes()
    assert len(gzip.compress(script, compresslevel=9)) <= SIZE_BUDGET
    settings = example_build / org / str(config_of(script)["settings"])
    assert len(gzip.compress(settings.read_bytes(), compresslevel=9)) <= SETTINGS_BUDGET


@pytest.mark.parametrize("org", BANNERS)
def test_the_banner_pins_its_settings_layer_by_name_and_integrity(example_build: Path, org: str) -> None:
    config = config_of((example_build / org / "consent.js").read_bytes())
    name = str(config["settings"])
    settings = (example_build / org / name).read_bytes()
    assert name == f"consent-settings.{hashlib.sha256(settings).hexdigest()[:12]}.js"
    assert config["integrity"] == "sha384-" + base64.b64encode(hashlib.sha384(settings).digest()).decode()


@pytest.mark.parametrize("name", ["consent.js", *banner.MINIFIED.values(), "consent-settings.js",
                                  banner.SETTINGS_MINIFIED])
def test_banner_uses_no_eval_and_no_syntax_newer_than_es2017(name: str) -> None:
    source = (ROOT / "themes/default/banner" / name).read_text(encoding="utf-8")
    code = re.sub(r"//.*", "", source) if name.endswith("settings.js") or name == "consent.js" else source
    for forbidden in ("eval(", "new Function", "?.", "??", "innerHTML", "async function", "await "):
        assert forbidden not in code, forbidden
    assert "setAttribute('style'" not in code and 'setAttribute("style"' not in code
    assert not re.search(r"\{\s*\.\.\.", code), "object spread is ES2018"


def test_the_minified_banner_is_terser_output_of_the_readable_source() -> None:
    # scripts/minify-banner runs the pinned terser; --check fails when consent.js was edited and
    # consent.min.js not made anew (the build would then ship the larger, merely stripped source)
    if shutil.which("npm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("npm is missing: install Node.js (apt-get install nodejs npm)")
        pytest.skip("npm is missing")
    result = subprocess.run([str(ROOT / "scripts/minify-banner"), "--check"], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr


FEATURES = list(banner.MINIFIED)  # (Consent Mode, consent log): each set a profile can turn on


@pytest.mark.parametrize(("consent_mode", "log"), FEATURES)
def test_the_build_ships_the_minified_banner_only_while_it_matches_the_source(tmp_path: Path, consent_mode: bool,
                                                                             log: bool) -> None:
    theme = ROOT / "themes/default/banner"
    code, minified = banner.banner_code(theme, consent_mode, log)
    assert minified and code.startswith('(()=>{"use strict";')  # the preamble stays behind
    for name in ("consent.js", *banner.MINIFIED.values(), "consent.css"):
        (tmp_path / name).write_bytes((theme / name).read_bytes())
    (tmp_path / "consent.js").write_text((theme / "consent.js").read_text(encoding="utf-8") + "\n// edited\n",
                                         encoding="utf-8")
    code, minified = banner.banner_code(tmp_path, consent_mode, log)
    assert not minified and code.endswith("// edited\n")


def test_the_build_ships_the_minified_settings_layer_only_while_it_matches_the_source(tmp_path: Path) -> None:
    theme = ROOT / "themes/default/banner"
    code, minified = banner.settings_code(theme)
    assert minified and code.startswith('(()=>{"use strict";')
    for name in ("consent-settings.js", banner.SETTINGS_MINIFIED):
        (tmp_path / name).write_bytes((theme / name).read_bytes())
    with (tmp_path / "consent-settings.js").open("a", encoding="utf-8") as source:
        source.write("// edited\n")
    code, minified = banner.settings_code(tmp_path)
    assert not minified and code.endswith("// edited\n")


@pytest.mark.parametrize(("consent_mode", "log"), FEATURES)
def test_a_banner_carries_the_code_of_just_the_features_its_profile_turns_on(scratch: Scratch, consent_mode: bool,
                                                                              log: bool) -> None:
    settings = {"consent_mode": True} if consent_mode else {}
    settings |= {"consent_log": "https://log.example/consent/acme"} if log else {}
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + (f"banner: {json.dumps(settings)}\n" if settings else "") + COOKIES)
    build(scratch.content, scratch.out)
    script = (scratch.out / "acme" / "consent.js").read_text(encoding="utf-8")
    code, _ = banner.banner_code(ROOT / "themes/default/banner", consent_mode, log)
    assert script.endswith(code.split("/*privgen:end*/")[1])  # the variant the profile needs
    assert ("dataLayer" in script, "sendBeacon" in script) == (consent_mode, log)


def test_config_carries_tiers_cookies_and_both_languages(example_build: Path) -> None:
    config = config_of((example_build / "kaviaarshop" / "consent.js").read_bytes())
    strings = config["strings"]
    assert isinstance(strings, dict) and list(strings) == ["nl", "en"]
    assert strings["nl"]["tiers"] == ["strikt noodzakelijk", "analyse", "social media"]
    assert strings["en"]["tiers"] == ["strictly necessary", "analytics", "social media"]
    # the settings layer's words, in the second file: each tier's description and cookies
    layer = settings_of(example_build / "kaviaarshop")["strings"]
    assert list(layer) == ["nl", "en"]
    assert layer["nl"]["tiers"][1]["cookies"] == ["Google Analytics (Google, cookie van derden)"]
    assert layer["en"]["tiers"][1]["cookies"] == ["Google Analytics (Google, third-party)"]
    assert layer["nl"]["tiers"][1]["about"] == "Laat ons zien hoe bezoekers de website gebruiken."
    assert layer["nl"]["tiers"][2]["cookies"] == []  # the statement names AddThis as a link to Facebook, no cookie
    assert layer["en"]["title"] == "Cookie settings" and layer["nl"]["save"] == "Keuze opslaan"
    assert layer["en"]["blocked"].startswith("Content of {provider}: shown only with your consent for {tier} cookies")
    assert config["clear"] == []  # a third party's cookie is not the banner's to delete
    assert strings["nl"]["acceptAll"] == "Alles accepteren" and strings["en"]["acceptAll"] == "Accept all"
    assert config["default"] == "nl" and "consentMode" not in config and "log" not in config
    assert config["version"] == "2025-03-01" and config["maxAge"] == 365 * 86400
    # the first layer names the services of each tier that has any
    assert strings["nl"]["text"] == ("Naast strikt noodzakelijke cookies gebruiken we analysecookies (Google) alleen "
                                     "met uw toestemming. U kunt uw keuze altijd wijzigen.")
    assert strings["en"]["text"] == ("Besides strictly necessary cookies, we use analytics cookies (Google) only with "
                                     "your consent. You can change your choice at any time.")
    clavis = config_of((example_build / "clavis" / "consent.js").read_bytes())["strings"]
    assert "analysecookies (Google) en cookies van sociale media (Facebook)" in clavis["nl"]["text"]


@pytest.mark.parametrize(("lifetime", "seconds"), [("P6M", 182.5 * 86400), ("P12M", 365 * 86400), ("P30D", 30 * 86400)])
def test_the_consent_lifetime_is_a_profile_setting_of_at_most_a_year(scratch: Scratch, lifetime: str,
                                                                    seconds: float) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + f"banner: {{consent_lifetime: {lifetime}}}\n" + COOKIES)
    build(scratch.content, scratch.out)
    assert config_of((scratch.out / "acme" / "consent.js").read_bytes())["maxAge"] == round(seconds)


def test_a_consent_lifetime_over_a_year_is_refused(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "banner: {consent_lifetime: P13M}\n" + COOKIES)
    with pytest.raises(InputError, match="banner.consent_lifetime: 'P13M' is longer than a year"):
        build(scratch.content, scratch.out)


def test_revision_follows_the_cookie_inventory_only(scratch: Scratch) -> None:
    def revision(profile: str) -> object:
        scratch.profile("acme", "v1.yaml", profile)
        # each variant as a first version, of a site of its own
        (scratch.content / "acme" / "versions.lock").unlink(missing_ok=True)
        out = scratch.root / f"build-{len(list(scratch.root.iterdir()))}"
        build(scratch.content, out)
        return config_of((out / "acme" / "consent.js").read_bytes())["revision"]

    base = revision(MINIMAL_PROFILE + COOKIES)
    assert revision(MINIMAL_PROFILE.replace("Voorbeeld BV", "Ander BV") + COOKIES) == base
    assert revision(MINIMAL_PROFILE + COOKIES.replace("tier: analytics", "tier: social")) != base
    assert revision(MINIMAL_PROFILE + COOKIES + "    - {id: b, name: x, provider: X, purpose: Y, tier: social, party: first}\n") != base



def test_the_revision_is_of_what_a_visitor_consents_to_not_of_words_around_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def of(cookies: str, extra: str = "") -> str:
        data = yaml.safe_load(MINIMAL_PROFILE + extra + cookies)
        return banner.revision(Profile.model_validate(data, context={"language": "nl"}))

    base = of(COOKIES)
    tier_text = "  tiers:\n    - {tier: analytics, text: Meten hoe bezoekers de site gebruiken.}\n"
    # words around the consent: a tier description, an English translation, another label or privgen
    assert of(COOKIES.replace("cookies:\n", "cookies:\n" + tier_text)) == base
    assert of(COOKIES.replace("purpose: Statistiek", "purpose: {nl: Statistiek, en: Statistics}")) == base
    monkeypatch.setattr(vocab.Term, "label", lambda self, lang: "renamed")
    monkeypatch.setattr(generator, "__version__", "99.0")
    assert of(COOKIES) == base
    # what the visitor consents to
    for changed in (COOKIES.replace("name: _ga", "name: _ga4"), COOKIES.replace("provider: Google", "provider: Meta"),
                    COOKIES.replace("party: third", "party: first"), COOKIES.replace("Statistiek", "Advertenties"),
                    COOKIES.replace("P13M", "P25M"), COOKIES.replace("tier: analytics", "tier: social")):
        assert of(changed) != base, changed


def test_embed_snippet_has_the_integrity_of_consent_js(example_build: Path) -> None:
    script = (example_build / "kaviaarshop" / "consent.js").read_bytes()
    digest = "sha384-" + base64.b64encode(hashlib.sha384(script).digest()).decode()
    embed = (example_build / "kaviaarshop" / "embed.html").read_text(encoding="utf-8")
    name = f"consent.{hashlib.sha256(script).hexdigest()[:12]}.js"
    assert (example_build / "kaviaarshop" / name).read_bytes() == script
    # async: the page does not wait for the banner (no Consent Mode defaults need to come first)
    assert f'&lt;script async src="{name}" integrity="{digest}" crossorigin="anonymous"&gt;&lt;/script&gt;' in embed
    assert "data-consent-open" in embed and 'data-consent-tier="analytics"' in embed


def test_with_consent_mode_the_snippet_sets_the_defaults_inline_and_loads_the_banner_async(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "banner: {consent_mode: true}\n" + COOKIES)
    build(scratch.content, scratch.out)
    config = config_of((scratch.out / "acme" / "consent.js").read_bytes())
    assert config["consentMode"] == [["security_storage", "functionality_storage"], ["analytics_storage"],
                                     ["ad_storage", "ad_user_data", "ad_personalization", "personalization_storage"]]
    embed = (scratch.out / "acme" / "embed.html").read_text(encoding="utf-8")
    defaults = ('window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("consent",'
                '"default",{"security_storage":"granted","functionality_storage":"granted",'
                '"analytics_storage":"denied","ad_storage":"denied","ad_user_data":"denied",'
                '"ad_personalization":"denied","personalization_storage":"denied","wait_for_update":500});')
    snippet = re.search(r'<code id="snippet">(.*?)</code>', embed, re.S)
    assert snippet is not None
    assert re.fullmatch(r'&lt;script&gt;(.*)&lt;/script&gt;\n&lt;script async src="consent\.[0-9a-f]{12}\.js" '
                        r'integrity="sha384-[^"]+" crossorigin="anonymous"&gt;&lt;/script&gt;', snippet.group(1))
    assert html.unescape(snippet.group(1)).startswith(f"<script>{defaults}</script>\n")
    inline_hash = base64.b64encode(hashlib.sha256(defaults.encode("utf-8")).digest()).decode()
    # on a line of its own, to copy whole: inline, it broke at 375 px before its closing quote
    assert (f"zet dan de hash van de eerste regel in script-src:</p>\n"
            f"<pre><code id=\"inline-hash\">&#39;sha256-{inline_hash}&#39;</code></pre>") in embed
    assert "de tweede laadt de banner zonder dat de pagina erop wacht" in embed


def test_a_withdrawal_clears_only_first_party_cookies_above_necessary(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + """\
cookies:
  items:
    - {id: s, name: sid, provider: Acme, purpose: Sessie, tier: necessary, party: first}
    - {id: a, name: _ga_*, provider: Acme, purpose: Statistiek, tier: analytics, party: first, duration: P13M}
    - {id: b, name: _gid, provider: Google, purpose: Statistiek, tier: analytics, party: third, duration: P1D}
    - {id: r, name: recent_*, storage: local_storage, provider: Acme, purpose: Laatst bekeken, tier: social, party: first}
""")
    build(scratch.content, scratch.out)
    assert config_of((scratch.out / "acme" / "consent.js").read_bytes())["clear"] == [
        {"tier": "analytics", "name": "_ga_*"}, {"tier": "social", "name": "recent_*", "storage": 1}]


def test_build_summary_prints_banner_sizes(scratch: Scratch) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + COOKIES)
    scratch.profile("bare", "v1.yaml", MINIMAL_PROFILE)
    result = CliRunner().invoke(main, ["build", "--content", str(scratch.content), "--out", str(scratch.out)])
    size = len(gzip.compress((scratch.out / "acme" / "consent.js").read_bytes(), compresslevel=9, mtime=0))
    assert f"Banner consent.js, gzip -9 bytes (budget 4,096): acme {size:,}" in result.output.splitlines()
    assert "No banner (no cookies that need consent): bare" in result.output.splitlines()


@pytest.mark.parametrize("org", sorted(set(SEEDS) - set(BANNERS)))
def test_a_statement_with_nothing_to_consent_to_gets_no_banner(example_build: Path, org: str) -> None:
    assert not (example_build / org / "consent.js").exists()
    page = (example_build / org / "index.html").read_text(encoding="utf-8")
    assert "consent.js" not in page and "data-consent-open" not in page
    embed = (example_build / org / "embed.html").read_text(encoding="utf-8")
    assert "Uw website vraagt geen toestemming, dus privgen maakt er geen banner voor." in embed


def test_earlier_banner_files_stay_published_beside_the_new_one(scratch: Scratch) -> None:
    """A page pinned to consent.<digest>.js with Subresource Integrity keeps its banner."""
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "version: {effective_date: 2020-01-01}\n" + COOKIES)
    build(scratch.content, scratch.out)
    first = {p.name: p.read_bytes() for p in (scratch.out / "acme").glob("consent.*.js")}
    assert len(first) == 1
    scratch.profile("acme", "v2.yaml", MINIMAL_PROFILE + "version: {effective_date: 2021-01-01}\n"
                    + COOKIES.replace("P13M", "P12M"))
    build(scratch.content, scratch.out)
    now = {p.name: p.read_bytes() for p in (scratch.out / "acme").glob("consent.*.js")}
    assert len(now) == 2 and all(now[name] == data for name, data in first.items())
    (new,) = set(now) - set(first)
    assert now[new] == (scratch.out / "acme" / "consent.js").read_bytes()
    assert new in (scratch.out / "acme" / "embed.html").read_text(encoding="utf-8")
    # a file under such a name that is not what its name says is not carried over
    (scratch.out / "acme" / "consent.0123456789ab.js").write_bytes(b"alert(1)")
    build(scratch.content, scratch.out, incremental=False)
    assert not (scratch.out / "acme" / "consent.0123456789ab.js").exists()
    assert {p.name for p in (scratch.out / "acme").glob("consent.*.js")} == set(now)


def test_every_revision_a_version_had_is_published_with_what_its_banner_showed(example_build: Path) -> None:
    """Clavis's v1 banner was replaced by 2025-01-01's; what both showed stays published, by revision,
    for the proof of a choice made under either."""
    folder = example_build / "clavis" / "consent" / "revisions"
    current = banner.banner_config((example_build / "clavis" / "consent.js").read_text(encoding="utf-8"))
    assert current is not None
    files = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}
    assert sorted(files) == sorted({current["revision"], "58143e04"})
    newest = files[str(current["revision"])]["versions"]["2025-01-01"]
    assert newest["first_layer"]["en"] == {"title": "Cookies on this website", "text": (
        "Besides strictly necessary cookies, we use analytics cookies (Google) and social media cookies "
        "(Facebook) only with your consent. You can change your choice at any time.")}
    assert newest["tiers"]["analytics"]["cookies"] == [{
        "name": "_ga", "provider": "Google", "party": "third", "retention": "P13M",
        "purpose": {"nl": "Onderscheiden van bezoekers voor de statistieken van Google Analytics.",
                    "en": "Distinguishing visitors for the statistics of Google Analytics."}}]
    old = files["58143e04"]["versions"]["v1"]
    assert old["tiers"]["analytics"]["cookies"] == [] and [c["provider"] for c in old["tiers"]["social"]["cookies"]] \
        == ["Facebook"]
    # the banner's tiers and these are one account of what was shown: labels and cookie names agree
    layer = settings_of(example_build / "clavis")["strings"]
    for lang, words in current["strings"].items():
        for data, label, tier in zip((newest["tiers"][name] for name in vocab.TIER_ORDER), words["tiers"],
                                     layer[lang]["tiers"]):
            assert data["label"][lang] == label and data["description"][lang] == tier["about"]
            assert len(tier["cookies"]) == len(data["cookies"])
            for cookie, label in zip(data["cookies"], tier["cookies"]):
                assert label.startswith(f"{cookie['name'] or cookie['provider']} (")
