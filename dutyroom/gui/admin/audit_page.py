"""审计记录: every change (who, when, what), searchable, and a check that nobody tampered with the chain."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit

from dutyroom import audit
from dutyroom.changes import Area
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import show_error
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox, page_layout
from dutyroom.tasks import TaskState

LIMIT = 2000
COLUMNS = (
    Column("id", "序号", sort=lambda r: r["id"]),
    Column("at", "时间", text=lambda r: audit.moment_text(r["at"]), sort=lambda r: r["id"]),
    Column("actor_name", "操作人"),
    Column("op", "操作", text=lambda r: audit.op_label(r["op"])),
    Column("entity", "对象", text=audit.entity_text),
    Column("fields", "改动内容", text=audit.describe, tooltip=lambda r: audit.describe(r).replace("；", "\n")),
)


class AuditPage(Page):
    areas = frozenset({Area.AUDIT})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("审计记录"))
        layout.addWidget(subtitle_label("每一次数据改动都在同一事务中记入审计记录，记录逐条以哈希相连；"
                                        "任何一条被改动或删除，校验都会指出断裂的位置。"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按操作人、操作或内容筛选（如：登录失败、张三、排班）")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.verify_button = button("校验审计链", self.verify, primary=True)
        bar = hbox()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.verify_button)
        layout.addLayout(bar)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = record_table(self.model, single_selection=False)
        layout.addWidget(self.table, 1)
        self.message = subtitle_label()
        layout.addWidget(self.message)

    def reload(self) -> None:
        records = audit.recent(self.ctx.store, limit=LIMIT, text=self.filter.text())
        self.model.set_records(records)
        shown = f"显示最近 {len(records)} 条" if len(records) == LIMIT else f"共 {len(records)} 条"
        set_message(self.message, shown + ("（已筛选）" if self.filter.text().strip() else ""))

    def verify(self) -> None:
        store = self.ctx.store

        def work(state: TaskState) -> audit.VerifyResult:
            return audit.verify(store)

        def done(result: audit.VerifyResult) -> None:
            self.verify_button.setEnabled(True)
            set_message(self.message, result.message(), error=not result.ok)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            show_error(self, exc, "校验失败")

        self.verify_button.setEnabled(False)
        set_message(self.message, "正在校验审计链…")
        self.ctx.tasks.run(work, on_done=done, on_error=failed)
