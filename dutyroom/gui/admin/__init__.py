"""Administration (core: dutyroom/settings.py, dutyroom/audit.py): 系统设置, 审计记录."""
