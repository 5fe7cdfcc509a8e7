"""值班排班 (core: dutyroom/roster): the month planner, its settings dialogs, 串班/代班, 我的值班."""
