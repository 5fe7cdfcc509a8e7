"""The one way to the SQLite data file: open, migrate, read, write in transactions."""

from dutyroom.store.database import Store, open_store

__all__ = ["Store", "open_store"]
