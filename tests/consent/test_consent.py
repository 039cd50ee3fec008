"""The consent-record service and its store, on SQLite and on a real PostgreSQL: what it keeps, what
it refuses (and then keeps nothing of), and the proof, export, statistics and purge built on it."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.consent.records import ConsentRecord
from generator.consent.service import consent_app
from generator.consent.store import ConsentStore
from generator.errors import StoreUnavailable
from tests.conftest import CONTENT
from tests.consent.processes import Cluster, consent_service

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note on its test client's HTTP library
    from starlette.testclient import TestClient

ORIGIN = "https://www.clavis.nl"
ID = "3f1c" + "0" * 28
RECORD: dict[str, Any] = {"id": ID, "action": "accept_all", "tier": "social",
                          "purposes": ["necessary", "analytics", "social"], "revision": "78e68f54",
                          "version": "2025-01-01", "language": "nl", "gpc": False, "timestamp": 1764688200000}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ConsentStore:
    if request.param == "sqlite":
        return ConsentStore(f"sqlite:///{tmp_path / 'consent.db'}")
    cluster: Cluster = request.getfixturevalue("postgres")
    fresh = ConsentStore(cluster.url)
    with fresh.engine.begin() as connection:  # each test on an empty table
        connection.exec_driver_sql("DELETE FROM consent_records")
    return fresh


def post(client: TestClient, body: Any, org: str = "clavis", origin: str | None = ORIGIN) -> tuple[int, str]:
    content = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"content-type": "text/plain;charset=UTF-8"} | ({"origin": origin} if origin else {})
    response = client.post(f"/consent/{org}", content=content, headers=headers)
    return response.status_code, response.text


def test_a_choice_is_kept_and_answered_204_without_a_cookie(store: ConsentStore) -> None:
    with TestClient(consent_app(store, {"clavis": frozenset({ORIGIN})})) as client:
        response = client.post("/consent/clavis", content=json.dumps(RECORD), headers={"origin": ORIGIN})
        assert (response.status_code, response.text, response.headers.get("set-cookie")) == (204, "", None)
        (kept,) = store.history("clavis", ID)
        assert (kept.action, kept.tier, kept.purposes, kept.revision, kept.version, kept.gpc) == (
            "accept_all", "social", ("necessary", "analytics", "social"), "78e68f54", "2025-01-01", False)
        assert kept.client_time == dt.datetime(2025, 12, 2, 15, 10, tzinfo=dt.timezone.utc)
        assert abs((kept.server_time - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60


@pytest.mark.parametrize(("body", "org", "origin", "expected"), [
    (RECORD, "nobody", ORIGIN, (404, {"error": "no organisation 'nobody' here"})),
    (RECORD, "clavis", "https://evil.example", (403, {"error": "the Origin is not one of the organisation's sites "
                                                                "(controller.websites)"})),
    (RECORD, "clavis", None, (403, {"error": "the Origin is not one of the organisation's sites "
                                             "(controller.websites)"})),
    ("x" * 2049, "clavis", ORIGIN, (413, {"error": "the body is over 2048 bytes"})),
    ("{not json", "clavis", ORIGIN, (400, {"error": "the body is not JSON"})),
    (RECORD | {"tier": "all"}, "clavis", ORIGIN, (400, {"error": "tier: Input should be 'necessary', 'analytics' "
                                                                 "or 'social'"})),
    (RECORD | {"gpc": "false"}, "clavis", ORIGIN, (400, {"error": "gpc: Input should be a valid boolean"})),
    (RECORD | {"purposes": ["necessary"]}, "clavis", ORIGIN,
     (400, {"error": "body: Value error, purposes must be the tiers up to and including tier"})),
    (RECORD | {"ip": "203.0.113.9"}, "clavis", ORIGIN, (400, {"error": "ip: Extra inputs are not permitted"})),
    (RECORD | {"id": "not-an-id"}, "clavis", ORIGIN,
     (400, {"error": "id: String should match pattern '^[0-9a-f]{32}$'"})),
])
def test_bad_input_is_refused_and_nothing_is_kept(store: ConsentStore, body: Any, org: str, origin: str | None,
                                                  expected: tuple[int, dict[str, str]]) -> None:
    with TestClient(consent_app(store, {"clavis": frozenset({ORIGIN})})) as client:
        status, text = post(client, body, org, origin)
        assert (status, json.loads(text)) == expected
        assert store.history("clavis", ID) == [] and store.history("nobody", ID) == []


def test_a_replay_is_refused_and_kept_once(store: ConsentStore) -> None:
    with TestClient(consent_app(store, {"clavis": frozenset({ORIGIN})})) as client:
        assert post(client, RECORD)[0] == 204
        assert post(client, RECORD) == (409, '{"error":"this choice is recorded already"}')
        assert len(store.history("clavis", ID)) == 1


def test_a_client_over_its_rate_waits(tmp_path: Path) -> None:
    clock = Clock()
    with TestClient(consent_app(ConsentStore(f"sqlite:///{tmp_path / 'c.db'}"), {"clavis": frozenset({ORIGIN})},
                                rate=3, clock=clock)) as client:
        statuses = [post(client, RECORD | {"timestamp": RECORD["timestamp"] + n})[0] for n in range(4)]
        assert statuses == [204, 204, 204, 429]
        clock.now += 20  # a token back per 20 s at 3 a minute
        assert post(client, RECORD | {"timestamp": RECORD["timestamp"] + 9})[0] == 204


def test_a_database_that_goes_away_gives_503_and_the_service_recovers(postgres: Cluster) -> None:
    store = ConsentStore(postgres.url)
    with TestClient(consent_app(store, {"clavis": frozenset({ORIGIN})})) as client:
        postgres.stop()
        try:
            assert post(client, RECORD | {"id": "a" * 32}) == (
                503, '{"error":"the consent store is unavailable; the banner\'s record is not kept"}')
        finally:
            postgres.start()
        assert post(client, RECORD | {"id": "a" * 32})[0] == 204
        assert len(store.history("clavis", "a" * 32)) == 1


def test_two_receivers_write_to_one_postgresql(postgres: Cluster) -> None:
    with (TestClient(consent_app(ConsentStore(postgres.url), {"clavis": frozenset({ORIGIN})})) as first,
          TestClient(consent_app(ConsentStore(postgres.url), {"clavis": frozenset({ORIGIN})})) as second):
        assert post(first, RECORD | {"id": "b" * 32})[0] == 204
        assert post(second, RECORD | {"id": "b" * 32, "action": "withdrawal", "tier": "necessary",
                                      "purposes": ["necessary"], "timestamp": RECORD["timestamp"] + 1000})[0] == 204
        assert post(second, RECORD | {"id": "b" * 32}) == (409, '{"error":"this choice is recorded already"}')
    assert [r.action for r in ConsentStore(postgres.url).history("clavis", "b" * 32)] == ["accept_all", "withdrawal"]


def test_an_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        ConsentStore(f"sqlite:///{tmp_path / 'missing-folder' / 'c.db'}")


# --- proof, export, stats, purge ----------------------------------------------------------------

def choices(store: ConsentStore) -> None:
    received = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)
    for offset, action, tier, version, revision in [(0, "accept_all", "social", "2025-01-01", "78e68f54"),
                                                    (60, "withdrawal", "necessary", "2025-01-01", "78e68f54"),
                                                    (120, "settings", "analytics", "v1", "ffffffff")]:
        purposes = ("necessary", "analytics", "social")[:("necessary", "analytics", "social").index(tier) + 1]
        store.add(ConsentRecord("clavis", ID, action, tier, purposes, revision, version, "nl", False,
                                received + dt.timedelta(seconds=offset), received + dt.timedelta(seconds=offset + 1)))


def test_proof_shows_every_choice_with_what_the_visitor_was_shown(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    choices(ConsentStore(db))
    result = CliRunner().invoke(main, ["consent", "proof", "clavis", ID, "--db", db, "--content", str(CONTENT)])
    assert result.output == f"""Consent id {ID} at clavis: 3 choices
1. 2026-12-01T10:00:00.000Z (received 2026-12-01T10:00:01.000Z): accept_all, tier social (necessary, analytics, social); GPC off; language nl; banner revision 78e68f54
   statement version 2025-01-01, permanently at clavis/versions/2025-01-01/
   banner (nl): Cookies op deze website. Naast strikt noodzakelijke cookies gebruiken we analysecookies (Google) en cookies van sociale media (Facebook) alleen met uw toestemming. U kunt uw keuze altijd wijzigen.
   - necessary (strikt noodzakelijk, on): Nodig om de website te laten werken. Altijd aan.
   - analytics (analyse, on): Laat ons zien hoe bezoekers de website gebruiken.
     · _ga (Google, third party, kept 13 months): Onderscheiden van bezoekers voor de statistieken van Google Analytics.
   - social (social media, on): Inhoud en delen via sociale media en andere derde partijen.
     · (no name) (Facebook, third party, retention not stated): Delen van pagina's via socialmediabuttons.
2. 2026-12-01T10:01:00.000Z (received 2026-12-01T10:01:01.000Z): withdrawal, tier necessary (necessary); GPC off; language nl; banner revision 78e68f54
   statement version 2025-01-01, permanently at clavis/versions/2025-01-01/
   banner (nl): Cookies op deze website. Naast strikt noodzakelijke cookies gebruiken we analysecookies (Google) en cookies van sociale media (Facebook) alleen met uw toestemming. U kunt uw keuze altijd wijzigen.
   - necessary (strikt noodzakelijk, on): Nodig om de website te laten werken. Altijd aan.
   - analytics (analyse, off): Laat ons zien hoe bezoekers de website gebruiken.
     · _ga (Google, third party, kept 13 months): Onderscheiden van bezoekers voor de statistieken van Google Analytics.
   - social (social media, off): Inhoud en delen via sociale media en andere derde partijen.
     · (no name) (Facebook, third party, retention not stated): Delen van pagina's via socialmediabuttons.
3. 2026-12-01T10:02:00.000Z (received 2026-12-01T10:02:01.000Z): settings, tier analytics (necessary, analytics); GPC off; language nl; banner revision ffffffff
   statement version v1, permanently at clavis/versions/v1/
   the revision is not that version's: the banner was built from other content
   banner (nl): Cookies op deze website. Naast strikt noodzakelijke cookies gebruiken we cookies van sociale media (Facebook) alleen met uw toestemming. U kunt uw keuze altijd wijzigen.
   - necessary (strikt noodzakelijk, on): Nodig om de website te laten werken. Altijd aan.
   - analytics (analyse, on): Laat ons zien hoe bezoekers de website gebruiken.
   - social (social media, off): Inhoud en delen via sociale media en andere derde partijen.
     · (no name) (Facebook, third party, retention not stated): Delen van pagina's via socialmediabuttons.
"""
    unknown = CliRunner().invoke(main, ["consent", "proof", "clavis", "f" * 32, "--db", db, "--content", str(CONTENT)])
    assert (unknown.exit_code, unknown.output) == (1, "error: clavis: no records of this consent id\n")


def test_export_as_json_lines_csv_and_json_ld(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    choices(ConsentStore(db))

    def export(*args: str) -> str:
        return CliRunner().invoke(main, ["consent", "export", "clavis", "--db", db, "--content", str(CONTENT),
                                         *args]).output

    lines = [json.loads(line) for line in export().splitlines()]
    assert lines[0] == {"organisation": "clavis", "consent_id": ID, "action": "accept_all", "tier": "social",
                        "purposes": ["necessary", "analytics", "social"], "revision": "78e68f54",
                        "version": "2025-01-01", "language": "nl", "gpc": False,
                        "client_time": "2026-12-01T10:00:00.000Z", "server_time": "2026-12-01T10:00:01.000Z"}
    csv_lines = export("--format", "csv").splitlines()
    assert csv_lines[0] == ("organisation,consent_id,action,tier,purposes,revision,version,language,gpc,"
                            "client_time,server_time")
    assert csv_lines[2] == (f"clavis,{ID},withdrawal,necessary,necessary,78e68f54,2025-01-01,nl,False,"
                            "2026-12-01T10:01:00.000Z,2026-12-01T10:01:01.000Z")
    graph = json.loads(export("--format", "jsonld"))["@graph"]
    assert [g["dpv:hasConsentStatus"]["@id"] for g in graph] == [
        "dpv:ConsentGiven", "dpv:ConsentWithdrawn", "dpv:ConsentGiven"]
    assert graph[0]["dpv:hasDataController"] == "Clavis Beheer BV"
    assert graph[2]["dpv:hasPurpose"] == [{"@id": "dpv:ServiceProvision"}, {"@id": "dpv:ServiceUsageAnalytics"}]
    assert export("--since", "2026-12-02") == ""


def test_stats_count_choices_per_action_tier_and_gpc_per_day(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = ConsentStore(db)
    choices(store)
    gpc = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
    store.add(ConsentRecord("clavis", "e" * 32, "necessary_only", "necessary", ("necessary",), "78e68f54",
                            "2025-01-01", "en", True, gpc, gpc))
    result = CliRunner().invoke(main, ["consent", "stats", "clavis", "--db", db])
    assert result.output == (
        "day                    accept all       necessary only  settings: analytics           withdrawal               GPC on\n"
        "2026-12-01                      1                    0                    1                    1                    0\n"
        "2026-12-02                      0                    1                    0                    0                    1\n")
    assert CliRunner().invoke(main, ["consent", "stats", "nobody", "--db", db]).output == "nobody: no records\n"


def test_stats_page_draws_a_bar_per_day_over_its_table(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    choices(ConsentStore(db))
    page = tmp_path / "stats.html"
    result = CliRunner().invoke(main, ["consent", "stats", "clavis", "--db", db, "--content", str(CONTENT),
                                       "--html", str(page)])
    assert result.exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<h1>Consent choices per day: Clavis Beheer BV</h1>" in html
    # three choices that day, the busiest: each a third of the bar
    assert re.findall(r'<span class="c(\d)" style="width: ([\d.]+)%" title="([^"]+)">', html) == [
        ("0", "33.33", "accept all: 1"), ("1", "33.33", "settings: analytics: 1"), ("2", "33.33", "withdrawal: 1")]
    assert ('<tr><th scope="row">2026-12-01</th><td>1</td><td>1</td><td>1</td></tr>') in html
    dutch = tmp_path / "statistiek.html"
    assert CliRunner().invoke(main, ["consent", "stats", "clavis", "--db", db, "--content", str(CONTENT), "--html",
                                     str(dutch), "--lang", "nl"]).exit_code == 0
    html = dutch.read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "<h1>Toestemmingskeuzes per dag: Clavis Beheer BV</h1>" in html
    assert re.findall(r'<th scope="col">([^<]+)</th>', html) == [
        "Dag", "alles accepteren", "instellingen: analyse", "ingetrokken"]
    assert re.findall(r'title="([^"]+)"', html) == ["alles accepteren: 1", "instellingen: analyse: 1", "ingetrokken: 1"]


def test_stats_page_escapes_what_the_profile_names(tmp_path: Path) -> None:
    from generator.consent.stats_page import render_stats

    html = render_stats("<script>alert(1)</script> & Co", ["accept all"], [(dt.date(2026, 12, 1), [2])])
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_stats_page_writes_counts_in_the_page_language() -> None:
    from generator.consent.stats_page import render_stats

    rows = [(dt.date(2026, 12, 1), [12345])]
    assert "<td>12.345</td>" in render_stats("Clavis", ["accept all"], rows, "nl")
    english = render_stats("Clavis", ["accept all"], rows, "en")
    assert "<td>12,345</td>" in english and 'title="accept all: 12,345"' in english


def test_purge_deletes_consent_ids_whose_last_choice_is_older_than_the_period(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = ConsentStore(db)
    choices(store)
    from generator.commands.consent import purge

    assert purge(db, "P3Y", now=dt.datetime(2029, 11, 30, tzinfo=dt.timezone.utc)) == 0  # not yet three years
    assert purge(db, "P3Y", now=dt.datetime(2029, 12, 2, tzinfo=dt.timezone.utc)) == 3
    assert store.history("clavis", ID) == []


@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_a_killed_service_loses_no_record_it_answered(db: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """kill -9 in the middle of a stream of records: every record answered 204 is in the store."""
    url = f"sqlite:///{tmp_path / 'c.db'}" if db == "sqlite" else request.getfixturevalue("postgres").url
    with consent_service(url, CONTENT) as (service, base):
        answered = stream_and_kill(service, base)
    store = ConsentStore(url)
    kept = {record.consent_id for record in store.records("clavis")}
    assert len(answered) > 10  # the kill fell in the middle of the stream
    assert [consent_id for consent_id in answered if consent_id not in kept] == []


def stream_and_kill(service: Any, base: str) -> list[str]:
    """Four clients post records until kill -9 stops the service a second in; the ids answered 204."""
    answered: list[str] = []
    stop = threading.Event()

    def client(number: int) -> None:
        with httpx.Client(timeout=2) as http:
            sent = 0
            while not stop.is_set():
                consent_id = f"{number:02x}{sent:030x}"
                sent += 1
                try:
                    response = http.post(f"{base}/consent/clavis", content=json.dumps(RECORD | {"id": consent_id}),
                                         headers={"origin": ORIGIN})
                except httpx.TransportError:
                    return  # the service is gone
                if response.status_code == 204:
                    answered.append(consent_id)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    os.kill(service.pid, signal.SIGKILL)
    service.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    return answered
