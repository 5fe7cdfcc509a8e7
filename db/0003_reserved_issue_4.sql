-- Placeholder on branch issue-6 only. Migration 0003 belongs to issue 4 (contacts); the migration runner
-- rightly refuses gaps in the numbering, so this empty file keeps 0005_incidents runnable on this branch.
-- When merging issue-6 after issue 4, delete this file (the runner stops with "two migrations share number 3"
-- until it is deleted).
SELECT 1;
