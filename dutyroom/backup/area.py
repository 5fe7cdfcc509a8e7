"""The backup area (数据备份): who may back up and restore, when copies are made and how many are kept.

It owns no table: the catalogue of copies is the backups folder itself (``dutyroom.store.backup``), because
a restore replaces the database and a copy on a USB stick must describe itself on another PC. The restore
writes its audit row into the restored file, named by the entity ``data_file``.
"""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.settings.parse import clock_time, folder, switch, whole

ADMIN = frozenset({"admin"})

DECLARATION = Declaration(
    permissions={
        "backup.manage": Permission("备份数据、设置备份", ADMIN),
        "backup.restore": Permission("从备份恢复数据", ADMIN),
    },
    settings=(
        Setting("backup.daily_time", "03:00", "每日自动备份时间",
                "每天此时自动备份数据文件；到时电脑未开机或程序未运行的，下次启动后补做。", clock_time("每日自动备份时间")),
        Setting("backup.after_handover", True, "交接班后自动备份", "每次确认接班后在后台自动备份一次。", switch),
        Setting("backup.keep_daily", 14, "保留每日备份（天）", "自动备份保留最近这么多天中每天最新的一份。",
                whole("保留每日备份（天）", 1, 366)),
        Setting("backup.keep_weekly", 8, "保留每周备份（周）", "另保留最近这么多周中每周最新的一份。",
                whole("保留每周备份（周）", 0, 520)),
        Setting("backup.keep_monthly", 24, "保留每月备份（月）", "另保留最近这么多个月中每月最新的一份。",
                whole("保留每月备份（月）", 0, 600)),
        Setting("backup.second_folder", "", "第二备份位置",
                "U盘或网络共享上的文件夹：每份备份校验通过后再复制一份到这里，以防本机硬盘损坏。留空表示不使用。",
                folder("第二备份位置")),
        Setting("backup.warn_days", 2, "备份过期提醒（天）",
                "最近一份校验通过的备份早于这么多天时，今日值班页显示提醒。", whole("备份过期提醒（天）", 1, 60)),
    ),
    audit_ops={"backup.restore": "从备份恢复数据"},
    entities={"data_file": "数据文件"},
)
