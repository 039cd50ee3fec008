"""The GDPR check against a review of each seed document, finding by finding.

tests/check_labels/<org>.yaml lists every finding a privacy lawyer's reading of the seed document
gives (rule, severity, field) with the document's words that justify it, and the findings the check
must not give (false alarms it once raised). The check must give exactly the labelled findings:
a false one and a missed one both fail. Readability scores are measurements, tested on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.check.checker import check_site
from generator.check.findings import RULES
from generator.profile.gather import gather_site
from generator.profile.text import Text
from tests.conftest import CONTENT

LABELS = Path(__file__).parent / "check_labels"
SEED_DATE = dt.date(2018, 6, 1)  # each seed's own version is the one in force
ORGS = sorted(path.stem for path in LABELS.glob("*.yaml"))


def label(org: str) -> dict[str, object]:
    return yaml.safe_load((LABELS / f"{org}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def findings() -> dict[str, Counter[tuple[str, str, str]]]:
    report = check_site(gather_site(CONTENT, on=SEED_DATE))
    return {org: Counter((f.rule.id, f.severity, f.field) for f in report.findings
                         if f.org == org and f.rule.id != "readability") for org in ORGS}


def test_every_seed_is_labelled() -> None:
    assert ORGS == ["clavis", "clientbox", "kaviaarshop", "softwarebedrijf", "vloet"]


@pytest.mark.parametrize("org", ORGS)
def test_the_check_gives_exactly_the_labelled_findings(org: str,
                                                       findings: dict[str, Counter[tuple[str, str, str]]]) -> None:
    expected = Counter((f["rule"], f["severity"], f["field"]) for f in label(org)["findings"])  # type: ignore[index, union-attr]
    given = findings[org]
    assert {"false": sorted(given - expected), "missed": sorted(expected - given)} == {"false": [], "missed": []}


@pytest.mark.parametrize("org", ORGS)
def test_what_the_check_must_not_say_it_does_not(org: str,
                                                 findings: dict[str, Counter[tuple[str, str, str]]]) -> None:
    given = {(rule, field) for rule, _, field in findings[org]}
    must_not = [(f["rule"], f["field"]) for f in label(org)["must_not"]]  # type: ignore[index, union-attr]
    assert [item for item in must_not if item in given] == []


@pytest.mark.parametrize("org", ORGS)
def test_each_label_rests_on_the_documents_words(org: str) -> None:
    """A quoted justification is words of the document (as its profile records them), and every
    rule named is a rule of the check: a label cannot rest on words nobody wrote."""
    data = label(org)
    statement = next(s for s in gather_site(CONTENT, (org,), on=SEED_DATE).organisations[0].statements
                     if s.version_id == data["version"])
    texts = " ".join(" ".join(t.pick(statement.profile.language)[0].split()) for _, t in statement.texts
                     if isinstance(t, Text))
    texts += " " + " ".join(str(item.name or "") for item in statement.profile.recipients)
    known = {r.id for r in RULES}
    for entry in [*data["findings"], *data["must_not"]]:  # type: ignore[misc]
        assert entry["rule"] in known, entry
        why = entry["why"]
        if not why.startswith(("silent:", "one ", "the ")):
            assert " ".join(why.split()) in texts, why
