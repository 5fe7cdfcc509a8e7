-- Placeholder on branch issue-6 only. Migration 0004 belongs to issue 5 (dutylog); the migration runner
-- rightly refuses gaps in the numbering, so this empty file keeps 0005_incidents runnable on this branch.
-- When merging issue-6 after issue 5, delete this file (the runner stops with "two migrations share number 4"
-- until it is deleted).
SELECT 1;
