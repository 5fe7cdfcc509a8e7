"""Everything that touches Qt widgets lives in this package."""
