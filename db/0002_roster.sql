-- The duty roster planner: the office's holiday arrangements, availability, heightened periods,
-- the working draft, published versions, and swaps/substitutions after publishing.
-- Rows are never deleted: they are voided (voided_at + void_reason) or superseded.

-- One year's official holiday arrangement as the office entered it (国务院办公厅 notice). The newest
-- active row of a year wins; its days override chinese-calendar for that year.
CREATE TABLE holiday_year (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL DEFAULT '',   -- e.g. 国办发明电〔2026〕×号
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX holiday_year_active ON holiday_year(year) WHERE voided_at IS NULL;

CREATE TABLE holiday_day (
    id INTEGER PRIMARY KEY,
    year_id INTEGER NOT NULL REFERENCES holiday_year(id),
    day TEXT NOT NULL,                 -- YYYY-MM-DD
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),   -- 放假 / 调休上班
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)            -- 春节, 国庆节 …
);
CREATE UNIQUE INDEX holiday_day_unique ON holiday_day(year_id, day);

-- Per-person roster facts that the people model does not carry.
CREATE TABLE roster_profile (
    person_id INTEGER PRIMARY KEY REFERENCES person(id),
    join_date TEXT,                    -- first day the person may be rostered
    leave_date TEXT,                   -- last day the person may be rostered
    no_night INTEGER NOT NULL DEFAULT 0 CHECK (no_night IN (0, 1)),
    max_per_month INTEGER CHECK (max_per_month IS NULL OR max_per_month >= 0),
    updated_at TEXT NOT NULL
);

-- 请假 / 出差 / 培训 … as date ranges (both ends included).
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

-- 汛期 / 森林防火期 / 重要时段: date ranges that raise slot counts (slots_json: {"leader": 2, ...}).
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

-- The planner's working draft: one active row per slot. Pinned cells survive regeneration.
CREATE TABLE roster_draft (
    id INTEGER PRIMARY KEY,
    duty_date TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('leader', 'chief', 'officer', 'standby')),
    position INTEGER NOT NULL CHECK (position >= 0),
    person_id INTEGER NOT NULL REFERENCES person(id),
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'manual',   -- manual, engine, published, change
    created_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE UNIQUE INDEX roster_draft_slot ON roster_draft(duty_date, role, position) WHERE voided_at IS NULL;
CREATE INDEX roster_draft_person ON roster_draft(person_id, duty_date);

-- A published roster for a date range. Publishing writes duty_assignment rows linked to it and
-- voids the rows it replaces; older versions stay as history.
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

-- 串班 (swap: two people exchange duties) and 代班 (substitution: someone covers), after publishing.
CREATE TABLE roster_change (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('swap', 'substitution')),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected', 'undone', 'withdrawn')),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    first_assignment_id INTEGER NOT NULL REFERENCES duty_assignment(id),
    second_assignment_id INTEGER REFERENCES duty_assignment(id),      -- swap: the other duty
    substitute_id INTEGER REFERENCES person(id),                      -- substitution: who covers
    conflicts_json TEXT NOT NULL DEFAULT '[]',
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    undone_by TEXT,
    undone_at TEXT,
    undo_reason TEXT,
    CHECK ((kind = 'swap' AND second_assignment_id IS NOT NULL AND substitute_id IS NULL)
        OR (kind = 'substitution' AND second_assignment_id IS NULL AND substitute_id IS NOT NULL))
);
CREATE INDEX roster_change_status ON roster_change(status, requested_at);

-- Which published version (or approved change) a duty assignment comes from.
ALTER TABLE duty_assignment ADD COLUMN roster_version_id INTEGER REFERENCES roster_version(id);
ALTER TABLE duty_assignment ADD COLUMN change_id INTEGER REFERENCES roster_change(id);
CREATE INDEX duty_assignment_version ON duty_assignment(roster_version_id);
