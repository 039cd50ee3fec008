"""What an id looks like: organisation folders and the ids inside profiles share one pattern."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID = re.compile(ID_PATTERN)
ID_RULE = "lower-case letters, digits, '-' and '_', starting with a letter or digit"
"""ID_PATTERN in words, for messages."""


def is_slug(value: str) -> bool:
    """Whether value can name an organisation (its folder and its URL)."""
    return _ID.fullmatch(value) is not None
