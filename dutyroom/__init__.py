"""DutyRoom 值班室 — desktop duty-room software for a county emergency-management bureau."""

__version__ = "0.1.0"
APP_NAME = "DutyRoom"
APP_TITLE = "值班室"
