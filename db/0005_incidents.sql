-- Incident information reporting (信息接报/报送): the rules in force, incidents and their calls,
-- deadline obligations with every act that met them, and the report chain with sign-off and sending.
-- Nothing is deleted: incidents, calls and drafts are voided with a reason; sent reports never change.

-- Grading and deadline rules, one row per version; an activation row says from when a version applies.
CREATE TABLE rule_set (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,                  -- national, henan, or an administrator's own
    revision INTEGER NOT NULL CHECK (revision >= 1),
    name TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('shipped', 'admin')),
    body_json TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,        -- sha256 of the canonical body: one row per distinct rule text
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    UNIQUE (key, revision)
);

CREATE TRIGGER rule_set_is_immutable BEFORE UPDATE ON rule_set
BEGIN
    SELECT RAISE(ABORT, '规则版本不可修改，请另存为新版本');
END;

CREATE TABLE rule_activation (
    id INTEGER PRIMARY KEY,
    rule_set_id INTEGER NOT NULL REFERENCES rule_set(id),
    activated_at TEXT NOT NULL,
    activated_by_name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE incident (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,              -- 接报 year; serial counts within it
    serial INTEGER NOT NULL CHECK (serial >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    title_custom INTEGER NOT NULL DEFAULT 0 CHECK (title_custom IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    received_at TEXT NOT NULL,
    occurred_at TEXT NOT NULL CHECK (occurred_at <= received_at),
    category TEXT NOT NULL,
    subtype TEXT NOT NULL DEFAULT '',
    township_id INTEGER REFERENCES org_unit(id),
    place TEXT NOT NULL DEFAULT '',     -- 乡镇 村 详细地点, as printed
    dead INTEGER NOT NULL DEFAULT 0 CHECK (dead >= 0),
    missing INTEGER NOT NULL DEFAULT 0 CHECK (missing >= 0),
    serious_injuries INTEGER NOT NULL DEFAULT 0 CHECK (serious_injuries >= 0),
    injured INTEGER NOT NULL DEFAULT 0 CHECK (injured >= 0),
    trapped INTEGER NOT NULL DEFAULT 0 CHECK (trapped >= 0),
    at_risk INTEGER NOT NULL DEFAULT 0 CHECK (at_risk >= 0),
    evacuated INTEGER NOT NULL DEFAULT 0 CHECK (evacuated >= 0),
    loss_yuan INTEGER NOT NULL DEFAULT 0 CHECK (loss_yuan >= 0),
    computed_grade TEXT NOT NULL CHECK (computed_grade IN ('I', 'II', 'III', 'IV')),
    grade TEXT NOT NULL CHECK (grade IN ('I', 'II', 'III', 'IV')),   -- in force: computed or overridden
    grade_override_reason TEXT,         -- set while a person's decision overrides the computed grade
    level TEXT NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),   -- reporting level (grade raised by flags)
    flags TEXT NOT NULL DEFAULT '',     -- flag keys, comma separated
    grading_json TEXT NOT NULL,         -- reasons and flag reasons as shown
    must_report INTEGER NOT NULL DEFAULT 0 CHECK (must_report IN (0, 1)),
    rule_set_id INTEGER REFERENCES rule_set(id),
    facts_json TEXT NOT NULL,           -- every intake field, keyed as the form definition names it
    search_text TEXT NOT NULL DEFAULT '',
    next_due_at TEXT,                   -- earliest open obligation, for the list and the clocks
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
-- The list sorts and filters in SQL: one index per sort order, each covering live (not voided) rows only,
-- so a page of 200 rows and the row count come from an index even with 200,000 incidents.
CREATE INDEX incident_received ON incident(received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_number ON incident(year, serial) WHERE voided_at IS NULL;
CREATE INDEX incident_title ON incident(title) WHERE voided_at IS NULL;
CREATE INDEX incident_grade ON incident(grade, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_category ON incident(category, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_place ON incident(place) WHERE voided_at IS NULL;
CREATE INDEX incident_status ON incident(status, received_at) WHERE voided_at IS NULL;
CREATE INDEX incident_next_due ON incident(coalesce(next_due_at, '9999-12-31')) WHERE voided_at IS NULL;

-- Text search: single hanzi, hanzi pairs and Latin/digit words of each incident (dutyroom/incidents/search.py).
CREATE VIRTUAL TABLE incident_fts USING fts5(uni, bi, word);

-- Every call about an incident; each is also a duty-log entry (log_entry_id).
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
    changes_json TEXT NOT NULL DEFAULT '[]',   -- the facts this call changed: [[field, before, after], …]
    log_entry_id INTEGER REFERENCES duty_log_entry(id),
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX incident_call_incident ON incident_call(incident_id, received_at);

CREATE TABLE incident_report (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    form TEXT NOT NULL CHECK (form IN ('special', 'disaster')),   -- 信息专报 / 灾情报告
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'followup', 'final', 'verification')),
    seq INTEGER NOT NULL DEFAULT 1,     -- 续报一、续报二 …; 核报一 …
    title TEXT NOT NULL,
    addressee TEXT NOT NULL DEFAULT '', -- 主送
    body_json TEXT NOT NULL,            -- values of the report form's fields
    facts_json TEXT NOT NULL,           -- the incident's facts when drafted: what the print shows
    previous_id INTEGER REFERENCES incident_report(id),   -- changes are counted from this report
    corrects_id INTEGER REFERENCES incident_report(id),   -- a correction of a sent report
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed', 'sent')),
    drafted_by INTEGER REFERENCES account(id),
    drafted_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    signed_by INTEGER REFERENCES account(id),
    signed_by_name TEXT,
    signed_at TEXT,
    signed_on_duty INTEGER,             -- was the signer the rostered leader of that shift
    issue_year INTEGER,
    issue_no INTEGER,                   -- 第N期, given at sign-off
    sent_at TEXT,
    sent_by INTEGER REFERENCES account(id),
    sent_by_name TEXT,
    sent_to TEXT,
    sent_channel TEXT,
    confirmed_at TEXT,                  -- receipt confirmed by phone
    confirmed_by_name TEXT,
    confirmed_with TEXT,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (status = 'draft' OR (signed_at IS NOT NULL AND signed_by_name IS NOT NULL AND issue_no IS NOT NULL)),
    CHECK (status <> 'sent' OR (sent_at IS NOT NULL AND sent_to IS NOT NULL AND sent_channel IS NOT NULL))
);
CREATE INDEX incident_report_incident ON incident_report(incident_id, form, kind, seq);
CREATE UNIQUE INDEX incident_report_issue ON incident_report(form, issue_year, issue_no) WHERE issue_no IS NOT NULL;

-- A sent report is a record of what went upward: only its phone confirmation may be added later.
CREATE TRIGGER incident_report_sent_is_final
BEFORE UPDATE OF incident_id, form, kind, seq, title, addressee, body_json, facts_json, previous_id, corrects_id,
    status, drafted_by, drafted_by_name, signed_by, signed_by_name, signed_at, issue_year, issue_no, sent_at, sent_by,
    sent_by_name, sent_to, sent_channel, voided_at, void_reason ON incident_report
WHEN OLD.status = 'sent'
BEGIN
    SELECT RAISE(ABORT, '已报送的报告不可修改；如需更正，请另起一份更正报告');
END;

-- What must be done by when. Recurring steps (续报) get one row per instance.
CREATE TABLE incident_obligation (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incident(id),
    step TEXT NOT NULL,
    label TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 1,
    level TEXT NOT NULL CHECK (level IN ('I', 'II', 'III', 'IV')),
    meet TEXT NOT NULL,                 -- act, report:initial, disaster:followup, …
    how TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    recurring INTEGER NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
    window_start TEXT NOT NULL,
    due_at TEXT NOT NULL,
    rule_text TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',      -- e.g. what an upper level asked to verify
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
    ended_at TEXT,                      -- waived or superseded: when, by whom, why
    ended_by_name TEXT,
    ended_reason TEXT,
    CHECK (status <> 'met' OR (met_at IS NOT NULL AND met_by_name IS NOT NULL AND met_how IS NOT NULL
                               AND met_to IS NOT NULL)),
    CHECK (status NOT IN ('waived', 'superseded') OR (ended_at IS NOT NULL AND ended_reason IS NOT NULL))
);
CREATE INDEX incident_obligation_open ON incident_obligation(due_at) WHERE status = 'open';
CREATE INDEX incident_obligation_incident ON incident_obligation(incident_id, due_at);
CREATE INDEX incident_obligation_due ON incident_obligation(due_at, status);

-- A duty officer acknowledged the alarm of an obligation (5 minutes left / overdue): who, when.
CREATE TABLE obligation_alert (
    id INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES incident_obligation(id),
    stage TEXT NOT NULL CHECK (stage IN ('soon', 'overdue')),
    acked_at TEXT NOT NULL,
    acked_by INTEGER REFERENCES account(id),
    acked_by_name TEXT NOT NULL,
    UNIQUE (obligation_id, stage)
);
