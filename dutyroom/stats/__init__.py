"""统计分析: the duty room's figures for any period — duties, reporting timeliness, warnings answered, the duty
log and the contact book — read from the other areas' tables, never written."""
