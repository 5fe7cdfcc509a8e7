"""Accounts, roles and permissions."""
