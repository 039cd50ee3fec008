"""The consent store: a database made by an earlier privgen is upgraded without losing a record, and
records that arrive together are committed together, each answered for itself."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from generator.consent.records import ConsentRecord
from generator.consent.store import SCHEMA_VERSION, UPGRADES, ConsentStore, DayCount
from generator.consent.writer import BatchWriter
from generator.errors import StoreUnavailable
from tests.consent.processes import Cluster

T = TypeVar("T")
DATA = Path(__file__).parent / "data"
UTC = dt.timezone.utc
# what the first schema version's test databases hold (made by privgen's code at that version)
V1_CLAVIS = [("a" * 32, "accept_all", "social", dt.datetime(2026, 11, 30, 9, 15, 0, 123000, tzinfo=UTC)),
             ("a" * 32, "withdrawal", "necessary", dt.datetime(2026, 11, 30, 10, 15, 0, 123000, tzinfo=UTC)),
             ("b" * 32, "necessary_only", "necessary", dt.datetime(2026, 12, 1, 9, 15, 0, 123000, tzinfo=UTC))]


def _assert_upgraded(url: str) -> None:
    store = ConsentStore(url)
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version FROM privgen_schema")).scalar() == SCHEMA_VERSION == 2
    kept = [(r.consent_id, r.action, r.tier, r.server_time) for r in
            store.history("clavis", "a" * 32) + store.history("clavis", "b" * 32)]
    assert kept == V1_CLAVIS
    assert [r.action for r in store.records("kaviaarshop")] == ["settings"]
    # the new column is filled in for the old records: stats, which count by it, see them
    assert store.stats("clavis") == [DayCount(dt.date(2026, 11, 30), "accept_all", "social", False, 1),
                                     DayCount(dt.date(2026, 11, 30), "withdrawal", "necessary", False, 1),
                                     DayCount(dt.date(2026, 12, 1), "necessary_only", "necessary", True, 1)]
    # and it goes on: a new record is kept beside them, a replay of an old one still refused
    record = ConsentRecord("clavis", "b" * 32, "settings", "analytics", ("necessary", "analytics"), "78e68f54",
                           "2025-01-01", "en", False, dt.datetime(2026, 12, 2, 8, 0, tzinfo=UTC),
                           dt.datetime(2026, 12, 2, 8, 0, 1, tzinfo=UTC))
    assert store.add(record) is True
    assert store.add(ConsentRecord("clavis", "a" * 32, "accept_all", "social", ("necessary", "analytics", "social"),
                                   "78e68f54", "2025-01-01", "nl", False,
                                   dt.datetime(2026, 11, 30, 9, 14, 59, 873000, tzinfo=UTC),
                                   dt.datetime(2026, 12, 2, tzinfo=UTC))) is False
    assert ConsentStore(url).stats("clavis")[-1] == DayCount(dt.date(2026, 12, 2), "settings", "analytics", False, 1)


def test_a_sqlite_database_of_the_first_schema_is_upgraded_without_losing_a_record(tmp_path: Path) -> None:
    database = tmp_path / "consent.db"
    shutil.copy(DATA / "schema-v1.sqlite", database)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT version FROM privgen_schema").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM consent_records").fetchone() == (4,)
    _assert_upgraded(f"sqlite:///{database}")


def test_a_postgresql_database_of_the_first_schema_is_upgraded_without_losing_a_record(postgres: Cluster) -> None:
    url = postgres.new_database("schema_v1")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql((DATA / "schema-v1.postgresql.sql").read_text(encoding="utf-8"))
    engine.dispose()
    _assert_upgraded(url)


def test_a_failed_upgrade_leaves_the_first_schema_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "consent.db"
    shutil.copy(DATA / "schema-v1.sqlite", database)

    def broken(connection: sa.Connection) -> None:
        connection.execute(sa.text("ALTER TABLE consent_records ADD COLUMN server_day DATE"))
        raise sa.exc.OperationalError("UPDATE", {}, Exception("disk I/O error"))

    monkeypatch.setitem(UPGRADES, 2, broken)
    with pytest.raises(StoreUnavailable):
        ConsentStore(f"sqlite:///{database}")
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT version FROM privgen_schema").fetchone() == (1,)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(consent_records)")]
        assert "server_day" not in columns
        assert connection.execute("SELECT count(*) FROM consent_records").fetchone() == (4,)


def _record(n: int, consent_id: str = "d" * 32) -> ConsentRecord:
    when = dt.datetime(2026, 12, 2, 12, 0, tzinfo=UTC) + dt.timedelta(seconds=n)
    return ConsentRecord("clavis", consent_id, "accept_all", "social", ("necessary", "analytics", "social"),
                         "78e68f54", "2025-01-01", "nl", False, when, when)


def _run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run in a thread of its own: the browser tests' event loop may be running in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(main())).result()


class _CountingStore(ConsentStore):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.commits: list[int] = []

    def add_many(self, records: list[ConsentRecord]) -> list[bool]:
        self.commits.append(len(records))
        return super().add_many(records)


def test_records_that_arrive_together_share_a_commit_and_each_gets_its_own_answer(tmp_path: Path) -> None:
    store = _CountingStore(f"sqlite:///{tmp_path / 'c.db'}")
    writer = BatchWriter(store)
    records = [_record(n) for n in range(50)] + [_record(7)]  # the last one a replay within the batch

    async def send() -> list[bool]:
        async with writer.running():
            return await asyncio.gather(*(writer.add(record) for record in records))

    assert _run(send) == [True] * 50 + [False]
    assert sum(store.commits) == 51 and len(store.commits) < 51
    assert len(store.history("clavis", "d" * 32)) == 50


def test_a_failed_commit_fails_every_record_in_it_and_the_writer_goes_on(tmp_path: Path) -> None:
    store = _CountingStore(f"sqlite:///{tmp_path / 'c.db'}")
    writer = BatchWriter(store)
    failing = [True]

    def add_many(records: list[ConsentRecord]) -> list[bool]:
        if failing.pop() if failing else False:
            raise StoreUnavailable("the database is away")
        return ConsentStore.add_many(store, records)

    store.add_many = add_many  # type: ignore[method-assign]

    async def send() -> tuple[list[object], bool]:
        async with writer.running():
            first = await asyncio.gather(*(writer.add(_record(n)) for n in range(3)), return_exceptions=True)
            return first, await writer.add(_record(9))

    first, later = _run(send)
    assert [type(answer) for answer in first] == [StoreUnavailable] * 3
    assert later is True
    assert [r.client_time.second for r in store.history("clavis", "d" * 32)] == [9]
