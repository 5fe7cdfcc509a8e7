"""开通: the path of a new county from an empty data file to its first published roster (``steps``)."""
