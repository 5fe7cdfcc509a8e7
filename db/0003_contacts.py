"""The contact tree (通讯录): search keys, tags, A/B backup, away status, verification, groups, desk phones.

Persons and units stay the foundation's one model; this adds columns and side tables, then computes the
pinyin search keys of every name already in the file.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    # Pinyin search keys, written together with the name (see dutyroom/contacts/pinyin.py).
    "ALTER TABLE person ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE person ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''",
    # A/B角: whom to call when this person cannot be reached.
    "ALTER TABLE person ADD COLUMN backup_person_id INTEGER REFERENCES person(id)",
    # 外出报备: away from .. until (dates, inclusive) and where / why.
    "ALTER TABLE person ADD COLUMN away_from TEXT",
    "ALTER TABLE person ADD COLUMN away_until TEXT",
    "ALTER TABLE person ADD COLUMN away_note TEXT NOT NULL DEFAULT ''",
    # Last verification of the entry: date (YYYY-MM-DD), by whom (account name), how.
    "ALTER TABLE person ADD COLUMN verified_on TEXT",
    "ALTER TABLE person ADD COLUMN verified_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE person ADD COLUMN verified_how TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN verified_on TEXT",
    "ALTER TABLE org_unit ADD COLUMN verified_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN verified_how TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE person_tag (
        person_id INTEGER NOT NULL REFERENCES person(id),
        tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
        sort_order INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person_id, tag)
    ) WITHOUT ROWID""",
    "CREATE INDEX person_tag_tag ON person_tag(tag)",
    # Named lists of persons for the warning relay: fixed members, a rule (tags / units / unit kinds), or both.
    """CREATE TABLE contact_group (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        rule_json TEXT,
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        voided_at TEXT,
        void_reason TEXT
    )""",
    "CREATE UNIQUE INDEX contact_group_name ON contact_group(name) WHERE voided_at IS NULL",
    """CREATE TABLE contact_group_member (
        group_id INTEGER NOT NULL REFERENCES contact_group(id),
        person_id INTEGER NOT NULL REFERENCES person(id),
        sort_order INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_id, person_id)
    ) WITHOUT ROWID""",
    # 值班台常用电话: the numbers the office puts on the duty desk. A line linked to a person or a unit
    # shows that record's current number; otherwise its own.
    """CREATE TABLE desk_phone (
        id INTEGER PRIMARY KEY,
        section TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL CHECK (length(trim(label)) > 0),
        number TEXT NOT NULL DEFAULT '',
        person_id INTEGER REFERENCES person(id),
        unit_id INTEGER REFERENCES org_unit(id),
        note TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        voided_at TEXT,
        void_reason TEXT,
        CHECK (number <> '' OR person_id IS NOT NULL OR unit_id IS NOT NULL)
    )""",
    "CREATE INDEX person_backup ON person(backup_person_id) WHERE backup_person_id IS NOT NULL",
)


def migrate(conn: sqlite3.Connection) -> None:
    from dutyroom.contacts.pinyin import name_keys, text_keys

    for statement in STATEMENTS:
        conn.execute(statement)
    for table, keys in (("person", name_keys), ("org_unit", text_keys)):
        rows = conn.execute(f"SELECT id, name FROM {table}").fetchall()
        for row_id, name in rows:
            found = keys(name)
            conn.execute(f"UPDATE {table} SET name_initials = ?, name_pinyin = ? WHERE id = ?",
                         (found.initials, found.pinyin, row_id))
