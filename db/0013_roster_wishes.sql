-- What people ask of the roster (issue 17), kept for the engine: a wish not to be on duty on some weekdays
-- or dates (soft: weighed against fairness, a broken one is shown with its cost), two people never on duty
-- at the same time (hard), and the "new officer" flag (hard: a new 值班长/值班员 is never on a shift whose
-- 值班长 and 值班员 are all new).

-- A wish not to be on duty: weekdays "5,6" (ISO, 1 = 周一 … 7 = 周日) and/or dates "2027-01-15,2027-01-16".
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

-- Two people kept apart: never on duty at the same time (the same day; 白班 and 夜班 do not overlap).
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

ALTER TABLE roster_profile ADD COLUMN new_officer INTEGER NOT NULL DEFAULT 0 CHECK (new_officer IN (0, 1));
