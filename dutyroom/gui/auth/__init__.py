"""账户 (core: dutyroom/auth): login, first administrator, own password; 账户管理."""
