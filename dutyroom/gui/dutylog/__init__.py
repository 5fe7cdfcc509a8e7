"""Widgets and dialogs of the duty log, the handover and the daily report (their pages are in ``pages/``)."""
