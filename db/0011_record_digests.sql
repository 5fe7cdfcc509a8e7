-- Business records under the audit chain, anchors read from paper, sent reports final, no typed name kept.
--
-- Each audit row now carries the digest of the records its transaction wrote (record_digest, covered by its
-- link hash; rows written before stay as they were hashed). The records themselves, one row per record and
-- audit row, are in audit_record. The upgrade's own transaction seals every record already in the file
-- under one system audit row, 基线 (dutyroom/store/baseline.py), so existing files are checked from here on.

ALTER TABLE audit_log ADD COLUMN record_digest TEXT /* sha256 of the row's audit_record entries; NULL before */;

-- The records an audit row wrote: which row (the JSON array of its primary key) and a digest of all its
-- values as the transaction left it (NULL: the row no longer exists). audit verify recomputes each current
-- record and compares it with the latest of these.
CREATE TABLE audit_record (
    audit_id INTEGER NOT NULL,  -- the audit_log row
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    digest TEXT,
    PRIMARY KEY (audit_id, tbl, row_key)
) WITHOUT ROWID;
CREATE INDEX audit_record_latest ON audit_record(tbl, row_key, audit_id, digest);
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN
    SELECT RAISE(ABORT, '审计记录不可修改');
END;
CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN
    SELECT RAISE(ABORT, '审计记录不可删除');
END;

-- Audit positions (第N条 + the first hex digits of that row's hash) the administrator read from paper — a
-- printed 交接班记录 or 值班日报 — or another witness outside this file. audit verify checks every one.
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

-- A sent report is final: every column but the receipt confirmation is frozen (the timestamps and
-- signed_on_duty too), the confirmation is written once and never changed, and no report row is deleted.
DROP TRIGGER incident_report_sent_is_final;
CREATE TRIGGER incident_report_sent_is_final
BEFORE UPDATE OF id, incident_id, form, kind, seq, title, addressee, body_json, facts_json, previous_id, corrects_id,
    status, drafted_by, drafted_by_name, created_at, updated_at, signed_by, signed_by_name, signed_at,
    signed_on_duty, issue_year, issue_no, sent_at, sent_by, sent_by_name, sent_to, sent_channel, voided_at,
    void_reason ON incident_report
WHEN OLD.status = 'sent'
BEGIN
    SELECT RAISE(ABORT, '已报送的报告不可修改；如需更正，请另起一份更正报告');
END;
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

-- Failed logins: a typed name that is no account is counted under a keyed hash of it, never as typed (a
-- password typed into the name box must not stay in the file). This file's random key:
CREATE TABLE login_salt (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    salt TEXT NOT NULL
);
INSERT INTO login_salt (singleton, salt) VALUES (1, lower(hex(randomblob(16))));
DELETE FROM login_state WHERE username NOT IN (SELECT username FROM account);
