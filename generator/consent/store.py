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
from sqlalchemy.exc import IntegrityError

from generator.consent.records import ConsentRecord
from generator.errors import StoreUnavailable

SCHEMA_VERSION = 1
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
    # the same choice sent twice (a replay) is one record
    sa.UniqueConstraint("org", "consent_id", "client_time", "action", name="one_record_per_choice"),
    sa.Index("by_consent", "org", "consent_id"),
    sa.Index("by_time", "org", "server_time"),
)


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    action: str
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

    def add(self, record: ConsentRecord) -> bool:
        """Store the record, committed before this returns; False when the same choice is there already."""
        try:
            with self.engine.begin() as connection:
                connection.execute(_records.insert().values(
                    org=record.org, consent_id=record.consent_id, action=record.action, tier=record.tier,
                    purposes=",".join(record.purposes), revision=record.revision, version=record.version,
                    language=record.language, gpc=record.gpc, client_time=record.client_time,
                    server_time=record.server_time))
        except IntegrityError:
            return False
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise StoreUnavailable(str(exc.orig)) from exc
        return True

    def history(self, org: str, consent_id: str) -> list[ConsentRecord]:
        """Every choice of one consent id, in the order they were made."""
        return list(self._select(sa.and_(_records.c.org == org, _records.c.consent_id == consent_id)))

    def records(self, org: str, since: dt.datetime | None = None) -> Iterator[ConsentRecord]:
        condition = _records.c.org == org
        if since is not None:
            condition = sa.and_(condition, _records.c.server_time >= since)
        yield from self._select(condition)

    def stats(self, org: str) -> list[DayCount]:
        """Choices per action per day (UTC, by the time the service received them)."""
        counts: dict[tuple[dt.date, str], int] = {}
        for record in self.records(org):
            key = (record.server_time.astimezone(dt.timezone.utc).date(), record.action)
            counts[key] = counts.get(key, 0) + 1
        return [DayCount(day, action, count) for (day, action), count in sorted(counts.items())]

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
