-- The officer day/night split (roster.officer_split): a draft cell names its part of the day like a
-- published duty does (duty_assignment.shift): 'full' (24 hours), 'day' (白班) or 'night' (夜班).
-- Existing cells are 24-hour cells; a slot is now (date, role, shift, position).
ALTER TABLE roster_draft ADD COLUMN shift TEXT NOT NULL DEFAULT 'full' CHECK (shift IN ('full', 'day', 'night'));
DROP INDEX roster_draft_slot;
CREATE UNIQUE INDEX roster_draft_slot ON roster_draft(duty_date, role, shift, position) WHERE voided_at IS NULL;
