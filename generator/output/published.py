"""What the site as it stands holds that a build keeps: the content-addressed banner files.

A page that pins consent.<digest>.js with Subresource Integrity keeps working only while that very
file, and the settings layer it pins in turn (consent-settings.<digest>.js), stay published; each
build therefore carries the ones it finds into the new site.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.render.urls import CONSENT_FILE

# A banner is some 13 KB; anything much larger under such a name is not one of ours.
MAX_BANNER = 1 << 20


def earlier_banners(folder: Path) -> dict[str, bytes]:
    """The content-addressed banner files in an organisation's folder of the site, by name:
    regular files only (not a link), within their size, and only those whose name is their digest."""
    found: dict[str, bytes] = {}
    try:
        names = os.listdir(folder)
    except OSError:  # no site yet, or no folder for this organisation in it
        return found
    for name in names:
        match = CONSENT_FILE.match(name)
        if match is None:
            continue
        try:
            fd = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BANNER:
                continue
            data = file.read(MAX_BANNER + 1)
        if hashlib.sha256(data).hexdigest()[:12] == match.group(1):
            found[name] = data
    return found
