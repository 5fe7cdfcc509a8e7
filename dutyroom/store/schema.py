"""``db/schema.sql``: the current schema in one file, for reading — generated, never edited by hand.

The migrations in ``db/`` stay the truth. This applies them one by one to an empty file and writes down
what they made: each table (one column per line, the comments written in the migrations kept) followed
by its indexes and triggers, then the views; tables in name order. Left out are SQLite's own objects
(``sqlite_*``) and the shadow tables an FTS5 table keeps its index in; the migrations' bookkeeping table
comes first. A test fails while the file differs from what the migrations make.

    python -m dutyroom.store.schema            # rewrite db/schema.sql (``make schema``)
    python -m dutyroom.store.schema --check    # exit 1 when db/schema.sql is out of date
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dutyroom.paths import app_path
from dutyroom.store import migrations as mig

REGENERATE = "python -m dutyroom.store.schema (or: make schema)"
BOOKKEEPING_TABLE = "schema_migration"
_LEXEMES = re.compile(r"""--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[(),]|\s+|[^\s'"`\[(),-]+|.""",
                      re.DOTALL)


def schema_file() -> Path:
    return app_path("db", "schema.sql")


_TABLE_COMMENT = re.compile(r"((?:^[ \t]*--[^\n]*\n)+)[ \t]*CREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
                            re.MULTILINE | re.IGNORECASE)


@dataclass
class _History:
    """Which migrations created and altered each table, seen by applying them one at a time, and the
    comment written above each CREATE TABLE (SQLite keeps only the statement)."""
    created: dict[str, str] = field(default_factory=dict)
    altered: dict[str, list[str]] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)

    def read_comments(self, migration: mig.Migration) -> None:
        for block, table in _TABLE_COMMENT.findall(migration.path.read_text(encoding="utf-8")):
            self.comments[table] = [line.strip() for line in block.splitlines()]

    def record(self, label: str, before: dict[str, str], after: dict[str, str]) -> None:
        for name, sql in after.items():
            if name not in before:
                self.created[name] = label
            elif before[name] != sql:
                self.altered.setdefault(name, []).append(label)

    def notes(self, table: str) -> list[str]:
        made = f"-- created by {self.created[table]}"
        if self.altered.get(table):
            made += "; altered by " + ", ".join(self.altered[table])
        return [*self.comments.get(table, []), made]


def _tables(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"))


def _shadow_tables(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_list") if row[2] == "shadow"}


def format_create_table(sql: str) -> str:
    """One column or constraint per line, each comment written beside it kept beside it.

    SQLite keeps a table's text as written, with every ALTER TABLE ADD COLUMN appended at the end of
    the column list; laid out again here, a table reads as one definition.
    """
    lexemes = _LEXEMES.findall(sql)
    try:
        start = lexemes.index("(")
    except ValueError:          # CREATE TABLE … AS SELECT: keep it as it is
        return sql.strip()
    depth = 0
    items: list[list[str]] = []
    current: list[str] = []
    for position, lexeme in enumerate(lexemes[start + 1:], start=start + 1):
        if lexeme == "(":
            depth += 1
        elif lexeme == ")":
            if depth == 0:
                items.append(current)
                end = position
                break
            depth -= 1
        if lexeme == "," and depth == 0:
            items.append(current)
            current = []
        else:
            current.append(lexeme)
    else:
        return sql.strip()
    head = _squeeze(lexemes[:start])
    tail = _squeeze(lexemes[end + 1:])
    lines = _item_lines(items)
    return f"{head} (\n" + "\n".join(lines) + "\n)" + (f" {tail}" if tail else "")


def _squeeze(lexemes: list[str]) -> str:
    """Code on one line: comments dropped, white space made single spaces (none just inside brackets)."""
    out: list[str] = []
    for lexeme in lexemes:
        if _is_comment(lexeme):
            continue
        if lexeme.isspace():
            if out and out[-1] not in (" ", "("):
                out.append(" ")
            continue
        if lexeme in (")", ",") and out and out[-1] == " ":
            out.pop()
        out.append(lexeme)
    return "".join(out).strip()


def _is_comment(lexeme: str) -> bool:
    return lexeme.startswith("--") or lexeme.startswith("/*")


def _item_lines(items: list[list[str]]) -> list[str]:
    """Each item's definition on its own line; a comment written after an item's comma belongs to it."""
    parsed: list[tuple[list[str], str, list[str]]] = []   # (comment lines above, definition, comments after)
    for lexemes in items:
        above: list[str] = []
        after: list[str] = []
        code: list[str] = []
        on_comma_line = True        # still on the line of the comma that ended the previous item
        for lexeme in lexemes:
            if _is_comment(lexeme):
                text = " ".join(lexeme.split())
                if any(not part.isspace() for part in code):
                    after.append(text)
                elif on_comma_line and parsed:
                    parsed[-1][2].append(text)
                else:
                    above.append(text)
            else:
                on_comma_line = on_comma_line and "\n" not in lexeme
                code.append(lexeme)
        parsed.append((above, _squeeze(code), after))
    lines = []
    for number, (above, definition, after) in enumerate(parsed):
        comma = "," if number < len(parsed) - 1 else ""
        lines += [f"    {comment}" for comment in above]
        lines.append(f"    {definition}{comma}" + (f"  {' '.join(after)}" if after else ""))
    return lines


def render(conn: sqlite3.Connection, history: _History | None = None, version_note: str = "") -> str:
    """The schema of ``conn`` as the text of db/schema.sql."""
    shadow = _shadow_tables(conn)
    objects = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables = sorted((name for kind, name, _t, _s in objects if kind == "table" and name not in shadow),
                    key=lambda name: (name != BOOKKEEPING_TABLE, name))
    views = sorted(name for kind, name, _t, _s in objects if kind == "view")
    sql_of = {name: sql for _k, name, _t, sql in objects}
    attached: dict[str, list[tuple[str, str]]] = {}
    for kind, name, table, _sql in objects:
        if kind in ("index", "trigger"):
            attached.setdefault(table, []).append((kind, name))
    lines = [
        "-- DutyRoom database schema" + (f", {version_note}" if version_note else "") + ".",
        "-- GENERATED, do not edit: what the migrations in db/ make of an empty file, written down for reading",
        "-- (the migrations stay the truth). After adding or changing a migration, regenerate it with",
        f"--     {REGENERATE}",
        "-- tests/test_schema_file.py fails while this file differs from what the migrations make.",
        "-- Left out: SQLite's own tables (sqlite_*) and the shadow tables that keep each FTS5 index.",
    ]
    for name in [*tables, *views]:
        lines.append("")
        if name == BOOKKEEPING_TABLE:
            lines.append("-- the migrations' own bookkeeping: one row per migration applied (dutyroom/store/migrations.py)")
        elif history and name in history.created:
            lines += history.notes(name)
        sql = sql_of[name]
        is_plain_table = name in tables and sql.upper().startswith("CREATE TABLE")
        lines.append((format_create_table(sql) if is_plain_table else _tidy(sql)) + ";")
        if name in tables and not is_plain_table:
            lines += _virtual_table_options(conn, name)
        for _kind, child in sorted(attached.get(name, []), key=lambda item: (item[0], item[1])):
            lines.append(_tidy(sql_of[child]) + ";")
    return "\n".join(lines) + "\n"


def _tidy(sql: str) -> str:
    return "\n".join(line.rstrip() for line in sql.strip().splitlines())


def _virtual_table_options(conn: sqlite3.Connection, name: str) -> list[str]:
    """Options a migration set on an FTS5 table (kept in its config shadow table)."""
    try:
        rows = conn.execute(f'SELECT k, v FROM "{name}_config" WHERE k <> \'version\' ORDER BY k').fetchall()
    except sqlite3.OperationalError:
        return []
    return [f"-- {name} option: {key} = {value}" for key, value in rows]


def generate(migrations_dir: Path | None = None) -> str:
    """Apply every migration, one at a time, to an empty file and render the result."""
    known = mig.available(migrations_dir)
    history = _History()
    with tempfile.TemporaryDirectory(prefix="dutyroom-schema-") as folder:
        conn = sqlite3.connect(Path(folder) / "schema.sqlite3", isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            before: dict[str, str] = {}
            for migration in known:
                mig.apply(conn, known, stop_before=migration.number + 1)
                after = _tables(conn)
                history.record(migration.label, before, after)
                history.read_comments(migration)
                before = after
            first, last = (known[0].label, known[-1].label) if known else ("", "")
            note = f"version {len(known)} (migrations {first} … {last})" if known else "no migrations"
            return render(conn, history, note)
        finally:
            conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dutyroom.store.schema",
                                     description="Write db/schema.sql from the migrations.")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    target = schema_file()
    text = generate()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(f"{target} is out of date; regenerate it with {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
