"""The banner's size budget and how it is measured; light enough for the build summary to import."""

from __future__ import annotations

import gzip

# bytes, gzip -9: of consent.js, which every visitor downloads before the banner shows
# (vanilla-cookieconsent needs 15,513); of the settings layer it loads when needed
SIZE_BUDGET = 4096
SETTINGS_BUDGET = 2560


def gzip_size(content: bytes) -> int:
    """Bytes of content after gzip -9, the measure of the banner's size budget."""
    return len(gzip.compress(content, compresslevel=9, mtime=0))
