"""An archive that outlives the app: every table as JSON Lines and CSV, with ``manifest.json`` and the schema.

The records are kept for years after this program is gone; plain text files that any tool reads are
what survives. Written with **sqlite-utils** (imported only here, by ``dutyroom export archive``): its
table introspection (columns, primary keys) and row iteration, and its JSON convention for binary
values (``{"$base64": true, "encoded": …}``), which ``sqlite-utils insert`` reads back. Everything is
read in one read transaction, so the files show one state of the data file; nothing is written to it.

Layout of ``DIR``: ``manifest.json`` (schema version, row counts, the audit position, when, SHA-256 of every
file), ``schema.sql``, ``说明.txt``, and per table ``tables/NAME.jsonl`` and ``tables/NAME.csv``. Full-text
index tables are not archived: they are derived from the records and rebuilt by the app.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from dutyroom import __version__, audit
from dutyroom.clock import iso
from dutyroom.errors import ValidationError
from dutyroom.private_files import FILE_MODE, make_private_folder, sync_folder
from dutyroom.store.backup import audit_position
from dutyroom.store.failures import explain
from dutyroom.store.integrity import FileReader, read_only

FORMAT = 1
README = """DutyRoom 值班室数据存档

本文件夹是 DutyRoom 数据文件在 {created} 的完整存档，不需要 DutyRoom 即可阅读：
- tables/表名.csv：每张表一个 CSV 文件（UTF-8，第一行为列名；空值与空字符串都写作空）；
- tables/表名.jsonl：同样的数据，每行一条记录的 JSON（保留空值 null；二进制值写作 {{"$base64": true, "encoded": …}}）；
- schema.sql：各表的结构（列、约束、索引、触发器）；
- manifest.json：数据版本、每张表的行数、审计链位置（序号 {seq}，校验值 {hash}）和每个文件的 SHA-256 校验值。

审计记录（audit_log 表）逐条带有前一条的校验值，可据此核对记录未被改动。
"""


class _Writer:
    """A new owner-only file written in a stream, its SHA-256 computed on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        if os.name == "posix":
            os.fchmod(fd, FILE_MODE)
        self._handle = os.fdopen(fd, "wb")
        self._digest = hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._digest.update(data)
        self._handle.write(data)

    def close(self) -> str:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        return self._digest.hexdigest()


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": True, "encoded": base64.b64encode(value).decode("ascii")}
    return value


def _csv_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return "" if value is None else value


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def archived_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (no FTS virtual or shadow tables, no SQLite internals), in name order."""
    return sorted(r[1] for r in conn.execute("PRAGMA main.table_list")
                  if r[2] == "table" and not r[1].startswith("sqlite_"))


def _prepare(out: Path) -> None:
    if out.exists():
        if not out.is_dir() or any(out.iterdir()):
            raise ValidationError(f"存档文件夹“{out}”已存在且不为空：请指定一个新的或空的文件夹。")
    elif not out.parent.is_dir():
        raise ValidationError(f"存档文件夹的上级文件夹不存在：{out.parent}")
    make_private_folder(out)
    make_private_folder(out / "tables")


def export_archive(db_path: Path, out: Path, *, now: datetime) -> dict[str, Any]:
    """Write the archive of the data file at ``db_path`` into the new (or empty) folder ``out``.

    Returns the manifest. A disk that fills up or a folder that cannot be written is named in Chinese.
    """
    import sqlite_utils

    out = Path(out)
    _prepare(out)
    try:
        with read_only(Path(db_path)) as conn:
            conn.execute("BEGIN")
            try:
                manifest = _write_all(sqlite_utils.Database(conn), conn, Path(db_path), out, now)
            finally:
                conn.execute("ROLLBACK")
    except (OSError, sqlite3.Error) as exc:
        explained = explain(exc, out, outcome="存档未完成（文件夹中的文件不完整，请删除后重试）")
        if explained is None:
            raise
        raise explained from exc
    sync_folder(out)
    return manifest


def _write_all(db: Any, conn: sqlite3.Connection, db_path: Path, out: Path, now: datetime) -> dict[str, Any]:
    reader = FileReader(conn)
    position = audit_position(reader)
    chain = audit.verify(reader, quick=True, kept=False)
    version = int(reader.scalar("SELECT COALESCE(MAX(number), 0) FROM schema_migration"))
    tables = []
    for name in archived_tables(conn):
        table = db[name]
        columns = table.columns
        names = [c.name for c in columns]
        order_by = ", ".join(f'"{pk}"' if pk != "rowid" else "rowid" for pk in table.pks)
        jsonl, csv_file = _Writer(out / "tables" / f"{name}.jsonl"), _Writer(out / "tables" / f"{name}.csv")
        csv_file.write(_csv_line(names))
        count = 0
        for row in table.rows_where(order_by=order_by):
            jsonl.write(json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
            csv_file.write(_csv_line([_csv_value(row[k]) for k in names]))
            count += 1
        tables.append({
            "name": name, "rows": count, "primary_key": table.pks,
            "columns": [{"name": c.name, "type": c.type, "notnull": bool(c.notnull), "pk": c.is_pk} for c in columns],
            "files": {"jsonl": f"tables/{name}.jsonl", "csv": f"tables/{name}.csv"},
            "sha256": {"jsonl": jsonl.close(), "csv": csv_file.close()},
        })
    schema = _Writer(out / "schema.sql")
    schema.write(db.schema + "\n")
    schema_digest = schema.close()
    seq, digest = (position.seq, position.hash) if position else (0, "")
    readme = _Writer(out / "说明.txt")
    readme.write(README.format(created=iso(now), seq=seq, hash=digest))
    readme_digest = readme.close()
    manifest = {
        "format": FORMAT, "app": "DutyRoom", "app_version": __version__, "created_at": iso(now),
        "source": db_path.name, "schema_version": version, "sqlite_version": sqlite3.sqlite_version,
        "audit": {"seq": seq, "hash": digest, "chain_ok": chain.ok, "chain": chain.message()},
        "row_counts": {t["name"]: t["rows"] for t in tables}, "tables": tables,
        "files": {"schema.sql": schema_digest, "说明.txt": readme_digest},
        "encoding": {"jsonl": "one JSON object per line; binary as {\"$base64\": true, \"encoded\": ...}",
                     "csv": "UTF-8, header row, RFC 4180 quoting, CRLF; NULL and '' both empty"},
    }
    writer = _Writer(out / "manifest.json")
    writer.write(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    writer.close()
    return manifest
