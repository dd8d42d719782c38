"""Moving an archive between databases: SQLite into PostgreSQL when it outgrows one machine, and
back (a PostgreSQL archive as one file, to hand over or to test against).

Every table the models describe is copied row by row with its ids (a crawl, an article, a
revision keeps its number: links, exports and notes that cite them stay right), blobs and
zstd dictionaries byte for byte (still compressed: a blob is only readable with the dictionary
it names, which comes along). The destination is written in one transaction: a copy that fails
half-way leaves it as it was. What each database keeps for itself is rebuilt there: SQLite's
FTS5 index, PostgreSQL's id sequences and statistics (its ``search_vector`` is a generated
column).

At the end both sides are read again and compared, table by table: the row counts, and a
SHA-256 over every row in id order (JSON compared as parsed documents: ``jsonb`` orders keys
its own way). A destination that already holds an archive is refused unless ``replace``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text

from ..errors import UserError
from .dialect import JsonText, is_postgres
from .models import Base

BATCH = 500
KEPT_BY_DESTINATION = {"schema_info"}  # its own facts (created_at): copied over at the end


@dataclass(slots=True)
class CopyReport:
    tables: dict[str, int] = field(default_factory=dict)
    """Rows copied, per table (in copy order)."""
    checksums: dict[str, str] = field(default_factory=dict)
    """The SHA-256 both sides agree on, per table."""


def tables() -> list[Table]:
    """The archive's tables, parents before children (foreign keys)."""
    return list(Base.metadata.sorted_tables)


def _normalizer(table: Table) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """Values as compared: JSON parsed and re-dumped with sorted keys, the rest as read."""
    json_columns = [i for i, c in enumerate(table.columns) if isinstance(c.type, JsonText)]

    def normalize(row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not json_columns:
            return row
        values = list(row)
        for i in json_columns:
            if values[i] is not None:
                values[i] = json.dumps(json.loads(values[i]), sort_keys=True)
        return tuple(values)

    return normalize


def _rows(conn: Connection, table: Table) -> Iterator[tuple[Any, ...]]:
    """Every row of ``table`` in primary-key order, streamed."""
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order)
    )
    for row in result:
        yield tuple(row)


def checksum(conn: Connection, table: Table) -> tuple[int, str]:
    """``(rows, SHA-256)`` of the table's content, in primary-key order."""
    digest = hashlib.sha256()
    normalize = _normalizer(table)
    n = 0
    for row in _rows(conn, table):
        digest.update(repr(normalize(row)).encode("utf-8"))
        n += 1
    return n, digest.hexdigest()


def is_empty(conn: Connection) -> bool:
    """No row in any archive table (a freshly created archive)."""
    for table in tables():
        if table.name in KEPT_BY_DESTINATION:
            continue
        if conn.execute(select(func.count()).select_from(table)).scalar_one():
            return False
    return True


def copy_archive(source: Engine, destination: Engine, *, replace: bool = False,
                 progress: Callable[[str, int], None] | None = None) -> CopyReport:  # fmt: skip
    """Copy every table of ``source`` into ``destination`` (both at the current schema) and
    verify. Raises :class:`UserError` for a non-empty destination (without ``replace``) or a
    copy that does not read back identical."""
    report = CopyReport()
    with source.connect() as src, destination.begin() as dst:
        if not is_empty(dst):
            if not replace:
                raise UserError(
                    "the destination already holds an archive; pass --force to replace it"
                )
            for table in reversed(tables()):
                dst.execute(table.delete())
        for table in tables():
            if table.name in KEPT_BY_DESTINATION:
                dst.execute(table.delete())
            copied = 0
            batch: list[dict[str, Any]] = []
            names = [c.name for c in table.columns]
            for row in _rows(src, table):
                batch.append(dict(zip(names, row, strict=True)))
                if len(batch) >= BATCH:
                    dst.execute(table.insert(), batch)
                    copied += len(batch)
                    batch = []
            if batch:
                dst.execute(table.insert(), batch)
                copied += len(batch)
            report.tables[table.name] = copied
            if progress is not None:
                progress(table.name, copied)
        _rebuild(dst)
    _verify(source, destination, report)
    return report


def _rebuild(dst: Connection) -> None:
    """What the destination derives from the rows: id sequences and planner statistics, or
    the FTS5 index."""
    if is_postgres(dst):
        dst.execute(text("ANALYZE"))  # a bulk load leaves none: the first searches plan blind
        for table in tables():
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].name == "id":
                dst.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    elif dst.dialect.name == "sqlite":
        dst.execute(text("INSERT INTO revisions_fts(revisions_fts) VALUES ('rebuild')"))


def _verify(source: Engine, destination: Engine, report: CopyReport) -> None:
    with source.connect() as src, destination.connect() as dst:
        for table in tables():
            theirs, ours = checksum(src, table), checksum(dst, table)
            if theirs != ours:
                raise UserError(
                    f"copy check failed on table {table.name}: source {theirs[0]} rows "
                    f"({theirs[1][:12]}), destination {ours[0]} rows ({ours[1][:12]})"
                )
            report.checksums[table.name] = ours[1]
