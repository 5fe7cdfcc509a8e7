-- Leave from the staff side (issue 17): a person asks for 请假/出差/培训 or 补休 on 我的值班; the office approves
-- or refuses. Approving writes the roster_absence the roster already knows (absence_id), and each published
-- duty the leave hits is recorded in leave_duty with the 代班 proposed for it (a pending roster_change), or
-- with why nobody could be proposed. 补休 taken is a comp_leave request approved (or entered by the office),
-- its days counted against the 补休 owed. Nothing is deleted: requests are withdrawn, refused or cancelled
-- with a reason.
CREATE TABLE leave_request (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person(id),
    kind TEXT NOT NULL CHECK (kind IN ('leave', 'trip', 'training', 'comp_leave')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    days REAL NOT NULL DEFAULT 0 CHECK (days >= 0),   -- 补休 days taken (workdays in the range); 0 otherwise
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn', 'cancelled')),
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

CREATE TABLE leave_duty (
    id INTEGER PRIMARY KEY,
    leave_request_id INTEGER NOT NULL REFERENCES leave_request(id),
    assignment_id INTEGER NOT NULL REFERENCES duty_assignment(id),
    change_id INTEGER REFERENCES roster_change(id),     -- the proposed 代班, when someone was free
    substitute_id INTEGER REFERENCES person(id),
    note TEXT NOT NULL DEFAULT '',                      -- why no 代班 could be proposed
    created_at TEXT NOT NULL
);
CREATE INDEX leave_duty_request ON leave_duty(leave_request_id);
