"""Where consent records are kept: SQLite (one file, WAL) by default, PostgreSQL by URL, through
SQLAlchemy Core, which speaks both with one set of statements.

Why SQLAlchemy: it is the well-kept Python layer that serves SQLite and PostgreSQL alike (types,
unique constraints, dialect differences such as "INSERT ... ON CONFLICT"), so the service has one
code path; its Core (no ORM) keeps each statement visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from generator.consent.records import ConsentRecord
from generator.errors import StoreUnavailable

SCHEMA_VERSION = 2  # 2: server_day, so that stats count in the database
_metadata = sa.MetaData()
_schema = sa.Table("privgen_schema", _metadata, sa.Column("version", sa.Integer, nullable=False))
_records = sa.Table(
    "consent_records", _metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("org", sa.String(100), nullable=False),
    sa.Column("consent_id", sa.String(32), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("tier", sa.String(16), nullable=False),
    sa.Column("purposes", sa.String(64), nullable=False),
    sa.Column("revision", sa.String(8), nullable=False),
    sa.Column("version", sa.String(64), nullable=False),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("gpc", sa.Boolean, nullable=False),
    sa.Column("client_time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("server_time", sa.DateTime(timezone=True), nullable=False),
    sa.Column("server_day", sa.Date),  # the UTC day of server_time (a v1 database gets it filled in)
    # the same choice sent twice (a replay) is one record
    sa.UniqueConstraint("org", "consent_id", "client_time", "action", name="one_record_per_choice"),
    sa.Index("by_consent", "org", "consent_id"),
    sa.Index("by_time", "org", "server_time"),
    sa.Index("by_day", "org", "server_day"),
)


def _add_server_day(connection: sa.Connection) -> None:
    connection.execute(sa.text("ALTER TABLE consent_records ADD COLUMN server_day DATE"))
    rows = connection.execute(sa.select(_records.c.seq, _records.c.server_time)).all()
    for seq, server_time in rows:
        connection.execute(_records.update().where(_records.c.seq == seq)
                           .values(server_day=_utc(server_time).date()))
    next(index for index in _records.indexes if index.name == "by_day").create(connection)


# Each step takes a database from the version before it to its own, inside the one transaction that
# also records the new version: an upgrade is whole or not at all. Why not Alembic: one table with
# additive steps run by the service itself needs no migration scripts, environment or CLI.
UPGRADES = {2: _add_server_day}


@dataclass(frozen=True)
class DayCount:
    """How many choices of one kind the service received on one day (UTC)."""

    day: dt.date
    action: str
    tier: str
    gpc: bool
    count: int


class ConsentStore:
    """The consent records of every organisation, in one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine = sa.create_engine(url, pool_pre_ping=True,
                                       connect_args={"timeout": 5} if sqlite else {"connect_timeout": 5})
        if sqlite:
            @sa.event.listens_for(self.engine, "connect")
            def _wal(connection, _record):  # type: ignore[no-untyped-def]
                # WAL: readers never wait for the writer; FULL: a commit is on disk before the 204
                cursor = connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=FULL")
                cursor.close()
                # Python's sqlite3 commits by itself before DDL; SQLAlchemy's recipe for
                # transactional DDL: no implicit transactions, and BEGIN where SQLAlchemy begins
                connection.isolation_level = None

            @sa.event.listens_for(self.engine, "begin")
            def _begin(connection):  # type: ignore[no-untyped-def]
                connection.exec_driver_sql("BEGIN")
        try:
            self._prepare()
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(str(exc.orig)) from exc

    def _prepare(self) -> None:
        """Create the tables of a new database; an existing one must carry this schema version."""
        with self.engine.begin() as connection:
            _metadata.create_all(connection)
            found = connection.execute(sa.select(_schema.c.version)).scalar()
            if found is None:
                connection.execute(_schema.insert().values(version=SCHEMA_VERSION))
            elif found > SCHEMA_VERSION:
                raise StoreUnavailable(f"the database has schema version {found}, newer than this privgen's "
                                       f"{SCHEMA_VERSION}: upgrade privgen")
            elif found < SCHEMA_VERSION:
                for version in range(found + 1, SCHEMA_VERSION + 1):
                    UPGRADES[version](connection)
                connection.execute(_schema.update().values(version=SCHEMA_VERSION))

    def add(self, record: ConsentRecord) -> bool:
        """Store the record, committed before this returns; False when the same choice is there already."""
        return self.add_many([record])[0]

    def add_many(self, records: list[ConsentRecord]) -> list[bool]:
        """Store the records in one transaction, committed before this returns; for each, False when
        the same choice is there already (or earlier in the list)."""
        insert = (postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert)(_records)
        rows = [{"org": record.org, "consent_id": record.consent_id, "action": record.action, "tier": record.tier,
                 "purposes": ",".join(record.purposes), "revision": record.revision, "version": record.version,
                 "language": record.language, "gpc": record.gpc, "client_time": record.client_time,
                 "server_time": record.server_time, "server_day": _utc(record.server_time).date()}
                for record in records]
        key = (_records.c.org, _records.c.consent_id, _records.c.client_time, _records.c.action)
        try:
            # one statement for the batch: the rows it inserted come back; a row that met the same
            # choice (stored before, or earlier in this batch) does not
            with self.engine.begin() as connection:
                inserted = {(org, consent_id, _utc(client_time), action) for org, consent_id, client_time, action
                            in connection.execute(insert.values(rows).on_conflict_do_nothing().returning(*key))}
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise StoreUnavailable(str(exc.orig)) from exc
        stored = []
        for record in records:
            choice = (record.org, record.consent_id, record.client_time, record.action)
            stored.append(choice in inserted)
            inserted.discard(choice)  # the same choice again later in the batch is a replay
        return stored

    def history(self, org: str, consent_id: str) -> list[ConsentRecord]:
        """Every choice of one consent id, in the order they were made."""
        return list(self._select(sa.and_(_records.c.org == org, _records.c.consent_id == consent_id)))

    def records(self, org: str, since: dt.datetime | None = None) -> Iterator[ConsentRecord]:
        condition = _records.c.org == org
        if since is not None:
            condition = sa.and_(condition, _records.c.server_time >= since)
        yield from self._select(condition)

    def stats(self, org: str) -> list[DayCount]:
        """Choices per day, action, tier and GPC state (UTC, by the time the service received them)."""
        kind = (_records.c.server_day, _records.c.action, _records.c.tier, _records.c.gpc)
        query = sa.select(*kind, sa.func.count()).where(_records.c.org == org).group_by(*kind).order_by(*kind)
        with self.engine.connect() as connection:
            return [DayCount(day, action, tier, bool(gpc), count)
                    for day, action, tier, gpc, count in connection.execute(query)]

    def purge(self, before: dt.datetime) -> int:
        """Delete every record of each consent id whose last choice was received before `before`."""
        latest = (sa.select(_records.c.org, _records.c.consent_id)
                  .group_by(_records.c.org, _records.c.consent_id)
                  .having(sa.func.max(_records.c.server_time) < before))
        with self.engine.begin() as connection:
            stale = connection.execute(latest).all()
            deleted = 0
            for org, consent_id in stale:
                deleted += connection.execute(_records.delete().where(
                    sa.and_(_records.c.org == org, _records.c.consent_id == consent_id))).rowcount
        return deleted

    def _select(self, condition: sa.ColumnElement[bool]) -> Iterator[ConsentRecord]:
        query = sa.select(_records).where(condition).order_by(_records.c.client_time, _records.c.seq)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield ConsentRecord(row.org, row.consent_id, row.action, row.tier, tuple(row.purposes.split(",")),
                                    row.revision, row.version, row.language, bool(row.gpc),
                                    _utc(row.client_time), _utc(row.server_time))


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives times back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
