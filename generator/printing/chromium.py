"""Pages printed to PDF by Chromium, through Playwright: A4, a running header and page numbers,
selectable text, links kept, fonts embedded, tagged structure and an outline of the headings.

Chromium is the browser privgen's tests already run the pages in, so a PDF looks as the page
prints from a browser; WeasyPrint would be a second layout engine (and its system libraries) to
keep in step with the stylesheet. Chromium makes no PDF/A: an archive that needs it converts the
file (e.g. with veraPDF-checked Ghostscript), as docs/printing.md says.

A page is printed from memory: its requests are answered from the files the build made, and any
other request is refused, so a PDF never depends on the network or on what is in the output folder.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import queue
import threading
import os
import shutil
from collections.abc import Callable
from typing import Any

from generator.errors import PrivgenError

# Flags that let Chromium run in containers and CI without a sandbox, a GPU or a network of its own.
LAUNCH_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
ORIGIN = "http://privgen.invalid/"  # a name that resolves nowhere: every request is answered from memory
_MISSING = ("PDFs need Chromium through Playwright: pip install 'privgen[pdf]', then set PRIVGEN_CHROMIUM "
            "to a chromium binary or run: python -m playwright install chromium")


def chromium_executable() -> str | None:
    """PRIVGEN_CHROMIUM, else a chromium on PATH; None means Playwright's own browser."""
    configured = os.environ.get("PRIVGEN_CHROMIUM")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Printer:
    """One Chromium, started at the first page and closed when the process ends. It runs in a
    thread of its own: Playwright's synchronous API refuses a thread with an asyncio loop running
    (a caller's server, or a test runner's browser), and its objects belong to the thread that
    made them."""

    def __init__(self) -> None:
        self._browser: Any = None
        self._playwright: Any = None
        self._jobs: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = queue.Queue()
        self._thread: threading.Thread | None = None

    def pdf(self, path: str, files: Callable[[str], bytes | None], header: str, footer: str) -> bytes:
        """Print the page at path (relative to the site's root); files answers each request by its
        path. header and footer are Chromium's templates (classes pageNumber, totalPages)."""
        return bytes(self._in_thread(lambda: self._print(path, files, header, footer)))

    def _in_thread(self, job: Callable[[], Any]) -> Any:
        if self._thread is None:
            # a daemon: it never keeps the process alive; close() (at exit) stops the browser first
            self._thread = threading.Thread(target=self._serve, name="privgen-printer", daemon=True)
            self._thread.start()
        done: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._jobs.put((job, done))
        return done.result()

    def _serve(self) -> None:
        while True:
            job, done = self._jobs.get()
            try:
                done.set_result(job())
            except BaseException as exc:  # handed to the caller, in its thread
                done.set_exception(exc)

    def _print(self, path: str, files: Callable[[str], bytes | None], header: str, footer: str) -> bytes:
        context = self._started().new_context(java_script_enabled=False)  # the banner is not printed
        try:
            page = context.new_page()
            page.route("**/*", lambda route: _answer(route, files))
            page.goto(ORIGIN + path, wait_until="load")
            # a link to another page of the site would lead nowhere from a PDF: its text stays, as text
            page.evaluate(_UNLINK, ORIGIN)
            return bytes(page.pdf(format="A4", print_background=True, display_header_footer=True,
                                  header_template=header, footer_template=footer, tagged=True, outline=True,
                                  margin={"top": "22mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}))
        finally:
            context.close()

    def _started(self) -> Any:
        if self._browser is None:
            try:
                from playwright.sync_api import Error, sync_playwright
            except ImportError as exc:
                raise PrivgenError(_MISSING) from exc
            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(executable_path=chromium_executable(),
                                                                 args=LAUNCH_FLAGS)
            except Error as exc:
                self._playwright.stop()
                self._playwright = None
                raise PrivgenError(f"{_MISSING} ({str(exc).splitlines()[0]})") from exc
            atexit.register(self.close)
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            self._in_thread(self._close)

    def _close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
            self._browser = self._playwright = None


def _answer(route: Any, files: Callable[[str], bytes | None]) -> None:
    url = route.request.url
    body = files(url[len(ORIGIN):].split("#")[0].split("?")[0]) if url.startswith(ORIGIN) else None
    if body is None:
        route.abort()
    else:
        route.fulfill(status=200, body=body, content_type=_TYPES.get(url.rsplit(".", 1)[-1], "text/html; charset=utf-8"))


_UNLINK = """(origin) => document.querySelectorAll('a[href]').forEach((a) => {
  if (a.href.startsWith(origin) && !(a.hash && a.href.split('#')[0] === location.href.split('#')[0])) {
    a.replaceWith(...a.childNodes);
  }
})"""
_TYPES = {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml", "png": "image/png",
          "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp", "woff2": "font/woff2"}
