"""Colour contrast for an organisation's own theme colours (WCAG 2.2 relative luminance)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.profile.model import Theme

LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#16181d"
MINIMUM_CONTRAST = 4.5  # WCAG 1.4.3 AA for normal text: accents colour links and small text


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_problems(theme: Theme) -> Iterator[tuple[tuple[str, ...], str]]:
    """Yield (field, message) for every theme colour that is too faint on its background."""
    for field, colour, background in (("accent", theme.accent, LIGHT_BACKGROUND),
                                      ("accent_dark", theme.accent_dark, DARK_BACKGROUND)):
        if colour is None:
            continue
        ratio = contrast_ratio(colour, background)
        if ratio < MINIMUM_CONTRAST:
            yield (("theme", field),
                   f"{colour} has contrast {ratio:.2f}:1 on {background}; WCAG AA needs at least "
                   f"{MINIMUM_CONTRAST}:1: choose a {'darker' if background == LIGHT_BACKGROUND else 'lighter'} colour")
