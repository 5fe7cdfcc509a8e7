"""The duty log (值班日志) and what hangs off it: typed entries with revisions, pending items carried from
shift to shift, leader instructions in force, roll calls received, templates, search, the handover and the
daily report. Plain Python: the GUI lives in ``dutyroom/gui``."""
