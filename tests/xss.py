"""A profile with script and HTML payloads in every kind of text field."""

from __future__ import annotations

from pathlib import Path

from generator.build import build

PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    "<img src=x onerror=\"window.__xss=1;alert(2)\">",
    "<svg onload=\"window.__xss=1\"></svg>",
    "[klik](javascript:window.__xss=1)",
    "<a href=\"javascript:window.__xss=1\">a</a>",
    "\"><script>window.__xss=1</script>",
    "'-alert(3)-'",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "{{ 7*7 }} {% raw %}x{% endraw %}",
    "<style>body{display:none}</style>",
    # privgen's own link placeholders (generator/render/pages.py), forged without their secret: they must
    # stay text, never turn into a link target
    "[p](\ue000revil/javascript:window.__xss=1\ue001) [q](\ue000revil/versions/v1/javascript:window.__xss=1\ue001)",
    "[r](\ue000bjavascript:window.__xss=1\ue001)",
]


def xss_profile() -> str:
    """Return YAML that puts every payload into names, Markdown and plain text fields."""
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    joined = quoted(" ".join(PAYLOADS))
    categories = "\n".join(
        f"  - {{id: c{i}, type: other, text: {quoted(p)}}}" for i, p in enumerate(PAYLOADS))
    return f"""\
title: {joined}
scope: {joined}
introduction: {joined}
controller:
  name: {quoted(PAYLOADS[0])}
  addresses:
    - {{id: a, street: {quoted(PAYLOADS[1])}, city: {quoted(PAYLOADS[2])}}}
  contacts:
    - {{id: c, channel: post, value: {quoted(PAYLOADS[5])}, purpose: {joined}}}
data_categories:
{categories}
purposes:
  - {{id: p, type: other, text: {joined}, categories: [c0]}}
recipients:
  - {{id: r, name: {quoted(PAYLOADS[1])}, role: processor, category: other, activity: {joined}}}
retention:
  - {{id: t, subject: {joined}, duration: P1Y, text: {joined}}}
notes:
  - {{id: n, heading: {quoted(PAYLOADS[0])}, text: {joined}}}
cookies:
  items:
    - {{id: k, name: {quoted(PAYLOADS[2])}, provider: {quoted(PAYLOADS[0])}, purpose: {joined}, tier: social, party: third}}
"""


def build_xss_site(root: Path) -> Path:
    content = root / "content"
    (content / "evil").mkdir(parents=True)
    (content / "evil" / "v1.yaml").write_text(xss_profile(), encoding="utf-8")
    out = root / "build"
    build(content, out)
    return out
