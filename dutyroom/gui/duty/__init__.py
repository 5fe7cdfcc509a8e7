"""值班 (core: dutyroom/duty — board, shifts): 今日值班."""
