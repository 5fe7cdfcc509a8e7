"""The archive that outlives the app: every table as JSON Lines and CSV, with manifest.json and the schema."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from dutyroom.errors import ValidationError
from dutyroom.store import Store
from dutyroom.store.archive import export_archive
from tests.conftest import NOW


def test_archive_holds_every_table_and_says_what_it_holds(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "存档"
    manifest = export_archive(demo_store.path, out, now=NOW)
    tables = {r[0] for r in demo_store.rows("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'")}
    assert set(manifest["row_counts"]) == tables
    head = demo_store.row("SELECT last_id, last_hash FROM audit_head")
    assert manifest["audit"]["seq"] == head[0] and manifest["audit"]["hash"] == head[1] and manifest["audit"]["chain_ok"]
    assert manifest["schema_version"] == demo_store.schema_version and manifest["created_at"] == NOW.isoformat()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    for table in manifest["tables"]:
        name = table["name"]
        assert table["rows"] == demo_store.scalar(f"SELECT COUNT(*) FROM {name}")
        lines = (out / table["files"]["jsonl"]).read_text(encoding="utf-8").splitlines()
        with (out / table["files"]["csv"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(lines) == table["rows"] and len(rows) == table["rows"] + 1
        assert rows[0] == [c["name"] for c in table["columns"]]
        for kind in ("jsonl", "csv"):
            digest = hashlib.sha256((out / table["files"][kind]).read_bytes()).hexdigest()
            assert digest == table["sha256"][kind]
    people = [json.loads(line) for line in (out / "tables" / "person.jsonl").read_text(encoding="utf-8").splitlines()]
    first = demo_store.row("SELECT * FROM person ORDER BY id LIMIT 1")
    assert people[0] == dict(first)
    assert "CREATE TABLE" in (out / "schema.sql").read_text(encoding="utf-8")
    assert "不需要 DutyRoom 即可阅读" in (out / "说明.txt").read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o700
        assert stat.S_IMODE((out / "tables" / "person.csv").stat().st_mode) == 0o600


def test_archive_refuses_a_folder_with_files(demo_store: Store, tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text("x")
    with pytest.raises(ValidationError, match="不为空"):
        export_archive(demo_store.path, tmp_path / "old", now=NOW)


def test_sqlite_utils_is_imported_only_by_the_archive(tmp_path: Path) -> None:
    import subprocess

    probe = ("import sys, dutyroom.cli, dutyroom.store, dutyroom.backup.service, dutyroom.backup.restore;"
             "import dutyroom.store.archive; print('sqlite_utils' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_cli_export_archive(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dutyroom.cli import main

    demo_store.close()
    out = tmp_path / "archive"
    assert main(["export", "archive", "--out", str(out), "--db", str(demo_store.path)]) == 0
    assert "已导出存档" in capsys.readouterr().out
    assert (out / "manifest.json").exists() and (out / "tables" / "duty_log_entry.csv").exists()
