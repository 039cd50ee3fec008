"""One writer for the service: records that arrive together are committed together.

A commit waits for the disk (SQLite's synchronous=FULL, PostgreSQL's WAL flush), and one commit per
record made that wait the service's ceiling. Requests hand their record to this writer and wait for
its answer; while a batch is being committed the next one gathers, so under load a single commit
answers many requests, and with one request at a time a batch is that one record. Each request is
still answered only after its own record is committed (or with the store's error).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.concurrency import run_in_threadpool

from generator.consent.records import ConsentRecord
from generator.consent.store import ConsentStore

BATCH = 256  # records per commit at most: keeps one transaction, and the slowest answer in it, short


class BatchWriter:
    def __init__(self, store: ConsentStore, batch: int = BATCH) -> None:
        self.store, self.batch = store, batch
        self._queue: asyncio.Queue[tuple[ConsentRecord, asyncio.Future[bool]]] | None = None

    async def add(self, record: ConsentRecord) -> bool:
        """True once the record is committed, False when the same choice was there; raises the
        store's error (StoreUnavailable) when the commit failed."""
        if self._queue is None:
            raise RuntimeError("the writer is not running (the service's lifespan starts it)")
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        await self._queue.put((record, answer))
        return await answer

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self._queue = asyncio.Queue()
        task = asyncio.create_task(self._write())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self._queue = None

    async def _write(self) -> None:
        assert self._queue is not None
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                stored = await run_in_threadpool(self.store.add_many, [record for record, _ in batch])
            except Exception as exc:  # noqa: BLE001 - every waiting request gets the error; the writer goes on
                for _, answer in batch:
                    if not answer.done():  # a request whose client went away has no one to tell
                        answer.set_exception(exc)
            else:
                for (_, answer), kept in zip(batch, stored):
                    if not answer.done():
                        answer.set_result(kept)
