"""privgen serve: serve the built site on 127.0.0.1, rebuild what changed on save, reload the browser.

Pages are served with a small live-reload script added on the fly (the built files stay as they
are). The script listens to server-sent events: 'reload' after a good build, 'problems' with the
error lines after a failed one, while the last good output keeps being served.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfiles import watch

from generator.build import build, build_theme
from generator.render.theme import DEFAULT_THEME
from generator.incremental.cache import cache_folder
from generator.incremental.keys import fingerprint
from generator.profile.files import PROFILE_SUFFIXES
from generator.errors import InputError, PrivgenError, ServeError, error_lines
from generator.profile.load import missing_content, organisation_folders
from generator.pipeline import BuildSettings, build_organisation
from generator.render.outputs import forget_renderers, renderer_for
from generator.incremental.workers import Progress

EVENTS = "/__privgen__/events"
RELOAD_SCRIPT = "/__privgen__/reload.js"
CLIENT = """\
(() => {
  const source = new EventSource('%s');
  source.addEventListener('reload', () => location.reload());
  source.addEventListener('problems', (event) => {
    let box = document.getElementById('privgen-problems');
    if (!box) {
      box = document.createElement('section');
      box.id = 'privgen-problems';
      box.setAttribute('role', 'alert');
      box.setAttribute('aria-label', 'Build failed');
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;' +
        'background:#fff;color:#8a1c1c;border-top:4px solid #8a1c1c;padding:1rem;font:14px/1.4 monospace';
      document.body.append(box);
    }
    box.textContent = 'Build failed; still showing the last good build.\\n' + JSON.parse(event.data).join('\\n');
    box.style.whiteSpace = 'pre-wrap';
  });
})();
""" % EVENTS


NOT_BUILT = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not built yet - privgen serve</title></head>
<body><main><h1>Not built yet</h1><p>The site is built as soon as its content has no problems.</p></main></body>
</html>
"""


@dataclass
class Broadcaster:
    """Hands each build result to every open event stream."""

    generation: int = 0
    event: tuple[str, str] = ("reload", "{}")
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, name: str, data: Any) -> None:
        with self.changed:
            self.generation += 1
            self.event = (name, json.dumps(data))
            self.changed.notify_all()

    def latest(self) -> tuple[int, tuple[str, str]]:
        """The generation and the last event: a stream that opens now starts from there."""
        with self.changed:
            return self.generation, self.event

    def wait(self, seen: int, timeout: float) -> tuple[int, tuple[str, str] | None]:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation, (self.event if self.generation != seen else None)


class _Handler(http.server.SimpleHTTPRequestHandler):
    broadcaster: Broadcaster
    stopping: threading.Event
    # A client that sends nothing, or reads nothing, for this long is let go: each one holds a thread.
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def parse_request(self) -> bool:
        """Refuse with 400 a path no file can have (a NUL byte, a name longer than file systems
        allow), which would otherwise end the request in a traceback on the terminal."""
        if not super().parse_request():
            return False
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if "\0" in path or any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in path.split("/")):
            self.send_error(400, "No file can have this path")
            return False
        return True

    def do_GET(self) -> None:
        if self.path == EVENTS:
            return self._events()
        if self.path == RELOAD_SCRIPT:
            return self._send(CLIENT.encode("utf-8"), "text/javascript; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir() or self.path == "/":  # the output folder itself is not there before a first build
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
        elif self.path == "/":  # nothing built yet: the content has problems
            html = NOT_BUILT
        else:
            return super().do_GET()
        html = html.replace(b"</body>", f'<script src="{RELOAD_SCRIPT}"></script></body>'.encode(), 1)
        return self._send(html, "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen, event = self.broadcaster.latest()
        try:
            if event[0] == "problems":  # a page opened (or reloaded) while the build is broken
                self._event(event)
            while not self.stopping.is_set():
                seen, next_event = self.broadcaster.wait(seen, timeout=1.0)
                self._event(next_event)
        except OSError:  # the page was closed, or its connection timed out
            pass

    def _event(self, event: tuple[str, str] | None) -> None:
        message = f"event: {event[0]}\ndata: {event[1]}\n\n" if event else ": keep-alive\n\n"
        self.wfile.write(message.encode("utf-8"))
        self.wfile.flush()


class _Server(http.server.ThreadingHTTPServer):
    # Connections waiting to be accepted: socketserver's 5 turns clients away when a page and its
    # files, or several open pages, connect at once.
    request_queue_size = 128


@dataclass
class DevServer:
    """The site on 127.0.0.1 with a watcher that rebuilds on change."""

    content: Path
    out: Path
    port: int = 8000
    theme: Path = DEFAULT_THEME
    report: Callable[[str], None] = print
    watching: bool = True
    on: dt.date | None = None
    """Build as of this date (default: today), as privgen build --date."""
    progress: Progress | None = None
    """Told how the first build gets on: with many organisations it takes a while."""
    broadcaster: Broadcaster = field(default_factory=Broadcaster)
    stopping: threading.Event = field(default_factory=threading.Event)
    _server: http.server.ThreadingHTTPServer | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> None:
        """Build once, then serve and watch in background threads. Where the content has problems,
        they are reported and shown in every page, as after a broken save, while the last good build
        (if any) is served; the first good save builds the site. The port is taken first, so that
        one in use is told at once, not after the build."""
        if not self.content.is_dir():  # nothing to watch, and nothing to build until it is there
            raise InputError([missing_content(self.content)])
        handler = type("Handler", (_Handler,), {"broadcaster": self.broadcaster, "stopping": self.stopping})
        try:
            self._server = _Server(
                ("127.0.0.1", self.port), functools.partial(handler, directory=str(self.out)))
        except OSError as exc:
            raise ServeError(f"127.0.0.1:{self.port}: cannot serve there: {exc.strerror or exc}; "
                             "choose another --port") from exc
        self._server.daemon_threads = True
        try:
            self._first_build()
        except BaseException:
            self._server.server_close()
            raise
        self._threads = [threading.Thread(target=self._server.serve_forever, daemon=True)]
        if self.watching:
            self._threads.append(threading.Thread(target=self._watch, daemon=True))
        for thread in self._threads:
            thread.start()

    def _first_build(self) -> None:
        try:
            build(self.content, self.out, theme=self.theme, on=self.on, jobs=os.cpu_count() or 1,
                  progress=self.progress, waiting=self.report)
        except InputError as exc:
            self._failed(exc)
        else:
            build(self.content, self.out, theme=self.theme, on=self.on)  # nothing to do: keeps each folder's stat
            self._warm()

    def _warm(self) -> None:
        """Make the first save cost what later ones do: the build above ran in worker processes, so
        compile the templates here and take one organisation through every stage once (nothing is
        written), which loads catalogs, locale data and hyphenation dictionaries into this process."""
        theme = build_theme(self.theme, self.out)
        renderer_for(theme).warm(("nl", "en"))
        folders = organisation_folders(self.content, ())
        if folders:
            build_organisation(folders[0], BuildSettings(self.on or dt.date.today(), theme, fingerprint(self.theme),
                                                         cache=cache_folder(self.out)))

    def stop(self) -> None:
        """Stop serving and watching; also when start() was stopped midway."""
        self.stopping.set()
        if self._server is not None:
            if self._threads and self._threads[0].is_alive():  # else shutdown() would wait for it forever
                self._server.shutdown()
            self._server.server_close()

    def _watch(self) -> None:
        for changes in watch(self.content, self.theme, stop_event=self.stopping, debounce=50, step=20):
            self.rebuild(Path(path) for _, path in changes)

    def rebuild(self, changed: Iterable[Path]) -> None:
        """Rebuild after files changed: the build itself skips organisations whose files did not."""
        started = time.perf_counter()
        paths = [p.resolve() for p in changed]
        content = self.content.resolve()
        if any(not _is_profile_file(p, content) for p in paths):
            forget_renderers()  # a theme or an organisation's template changed: recompile, reread catalogs
        jobs = self._jobs(paths)
        if jobs > 1:  # it takes a while
            self.report(f"Rebuilding every organisation after the theme changed, in {jobs} processes...")
        try:
            build(self.content, self.out, theme=self.theme, on=self.on, jobs=jobs, waiting=self.report)
        except PrivgenError as exc:
            self._failed(exc)
            return
        self.report(f"{_what_changed(paths, content)} in {time.perf_counter() - started:.2f} s")
        self.broadcaster.publish("reload", {})

    def _jobs(self, paths: list[Path]) -> int:
        """Processes for a rebuild. An edit of the theme (a template, a catalog) rebuilds every
        organisation: with many, in workers, which this process spawns, as its threads run. A
        spawned worker first imports privgen, which costs about as much as building a few dozen
        organisations (_WORTH_SPAWNING): a smaller site, and every other edit (one organisation or a
        few), is built in this process."""
        theme = self.theme.resolve()
        every_organisation = any(p.is_relative_to(theme) for p in paths)
        if every_organisation and len(organisation_folders(self.content)) >= _WORTH_SPAWNING:
            return os.cpu_count() or 1
        return 1

    def _failed(self, exc: PrivgenError) -> None:
        lines = error_lines(exc)
        for line in lines:
            self.report(line)
        self.broadcaster.publish("problems", lines)


_WORTH_SPAWNING = 40  # organisations (DevServer._jobs)


def _what_changed(paths: list[Path], content: Path) -> str:
    """'Rebuilt acme', 'Removed beta', 'Rebuilt acme, removed beta', or 'Rebuilt the site' for the theme."""
    orgs = sorted({p.relative_to(content).parts[0] for p in paths if p.is_relative_to(content) and p != content})
    if not orgs:
        return "Rebuilt the site"
    removed = [org for org in orgs if not (content / org).is_dir()]
    rebuilt = [org for org in orgs if org not in removed]
    said = ", ".join(f"{verb} {', '.join(names)}" for verb, names in (("rebuilt", rebuilt), ("removed", removed))
                     if names)
    return said[0].upper() + said[1:]


def _is_profile_file(path: Path, content: Path) -> bool:
    """A version file or lock file of an organisation: nothing a compiled template depends on."""
    return path.parent.parent == content and path.suffix in (*PROFILE_SUFFIXES, ".lock")
