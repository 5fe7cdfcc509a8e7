-- DutyRoom base schema: settings, audit trail, org units and persons, accounts,
-- roster assignments read by the today board, and the first duty-log table.
-- Rows are never deleted: they are voided (voided_at + void_reason).

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,               -- JSON
    updated_at TEXT NOT NULL
);

-- Hash-chained audit trail: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,                  -- account id; NULL for the system
    actor_name TEXT NOT NULL,
    op TEXT NOT NULL,                  -- e.g. person.create
    entity TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计记录不可修改');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计记录不可删除');
END;

-- The newest chain link, written in the same transaction as each audit row, so that cutting rows
-- off the end of the chain is detectable too.
CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);

CREATE TABLE org_unit (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES org_unit(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL,
    duty_phone TEXT NOT NULL DEFAULT '',
    fax TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX org_unit_parent ON org_unit(parent_id, sort_order);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit_id INTEGER REFERENCES org_unit(id),
    position TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    is_staff INTEGER NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),   -- bureau staff who can be rostered
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX person_unit ON person(unit_id, sort_order);
CREATE INDEX person_staff ON person(is_staff) WHERE is_staff = 1;

CREATE TABLE person_phone (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,                -- mobile, office, duty, short, satellite, fax
    number TEXT NOT NULL CHECK (length(number) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_phone_person ON person_phone(person_id, sort_order);

CREATE TABLE person_duty_role (
    person_id INTEGER NOT NULL REFERENCES person(id),
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    person_id INTEGER REFERENCES person(id),
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_login_at TEXT,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX account_username ON account(username COLLATE NOCASE);

CREATE TABLE account_role (
    account_id INTEGER NOT NULL REFERENCES account(id),
    role TEXT NOT NULL CHECK (role IN ('officer', 'chief', 'leader', 'office', 'admin')),
    PRIMARY KEY (account_id, role)
) WITHOUT ROWID;

-- Failed-login counters per typed user name (known or not), to slow down guessing.
CREATE TABLE login_state (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at TEXT
);

-- Who holds which slot of which shift. The roster planner writes these; 今日值班 reads them.
CREATE TABLE duty_assignment (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,           -- date the shift starts, YYYY-MM-DD
    shift TEXT NOT NULL DEFAULT 'full',
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    person_id INTEGER NOT NULL REFERENCES person(id),
    source TEXT NOT NULL DEFAULT 'manual',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX duty_assignment_slot ON duty_assignment(duty_date, shift, role, position)
    WHERE voided_at IS NULL;
CREATE INDEX duty_assignment_person ON duty_assignment(person_id, duty_date);

CREATE TABLE duty_log_entry (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,           -- shift the entry belongs to
    occurred_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    detail TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX duty_log_entry_shift ON duty_log_entry(duty_date, occurred_at);
