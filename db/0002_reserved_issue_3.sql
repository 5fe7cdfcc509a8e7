-- Placeholder on branch issue-6 only. Migration 0002 belongs to issue 3 (roster); the migration runner
-- rightly refuses gaps in the numbering, so this empty file keeps 0005_incidents runnable on this branch.
-- When merging issue-6 after issue 3, delete this file (the runner stops with "two migrations share number 2"
-- until it is deleted).
SELECT 1;
