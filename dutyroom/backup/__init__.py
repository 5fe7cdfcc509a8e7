"""Backups and restore of the data file (issue 12): the policy in the settings, the automatic schedule,
the today board's warnings, and restoring a verified copy. The copies themselves: ``dutyroom.store.backup``."""
