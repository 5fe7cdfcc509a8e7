"""The contact tree (通讯录): search, verification, tags, A/B backups, away status, groups, desk phones,
Excel import/export and printed books. Built on the one people model of ``dutyroom.org``."""
