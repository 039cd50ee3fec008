"""The HTTP service the banner's consent_log points to: POST /consent/<org> with one record.

Built on Starlette (a small, well-kept ASGI toolkit) and served by uvicorn: the request handling is a
few lines of plain code, and ASGI lets several stateless receivers run behind any load balancer.
It answers 204 only once the record is committed, never sets a cookie, and refuses, with a clear
4xx and nothing stored: a body over 2 KB or not a record, an unknown organisation, an Origin that
is not one of the organisation's own sites, the same choice sent again, and a client over its rate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.consent.records import MAX_BODY, parse_record
from generator.consent.store import ConsentStore
from generator.consent.writer import BatchWriter
from generator.errors import RecordError, StoreUnavailable

RATE = 60  # records per client per minute: a visitor makes a few choices, a flood is not a visitor
Clock = Callable[[], float]


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser's Origin header gives it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class _RateLimit:
    """A token bucket per client address, refilled at `rate` per minute."""

    def __init__(self, rate: int, clock: Clock) -> None:
        self.rate, self.clock = rate, clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str) -> bool:
        if not self.rate:  # 0: no limit (a load test from one address)
            return True
        now = self.clock()
        tokens, last = self.buckets.get(client, (float(self.rate), now))
        tokens = min(float(self.rate), tokens + (now - last) * self.rate / 60)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 100_000:  # forget the quiet ones rather than grow without end
            self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}
        return True


def consent_app(store: ConsentStore, origins: Mapping[str, frozenset[str]], rate: int = RATE,
                clock: Clock = time.monotonic) -> Starlette:
    """The service for the organisations in origins (slug → the origins of its own sites)."""
    limit = _RateLimit(rate, clock)
    writer = BatchWriter(store)

    def refuse(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status)

    async def receive(request: Request) -> Response:
        org = request.path_params["org"]
        if org not in origins:
            return refuse(404, f"no organisation '{org}' here")
        origin = (request.headers.get("origin") or "").lower()
        if origin not in origins[org]:
            return refuse(403, "the Origin is not one of the organisation's sites (controller.websites)")
        if not limit.allow(request.client.host if request.client else "?"):
            return refuse(429, "too many records from this client; try again in a minute")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            return refuse(413, f"the body is over {MAX_BODY} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return refuse(413, f"the body is over {MAX_BODY} bytes")
        try:
            record = parse_record(org, body, dt.datetime.now(dt.timezone.utc))
        except RecordError as exc:
            return refuse(400, str(exc))
        try:
            stored = await writer.add(record)
        except StoreUnavailable:
            return refuse(503, "the consent store is unavailable; the banner's record is not kept")
        if not stored:
            return refuse(409, "this choice is recorded already")
        return Response(status_code=204, headers={"access-control-allow-origin": origin})

    async def health(request: Request) -> Response:
        return JSONResponse({"organisations": len(origins)})

    def lifespan(app: Starlette) -> contextlib.AbstractAsyncContextManager[None]:
        return writer.running()

    return Starlette(routes=[Route("/consent/{org}", receive, methods=["POST"]),
                             Route("/health", health, methods=["GET"])], lifespan=lifespan)
