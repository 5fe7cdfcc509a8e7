-- DutyRoom database schema, version 13 (migrations 0001_base … 0013_roster_wishes).
-- GENERATED, do not edit: what the migrations in db/ make of an empty file, written down for reading
-- (the migrations stay the truth). After adding or changing a migration, regenerate it with
--     python -m dutyroom.store.schema (or: make schema)
-- tests/test_schema_file.py fails while this file differs from what the migrations make.
-- Left out: SQLite's own tables (sqlite_*) and the shadow tables that keep each FTS5 index.

-- the migrations' own bookkeeping: one row per migration applied (dutyroom/store/migrations.py)
CREATE TABLE schema_migration (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
);

-- created by 0001_base
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

-- created by 0001_base
CREATE TABLE account_role (
    account_id INTEGER NOT NULL REFERENCES account(id),
    role TEXT NOT NULL CHECK (role IN ('officer', 'chief', 'leader', 'office', 'admin')),
    PRIMARY KEY (account_id, role)
) WITHOUT ROWID;

-- Audit positions (第N条 + the first hex digits of that row's hash) the administrator read from paper — a
-- printed 交接班记录 or 值班日报 — or another witness outside this file. audit verify checks every one.
-- created by 0011_record_digests
CREATE TABLE audit_anchor (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    hash_prefix TEXT NOT NULL CHECK (length(hash_prefix) BETWEEN 16 AND 64 AND hash_prefix NOT GLOB '*[^0-9a-f]*'),
    source TEXT NOT NULL CHECK (length(trim(source)) > 0),  -- where it was read, e.g. 2026-12-03 交接班记录
    entered_at TEXT NOT NULL,
    entered_by INTEGER REFERENCES account(id),
    entered_by_name TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX audit_anchor_position ON audit_anchor(seq, hash_prefix) WHERE voided_at IS NULL;

-- The newest chain link, written in the same transaction as each audit row, so that cutting rows
-- off the end of the chain is detectable too.
-- created by 0001_base
CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);

-- Hash-chained audit trail: each row's hash covers its content and the previous row's hash.
-- created by 0001_base; altered by 0011_record_digests
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,  -- account id; NULL for the system
    actor_name TEXT NOT NULL,
    op TEXT NOT NULL,  -- e.g. person.create
    entity TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    record_digest TEXT  /* sha256 of the row's audit_record entries; NULL before */
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计记录不可删除');
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计记录不可修改');
END;

-- The records an audit row wrote: which row (the JSON array of its primary key) and a digest of all its
-- values as the transaction left it (NULL: the row no longer exists). audit verify recomputes each current
-- record and compares it with the latest of these.
-- created by 0011_record_digests
CREATE TABLE audit_record (
    audit_id INTEGER NOT NULL,  -- the audit_log row
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    digest TEXT,
    PRIMARY KEY (audit_id, tbl, row_key)
) WITHOUT ROWID;
CREATE INDEX audit_record_latest ON audit_record(tbl, row_key, audit_id, digest);
CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN
    SELECT RAISE(ABORT, '审计记录不可删除');
END;
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN
    SELECT RAISE(ABORT, '审计记录不可修改');
END;

-- A mark that every change to the contact tree renews, whoever writes it (operations, imports, later
-- migrations): the saved copy of the contact search index is valid only for the mark it was made at. The
-- mark is random, so a data file restored from a backup and changed again can never match an old copy.
-- created by 0006_contacts_change_mark
CREATE TABLE change_mark (
    area TEXT PRIMARY KEY,
    changes INTEGER NOT NULL DEFAULT 0,
    mark TEXT NOT NULL
);

-- created by 0003_contacts
CREATE TABLE contact_group (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    rule_json TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX contact_group_name ON contact_group(name) WHERE voided_at IS NULL;

-- created by 0003_contacts
CREATE TABLE contact_group_member (
    group_id INTEGER NOT NULL REFERENCES contact_group(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    sort_order INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;

-- 值班日报 / 零报告 of a duty date: drafted from the data, edited by the officer.
-- created by 0004_dutylog
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

-- created by 0003_contacts
CREATE TABLE desk_phone (
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
);

-- Who holds which slot of which shift. The roster planner writes these; 今日值班 reads them.
-- created by 0001_base; altered by 0002_roster, 0009_roster_import
CREATE TABLE duty_assignment (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,  -- date the shift starts, YYYY-MM-DD
    shift TEXT NOT NULL DEFAULT 'full',
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
    person_id INTEGER NOT NULL REFERENCES person(id),
    source TEXT NOT NULL DEFAULT 'manual',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    roster_version_id INTEGER REFERENCES roster_version(id),
    change_id INTEGER REFERENCES roster_change(id),
    import_id INTEGER REFERENCES roster_import(id)
);
CREATE INDEX duty_assignment_import ON duty_assignment(import_id) WHERE import_id IS NOT NULL;
CREATE INDEX duty_assignment_person ON duty_assignment(person_id, duty_date);
CREATE UNIQUE INDEX duty_assignment_slot ON duty_assignment(duty_date, shift, role, position)
    WHERE voided_at IS NULL;
CREATE INDEX duty_assignment_version ON duty_assignment(roster_version_id);

-- created by 0001_base; altered by 0004_dutylog
CREATE TABLE duty_log_entry (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,  -- shift the entry belongs to
    occurred_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    detail TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    fields_json TEXT NOT NULL DEFAULT '{}',
    counterpart TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES person(id),
    source TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE INDEX duty_log_entry_kind ON duty_log_entry(kind, duty_date);
CREATE INDEX duty_log_entry_person ON duty_log_entry(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX duty_log_entry_shift ON duty_log_entry(duty_date, occurred_at);
CREATE INDEX duty_log_entry_source ON duty_log_entry(source) WHERE source <> '';
CREATE INDEX duty_log_entry_time ON duty_log_entry(occurred_at);

-- created by 0004_dutylog
CREATE VIRTUAL TABLE duty_log_fts USING fts5(body, chars, who, content="", tokenize="unicode61 remove_diacritics 0 tokenchars '|'");
-- duty_log_fts option: automerge = 0
-- duty_log_fts option: crisismerge = 64

-- Each earlier version of an entry, kept when it is corrected (before the shift closes) or amended
-- (after): the entry row always holds the current version.
-- created by 0004_dutylog
CREATE TABLE duty_log_revision (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES duty_log_entry(id),
    revision INTEGER NOT NULL,  -- the version kept here (0 = as first recorded)
    kind TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    counterpart TEXT NOT NULL,
    person_id INTEGER,
    written_at TEXT NOT NULL,  -- when that version was written
    written_by_name TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by INTEGER REFERENCES account(id),
    replaced_by_name TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    amendment INTEGER NOT NULL DEFAULT 0 CHECK (amendment IN (0, 1)),  -- 1: after the shift was closed
    UNIQUE (entry_id, revision)
);

-- Digests of the files the app keeps beside the data file (the contact search index, *.contacts-index): a
-- file whose SHA-256 does not match the row is not used but rebuilt from the records, so editing it cannot
-- change what a search shows. Bookkeeping about a cache, not a record: written without an audit row, like
-- schema_migration and change_mark.
-- created by 0008_file_digest
CREATE TABLE file_digest (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- 交接班: the outgoing shift confirms its sheet, the incoming shift acknowledges each open item and accepts.
-- created by 0004_dutylog
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
CREATE INDEX handover_closed ON handover(outgoing_date) WHERE status = 'accepted' AND voided_at IS NULL;
CREATE UNIQUE INDEX handover_outgoing ON handover(outgoing_date, shift) WHERE voided_at IS NULL;

-- created by 0004_dutylog
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

-- created by 0002_roster
CREATE TABLE holiday_day (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES holiday_year(id),
    day TEXT NOT NULL,  -- YYYY-MM-DD
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),  -- 放假 / 调休上班
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)  -- 春节, 国庆节 …
);
CREATE UNIQUE INDEX holiday_day_unique ON holiday_day(year_id, day);

-- One year's official holiday arrangement as the office entered it (国务院办公厅 notice). The newest
-- active row of a year wins; its days override chinese-calendar for that year.
-- created by 0002_roster
CREATE TABLE holiday_year (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL DEFAULT '',  -- e.g. 国办发明电〔2026〕×号
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX holiday_year_active ON holiday_year(year) WHERE voided_at IS NULL;

-- created by 0005_incidents
CREATE TABLE incident (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,  -- 接报 year; serial counts within it
    serial INTEGER NOT NULL CHECK (serial >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    title_custom INTEGER NOT NULL DEFAULT 0 CHECK (title_custom IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    received_at TEXT NOT NULL,
    occurred_at TEXT NOT NULL CHECK (occurred_at <= received_at),
    category TEXT NOT NULL,
    subtype TEXT NOT NULL DEFAULT '',
    township_id INTEGER REFERENCES org_unit(id),
    place TEXT NOT NULL DEFAULT '',  -- 乡镇 村 详细地点, as printed
    dead INTEGER NOT NULL DEFAULT 0 CHECK (dead >= 0),
    missing INTEGER NOT NULL DEFAULT 0 CHECK (missing >= 0),
    serious_injuries INTEGER NOT NULL DEFAULT 0 CHECK (serious_injuries >= 0),
    injured INTEGER NOT NULL DEFAULT 0 CHECK (injured >= 0),
    trapped INTEGER NOT NULL DEFAULT 0 CHECK (trapped >= 0),
    at_risk INTEGER NOT NULL DEFAULT 0 CHECK (at_risk >= 0),
    evacuated INTEGER NOT NULL DEFAULT 0 CHECK (evacuated >= 0),
    loss_yuan INTEGER NOT NULL DEFAULT 0 CHECK (loss_yuan >= 0),
    computed_grade TEXT NOT NULL CHECK (computed_grade IN ('I', 'II', 'III', 'IV')),
    grade TEXT NOT NULL CHECK (grade IN ('I', 'II', 'III', 'IV')),  -- in force: computed or overridden
    grade_override_reason TEXT,  -- set while a person's decision overrides the computed grade
    level TEXT NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),  -- reporting level (grade raised by flags)
    flags TEXT NOT NULL DEFAULT '',  -- flag keys, comma separated
    grading_json TEXT NOT NULL,  -- reasons and flag reasons as shown
    must_report INTEGER NOT NULL DEFAULT 0 CHECK (must_report IN (0, 1)),
    rule_set_id INTEGER REFERENCES rule_set(id),
    facts_json TEXT NOT NULL,  -- every intake field, keyed as the form definition names it
    search_text TEXT NOT NULL DEFAULT '',
    next_due_at TEXT,  -- earliest open obligation, for the list and the clocks
    next_due_label TEXT,
    open_obligations INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT,
    close_note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER REFERENCES account(id),
    created_by_name TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    UNIQUE (year, serial)
);
CREATE INDEX incident_category ON incident(category, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_grade ON incident(grade, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_next_due ON incident(coalesce(next_due_at, '9999-12-31')) WHERE voided_at IS NULL;
CREATE INDEX incident_number ON incident(year, serial) WHERE voided_at IS NULL;
CREATE INDEX incident_place ON incident(place) WHERE voided_at IS NULL;
CREATE INDEX incident_received ON incident(received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_status ON incident(status, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_title ON incident(title) WHERE voided_at IS NULL;

-- Every call about an incident; each is also a duty-log entry (log_entry_id).
-- created by 0005_incidents
CREATE TABLE incident_call (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    received_at TEXT NOT NULL,
    channel TEXT NOT NULL,
    reporter_unit TEXT NOT NULL DEFAULT '',
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_phone TEXT NOT NULL DEFAULT '',
    reporter_person_id INTEGER REFERENCES person(id),
    summary TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    changes_json TEXT NOT NULL DEFAULT '[]',  -- the facts this call changed: [[field, before, after], …]
    log_entry_id INTEGER REFERENCES duty_log_entry(id),
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX incident_call_incident ON incident_call(incident_id, received_at);

-- Text search: single hanzi, hanzi pairs and Latin/digit words of each incident (dutyroom/incidents/search.py).
-- created by 0005_incidents
CREATE VIRTUAL TABLE incident_fts USING fts5(uni, bi, word);

-- What must be done by when. Recurring steps (续报) get one row per instance.
-- created by 0005_incidents
CREATE TABLE incident_obligation (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    step TEXT NOT NULL,
    label TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 1,
    level TEXT NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
    meet TEXT NOT NULL,  -- act, report:initial, disaster:followup, …
    how TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    recurring INTEGER NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
    window_start TEXT NOT NULL,
    due_at TEXT NOT NULL,
    rule_text TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',  -- e.g. what an upper level asked to verify
    rule_set_id INTEGER REFERENCES rule_set(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'waived', 'superseded')),
    planned_at TEXT NOT NULL,
    met_at TEXT,
    met_by INTEGER REFERENCES account(id),
    met_by_name TEXT,
    met_how TEXT,
    met_to TEXT,
    met_note TEXT,
    report_id INTEGER REFERENCES incident_report(id),
    ended_at TEXT,  -- waived or superseded: when, by whom, why
    ended_by_name TEXT,
    ended_reason TEXT,
    CHECK (status <> 'met' OR (met_at IS NOT NULL AND met_by_name IS NOT NULL AND met_how IS NOT NULL AND met_to IS NOT NULL)),
    CHECK (status NOT IN ('waived', 'superseded') OR (ended_at IS NOT NULL AND ended_reason IS NOT NULL))
);
CREATE INDEX incident_obligation_due ON incident_obligation(due_at, status);
CREATE INDEX incident_obligation_incident ON incident_obligation(incident_id, due_at);
CREATE INDEX incident_obligation_open ON incident_obligation(due_at) WHERE status = 'open';

-- created by 0005_incidents
CREATE TABLE incident_report (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    form TEXT NOT NULL CHECK (form IN ('special', 'disaster')),  -- 信息专报 / 灾情报告
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'followup', 'final', 'verification')),
    seq INTEGER NOT NULL DEFAULT 1,  -- 续报一、续报二 …; 核报一 …
    title TEXT NOT NULL,
    addressee TEXT NOT NULL DEFAULT '',  -- 主送
    body_json TEXT NOT NULL,  -- values of the report form's fields
    facts_json TEXT NOT NULL,  -- the incident's facts when drafted: what the print shows
    previous_id INTEGER REFERENCES incident_report(id),  -- changes are counted from this report
    corrects_id INTEGER REFERENCES incident_report(id),  -- a correction of a sent report
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'sent')),
    drafted_by INTEGER REFERENCES account(id),
    drafted_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    signed_by INTEGER REFERENCES account(id),
    signed_by_name TEXT,
    signed_at TEXT,
    signed_on_duty INTEGER,  -- was the signer the rostered leader of that shift
    issue_year INTEGER,
    issue_no INTEGER,  -- 第N期, given at sign-off
    sent_at TEXT,
    sent_by INTEGER REFERENCES account(id),
    sent_by_name TEXT,
    sent_to TEXT,
    sent_channel TEXT,
    confirmed_at TEXT,  -- receipt confirmed by phone
    confirmed_by_name TEXT,
    confirmed_with TEXT,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (status = 'draft' OR (signed_at IS NOT NULL AND signed_by_name IS NOT NULL AND issue_no IS NOT NULL)),
    CHECK (status <> 'sent' OR (sent_at IS NOT NULL AND sent_to IS NOT NULL AND sent_channel IS NOT NULL))
);
CREATE INDEX incident_report_incident ON incident_report(incident_id, form, kind, seq);
CREATE UNIQUE INDEX incident_report_issue ON incident_report(form, issue_year, issue_no) WHERE issue_no IS NOT NULL;
CREATE TRIGGER incident_report_confirmed_once
BEFORE UPDATE OF confirmed_at, confirmed_by_name, confirmed_with ON incident_report
WHEN OLD.status <> 'sent' OR OLD.confirmed_at IS NOT NULL OR OLD.confirmed_by_name IS NOT NULL
    OR OLD.confirmed_with IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, '接收确认只能在报送后登记一次，登记后不可更改');
END;
CREATE TRIGGER incident_report_never_deleted BEFORE DELETE ON incident_report
BEGIN
    SELECT RAISE(ABORT, '报告不可删除；未报送的报告可填写原因作废');
END;
CREATE TRIGGER incident_report_sent_is_final
BEFORE UPDATE OF id, incident_id, form, kind, seq, title, addressee, body_json, facts_json, previous_id, corrects_id,
    status, drafted_by, drafted_by_name, created_at, updated_at, signed_by, signed_by_name, signed_at,
    signed_on_duty, issue_year, issue_no, sent_at, sent_by, sent_by_name, sent_to, sent_channel, voided_at,
    void_reason ON incident_report
WHEN OLD.status = 'sent'
BEGIN
    SELECT RAISE(ABORT, '已报送的报告不可修改；如需更正，请另起一份更正报告');
END;

-- A leader instruction (领导批示 entry) stays in force until its deadline or until it is lifted.
-- created by 0004_dutylog
CREATE TABLE instruction_lift (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL UNIQUE REFERENCES duty_log_entry(id),
    lifted_at TEXT NOT NULL,
    lifted_by INTEGER REFERENCES account(id),
    lifted_by_name TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);

-- created by 0012_leave_requests
CREATE TABLE leave_duty (
    id INTEGER PRIMARY KEY,
    leave_request_id INTEGER NOT NULL REFERENCES leave_request(id),
    assignment_id INTEGER NOT NULL REFERENCES duty_assignment(id),
    change_id INTEGER REFERENCES roster_change(id),  -- the proposed 代班, when someone was free
    substitute_id INTEGER REFERENCES person(id),
    note TEXT NOT NULL DEFAULT '',  -- why no 代班 could be proposed
    created_at TEXT NOT NULL
);
CREATE INDEX leave_duty_request ON leave_duty(leave_request_id);

-- Leave from the staff side (issue 17): a person asks for 请假/出差/培训 or 补休 on 我的值班; the office approves
-- or refuses. Approving writes the roster_absence the roster already knows (absence_id), and each published
-- duty the leave hits is recorded in leave_duty with the 代班 proposed for it (a pending roster_change), or
-- with why nobody could be proposed. 补休 taken is a comp_leave request approved (or entered by the office),
-- its days counted against the 补休 owed. Nothing is deleted: requests are withdrawn, refused or cancelled
-- with a reason.
-- created by 0012_leave_requests
CREATE TABLE leave_request (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL CHECK (kind IN ('leave', 'trip', 'training', 'comp_leave')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    days REAL NOT NULL DEFAULT 0 CHECK (days >= 0),  -- 补休 days taken (workdays in the range); 0 otherwise
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn', 'cancelled')),
    requested_by INTEGER REFERENCES account(id),
    requested_by_name TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by_name TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    absence_id INTEGER REFERENCES roster_absence(id),
    CHECK (end_date >= start_date)
);
CREATE INDEX leave_request_person ON leave_request(person_id, start_date);
CREATE INDEX leave_request_status ON leave_request(status, start_date);

-- Templates for frequent entries (built-in ones come from resources/dutylog/templates.json).
-- created by 0004_dutylog
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

-- Failed logins: a typed name that is no account is counted under a keyed hash of it, never as typed (a
-- password typed into the name box must not stay in the file). This file's random key:
-- created by 0011_record_digests
CREATE TABLE login_salt (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    salt TEXT NOT NULL
);

-- Failed-login counters per typed user name (known or not), to slow down guessing.
-- created by 0001_base
CREATE TABLE login_state (
    username TEXT PRIMARY KEY COLLATE NOCASE,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at TEXT
);

-- A duty officer acknowledged the alarm of an obligation (5 minutes left / overdue): who, when.
-- created by 0005_incidents
CREATE TABLE obligation_alert (
    id INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES incident_obligation(id),
    stage TEXT NOT NULL CHECK (stage IN ('soon', 'overdue')),
    acked_at TEXT NOT NULL,
    acked_by INTEGER REFERENCES account(id),
    acked_by_name TEXT NOT NULL,
    UNIQUE (obligation_id, stage)
);

-- created by 0001_base; altered by 0003_contacts
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
    name_initials TEXT NOT NULL DEFAULT '',
    name_pinyin TEXT NOT NULL DEFAULT '',
    verified_on TEXT,
    verified_by TEXT NOT NULL DEFAULT '',
    verified_how TEXT NOT NULL DEFAULT '',
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX org_unit_parent ON org_unit(parent_id, sort_order);
CREATE TRIGGER org_unit_delete_marks AFTER DELETE ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER org_unit_insert_marks AFTER INSERT ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER org_unit_update_marks AFTER UPDATE ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

-- 待办 (未办结事项): open until closed with a result; every shift sees it until then.
-- created by 0004_dutylog
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
CREATE INDEX pending_item_closed ON pending_item(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX pending_item_entry ON pending_item(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX pending_item_open ON pending_item(raised_at) WHERE closed_at IS NULL AND voided_at IS NULL;

-- created by 0004_dutylog
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

-- created by 0001_base; altered by 0003_contacts
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    unit_id INTEGER REFERENCES org_unit(id),
    position TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    is_staff INTEGER NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),  -- bureau staff who can be rostered
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    name_initials TEXT NOT NULL DEFAULT '',
    name_pinyin TEXT NOT NULL DEFAULT '',
    backup_person_id INTEGER REFERENCES person(id),
    away_from TEXT,
    away_until TEXT,
    away_note TEXT NOT NULL DEFAULT '',
    verified_on TEXT,
    verified_by TEXT NOT NULL DEFAULT '',
    verified_how TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_backup ON person(backup_person_id) WHERE backup_person_id IS NOT NULL;
CREATE INDEX person_staff ON person(is_staff) WHERE is_staff = 1;
CREATE INDEX person_unit ON person(unit_id, sort_order);
CREATE TRIGGER person_delete_marks AFTER DELETE ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_insert_marks AFTER INSERT ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_update_marks AFTER UPDATE ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

-- created by 0001_base
CREATE TABLE person_duty_role (
    person_id INTEGER NOT NULL REFERENCES person(id),
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;

-- created by 0001_base
CREATE TABLE person_phone (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,  -- mobile, office, duty, short, satellite, fax
    number TEXT NOT NULL CHECK (length(number) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_phone_person ON person_phone(person_id, sort_order);
CREATE TRIGGER person_phone_delete_marks AFTER DELETE ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_phone_insert_marks AFTER INSERT ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_phone_update_marks AFTER UPDATE ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

-- created by 0003_contacts
CREATE TABLE person_tag (
    person_id INTEGER NOT NULL REFERENCES person(id),
    tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    sort_order INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, tag)
) WITHOUT ROWID;
CREATE INDEX person_tag_tag ON person_tag(tag);
CREATE TRIGGER person_tag_delete_marks AFTER DELETE ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_tag_insert_marks AFTER INSERT ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
CREATE TRIGGER person_tag_update_marks AFTER UPDATE ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

-- 请假 / 出差 / 培训 … as date ranges (both ends included).
-- created by 0002_roster
CREATE TABLE roster_absence (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (end_date >= start_date)
);
CREATE INDEX roster_absence_dates ON roster_absence(start_date, end_date);

-- 串班 (swap: two people exchange duties) and 代班 (substitution: someone covers), after publishing.
-- created by 0002_roster
CREATE TABLE roster_change (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('swap', 'substitution')),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'undone', 'withdrawn')),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    first_assignment_id INTEGER NOT NULL REFERENCES duty_assignment(id),
    second_assignment_id INTEGER REFERENCES duty_assignment(id),  -- swap: the other duty
    substitute_id INTEGER REFERENCES person(id),  -- substitution: who covers
    conflicts_json TEXT NOT NULL DEFAULT '[]',
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    undone_by TEXT,
    undone_at TEXT,
    undo_reason TEXT,
    CHECK ((kind = 'swap' AND second_assignment_id IS NOT NULL AND substitute_id IS NULL) OR (kind = 'substitution' AND second_assignment_id IS NULL AND substitute_id IS NOT NULL))
);
CREATE INDEX roster_change_status ON roster_change(status, requested_at);

-- The planner's working draft: one active row per slot. Pinned cells survive regeneration.
-- created by 0002_roster; altered by 0007_officer_split
CREATE TABLE roster_draft (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    position INTEGER NOT NULL CHECK (position >= 0),
    person_id INTEGER NOT NULL REFERENCES person(id),
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',  -- manual, engine, published, change
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    shift TEXT NOT NULL DEFAULT 'full' CHECK (shift IN ('full', 'day', 'night'))
);
CREATE INDEX roster_draft_person ON roster_draft(person_id, duty_date);
CREATE UNIQUE INDEX roster_draft_slot ON roster_draft(duty_date, role, shift, position) WHERE voided_at IS NULL;

-- Past rosters brought in from the county's Excel month tables (dutyroom roster import-history): each
-- import is one row here, its duties are duty_assignment rows with source 'import' that point back to it.
-- They count in the fairness ledger and the rotation exactly like published duties; voiding the import
-- voids its duties (nothing is deleted).
-- created by 0009_roster_import
CREATE TABLE roster_import (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    months TEXT NOT NULL,  -- "2026-09,2026-10": the month tables it came from
    duties INTEGER NOT NULL CHECK (duties >= 0),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (last_date >= first_date)
);

-- Two people kept apart: never on duty at the same time (the same day; 白班 and 夜班 do not overlap).
-- created by 0013_roster_wishes
CREATE TABLE roster_pair_apart (
    id INTEGER PRIMARY KEY,
    first_id INTEGER NOT NULL REFERENCES person(id),
    second_id INTEGER NOT NULL REFERENCES person(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (first_id < second_id)
);
CREATE UNIQUE INDEX roster_pair_apart_people ON roster_pair_apart(first_id, second_id) WHERE voided_at IS NULL;

-- 汛期 / 森林防火期 / 重要时段: date ranges that raise slot counts (slots_json: {"leader": 2, ...}).
-- created by 0002_roster
CREATE TABLE roster_period (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    slots_json TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (end_date >= start_date)
);

-- Per-person roster facts that the people model does not carry.
-- created by 0002_roster; altered by 0013_roster_wishes
CREATE TABLE roster_profile (
    person_id INTEGER PRIMARY KEY REFERENCES person(id),
    join_date TEXT,  -- first day the person may be rostered
    leave_date TEXT,  -- last day the person may be rostered
    no_night INTEGER NOT NULL DEFAULT 0 CHECK (no_night IN (0, 1)),
    max_per_month INTEGER CHECK (max_per_month IS NULL OR max_per_month >= 0),
    updated_at TEXT NOT NULL,
    new_officer INTEGER NOT NULL DEFAULT 0 CHECK (new_officer IN (0, 1))
);

-- A published roster for a date range. Publishing writes duty_assignment rows linked to it and
-- voids the rows it replaces; older versions stay as history.
-- created by 0002_roster
CREATE TABLE roster_version (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    quality_json TEXT NOT NULL DEFAULT '{}',
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    CHECK (last_date >= first_date)
);

-- A wish not to be on duty: weekdays "5,6" (ISO, 1 = 周一 … 7 = 周日) and/or dates "2027-01-15,2027-01-16".
-- created by 0013_roster_wishes
CREATE TABLE roster_wish (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    weekdays TEXT NOT NULL DEFAULT '',
    dates TEXT NOT NULL DEFAULT '',
    weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 10),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (weekdays <> '' OR dates <> '')
);
CREATE INDEX roster_wish_person ON roster_wish(person_id) WHERE voided_at IS NULL;

-- created by 0005_incidents
CREATE TABLE rule_activation (
    id INTEGER PRIMARY KEY,
    rule_set_id INTEGER NOT NULL REFERENCES rule_set(id),
    activated_at TEXT NOT NULL,
    activated_by_name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

-- Grading and deadline rules, one row per version; an activation row says from when a version applies.
-- created by 0005_incidents; altered by 0010_warnings
CREATE TABLE rule_set (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,  -- national, henan, or an administrator's own
    revision INTEGER NOT NULL CHECK (revision >= 1),
    name TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('shipped', 'admin')),
    body_json TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,  -- sha256 of the canonical body: one row per distinct rule text
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    family TEXT NOT NULL DEFAULT 'incidents',
    UNIQUE (key, revision)
);
CREATE INDEX rule_set_family ON rule_set(family, id);
CREATE TRIGGER rule_set_is_immutable BEFORE UPDATE ON rule_set
BEGIN
    SELECT RAISE(ABORT, '规则版本不可修改，请另存为新版本');
END;

-- created by 0001_base
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,  -- JSON
    updated_at TEXT NOT NULL
);

-- created by 0010_warnings
CREATE TABLE warning (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,  -- year received; serial counts within it
    serial INTEGER NOT NULL CHECK (serial >= 1),
    type TEXT NOT NULL,  -- as the type catalogue names it: 暴雨, 地质灾害, 上级通知 …
    level TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow', 'blue')),  -- in force (latest notice)
    source_unit TEXT NOT NULL CHECK (length(trim(source_unit)) > 0),
    issued_at TEXT NOT NULL,  -- as issued by the source
    valid_until TEXT,
    received_at TEXT NOT NULL,  -- when the duty room received it: the clocks start here
    content TEXT NOT NULL CHECK (length(trim(content)) > 0),
    measures TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lifted')),
    lifted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER REFERENCES account(id),
    created_by_name TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    UNIQUE (year, serial)
);
CREATE INDEX warning_received ON warning(received_at) WHERE voided_at IS NULL;

-- An alarm (a 叫应 clock near or past its time) seen: who and when; silences that stage of that clock.
-- created by 0010_warnings
CREATE TABLE warning_alarm_ack (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    clock TEXT NOT NULL,  -- 'all', 'leader' or 'target:<id>'
    stage TEXT NOT NULL CHECK (stage IN ('soon', 'overdue')),
    acked_at TEXT NOT NULL,
    acked_by_name TEXT NOT NULL,
    UNIQUE (notice_id, clock, stage)
);

-- created by 0010_warnings
CREATE TABLE warning_attempt (
    id INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES warning_target(id),
    at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('电话', '短信', '微信', '广播', '当面')),
    number TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL CHECK (result IN ('answered', 'no_answer', 'busy', 'off', 'wrong_number', 'sent')),
    answered_by TEXT NOT NULL DEFAULT '',  -- who picked up when not the target
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX warning_attempt_target ON warning_attempt(target_id, at);

-- 应急广播（村村响）used for a warning.
-- created by 0010_warnings
CREATE TABLE warning_broadcast (
    id INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL REFERENCES warning(id),
    unit_id INTEGER REFERENCES org_unit(id),
    area TEXT NOT NULL,  -- 乡镇/村 as printed
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    operator TEXT NOT NULL,
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX warning_broadcast_warning ON warning_broadcast(warning_id, at);

-- One notice per relay: seq 1 is the warning itself, then each change (raise, lower, update) and the lift.
-- created by 0010_warnings
CREATE TABLE warning_notice (
    id INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL REFERENCES warning(id),
    seq INTEGER NOT NULL CHECK (seq >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('issue', 'raise', 'lower', 'update', 'lift')),
    level TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow', 'blue')),
    issued_at TEXT NOT NULL,
    valid_until TEXT,
    received_at TEXT NOT NULL,
    content TEXT NOT NULL,
    measures TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('call', 'notice')),  -- call: until a person answers; notice: told only
    rule_set_id INTEGER REFERENCES rule_set(id),  -- the relay rules it was planned with
    plan_json TEXT NOT NULL,  -- the rule applied (who, deadlines, tries) as it was planned
    deadline_at TEXT,  -- everyone answered by (none for a notice only)
    log_entry_id INTEGER REFERENCES duty_log_entry(id),
    closed_at TEXT,  -- superseded by the next notice, or the warning voided
    closed_reason TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES account(id),
    created_by_name TEXT NOT NULL,
    UNIQUE (warning_id, seq)
);

-- The townships (乡镇/街道) a notice affects: only their people are on its call list.
-- created by 0010_warnings
CREATE TABLE warning_notice_area (
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    sort_order INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (notice_id, unit_id)
);

-- The call list: one row per person to reach for one notice. The person's name, unit and numbers are kept
-- as they stood when the list was made (the 台账 prints what was dialled, whatever the book says later).
-- created by 0010_warnings
CREATE TABLE warning_target (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    warning_id INTEGER NOT NULL REFERENCES warning(id),
    seq INTEGER NOT NULL,  -- place on the list
    kind TEXT NOT NULL CHECK (kind IN ('leader', 'primary', 'backup', 'escalation')),
    role TEXT NOT NULL CHECK (role IN ('A', 'B')),
    person_id INTEGER REFERENCES person(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    phones_json TEXT NOT NULL DEFAULT '[]',  -- [[kind, number], …] in dialling order
    township_id INTEGER REFERENCES org_unit(id),
    township TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,  -- why on the list: 受影响乡镇主要负责人, B角（代 张三）, 未叫醒上报 …
    away_note TEXT NOT NULL DEFAULT '',  -- 外出报备 when the list was made
    backup_target_id INTEGER REFERENCES warning_target(id),  -- this person's B角 on the same list
    escalation_for TEXT NOT NULL DEFAULT '',  -- the silent targets this call is about: "12,15"
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'no_answer', 'notified', 'answered', 'arrived')),
    tries INTEGER NOT NULL DEFAULT 0,  -- calls made that no person answered
    next_try_at TEXT,  -- not to be called again before
    due_at TEXT,  -- this target's own clock (带班领导, escalations); else the notice's
    answered_at TEXT,
    answered_by TEXT NOT NULL DEFAULT '',
    arrived_at TEXT,
    covered_by INTEGER REFERENCES warning_target(id),  -- the B角 who answered for this person
    escalated_at TEXT,  -- put on the 未叫醒 list
    claimed_by INTEGER REFERENCES account(id),
    claimed_by_name TEXT,
    claim_until TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX warning_target_backup ON warning_target(backup_target_id) WHERE backup_target_id IS NOT NULL;
CREATE INDEX warning_target_covered ON warning_target(covered_by) WHERE covered_by IS NOT NULL;
CREATE INDEX warning_target_notice ON warning_target(notice_id, seq);
CREATE INDEX warning_target_warning ON warning_target(warning_id);
