"""Refresh privgen's copy of the Open Cookie Database (generator/profile/data/).

    python tools/refresh_cookie_database.py [--from URL_OR_FILE] [--into FOLDER]

Downloads the newest open-cookie-database.csv and its LICENSE from the repository
jkwakman/Open-Cookie-Database, checks that the columns are the ones privgen reads and that every row
parses, and only then replaces the files and the commit line of data/README.md. Nothing is changed
when any step fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.profile.cookiedb import DATA, parse  # noqa: E402

FOLDER = ROOT / "generator" / "profile" / "data"
RAW = "https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master/"
LIMIT = 32 << 20  # bytes: the CSV is about half a megabyte


def fetch(source: str) -> bytes:
    if "://" not in source:
        return Path(source).read_bytes()[:LIMIT + 1]
    with urllib.request.urlopen(source, timeout=60) as response:  # noqa: S310 - a fixed https address or the user's
        return bytes(response.read(LIMIT + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", default=RAW, help="a folder URL ending in / or a local CSV file")
    parser.add_argument("--into", type=Path, default=FOLDER, help="the data folder to refresh")
    args = parser.parse_args()
    folder: Path = args.into
    csv_source = args.source + DATA if args.source.endswith("/") else args.source
    data = fetch(csv_source)
    if len(data) > LIMIT:
        print(f"error: {csv_source}: larger than {LIMIT} bytes; not the Open Cookie Database", file=sys.stderr)
        return 1
    try:
        database = parse(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        print(f"error: {csv_source}: {exc}; nothing changed", file=sys.stderr)
        return 1
    licence = fetch(args.source + "LICENSE") if args.source.endswith("/") else None
    (folder / DATA).write_bytes(data)
    if licence:
        (folder / "open-cookie-database.LICENSE").write_bytes(licence)
    note = folder / "README.md"
    text = re.sub(r"commit [0-9a-f]{40}\nof [^,]+,", f"a copy fetched\non {dt.date.today():%d %B %Y},",
                  note.read_text(encoding="utf-8"))
    note.write_text(text, encoding="utf-8")
    print(f"{DATA}: {len(database.exact)} names and {len(database.prefixes)} name patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
