"""值班日志, 交接班, 值班日报 (core: dutyroom/dutylog): the log page and its entry form, the handover sheet,
the daily report."""
