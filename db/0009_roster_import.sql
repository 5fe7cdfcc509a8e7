-- Past rosters brought in from the county's Excel month tables (dutyroom roster import-history): each
-- import is one row here, its duties are duty_assignment rows with source 'import' that point back to it.
-- They count in the fairness ledger and the rotation exactly like published duties; voiding the import
-- voids its duties (nothing is deleted).
CREATE TABLE roster_import (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    months TEXT NOT NULL,              -- "2026-09,2026-10": the month tables it came from
    duties INTEGER NOT NULL CHECK (duties >= 0),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    voided_at TEXT,
    void_reason TEXT,
    CHECK (last_date >= first_date)
);
ALTER TABLE duty_assignment ADD COLUMN import_id INTEGER REFERENCES roster_import(id);
CREATE INDEX duty_assignment_import ON duty_assignment(import_id) WHERE import_id IS NOT NULL;
