"""Duty: roles, shifts and the roster assignments the today board reads."""
