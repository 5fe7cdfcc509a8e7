"""The one way to the SQLite data file: open, migrate, read, write in transactions."""

from dutyroom.store.database import STORE_TABLES, Store, open_store
from dutyroom.store.reading import Reader
from dutyroom.store.writer import Writer

__all__ = ["STORE_TABLES", "Reader", "Store", "Writer", "open_store"]
