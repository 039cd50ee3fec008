"""Bad input: one exact line per problem, with file, line and field; every problem in one run."""

from __future__ import annotations

import time

import pytest

from generator.errors import InputError
from generator.profile.gather import gather_site
from tests.conftest import MINIMAL_PROFILE, Scratch


def problems(scratch: Scratch) -> list[str]:
    with pytest.raises(InputError) as caught:
        gather_site(scratch.content)
    return [str(p).replace(str(scratch.content) + "/", "") for p in caught.value.problems]


def test_minimal_profile_is_valid(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    site = gather_site(scratch.content)
    assert [org.slug for org in site.organisations] == ["acme"]


def test_malformed_yaml_names_the_line(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: Privacy\ncontroller:\n  name: [Acme\n")
    assert problems(scratch) == ["acme/v1.yaml:4: invalid YAML: did not find expected ',' or ']'"]


def test_recursive_alias_is_one_line_not_a_crash(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "notes: &loop\n  - *loop\n")
    assert problems(scratch) == ["acme/v1.yaml:4: invalid YAML: an alias refers to the mapping or list it is "
                                 "part of; write the data out instead"]


def test_aliases_that_multiply_are_refused_before_they_expand(scratch: Scratch) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]  # 9^10 values
    scratch.profile("acme", "v1.yaml", "\n".join(levels) + "\n" + MINIMAL_PROFILE)
    started = time.perf_counter()
    assert problems(scratch) == ["acme/v1.yaml:1: invalid YAML: its aliases expand to more than 100,000 values; "
                                 "write the data out instead"]
    assert time.perf_counter() - started < 10  # it took minutes and gigabytes, and went on


# (libyaml itself refuses some kinds past 1,000 levels, in a line of its own)
@pytest.mark.parametrize("notes", ["{a: " * 3000 + "1" + "}" * 3000, "[" * 200 + "]" * 200,
                                   "&x " + "{a: " * 200 + "1" + "}" * 200])  # the last read the general way
def test_mappings_or_lists_nested_deep_are_one_line_not_a_crash(scratch: Scratch, notes: str) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "notes: " + notes + "\n")
    assert problems(scratch) == ["acme/v1.yaml:4: invalid YAML: mappings and lists nested more than 50 levels "
                                 "deep; a profile needs a few"]


def test_a_long_or_many_lined_value_is_cut_short_on_its_problem_line(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "notes:\n  - |\n" + "    woord woord\n" * 50000
                    + "purposes:\n  - id: a\n    type: " + "zz " * 100 + "\n")
    shown = problems(scratch)
    assert shown[0] == ("acme/v1.yaml:5: notes[0]: expected a mapping of fields "
                        "(got 'woord woord woord woord woord woord woord woord woord woord…')")
    assert shown[1].startswith("acme/v1.yaml:50008: purposes[0].type: 'zz zz zz zz zz zz zz zz zz zz zz zz zz zz zz "
                               "zz zz zz zz zz…' is not a known purpose. Expected one of: handle_enquiries, ")
    assert len(shown) == 2


def test_a_profile_put_in_the_content_folder_itself_is_a_problem_not_passed_over(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    (scratch.content / "beta.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    (scratch.content / "README.md").write_text("Our profiles.\n", encoding="utf-8")  # not a profile: fine
    assert problems(scratch) == ["beta.yaml: a profile belongs in its organisation's folder: move it to "
                                 "ORG/beta.yaml, where ORG is the organisation's slug"]


def test_anchors_and_merge_keys_read_as_yaml_says(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + (
        "purposes:\n"
        "  - &base {id: contact, type: handle_enquiries, categories: []}\n"
        "  - {<<: *base, id: support}\n"
        "data_subjects: [{id: customers, type: customers}]\n"))
    purposes = gather_site(scratch.content).organisations[0].current.profile.purposes
    assert [(p.id, p.type) for p in purposes] == [("contact", "handle_enquiries"), ("support", "handle_enquiries")]


def test_unknown_key_suggests_the_nearest_field(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: X\ncontroller:\n  nmae: Acme\n")
    assert problems(scratch) == ["acme/v1.yaml:3: controller.nmae: unknown field; did you mean 'name'?"]


def test_an_unknown_key_like_no_field_lists_the_fields_instead_of_a_far_guess(scratch: Scratch) -> None:
    """Only the start of 'marketing' looks a little like 'nmae': no suggestion from so little."""
    scratch.profile("acme", "v1.yaml", "title: X\ncontroller:\n  name: Acme\nnmae: Acme\n")
    assert problems(scratch) == [
        "acme/v1.yaml:4: nmae: unknown field; valid fields here: language, address_form, languages, title, version, scope, "
        "introduction, controller, data_subjects, data_categories, sources, purposes, legal_bases, recipients, "
        "recipients_text, transfers, transfers_text, retention, retention_text, retention_unless, security, security_text, rights, "
        "complaints, automated_decisions, special_processing, marketing, provision, cookies, changes, notes, theme, "
        "banner"]


def test_unknown_key_suggests_by_the_start_of_a_long_field(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: X\ncontroller:\n  name: Acme\nspecial: x\n")
    assert problems(scratch) == ["acme/v1.yaml:4: special: unknown field; did you mean 'special_processing'?"]


def test_missing_required_field(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "controller:\n  name: Acme\n")
    assert problems(scratch) == ["acme/v1.yaml:1: title: required field is missing: add it"]


def test_wrong_type(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "purposes: marketing\n")
    assert problems(scratch) == ["acme/v1.yaml:4: purposes: expected a list (got 'marketing')"]


def test_invalid_date(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "version:\n  effective_date: 2018-02-30\n")
    assert problems(scratch) == [
        "acme/v1.yaml:5: version.effective_date: not a valid date: use YYYY-MM-DD: '2018-02-30'"]


def test_invalid_email_and_url(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", """\
        title: X
        controller:
          websites: [www.acme.nl]
          privacy_contact:
            email: privacy-at-acme.nl
        """)
    assert problems(scratch) == [
        "acme/v1.yaml:3: controller.websites[0]: not a valid URL: give a full address starting with https:// or http://",
        "acme/v1.yaml:5: controller.privacy_contact.email: not a valid e-mail address: 'privacy-at-acme.nl'",
    ]


def test_unknown_vocabulary_term_suggests_the_nearest(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "legal_bases:\n  - {id: b, basis: consnt}\n")
    assert problems(scratch) == [
        "acme/v1.yaml:5: legal_bases[0].basis: 'consnt' is not a known legal basis. Did you mean 'consent'? "
        "Expected one of: consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests"]


def test_invalid_duration(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "retention:\n  - {id: r, subject: x, duration: 10 years}\n")
    assert problems(scratch) == [
        "acme/v1.yaml:5: retention[0].duration: not a valid duration: use ISO 8601, such as P10Y, P12M, P4M or P30D"]


def test_unknown_reference_and_duplicate_id(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + """\
data_categories:
  - {id: contact, type: contact_details}
  - {id: contact, type: name}
purposes:
  - {id: p, type: marketing, categories: [contcat]}
""")
    assert problems(scratch) == [
        "acme/v1.yaml:6: data_categories[1].id: duplicate id 'contact': ids must be unique in this list",
        "acme/v1.yaml:8: purposes[0].categories[0]: unknown id 'contcat' in data_categories; did you mean 'contact'?",
    ]


def test_duplicate_yaml_key(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "title: Again\n")
    assert problems(scratch) == ["acme/v1.yaml:4: title: duplicate key: keep only one"]


def test_duplicate_version_ids_and_slugs(scratch: Scratch) -> None:
    scratch.profile("acme", "2018.yaml", MINIMAL_PROFILE)
    scratch.profile("acme", "2018.yml", MINIMAL_PROFILE)
    scratch.profile("Acme", "v1.yaml", MINIMAL_PROFILE)
    assert problems(scratch) == [
        "Acme: 'Acme' is not a valid organisation slug: rename the folder using lower-case letters, digits, '-' "
        "and '_', starting with a letter or digit",
        "acme: duplicate organisation slug: 'acme' and 'Acme' differ only in case",
        "acme/2018.yml: duplicate version id '2018': also in 2018.yaml; keep one file per version",
    ]


def test_organisation_cannot_take_a_folder_of_the_site(scratch: Scratch) -> None:
    scratch.profile("en", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("assets", "v1.yaml", MINIMAL_PROFILE)
    assert problems(scratch) == [
        "assets: 'assets' is a folder of the site itself (assets, en, nl): rename the organisation's folder",
        "en: 'en' is a folder of the site itself (assets, en, nl): rename the organisation's folder",
    ]


def test_theme_colour_without_enough_contrast(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + "theme:\n  accent: '#7fb2e5'\n")
    assert problems(scratch) == [
        "acme/v1.yaml:5: theme.accent: #7fb2e5 has contrast 2.23:1 on #ffffff; WCAG AA needs at least 4.5:1: "
        "choose a darker colour"]


def test_every_problem_of_every_file_in_one_run(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: X\ncontroller:\n  nmae: Acme\n  kvk: 1\n")
    scratch.profile("beta", "v1.yaml", "controller: {}\n")
    assert problems(scratch) == [
        "acme/v1.yaml:3: controller.nmae: unknown field; did you mean 'name'?",
        "acme/v1.yaml:4: controller.kvk: unknown field; valid fields here: name, entities, registrations, "
        "addresses, websites, contacts, privacy_contact, dpo",
        "beta/v1.yaml:1: title: required field is missing: add it",
    ]


def test_text_in_an_unknown_language(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", "title: {nl: Privacy, de: Datenschutz}\ncontroller: {}\n")
    assert problems(scratch) == ["acme/v1.yaml:1: title: unknown language 'de': use one of nl, en"]
