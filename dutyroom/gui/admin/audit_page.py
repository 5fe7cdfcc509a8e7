"""审计记录: every change (who, when, what), searchable, and a check that nobody tampered with the chain."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit

from dutyroom import audit
from dutyroom.backup.witnesses import backup_anchors
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


FINDING_KINDS = {"changed": "内容被改动", "added": "在软件之外添加", "removed": "在软件之外删除"}
FINDING_COLUMNS = (
    Column("record", "记录", text=lambda f: audit.record_name(f["table"], f["key"])),
    Column("kind", "不符之处", text=lambda f: FINDING_KINDS[f["kind"]]),
    Column("audit_id", "最新审计记录", text=lambda f: f"第 {f['audit_id']} 条" if f["audit_id"] else "无"),
    Column("message", "说明"),
)


class AuditPage(Page):
    areas = frozenset({Area.AUDIT})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("审计记录"))
        layout.addWidget(subtitle_label("每一次数据改动都在同一事务中记入审计记录，记录逐条以哈希相连，并附有所改业务记录的"
                                        "摘要；审计记录或业务记录在软件之外被改动、添加或删除，校验都会指出是哪一条。"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("按操作人、操作或内容筛选（如：登录失败、张三、排班）")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.verify_button = button("校验审计链", self.verify, primary=True,
                                    tooltip="逐条校验审计链，核对每条业务记录与其最新审计记录，以及录入的校验点")
        bar = hbox()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.verify_button)
        layout.addLayout(bar)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = record_table(self.model, single_selection=False)
        layout.addWidget(self.table, 1)
        self.message = subtitle_label()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.findings = RecordTableModel(FINDING_COLUMNS, self)
        self.findings_table = record_table(self.findings)
        self.findings_table.setVisible(False)
        self.findings_table.setMaximumHeight(180)
        layout.addWidget(self.findings_table)

    def reload(self) -> None:
        records = audit.recent(self.ctx.store, limit=LIMIT, text=self.filter.text())
        self.model.set_records(records)
        shown = f"显示最近 {len(records)} 条" if len(records) == LIMIT else f"共 {len(records)} 条"
        set_message(self.message, shown + ("（已筛选）" if self.filter.text().strip() else ""))

    def verify(self) -> None:
        store = self.ctx.store

        def work(state: TaskState) -> audit.VerifyResult:
            return audit.verify(store, anchors=backup_anchors(store))

        def done(result: audit.VerifyResult) -> None:
            self.verify_button.setEnabled(True)
            self.show_result(result)

        def failed(exc: BaseException) -> None:
            self.verify_button.setEnabled(True)
            show_error(self, exc, "校验失败")

        self.verify_button.setEnabled(False)
        set_message(self.message, "正在校验审计链、逐条核对业务记录和校验点…")
        self.findings_table.setVisible(False)
        self.ctx.tasks.run(work, on_done=done, on_error=failed)

    def show_result(self, result: audit.VerifyResult) -> None:
        """The verdict in the message line; the business records that do not match in a list below it."""
        more = (f"\n（列出前 {len(result.findings)} 处）" if result.findings_total > len(result.findings) else "")
        set_message(self.message, result.message() + more, error=not result.ok)
        self.findings.set_records([finding.as_dict() for finding in result.findings])
        self.findings_table.setVisible(bool(result.findings))
