-- Warnings and call-and-confirm (预警叫应): every warning received, each notice of it relayed (the warning
-- itself, each change of level or content, the lift), the call list each notice was relayed down, every
-- call made with its result, the 应急广播 used, and the acknowledged alarms. Nothing is deleted: a warning
-- entered by mistake is voided with a reason; a wrong call record is voided and the target's state is
-- worked out again from the calls that stand.

-- Rule documents now come in families: the incident rules (报送规则) and the warning relay rules (叫应规则).
ALTER TABLE rule_set ADD COLUMN family TEXT NOT NULL DEFAULT 'incidents';
CREATE INDEX rule_set_family ON rule_set(family, id);

CREATE TABLE warning (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,                  -- year received; serial counts within it
    serial INTEGER NOT NULL CHECK (serial >= 1),
    type TEXT NOT NULL,                     -- as the type catalogue names it: 暴雨, 地质灾害, 上级通知 …
    level TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow', 'blue')),   -- in force (latest notice)
    source_unit TEXT NOT NULL CHECK (length(trim(source_unit)) > 0),
    issued_at TEXT NOT NULL,                -- as issued by the source
    valid_until TEXT,
    received_at TEXT NOT NULL,              -- when the duty room received it: the clocks start here
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

-- One notice per relay: seq 1 is the warning itself, then each change (raise, lower, update) and the lift.
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
    mode TEXT NOT NULL CHECK (mode IN ('call', 'notice')),   -- call: until a person answers; notice: told only
    rule_set_id INTEGER REFERENCES rule_set(id),             -- the relay rules it was planned with
    plan_json TEXT NOT NULL,                 -- the rule applied (who, deadlines, tries) as it was planned
    deadline_at TEXT,                        -- everyone answered by (none for a notice only)
    log_entry_id INTEGER REFERENCES duty_log_entry(id),
    closed_at TEXT,                          -- superseded by the next notice, or the warning voided
    closed_reason TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES account(id),
    created_by_name TEXT NOT NULL,
    UNIQUE (warning_id, seq)
);

-- The townships (乡镇/街道) a notice affects: only their people are on its call list.
CREATE TABLE warning_notice_area (
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    unit_id INTEGER NOT NULL REFERENCES org_unit(id),
    sort_order INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (notice_id, unit_id)
);

-- The call list: one row per person to reach for one notice. The person's name, unit and numbers are kept
-- as they stood when the list was made (the 台账 prints what was dialled, whatever the book says later).
CREATE TABLE warning_target (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    warning_id INTEGER NOT NULL REFERENCES warning(id),
    seq INTEGER NOT NULL,                    -- place on the list
    kind TEXT NOT NULL CHECK (kind IN ('leader', 'primary', 'backup', 'escalation')),
    role TEXT NOT NULL CHECK (role IN ('A', 'B')),
    person_id INTEGER REFERENCES person(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    phones_json TEXT NOT NULL DEFAULT '[]',  -- [[kind, number], …] in dialling order
    township_id INTEGER REFERENCES org_unit(id),
    township TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,                    -- why on the list: 受影响乡镇主要负责人, B角（代 张三）, 未叫醒上报 …
    away_note TEXT NOT NULL DEFAULT '',      -- 外出报备 when the list was made
    backup_target_id INTEGER REFERENCES warning_target(id),   -- this person's B角 on the same list
    escalation_for TEXT NOT NULL DEFAULT '',                   -- the silent targets this call is about: "12,15"
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'no_answer', 'notified', 'answered', 'arrived')),
    tries INTEGER NOT NULL DEFAULT 0,        -- calls made that no person answered
    next_try_at TEXT,                        -- not to be called again before
    due_at TEXT,                             -- this target's own clock (带班领导, escalations); else the notice's
    answered_at TEXT,
    answered_by TEXT NOT NULL DEFAULT '',
    arrived_at TEXT,
    covered_by INTEGER REFERENCES warning_target(id),         -- the B角 who answered for this person
    escalated_at TEXT,                       -- put on the 未叫醒 list
    claimed_by INTEGER REFERENCES account(id),
    claimed_by_name TEXT,
    claim_until TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX warning_target_notice ON warning_target(notice_id, seq);
CREATE INDEX warning_target_warning ON warning_target(warning_id);
CREATE INDEX warning_target_backup ON warning_target(backup_target_id) WHERE backup_target_id IS NOT NULL;
CREATE INDEX warning_target_covered ON warning_target(covered_by) WHERE covered_by IS NOT NULL;

CREATE TABLE warning_attempt (
    id INTEGER PRIMARY KEY,
    target_id INTEGER NOT NULL REFERENCES warning_target(id),
    at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('电话', '短信', '微信', '广播', '当面')),
    number TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL CHECK (result IN ('answered', 'no_answer', 'busy', 'off', 'wrong_number', 'sent')),
    answered_by TEXT NOT NULL DEFAULT '',    -- who picked up when not the target
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES account(id),
    recorded_by_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT
);
CREATE INDEX warning_attempt_target ON warning_attempt(target_id, at);

-- 应急广播（村村响）used for a warning.
CREATE TABLE warning_broadcast (
    id INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL REFERENCES warning(id),
    unit_id INTEGER REFERENCES org_unit(id),
    area TEXT NOT NULL,                      -- 乡镇/村 as printed
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

-- An alarm (a 叫应 clock near or past its time) seen: who and when; silences that stage of that clock.
CREATE TABLE warning_alarm_ack (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES warning_notice(id),
    clock TEXT NOT NULL,                     -- 'all', 'leader' or 'target:<id>'
    stage TEXT NOT NULL CHECK (stage IN ('soon', 'overdue')),
    acked_at TEXT NOT NULL,
    acked_by_name TEXT NOT NULL,
    UNIQUE (notice_id, clock, stage)
);
