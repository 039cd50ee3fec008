"""The attack corpus: content folders written by someone who means harm. Each case builds a good
site first, then plants the attack and builds again: the build refuses it in the exact line(s)
given, nothing the attack aims at happens, and the last good site is unchanged byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import build
from generator.errors import PrivgenError, error_lines
from tests.conftest import MINIMAL_PROFILE, PNG, ROOT, Scratch, tree

Plant = Callable[[Scratch], None]


def _override(template: str) -> Plant:
    def plant(scratch: Scratch) -> None:
        folder = scratch.content / "acme" / "templates"
        folder.mkdir(exist_ok=True)
        (folder / "statement.html").write_text(template.replace("MARK", str(scratch.root / "pwned")),
                                               encoding="utf-8")
    return plant


def _profile(extra: str) -> Plant:
    return lambda scratch: scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + extra) and None


def _file(name: str, content: bytes) -> Plant:
    return lambda scratch: (scratch.content / "acme" / name).write_bytes(content) and None


def _link(name: str, target: str) -> Plant:
    def plant(scratch: Scratch) -> None:
        path = scratch.content / "acme" / name
        path.unlink(missing_ok=True)
        path.symlink_to(target)
    return plant


def _logo(name: str, content: bytes | None = None, target: str | None = None) -> Plant:
    def plant(scratch: Scratch) -> None:
        scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE + f"theme:\n  logo: {name}\n  logo_alt: Acme\n")
        if target is not None:
            (scratch.content / "acme" / name).symlink_to(target)
        elif content is not None:
            (scratch.content / "acme" / name).write_bytes(content)
    return plant


_SANDBOX = "{where}: cannot render statement.html: refused by the template sandbox: "
_STATEMENT = "acme/versions/v1/nl/"

TEMPLATE_ESCAPES = {
    "cycler globals": ("{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
                       "access to attribute '__init__' of 'type' object is unsafe."),
    "lipsum globals": ("{{ lipsum.__globals__['os'].popen('touch MARK').read() }}",
                       "access to attribute '__globals__' of 'function' object is unsafe."),
    "subclasses": ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
                   "access to attribute '__class__' of 'str' object is unsafe."),
    "template reference": ("{{ self._TemplateReference__context }}",
                           "access to attribute '_TemplateReference__context' of 'TemplateReference' object is "
                           "unsafe."),
    "a path's methods": ("{{ org.folder.parent.joinpath('x').read_text() }}",
                         "access to attribute 'parent' of 'PosixPath' object is unsafe."),
    "a source file": ("{{ org.statements[0].source.read_text() }}",
                      "access to attribute 'read_text' of 'PosixPath' object is unsafe."),
    "the view's module": ("{{ view.purpose_rows.__globals__ }}",
                          "access to attribute '__globals__' of 'function' object is unsafe."),
    "the attr filter": ("{{ ''|attr('__class__') }}", "access to attribute '__class__' of 'str' object is unsafe."),
    "a list's methods": ("{% set x = [] %}{{ x.append(1) }}", "access to attribute 'append' of 'list' object is "
                                                                "unsafe."),
    "string bomb": ("{{ 'a' * 1000000000 }}", "a value of more than 100,000 items is not allowed in an "
                                              "organisation's template"),
    "power bomb": ("{{ 9 ** 99999999 }}", "an exponent above 64 is not allowed in an organisation's template"),
    "format string": ("{{ '{0.__class__}'.format(org) }}", "access to attribute '__class__' of 'Organisation' "
                                                          "object is unsafe."),
}


@pytest.mark.parametrize("payload, reason", TEMPLATE_ESCAPES.values(), ids=TEMPLATE_ESCAPES.keys())
def test_a_template_override_cannot_escape_the_sandbox(scratch: Scratch, payload: str, reason: str) -> None:
    lines = _refused(scratch, _override(payload))
    assert lines == [f"error: {_SANDBOX.format(where=_STATEMENT)}{reason}"]
    assert not (scratch.root / "pwned").exists()


def test_a_template_that_extends_itself_is_one_line(scratch: Scratch) -> None:
    assert _refused(scratch, _override("{% extends 'statement.html' %}")) == [
        f"error: {_STATEMENT}: cannot render statement.html: its templates extend or include each other without end"]


def test_a_template_that_fails_is_one_line(scratch: Scratch) -> None:
    overrides = scratch.content / "acme" / "templates"
    assert _refused(scratch, _override("{{ range(10**6) | list }}")) == [
        f"error: {_STATEMENT}: cannot render statement.html with the templates of {overrides}: OverflowError: "
        "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."]


def test_a_sandboxed_override_still_extends_the_theme(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    _override('{% extends "theme/statement.html" %}{% block brand %}<p>{{ org.slug|upper }} '
              '{{ view.purpose_rows(profile)|length }}</p>{% endblock %}')(scratch)
    build(scratch.content, scratch.out)
    assert "<p>ACME 0</p>" in (scratch.out / "acme" / "index.html").read_text(encoding="utf-8")


_WEB = "error: {file}:5: controller.contacts[0].value: not a valid web address: give a full address starting " \
       "with https:// or http:// (got '{value}')"
LINKS = {
    "javascript": "javascript:alert(1)",
    "javascript in capitals": "JaVaScRiPt:alert(document.domain)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
    "leading space": " javascript:alert(1)",
    "protocol-relative": "//evil.example/x",
}


@pytest.mark.parametrize("value", LINKS.values(), ids=LINKS.keys())
def test_a_web_contact_must_be_an_http_address(scratch: Scratch, value: str) -> None:
    contact = f"  contacts:\n    - {{id: web, channel: web, value: '{value}'}}\n"
    lines = _refused(scratch, _profile(contact))
    assert lines == [_WEB.format(file=scratch.content / "acme" / "v1.yaml", value=value.strip())]


def test_email_and_phone_contacts_are_what_they_say(scratch: Scratch) -> None:
    contacts = ("  contacts:\n    - {id: mail, channel: email, value: 'javascript:alert(1)'}\n"
                "    - {id: tel, channel: phone, value: 'javascript:alert(1)'}\n")
    path = scratch.content / "acme" / "v1.yaml"
    assert _refused(scratch, _profile(contacts)) == [
        f"error: {path}:5: controller.contacts[0].value: not a valid e-mail address: give it as name@example.nl "
        "(got 'javascript:alert(1)')",
        f"error: {path}:6: controller.contacts[1].value: not a valid phone number: use digits, spaces, +, (, ), - "
        "and . (got 'javascript:alert(1)')"]


def test_every_url_field_takes_http_only(scratch: Scratch) -> None:
    path = scratch.content / "acme" / "v1.yaml"
    extra = ("  websites: ['javascript:alert(1)']\ncomplaints:\n  - {id: ap, body: supervisory_authority, url: 'data:text/html,x'}\n"
             "banner:\n  script_url: 'javascript:alert(1)'\n  consent_log: 'ftp://x.example/log'\n")
    message = "not a valid URL: give a full address starting with https:// or http://"
    assert _refused(scratch, _profile(extra)) == [
        f"error: {path}:4: controller.websites[0]: {message}",
        f"error: {path}:6: complaints[0].url: {message}",
        f"error: {path}:8: banner.script_url: {message}",
        f"error: {path}:9: banner.consent_log: {message}"]


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
LOGOS = {
    "svg": (_logo("logo.svg", SVG), "5: theme.logo: a logo is a PNG, JPEG, GIF or WebP file in the organisation's "
            "folder, such as logo.png (SVG is not accepted, as it can carry scripts)"),
    "svg named png": (_logo("logo.png", SVG), "5: theme.logo: the file is not a PNG image, whatever its name says: "
                      "give an image file"),
    "html named jpg": (_logo("logo.jpg", b"<html><script>alert(1)</script>"),
                       "5: theme.logo: the file is not a JPG image, whatever its name says: give an image file"),
    "riff that is not webp": (_logo("logo.webp", b"RIFF\0\0\0\0AVI LIST"),
                              "5: theme.logo: the file is not a WEBP image, whatever its name says: give an image file"),
    "link to /etc/passwd": (_logo("logo.png", target="/etc/passwd"), None),
}


@pytest.mark.parametrize("plant, reason", LOGOS.values(), ids=LOGOS.keys())
def test_a_logo_is_an_image_by_its_bytes(scratch: Scratch, plant: Plant, reason: str | None) -> None:
    lines = _refused(scratch, plant)
    if reason is None:
        assert lines == [f"error: {scratch.content}/acme/logo.png: a link to /etc/passwd, outside the content "
                         "folder: copy what it should hold into the folder instead"]
    else:
        assert lines == [f"error: {scratch.content}/acme/v1.yaml:{reason}"]


def test_a_png_logo_is_published(scratch: Scratch) -> None:
    _logo("logo.png", PNG)(scratch)
    build(scratch.content, scratch.out)
    assert (scratch.out / "acme" / "logo.png").read_bytes() == PNG


OUTSIDE = "a link to {target}, outside the content folder: copy what it should hold into the folder instead"
ENTRIES = {
    "profile linked to /etc/passwd": (_link("v2.yaml", "/etc/passwd"), "acme/v2.yaml", OUTSIDE, "/etc/passwd"),
    "file linked to /dev/zero": (_link("v2.yaml", "/dev/zero"), "acme/v2.yaml", OUTSIDE, "/dev/zero"),
    "lock linked to /dev/null": (_link("versions.lock", "/dev/null"), "acme/versions.lock", OUTSIDE, "/dev/null"),
    "templates linked to /etc": (_link("templates", "/etc"), "acme/templates", OUTSIDE, "/etc"),
    "FIFO": (lambda s: os.mkfifo(s.content / "acme" / "v2.yaml"), "acme/v2.yaml",
             "a FIFO, not a file: remove it from the content folder", None),
    "FIFO under templates": (lambda s: ((s.content / "acme" / "templates").mkdir(),
                                        os.mkfifo(s.content / "acme" / "templates" / "statement.html")) and None,
                             "acme/templates/statement.html", "a FIFO, not a file: remove it from the content folder",
                             None),
    "a link to nothing": (_link("logo.png", "/nonexistent/logo.png"), "acme/logo.png",
                          "a link to nothing: remove it, or put the file it should name in its place", None),
    "a profile of 2 MiB": (_file("v2.yaml", b"title: x\nnotes: '" + b"x" * (2 << 20) + b"'\n"), "acme/v2.yaml",
                           "larger than 1 MiB, more than a profile or its files need: make it smaller", None),
}


@pytest.mark.parametrize("plant, where, reason, target", ENTRIES.values(), ids=ENTRIES.keys())
def test_files_outside_the_content_folder_and_special_files_are_refused(
        scratch: Scratch, plant: Plant, where: str, reason: str, target: str | None) -> None:
    lines = _refused(scratch, plant)
    assert lines == [f"error: {scratch.content}/{where}: {reason.format(target=target)}"]


def test_an_organisation_folder_linked_out_of_the_content_folder_is_refused(scratch: Scratch) -> None:
    outside = scratch.root / "elsewhere"
    outside.mkdir()
    (outside / "v1.yaml").write_text(MINIMAL_PROFILE, encoding="utf-8")
    lines = _refused(scratch, lambda s: (s.content / "other").symlink_to(outside))
    assert lines == [f"error: {scratch.content}/other: {OUTSIDE.format(target=outside)}"]


def test_a_link_inside_the_content_folder_is_read(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    (scratch.content / "shared").mkdir()
    (scratch.content / "shared" / "v1.yaml").write_text(MINIMAL_PROFILE.replace("Voorbeeld BV", "Gedeeld BV"))
    (scratch.content / "beta").mkdir()
    (scratch.content / "beta" / "v1.yaml").symlink_to("../shared/v1.yaml")
    build(scratch.content, scratch.out)
    assert "Gedeeld BV" in (scratch.out / "beta" / "index.html").read_text(encoding="utf-8")


def _refused(scratch: Scratch, plant: Plant) -> list[str]:
    """Build a good site, plant the attack, build again (incrementally, as a site is rebuilt):
    the lines of the error, once the site is checked to be as the good build left it."""
    if not (scratch.content / "acme" / "v1.yaml").exists():
        scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    if not scratch.out.exists():
        build(scratch.content, scratch.out)
    good = tree(scratch.out)
    plant(scratch)
    with pytest.raises(PrivgenError) as refused:
        build(scratch.content, scratch.out)
    assert tree(scratch.out) == good
    # a full build (no cache to go by) refuses it the same way
    fresh = scratch.root / "fresh"
    with pytest.raises(PrivgenError) as again:
        build(scratch.content, fresh)
    assert error_lines(again.value) == error_lines(refused.value)
    assert not fresh.exists()
    return error_lines(refused.value)



def test_yaml_tags_construct_nothing(scratch: Scratch) -> None:
    marker = scratch.root / "pwned"
    path = scratch.content / "acme" / "v1.yaml"
    lines = _refused(scratch, lambda s: path.write_text(
        f'title: !!python/object/apply:os.system ["touch {marker}"]\ncontroller: {{name: Acme}}\n') and None)
    assert lines == [f"error: {path}:1: invalid YAML: could not determine a constructor for the tag "
                     "'tag:yaml.org,2002:python/object/apply:os.system'"]
    assert not marker.exists()


def test_a_theme_colour_cannot_carry_css(scratch: Scratch) -> None:
    path = scratch.content / "acme" / "v1.yaml"
    lines = _refused(scratch, _profile('theme:\n  accent: "#000000; } body { display: none"\n'))
    assert lines == [f"error: {path}:5: theme.accent: not a valid colour: use #rrggbb"]


def test_a_fifo_planted_after_a_build_neither_hangs_nor_leaves_a_process(scratch: Scratch) -> None:
    scratch.profile("acme", "v1.yaml", MINIMAL_PROFILE)
    scratch.profile("beta", "v1.yaml", MINIMAL_PROFILE)
    build(scratch.content, scratch.out)
    os.mkfifo(scratch.content / "acme" / "notes")
    # two processes: the stat of the last build's files is looked at in a forked one (generator.aside)
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-j", "2", "--content", str(scratch.content),
                           "--out", str(scratch.out)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert (done.returncode, done.stderr.splitlines()) == (1, [
        f"error: {scratch.content}/acme/notes: a FIFO, not a file: remove it from the content folder",
        "Failed with 1 problem; nothing was written."])
    assert not [pid for pid in os.listdir("/proc") if pid.isdigit() and _mentions(pid, str(scratch.content))]


def _mentions(pid: str, text: str) -> bool:
    try:
        return text.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_an_override_template_is_read_up_to_the_limit(scratch: Scratch) -> None:
    overrides = scratch.content / "acme" / "templates"
    lines = _refused(scratch, _override("{# " + "x" * (2 << 20) + " #}"))
    assert lines == [f"error: {overrides}/statement.html: larger than 1 MiB, more than a profile or its files "
                     "need: make it smaller"]
