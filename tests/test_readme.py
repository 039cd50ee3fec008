"""The README is what users read first: it stays short, and what it shows works."""

from __future__ import annotations

import re

from generator.build import build
from generator.commands.check import check_content
from generator.errors import InputError
from tests.conftest import ROOT, Scratch

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_at_most_10_kb() -> None:
    assert len(README.encode("utf-8")) <= 10 * 1024


def test_the_quick_start_is_two_commands_that_exist() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(scripts/\S+)", quick_start.split("```bash", 1)[1].split("```", 1)[0], re.M)
    assert commands == ["scripts/build", "scripts/test"]
    assert all((ROOT / command).is_file() for command in commands)
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("scripts/test")


def test_the_example_profile_builds(scratch: Scratch) -> None:
    example = README.split("## A profile by example", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    scratch.profile("acme", "v1.yaml", example)
    try:
        build(scratch.content, scratch.out)
    except InputError as exc:
        raise AssertionError(f"the README's profile does not validate:\n{exc}") from exc
    page = (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")
    assert "Privacyverklaring Acme" in page and "privacy@acme.nl" in page
    assert not [f for f in check_content(scratch.content).findings if f.rule.id == "language.parity"]


def test_the_example_in_the_documents_own_words_shows_no_label(scratch: Scratch) -> None:
    section = README.split("## A profile by example", 1)[1].split("## ", 1)[0]
    profile, own_words = (block.split("```", 1)[0] for block in section.split("```yaml")[1:3])
    scratch.profile("acme", "v1.yaml", profile.replace("legal_bases:\n  - {id: contract, basis: contract, "
                                                      "purposes: [orders]}\n", "") + own_words)
    build(scratch.content, scratch.out)
    page = (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")
    assert '<li id="basis-acceptance">Door een account aan te maken geef je uitdrukkelijke goedkeuring.</li>' in page


def test_every_link_to_a_file_of_the_repository_resolves() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
