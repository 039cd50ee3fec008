"""Benchmark: diff two versions of a ~100 KB statement (semantic diff + word-level redline).

    python bench/diff_bench.py [--kb 100] [--runs 20]

Builds a large profile from the Clavis seed by repeating its lists, edits a copy the way a real
revision does (longer retention, new recipient and cookie, reworded texts), renders both pages
and times only the comparison. Prints the sizes and the median and worst time in ms.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import re
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.render.theme import DEFAULT_THEME  # noqa: E402
from generator.compare.report import compare  # noqa: E402
from generator.profile.model import Profile  # noqa: E402
from generator.render.pages import render_statement  # noqa: E402
from generator.profile.site import Organisation, Statement  # noqa: E402
from generator.render.templating import Renderer, Theme  # noqa: E402
from generator.render.versions import language_page, version_base  # noqa: E402
from results import record  # noqa: E402

LISTS = ("data_categories", "purposes", "legal_bases", "recipients", "retention", "security")


def grow(data: dict, copies: int) -> dict:
    grown = copy.deepcopy(data)
    for name in LISTS:
        items = data.get(name) or []
        grown[name] = [dict(item, id=f"{item['id']}-{n}") if n else item for n in range(copies) for item in items]
        for item in grown[name]:  # references keep pointing at existing ids
            for ref in ("categories", "purposes", "subjects"):
                item.pop(ref, None)
    grown.pop("transfers", None)
    return grown


def revise(data: dict) -> dict:
    new = copy.deepcopy(data)
    for rule in new["retention"][::3]:
        rule["duration"] = "P12Y"
    for purpose in new["purposes"][::4]:
        purpose["text"] = str(purpose.get("text", "")) + " Ook gebruiken we deze gegevens voor klantonderzoek."
    new["recipients"].append({"id": "new-crm", "name": "CRM Leverancier", "role": "processor", "category": "it_supplier",
                              "activity": "Beheert ons klantsysteem."})
    new["data_categories"].insert(0, new["data_categories"].pop())
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=100, help="target size of the statement's text in KB")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    seed = yaml.safe_load((ROOT / "content" / "clavis" / "v1.yaml").read_text(encoding="utf-8"))
    seed.pop("cookies", None)
    renderer = Renderer(Theme(DEFAULT_THEME))
    copies = 1
    while True:
        old_data = grow(seed, copies)
        old = Statement("bench", "v1", Path("v1.yaml"), Profile.model_validate(old_data, context={"language": "nl"}))
        new = Statement("bench", "v2", Path("v2.yaml"),
                        Profile.model_validate(revise(old_data), context={"language": "nl"}))
        org = Organisation("bench", ROOT, (old, new), dt.date.today())
        old_page, new_page = (language_page(render_statement(renderer, org, s), version_base(org, s))
                              for s in (old, new))
        text_kb = len(" ".join(re.sub(r"<[^>]+>", " ", old_page.decode()).split())) / 1024
        if text_kb >= args.kb:
            break
        copies += 1
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        report = compare(old, new, old_page, new_page, ("", ""))
        times.append((time.perf_counter() - started) * 1000)
    lines = [f"statement: {len(old_page) / 1024:.0f} KB HTML, {text_kb:.0f} KB text ({copies}× the Clavis seed)",
             f"changes: {len(report.changes)} ({len(report.material)} material), "
             f"sections changed: {sum(s.changed for s in report.sections)}",
             f"diff time over {args.runs} runs: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms",
             f"budget 200 ms: {'met' if statistics.median(times) <= 200 else 'MISSED'}"]
    for line in lines:
        print(line)
    record(f"diff_bench.py --kb {args.kb}", lines)


if __name__ == "__main__":
    main()
