"""privgen audit against fixture sites on 127.0.0.1, a second origin (localhost) standing for the
social-media service: each violation planted once is reported, exactly, and nothing on the clean
site or on the example organisations' own build."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.audit.observe import STATES
from generator.commands.audit import audit
from tests.browser.conftest import _QuietHandler, serve

FIXTURES = Path(__file__).resolve().parents[1] / "audit"
FOLDERS: dict[str, Path] = {}  # the folder each served base URL serves, for a test that changes a file
QUICK = {"pages": 5, "page_seconds": 15, "total_seconds": 180, "settle_seconds": 0.4}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The fixture sites served, with the shop's banner of the version in force at /consent.js and
    that of the version before at /stale/consent.js; the base URL and the content folder."""
    root = tmp_path_factory.mktemp("audit")
    content, stale = root / "content", root / "stale-content"
    shutil.copytree(FIXTURES / "content", content)
    shutil.copytree(FIXTURES / "content", stale)
    (stale / "shop" / "2026-01-01.yaml").unlink()
    build(content, root / "build")
    build(stale, root / "stale-build")
    third = serve(FIXTURES / "sites" / "third")
    third_base = next(third)
    site = root / "site"
    shutil.copytree(FIXTURES / "sites", site, ignore=shutil.ignore_patterns("third"))
    for page in site.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace("{third}", third_base.replace("127.0.0.1", "localhost")
                                                                 .removeprefix("http://").rstrip("/")),
                        encoding="utf-8")
    # published as the embed page says: the banner and, beside it, the settings layer it loads; the
    # stale banner without its settings layer, one more planted violation of the dirty site
    for path in [root / "build" / "shop" / "consent.js", *(root / "build" / "shop").glob("consent-settings.*.js")]:
        shutil.copy(path, site / path.name)
    (site / "stale").mkdir()
    shutil.copy(root / "stale-build" / "shop" / "consent.js", site / "stale" / "consent.js")
    first = _serve_with_a_hanging_path(site)
    base = next(first)
    FOLDERS[base] = site
    yield base, content
    for server in (first, third):
        server.close()


@pytest.fixture(scope="module")
def shop_over_https(shop: tuple[str, Path]) -> Iterator[str]:
    """The same fixture sites over https on 127.0.0.1, with a self-signed certificate (tests/audit/tls)."""
    _, content = shop
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(FIXTURES / "tls" / "cert.pem", FIXTURES / "tls" / "key.pem")
    yield from serve(content.parent / "site", context)  # the served copy shop made beside its content


def _serve_with_a_hanging_path(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1, where /hang never answers (until the server stops)."""
    stop = threading.Event()

    class Hanging(_QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path == "/hang":
                stop.wait(60)
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Hanging, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def _found(base: str, content: Path, path: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    report = audit(base + path, "shop", content, **QUICK)  # type: ignore[arg-type]
    return [(f.rule.id, f.page.removeprefix(base), f.subject.replace(base, "/"), f.states) for f in report.findings]


def test_the_clean_site_audits_clean(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "clean/", "shop", content, **QUICK)  # type: ignore[arg-type]
    assert report.findings == ()
    assert report.pages == (base + "clean/", base + "clean/page2.html")


def test_every_planted_violation_is_reported_once_and_nothing_else(shop: tuple[str, Path]) -> None:
    base, content = shop
    found = _found(base, content, "dirty/")
    third = next(subject for rule, _, subject, _ in found if rule == "audit.request")
    settings = next(subject for rule, _, subject, _ in found if rule == "audit.banner_settings")
    assert third.startswith("http://localhost:") and third.endswith("/pixel.gif")
    assert found == [
        ("audit.undeclared", "dirty/", "_gid", ("analytics", "social")),
        ("audit.before_consent", "dirty/", "_ga", ("none", "gpc", "necessary")),
        ("audit.request", "dirty/", third, ("none", "gpc", "necessary", "analytics")),
        ("audit.retention", "dirty/", "_ga", ("none",)),
        ("audit.withdrawal", "dirty/", "_fbp (/dirty/shop)", ("social",)),
        ("audit.statement_link", "dirty/page2.html", "/dirty/page2.html", ("none",)),
        ("audit.stale_banner", "dirty/", "/stale/consent.js", ("none",)),
        ("audit.banner_settings", "dirty/", settings, ("none",)),
    ]
    assert re.fullmatch(r"/stale/consent-settings\.[0-9a-f]{12}\.js", settings)


def test_a_settings_layer_that_does_not_match_its_banner_is_reported(shop: tuple[str, Path]) -> None:
    base, content = shop
    (layer,) = FOLDERS[base].glob("consent-settings.*.js")
    good = layer.read_bytes()
    try:
        layer.write_bytes(good.replace(b"Keuze opslaan", b"Keuze 0pslaan"))
        report = audit(base + "clean/", "shop", content, **QUICK)  # type: ignore[arg-type]
    finally:
        layer.write_bytes(good)
    (finding,) = report.findings
    assert finding.rule.id == "audit.banner_settings" and finding.subject == base + layer.name
    assert finding.message.en == (
        f"{base}{layer.name}, the banner's second file, does not match the integrity hash the banner checks: "
        "visitors cannot open the cookie settings and see no placeholders of blocked content.")
    assert finding.message.nl == (
        f"{base}{layer.name}, het tweede bestand van de banner, klopt niet met de integriteitshash die de banner "
        "controleert: bezoekers kunnen de cookie-instellingen niet openen en zien geen plaatshouders van geblokkeerde "
        "inhoud.")


def test_a_finding_names_the_cookie_what_it_is_and_the_visit_that_saw_it(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "dirty/", "shop", content, **QUICK)  # type: ignore[arg-type]
    by_rule = {f.rule.id: f for f in report.findings}
    assert by_rule["audit.undeclared"].message.en == (
        "Cookie _gid (Google Analytics, analytics) set after consent to analytics and after consent to everything, "
        "not declared.")
    assert by_rule["audit.undeclared"].message.nl == (
        "Cookie _gid (Google Analytics, analytics) gezet na toestemming voor analyse en na toestemming voor alles, "
        "niet vermeld in de verklaring.")
    assert by_rule["audit.before_consent"].message.en == (
        "Cookie _ga (declared for 'analytics') set with no choice yet, with no choice and GPC on and after "
        "'necessary only'.")
    assert by_rule["audit.retention"].message.en == (
        "Cookie _ga lives 400 days; the statement declares 182 days (P6M).")  # Chromium keeps one 400 days at most
    assert by_rule["audit.stale_banner"].message.en.endswith(
        "was built for revision {0} (version 2025-01-01); the statement in force implies revision {1} "
        "(version 2026-01-01).".format(*[w for w in by_rule["audit.stale_banner"].message.en.split() if len(w) == 8
                                         and all(c in "0123456789abcdef" for c in w)][:2]))


def test_a_banner_that_forgets_the_choice_is_reported(shop: tuple[str, Path]) -> None:
    base, content = shop
    assert _found(base, content, "forgetful/") == [
        ("audit.remembered", "forgetful/", "/forgetful/", ("necessary", "analytics", "social"))]


def test_a_site_without_a_banner_says_so_and_what_it_saw(shop: tuple[str, Path]) -> None:
    base, content = shop
    assert _found(base, content, "nobanner/") == [
        ("audit.before_consent", "nobanner/", "stats_seen", ("none", "gpc")),
        ("audit.no_banner", "nobanner/", "/nobanner/", ("none",)),
        *[("audit.unvisited", "nobanner/", "no_banner", (state,))
          for state in ("necessary", "analytics", "social")],
    ]


def test_a_banner_of_its_own_without_reject_that_forgets_is_reported(shop: tuple[str, Path]) -> None:
    base, content = shop
    assert _found(base, content, "ownbanner/") == [
        ("audit.reject", "ownbanner/", "Akkoord | Instellingen", ("none",)),
        ("audit.remembered", "ownbanner/", "/ownbanner/", ("none",)),
        ("audit.other_banner", "ownbanner/", "/ownbanner/", ("none",)),
        *[("audit.unvisited", "ownbanner/", "no_banner", (state,))
          for state in ("necessary", "analytics", "social")],
    ]


def test_the_command_line_reports_as_text_json_and_sarif_and_fails_on_errors(shop: tuple[str, Path]) -> None:
    base, content = shop
    runner = CliRunner()
    args = ["audit", base + "dirty/", "--org", "shop", "--content", str(content), "--page-timeout", "15"]
    text = runner.invoke(main, args)
    assert text.exit_code == 1, text.output
    assert text.output.splitlines()[-1] == "6 errors, 2 warnings, 0 info"
    sarif = json.loads(runner.invoke(main, [*args, "--format", "sarif"]).output)
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results][:2] == ["audit.undeclared", "audit.before_consent"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == base + "dirty/"
    clean = runner.invoke(main, ["audit", base + "clean/", "--org", "shop", "--content", str(content), "--format",
                                 "json"])
    assert clean.exit_code == 0 and json.loads(clean.output)["findings"] == []
    wrong = runner.invoke(main, ["audit", "ftp://example.org/", "--org", "shop", "--content", str(content)])
    assert (wrong.exit_code, wrong.output) == (
        1, "error: ftp://example.org/: not a web address; give one starting with http:// or https://\n")


def test_a_page_that_never_finishes_loading_is_audited_as_far_as_it_got(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "slow/", "shop", content, pages=5, page_seconds=3, total_seconds=120, settle_seconds=0.4)
    assert [(f.rule.id, f.subject, f.states, f.message.en) for f in report.findings] == [
        ("audit.unvisited", "unfinished", (state,), f"{words}: had not finished loading after 3 s; what had loaded was "
                                                    "audited.")
        for state, words in [("none", "With no choice yet"), ("gpc", "With no choice and GPC on"),
                             ("necessary", "After 'necessary only'"), ("analytics", "After consent to analytics"),
                             ("social", "After consent to everything")]]


def test_a_redirect_is_followed_and_the_page_it_reaches_is_audited(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "clean", "shop", content, **QUICK)  # type: ignore[arg-type]  # the server adds the /
    assert report.findings == () and report.pages == (base + "clean/", base + "clean/page2.html")


def test_a_page_that_moves_on_by_script_is_audited_where_it_arrives(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "navigates/", "shop", content, **QUICK)  # type: ignore[arg-type]
    assert report.findings == () and report.pages == (base + "clean/", base + "clean/page2.html")


def test_a_third_party_pulled_in_by_a_gated_script_of_a_lower_tier_is_reported(shop: tuple[str, Path]) -> None:
    base, content = shop
    found = _found(base, content, "chain/")
    assert [(rule, page, states) for rule, page, _, states in found] == [("audit.request", "chain/", ("analytics",))]
    assert found[0][2].startswith("http://localhost:") and found[0][2].endswith("/widget.html")


def test_a_site_over_https_audits_like_over_http_and_a_bad_certificate_is_said(shop: tuple[str, Path],
                                                                               shop_over_https: str) -> None:
    _, content = shop
    report = audit(shop_over_https + "clean/", "shop", content, ignore_https_errors=True, **QUICK)  # type: ignore[arg-type]
    assert report.findings == () and report.pages == (shop_over_https + "clean/", shop_over_https + "clean/page2.html")
    untrusted = audit(shop_over_https + "clean/", "shop", content, **QUICK)  # type: ignore[arg-type]
    assert [(f.rule.id, f.subject, f.states) for f in untrusted.findings] == [
        ("audit.unvisited", "error", ("none",)), ("audit.unvisited", "error", ("gpc",)),
        *[("audit.unvisited", "no_start", (state,)) for state in ("necessary", "analytics", "social")]]
    assert untrusted.findings[0].message.en.startswith("With no choice yet: could not be loaded (Page.goto: "
                                                       "net::ERR_CERT_AUTHORITY_INVALID")
    assert untrusted.findings[-1].message.en == ("After consent to everything: the start page could not be loaded; "
                                                 "not visited.")
    cli = CliRunner().invoke(main, ["audit", shop_over_https + "clean/", "--org", "shop", "--content", str(content),
                                    "--ignore-https-errors", "--format", "json", "--page-timeout", "15"])
    assert cli.exit_code == 0 and json.loads(cli.output)["findings"] == [], cli.output


def test_a_start_address_that_is_no_web_page_is_said_and_nothing_claimed(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "slow/ping.txt", "shop", content, **QUICK)  # type: ignore[arg-type]
    assert [(f.subject, f.states, f.message.en) for f in report.findings] == [
        ("error", ("none",), "With no choice yet: could not be loaded (not a web page but text/plain)."),
        ("error", ("gpc",), "With no choice and GPC on: could not be loaded (not a web page but text/plain)."),
        *[("no_start", (state,), f"{words}: the start page could not be loaded; not visited.")
          for state, words in [("necessary", "After 'necessary only'"), ("analytics", "After consent to analytics"),
                               ("social", "After consent to everything")]]]


def test_without_a_browser_the_audit_says_how_to_get_one(shop: tuple[str, Path], monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    base, content = shop
    monkeypatch.setenv("PRIVGEN_CHROMIUM", str(tmp_path / "no-chromium"))
    result = CliRunner().invoke(main, ["audit", base + "clean/", "--org", "shop", "--content", str(content)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: privgen audit needs Chromium through Playwright: in privgen's folder, pip install -e '.[audit]', "
        "then python -m playwright install chromium, or set PRIVGEN_CHROMIUM to a chromium binary (")
    assert result.output.count("\n") == 1


def test_an_audit_out_of_time_says_what_it_could_not_visit_and_claims_nothing(shop: tuple[str, Path]) -> None:
    base, content = shop
    report = audit(base + "dirty/", "shop", content, pages=5, page_seconds=15, total_seconds=0, settle_seconds=0.4)
    assert [(f.rule.id, f.subject, f.states) for f in report.findings] == [
        ("audit.unvisited", "time", (state,)) for state in STATES]


def test_the_example_organisations_own_build_audits_clean(example_build: Path) -> None:
    server = serve(example_build)
    base = next(server)
    try:
        for org in ("clavis", "kaviaarshop"):
            report = audit(base + f"{org}/", org, Path(__file__).resolve().parents[2] / "content", **QUICK)  # type: ignore[arg-type]
            assert [(f.rule.id, f.page, f.message.en) for f in report.findings] == []
            assert {base + f"{org}/en/", base + f"{org}/versions/"} <= set(report.pages)
    finally:
        server.close()
