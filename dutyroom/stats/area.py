"""The statistics area: it reads every other area and owns no table. Everyone may look at the figures; the
office and the leaders print and export them (the monthly and yearly reports that go upward)."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.settings.parse import whole

DECLARATION = Declaration(
    permissions={
        "stats.report": Permission("打印和导出统计报表", frozenset({"office", "leader"})),
    },
    settings=(
        Setting("stats.timeliness_target", 95, "信息报送及时率目标（%）",
                "统计分析中及时率图表上画出的目标线。", whole("信息报送及时率目标", 1, 100)),
    ),
)
