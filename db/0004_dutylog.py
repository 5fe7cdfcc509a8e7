"""Duty log (issue 5): typed entries with their own fields and revision history, pending items carried from
shift to shift, leader instructions in force, entry templates, handovers with the incoming shift's
acknowledgements, daily reports, and a bigram full-text index for Chinese search.

A Python migration because the full-text index of entries already written is built with the Python
tokenizer. The tokenizer is frozen below as it was when this migration was written (a copy of the parts of
dutyroom/dutylog/textindex.py it needs, at commit 4d8dcac): a migration must mean the same thing whenever
it runs, so it never imports the live app code. The index is contentless and the app removes an entry's
old tokens by recomputing them, so the live tokenizer must keep producing exactly these tokens for as long
as no later migration rebuilds the index; tests/test_migrations.py checks that.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable

SCHEMA = """
ALTER TABLE duty_log_entry ADD COLUMN fields_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE duty_log_entry ADD COLUMN counterpart TEXT NOT NULL DEFAULT '';
ALTER TABLE duty_log_entry ADD COLUMN person_id INTEGER REFERENCES person(id);
ALTER TABLE duty_log_entry ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE duty_log_entry ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE duty_log_entry ADD COLUMN updated_at TEXT;
CREATE INDEX duty_log_entry_time ON duty_log_entry(occurred_at);
CREATE INDEX duty_log_entry_kind ON duty_log_entry(kind, duty_date);
CREATE INDEX duty_log_entry_person ON duty_log_entry(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX duty_log_entry_source ON duty_log_entry(source) WHERE source <> '';

-- Each earlier version of an entry, kept when it is corrected (before the shift closes) or amended
-- (after): the entry row always holds the current version.
CREATE TABLE duty_log_revision (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES duty_log_entry(id),
    revision INTEGER NOT NULL,             -- the version kept here (0 = as first recorded)
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    counterpart TEXT NOT NULL,
    person_id INTEGER,
    written_at TEXT NOT NULL,              -- when that version was written
    written_by_name TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by INTEGER REFERENCES account(id),
    replaced_by_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    amendment INTEGER NOT NULL DEFAULT 0 CHECK (amendment IN (0, 1)),   -- 1: after the shift was closed
    UNIQUE (entry_id, revision)
);

-- 待办 (未办结事项): open until closed with a result; every shift sees it until then.
CREATE TABLE pending_item (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER REFERENCES duty_log_entry(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    detail TEXT NOT NULL DEFAULT '',
    due_at TEXT,
    raised_shift TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    raised_by INTEGER REFERENCES account(id),
    raised_by_name TEXT NOT NULL,
    closed_at TEXT,
    closed_by INTEGER REFERENCES account(id),
    closed_by_name TEXT,
    result TEXT,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK ((closed_at IS NULL) = (result IS NULL))
);
CREATE INDEX pending_item_open ON pending_item(raised_at) WHERE closed_at IS NULL AND voided_at IS NULL;
CREATE INDEX pending_item_entry ON pending_item(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX pending_item_closed ON pending_item(closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE pending_note (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES pending_item(id),
    at TEXT NOT NULL,
    duty_date TEXT NOT NULL,
    written_by INTEGER REFERENCES account(id),
    written_by_name TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
);
CREATE INDEX pending_note_item ON pending_note(item_id, at);

-- A leader instruction (领导批示 entry) stays in force until its deadline or until it is lifted.
CREATE TABLE instruction_lift (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL UNIQUE REFERENCES duty_log_entry(id),
    lifted_at TEXT NOT NULL,
    lifted_by INTEGER REFERENCES account(id),
    lifted_by_name TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);

-- Templates for frequent entries (built-in ones come from resources/dutylog/templates.json).
CREATE TABLE log_template (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    fields_json TEXT NOT NULL DEFAULT '{}',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);

-- 交接班: the outgoing shift confirms its sheet, the incoming shift acknowledges each open item and accepts.
CREATE TABLE handover (
    id INTEGER PRIMARY KEY,
    outgoing_date TEXT NOT NULL,
    shift TEXT NOT NULL DEFAULT 'full',
    incoming_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'accepted')),
    sheet_json TEXT NOT NULL,
    equipment_json TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    outgoing_by INTEGER REFERENCES account(id),
    outgoing_name TEXT NOT NULL,
    confirmed_at TEXT NOT NULL,
    incoming_by INTEGER REFERENCES account(id),
    incoming_name TEXT,
    accepted_at TEXT,
    leader_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK ((status = 'accepted') = (accepted_at IS NOT NULL))
);
CREATE UNIQUE INDEX handover_outgoing ON handover(outgoing_date, shift) WHERE voided_at IS NULL;
CREATE INDEX handover_closed ON handover(outgoing_date) WHERE status = 'accepted' AND voided_at IS NULL;

CREATE TABLE handover_ack (
    id INTEGER PRIMARY KEY,
    handover_id INTEGER NOT NULL REFERENCES handover(id),
    item_key TEXT NOT NULL,
    label TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    acknowledged_by INTEGER REFERENCES account(id),
    acknowledged_by_name TEXT NOT NULL,
    UNIQUE (handover_id, item_key)
);

-- 值班日报 / 零报告 of a duty date: drafted from the data, edited by the officer.
CREATE TABLE daily_report (
    id INTEGER PRIMARY KEY,
    report_date TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    zero_report INTEGER NOT NULL DEFAULT 0 CHECK (zero_report IN (0, 1)),
    revision INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES account(id),
    updated_by_name TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX daily_report_date ON daily_report(report_date) WHERE voided_at IS NULL;
"""


# -- tokenizer, frozen (see the module docstring) ----------------------------------------------------------

SEPARATOR = "|"
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '|'"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_CJK}]+)|([0-9a-z]+)|([^{_CJK}0-9a-z]+)")
WHO_FIELDS = ("unit", "name", "title", "phone", "from_unit", "issuer", "leader", "checker_unit", "checker_name",
              "answered_by", "source", "targets", "relay_to")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for hanzi, word, gap in _RUNS.findall(normalize(text)):
        if gap:
            if out and out[-1] != SEPARATOR:
                out.append(SEPARATOR)
        elif word:
            out.append(word)
        elif len(hanzi) == 1:
            out.append(hanzi)
        else:
            out.extend(hanzi[i:i + 2] for i in range(len(hanzi) - 1))
    while out and out[-1] == SEPARATOR:
        out.pop()
    return out


def index_text(parts: Iterable[str]) -> str:
    stream: list[str] = []
    for part in parts:
        found = tokens(part)
        if found:
            if stream:
                stream.append(SEPARATOR)
            stream.extend(found)
    return " ".join(stream)


def distinct_hanzi(parts: Iterable[str]) -> str:
    seen: dict[str, None] = {}
    for part in parts:
        for hanzi, _word, _gap in _RUNS.findall(normalize(part)):
            for char in hanzi:
                seen.setdefault(char, None)
    return " ".join(seen)


def entry_index_text(row: dict) -> tuple[str, str, str]:
    """The indexed columns of a duty-log entry row: body, chars (each hanzi once), who."""
    fields = json.loads(row.get("fields_json") or "{}")
    values = [str(v) for v in fields.values() if isinstance(v, str)]
    parts = (row["summary"], row.get("detail") or "", row.get("counterpart") or "", *values,
             row.get("recorded_by_name") or "")
    who = (row.get("counterpart") or "", row.get("recorded_by_name") or "",
           *(str(fields[k]) for k in WHO_FIELDS if isinstance(fields.get(k), str)))
    return index_text(parts), distinct_hanzi(parts), index_text(who)


def statements(script: str) -> list[str]:
    """The statements of an SQL script, comment lines between them left out."""
    found, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current.strip() and line.strip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():
        raise RuntimeError(f"incomplete SQL statement at the end of migration 0004: {current.strip()[:80]}")
    return found


def migrate(conn: sqlite3.Connection) -> None:
    for statement in statements(SCHEMA):
        conn.execute(statement)
    conn.execute(f'CREATE VIRTUAL TABLE duty_log_fts USING fts5(body, chars, who, content="", tokenize="{FTS_TOKENIZER}")')
    # Segments are merged in the background (dutyroom.dutylog.maintenance), never by an insert: an
    # automatic merge on a ten-year index costs 40-240 ms, which the person typing an entry would wait for.
    conn.execute("INSERT INTO duty_log_fts(duty_log_fts, rank) VALUES ('automerge', 0)")
    conn.execute("INSERT INTO duty_log_fts(duty_log_fts, rank) VALUES ('crisismerge', 64)")
    rows = conn.execute("SELECT * FROM duty_log_entry").fetchall()
    conn.executemany("INSERT INTO duty_log_fts(rowid, body, chars, who) VALUES (?, ?, ?, ?)",
                     [(row["id"], *entry_index_text(dict(row))) for row in rows])
