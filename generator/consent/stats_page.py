"""privgen consent stats --html: the choices per day as a page a privacy officer opens in a browser,
a stacked bar per day over the table it draws (the table is what a screen reader reads)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.profile.vocabulary import COOKIE_TIERS
from generator.render.outputs import renderer_for
from generator.render.templating import render_html
from generator.render.theme import DEFAULT_THEME, Theme


@dataclass(frozen=True)
class Segment:
    column: int
    count: int
    percent: float  # of the widest day's choices


@dataclass(frozen=True)
class Day:
    day: dt.date
    counts: list[int]
    segments: list[Segment]


# The columns of privgen consent stats (English, as on the terminal) in Dutch; "settings: <tier>"
# takes the tier's label.
DUTCH = {"accept all": "alles accepteren", "necessary only": "alleen noodzakelijk", "withdrawal": "ingetrokken",
         "by script": "via script", "GPC on": "GPC aan"}


def column_name(column: str, lang: str) -> str:
    if lang == "en":
        return column
    if column.startswith("settings: "):
        return "instellingen: " + COOKIE_TIERS[column.removeprefix("settings: ")].label(lang)
    return DUTCH[column]


def render_stats(organisation: str, columns: list[str], rows: list[tuple[dt.date, list[int]]], lang: str = "en") -> str:
    # GPC is counted beside the choices it came with, so it is no part of the bar
    drawn = [i for i, column in enumerate(columns) if column != "GPC on"]
    widest = max((sum(counts[i] for i in drawn) for _, counts in rows), default=0) or 1
    days = [Day(day, counts, [Segment(i, counts[i], round(100 * counts[i] / widest, 2)) for i in drawn if counts[i]])
            for day, counts in rows]
    return render_html(renderer_for(Theme(DEFAULT_THEME)), None, lang, "", "consent-stats.html", "consent stats",
                       organisation=organisation, names=[column_name(c, lang) for c in columns], drawn=drawn,
                       days=days)
