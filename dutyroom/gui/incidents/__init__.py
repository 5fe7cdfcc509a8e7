"""信息接报/报送 (core: dutyroom/incidents): the incident list and detail, intake, reports, clocks, 报送规则."""
