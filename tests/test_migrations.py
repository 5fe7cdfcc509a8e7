"""A database built at every earlier schema version upgrades to the current one, data intact."""

from __future__ import annotations

import ast
import builtins
import importlib.util
import sqlite3
from pathlib import Path

import pytest

from dutyroom.store import migrations as mig
from dutyroom.store import open_store

ALL = mig.available()


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    conn.close()
    return [(t, n, " ".join((s or "").split())) for t, n, s in rows]


def test_migrations_are_numbered_without_gaps() -> None:
    assert [m.number for m in ALL] == list(range(1, len(ALL) + 1))


@pytest.mark.parametrize("version", range(0, len(ALL)), ids=lambda v: f"from-v{v}")
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh).close()
    old = tmp_path / "old.sqlite3"
    open_store(old, stop_before=version + 1).close()
    conn = sqlite3.connect(old)
    assert (conn.execute("SELECT COALESCE(MAX(number), 0) FROM schema_migration").fetchone()[0]) == version
    if version >= 1:
        conn.execute("INSERT INTO setting(key, value, updated_at) VALUES ('org.name', '\"升级测试局\"', 'x')")
        conn.commit()
    conn.close()
    upgraded = open_store(old)
    assert upgraded.schema_version == len(ALL)
    if version >= 1:
        assert upgraded.scalar("SELECT value FROM setting WHERE key = 'org.name'") == '"升级测试局"'
    upgraded.close()
    assert schema_of(old) == schema_of(fresh)


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert mig.apply(conn, ALL) == []
    conn.close()
    assert not (tmp_path / "backups").exists()


# -- migrations stand alone ---------------------------------------------------------------------------------

PYTHON_MIGRATIONS = [m for m in ALL if m.path.suffix == ".py"]
NAMES = ["曾小贤", "单田芳", "欧阳娜娜", "王乐", "解晓东", "朴树", "张三", "Lee 明", "尉迟恭", "区志强"]
UNITS = ["石门镇人民政府", "县应急管理局", "长乐村", "Z县消防救援大队"]
ENTRIES = [
    ("call_in", "石门镇报告配电柜跳闸，已通知供电所", "村民反映：10kV线路故障。", '{"unit": "石门镇", "phone": "0000-1234"}', "李四"),
    ("instruction", "县长批示：做好寒潮防范", "", '{"issuer": "王县长", "deadline": "2026-11-30"}', "王县长"),
    ("note", "塌", "单字记录", "{}", ""),
]


def load_migration(migration: mig.Migration):  # noqa: ANN201 - the migration module
    spec = importlib.util.spec_from_file_location(f"frozen_{migration.number:04d}", migration.path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migration_named(name: str) -> mig.Migration:
    return next(m for m in ALL if m.name == name)


def test_migrations_import_no_app_code() -> None:
    """A migration freezes what it needs: live code may change later, what a migration did may not."""
    offenders = []
    for migration in PYTHON_MIGRATIONS:
        for node in ast.walk(ast.parse(migration.path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)] if node.level == 0 else ["."]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "import_module", "__import__"):
                names = [arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
                names = names or ["(computed module name)"]
            else:
                continue
            offenders += [f"{migration.path.name}:{node.lineno} imports {n}" for n in names
                          if n == "." or n.split(".")[0] == "dutyroom" or n.startswith("(")]
    assert not offenders, ("a migration must not import the app (copy what it needs into it): "
                           + "; ".join(offenders))
    assert PYTHON_MIGRATIONS, "the check would pass vacuously"


def seed_version_2(path: Path) -> None:
    """Rows written before 0003 and 0004, so that their data steps (search keys, text index) run."""
    conn = sqlite3.connect(path)
    at = "2026-11-24T10:00:00+08:00"
    for number, name in enumerate(UNITS, start=1):
        conn.execute("INSERT INTO org_unit(id, name, kind, created_at, updated_at) VALUES (?, ?, 'dept', ?, ?)",
                     (number, name, at, at))
    for name in NAMES:
        conn.execute("INSERT INTO person(name, unit_id, created_at, updated_at) VALUES (?, 1, ?, ?)", (name, at, at))
    for kind, summary, detail, _fields, _who in ENTRIES:
        conn.execute("INSERT INTO duty_log_entry(duty_date, occurred_at, kind, summary, detail, recorded_by_name, "
                     "created_at) VALUES ('2026-11-24', ?, ?, ?, ?, '值班员甲', ?)", (at, kind, summary, detail, at))
    conn.commit()
    conn.close()


def test_migrations_run_without_importing_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, stop_before=3).close()
    seed_version_2(path)
    real_import = builtins.__import__
    refused = []

    def guarded(name, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002, ANN001, ANN202
        if level == 0 and name.split(".")[0] == "dutyroom":
            refused.append(name)
            raise ImportError(f"a migration imported {name}")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", guarded)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    assert mig.apply(conn, ALL) == list(range(3, len(ALL) + 1))
    conn.close()
    monkeypatch.undo()
    assert refused == []
    keys = sqlite3.connect(path).execute("SELECT name_pinyin FROM person WHERE name = '曾小贤'").fetchone()
    assert keys[0].startswith("zeng xiao xian")


def test_step_by_step_equals_fresh(tmp_path: Path) -> None:
    """A file that lived through every release, one migration per upgrade, ends as a fresh file does."""
    from dutyroom.store.schema import render

    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh).close()
    stepped = tmp_path / "stepped.sqlite3"
    for number in range(1, len(ALL) + 1):
        open_store(stepped, stop_before=number + 1).close()
        if number == 2:
            seed_version_2(stepped)
    assert schema_of(stepped) == schema_of(fresh)
    renders = []
    for path in (stepped, fresh):
        conn = sqlite3.connect(path)
        renders.append(render(conn))
        conn.close()
    assert renders[0] == renders[1]          # includes the FTS options the migrations set
    store = open_store(stepped)
    assert store.scalar("SELECT COUNT(*) FROM schema_migration") == len(ALL)
    assert [r[0] for r in store.rows("SELECT number FROM schema_migration ORDER BY number")] == [m.number for m in ALL]
    store.close()
    # a verified copy before every upgrade, of which only the newest few are kept
    from dutyroom.store.backup import UPGRADE_COPIES_KEPT

    kept = sorted(p.name for p in (tmp_path / "backups").glob("stepped-*.sqlite3"))
    assert [name.rsplit("-", 1)[1] for name in kept] == [
        f"v{n:04d}.sqlite3" for n in range(len(ALL) - UPGRADE_COPIES_KEPT + 1, len(ALL) + 1)]
    assert all((tmp_path / "backups" / f"{name}.json").exists() for name in kept)


def test_frozen_search_keys_are_the_live_ones() -> None:
    """0003 wrote every existing name's pinyin keys with its frozen rules. Should the live rules in
    dutyroom/contacts/pinyin.py change, names written before then keep the old keys: add a migration that
    recomputes person/org_unit keys (freezing the new rules), and compare with that one here."""
    from dutyroom.contacts import pinyin

    frozen = load_migration(migration_named("contacts"))
    for name in NAMES + list(pinyin.SURNAMES) + [a + b for a, b in zip(pinyin.GIVEN_NAME_READINGS, NAMES, strict=False)]:
        assert tuple(frozen.name_keys(name)) == (pinyin.name_keys(name).initials, pinyin.name_keys(name).pinyin), name
    for unit in UNITS:
        assert tuple(frozen.text_keys(unit)) == (pinyin.text_keys(unit).initials, pinyin.text_keys(unit).pinyin), unit


def test_frozen_tokenizer_is_the_live_one() -> None:
    """The duty-log index is contentless: the app removes an entry's old tokens by computing them again
    with dutyroom/dutylog/textindex.py. Entries indexed by 0004 are removed correctly only while the live
    tokenizer makes the same tokens. To change it, add a migration that rebuilds duty_log_fts (freezing
    the new tokenizer) and compare with that one here."""
    from dutyroom.dutylog import textindex

    frozen = load_migration(migration_named("dutylog"))
    assert frozen.FTS_TOKENIZER == textindex.FTS_TOKENIZER
    assert frozen.WHO_FIELDS == textindex.WHO_FIELDS
    for number, (kind, summary, detail, fields, who) in enumerate(ENTRIES):
        row = {"id": number, "kind": kind, "summary": summary, "detail": detail, "fields_json": fields,
               "counterpart": who, "recorded_by_name": "值班员甲"}
        assert frozen.entry_index_text(row) == textindex.entry_index_text(row)
