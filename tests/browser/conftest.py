"""Browser fixtures: a real Chromium (Debian's, or Playwright's own) and sites served over http."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# one home for how privgen finds and starts Chromium: the tests start it as privgen prints with it
from generator.printing.chromium import LAUNCH_FLAGS, chromium_executable  # noqa: E402


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": LAUNCH_FLAGS}
    executable = chromium_executable()
    if executable:
        args["executable_path"] = executable
    return args


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Outside CI, skip browser tests when no browser exists; under CI=true that is a failure."""
    if os.environ.get("CI") == "true" or chromium_executable() or _playwright_browser_installed():
        return
    skip = pytest.mark.skip(reason="no Chromium: run scripts/test, which installs one")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _playwright_browser_installed() -> bool:
    cache = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache" / "ms-playwright"))
    return any(cache.glob("chromium-*"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve folder on 127.0.0.1 on a free port, over https with a TLS context; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(example_build: Path) -> Iterator[str]:
    yield from serve(example_build)
