"""The demo county: which version of each part of the demo data a demo file holds."""

from __future__ import annotations

from dutyroom.areas import Declaration, Setting

DECLARATION = Declaration(
    settings=(
        Setting("demo.seed_version", None, "演示数据版本", "演示县数据的版本号（仅演示数据文件）。", int),
        Setting("demo.contacts_seed_version", None, "演示通讯录数据版本", "演示县通讯录数据的版本号（仅演示数据文件）。",
                int),
        Setting("demo.dutylog_version", None, "演示值班日志版本", "演示县值班日志数据的版本号（仅演示数据文件）。", int),
        Setting("demo.history_version", None, "演示历史数据版本",
                "演示县以往各月值班日志和突发事件的版本号（仅演示数据文件）。", int),
        Setting("demo.warnings_version", None, "演示预警叫应版本", "演示县预警叫应数据的版本号（仅演示数据文件）。", int),
    ),
)
