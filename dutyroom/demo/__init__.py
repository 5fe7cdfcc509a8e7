"""The demo county (示例县): fictional people, units and phone numbers for trying DutyRoom out."""
