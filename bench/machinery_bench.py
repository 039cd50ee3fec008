"""What each piece of speed machinery saves: the full build and the one-edit rebuild of N synthetic
organisations, with the piece and without it, interleaved.

Each piece is switched off by patching it in the timed privgen process only (the code keeps one
path): the forked stat check (generator.incremental.aside), switching the garbage collector off,
placeholder links (a version's pages rendered
once and placed at each URL), and the hand-built statement JSON. A piece that saves less than 5 %
of both figures is not worth its code (the YAML event reader beside PyYAML's composer was
removed so, on the run of 2 December 2026 in bench/RESULTS.md). Usage: python bench/machinery_bench.py --orgs 1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/build_bench.py, bench/results.py
from build_bench import BUILD_DATE, ROOT, edit, run, write_organisations  # noqa: E402
from results import record  # noqa: E402

# Python run as `python -c PATCH[piece] build ...`: privgen's command line with one piece switched off.
PRELUDE = "import sys; sys.argv[0] = 'privgen'\n"
MAIN = "\nfrom generator.cli import main\nmain()\n"
PATCHES = {
    "none": "",
    "forked stat check": "import generator.build as b\nb._while_importing = lambda looking, jobs: looking()\n",
    "garbage collector switching": "import gc\ngc.disable = lambda: None\ngc.freeze = lambda: None\n",
    "placeholder links": (
        "import generator.render.versions as versions\n"
        "once = versions.render_statement\n"
        "def twice(renderer, org, statement):\n"
        "    if statement is org.current:\n"
        "        once(renderer, org, statement)  # a second rendering, as each URL would need\n"
        "    return once(renderer, org, statement)\n"
        "versions.render_statement = twice\n"),
    "hand-built statement JSON": (
        "import json\nimport generator.render.versions as versions\n"
        "def plain(statement):\n"
        "    data = {'organisation': statement.org, 'version': statement.version_id,\n"
        "            'profile': statement.profile.model_dump(mode='json', exclude_none=True)}\n"
        "    return (json.dumps(data, ensure_ascii=False, indent=2) + '\\n').encode('utf-8')\n"
        "versions.statement_json = plain\n"),
}
ROUNDS = 3


def privgen(piece: str, *args: str) -> list[str]:
    return [sys.executable, "-c", PRELUDE + PATCHES[piece] + MAIN, *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="privgen-machinery-"))
    content = work / "content"
    write_organisations(content, args.orgs)
    edited = content / "org-00000" / "2024-06-01.yaml"

    def build(piece: str, out: Path, *extra: str) -> float:
        return run(privgen(piece, "build", "-q", "--content", str(content), "--out", str(out), "--jobs",
                           str(args.jobs), "--date", BUILD_DATE, *extra), ROOT).seconds

    full: dict[str, list[float]] = {piece: [] for piece in PATCHES}
    one_edit: dict[str, list[float]] = {piece: [] for piece in PATCHES}
    names = iter(f"Organisatie {n} BV" for n in range(1, 10_000))
    current = "Organisatie 0 BV"
    for number in range(ROUNDS):
        for piece in PATCHES:  # interleaved: each round times every piece within minutes of the others
            out = work / f"site-{number}-{len(full[piece])}-{abs(hash(piece))}"
            full[piece].append(build(piece, out))
            renamed = next(names)
            edit(edited, content, current, renamed)
            current = renamed
            one_edit[piece].append(build(piece, out))
            shutil.rmtree(out)
            shutil.rmtree(out.parent / f".{out.name}.privgen-cache", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    base_full, base_edit = median(full["none"]), median(one_edit["none"])
    lines = [f"organisations: {args.orgs}, jobs: {args.jobs}, rounds: {ROUNDS} (medians; each piece switched off "
             "in turn, interleaved)",
             f"with every piece: full build {base_full:.2f} s, one-edit rebuild {base_edit:.3f} s"]
    for piece in list(PATCHES)[1:]:
        without_full, without_edit = median(full[piece]), median(one_edit[piece])
        saves_full = 1 - base_full / without_full
        saves_edit = 1 - base_edit / without_edit
        verdict = "keep" if max(saves_full, saves_edit) > 0.05 else "remove"
        lines.append(f"{piece}: without it full build {without_full:.2f} s, one-edit rebuild {without_edit:.3f} s; "
                     f"it saves {saves_full:.0%} of the full build and {saves_edit:.0%} of the one-edit rebuild: "
                     f"{verdict}")
    for line in lines:
        print(line)
    record(f"machinery_bench.py --orgs {args.orgs}", lines)


if __name__ == "__main__":
    main()
