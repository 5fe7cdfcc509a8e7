"""导入Excel通讯录: choose a file → preview every row's outcome (nothing written) → import in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.import_preview import ImportPreviewDialog, ImportSpec
from dutyroom.gui.kit.tables import Column
from dutyroom.gui.kit.widgets import button, hbox, holder

PREVIEW_COLUMNS = (
    Column("sheet", "工作表"), Column("row", "行号", sort=lambda r: r["row"]),
    Column("outcome", "结果", text=lambda r: r["label"]),
    Column("name", "姓名/单位"), Column("unit_path", "所属单位"), Column("position", "职务"),
    Column("phones", "电话", text=lambda r: "、".join(n for _k, n in r["phones"])),
    Column("reason", "说明", text=lambda r: "；".join(filter(None, [r["reason"], *r["warnings"]]))),
)


def _rows(plan: Any) -> list[dict[str, Any]]:
    return [{**r.__dict__, "label": r.outcome_label + ("（单位）" if r.kind == "unit" else "")} for r in plan.rows]


def _summary(plan: Any) -> str:
    extra = f"；未识别的工作表：{'、'.join(s for s, _w in plan.skipped_sheets)}" if plan.skipped_sheets else ""
    return plan.summary() + extra


class ImportDialog(ImportPreviewDialog):
    """The contact sheet, with tags to give everyone imported."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: Path | None = None) -> None:
        from dutyroom.contacts.importer import OUTCOME_LABELS, import_contacts, preview_import

        store, session = ctx.store, ctx.session
        self.tag_list: list[str] = []        # read on the UI thread before each preview or import
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("例如：防汛责任人")
        spec = ImportSpec(
            title="导入Excel通讯录", file_prompt="选择通讯录Excel文件",
            intro="导入前会逐行显示结果：新建、更新、重复已合并、拒绝（含原因）、跳过。确认后一次性写入。",
            columns=PREVIEW_COLUMNS,
            outcomes={k: OUTCOME_LABELS[k] for k in ("new", "update", "merged", "rejected", "skipped", "unchanged")},
            preview=lambda path, state: preview_import(store, path, default_tags=self.tag_list, state=state),
            commit=lambda path, state: import_contacts(session, path, default_tags=self.tag_list, state=state),
            rows=_rows, summary=_summary,
            committable=lambda plan: any(r.outcome in ("new", "update") for r in plan.rows) or bool(plan.new_units),
            permission="contacts.manage")
        tags_row = hbox(QLabel("给导入的人员加标签（可不填）"))
        tags_row.addWidget(self.tags, 1)
        tags_row.addWidget(button("重新预览", lambda: self.preview()))
        super().__init__(ctx, spec, parent, path, extra=holder(tags_row))

    def _tags(self) -> list[str]:
        return [t for t in self.tags.text().replace("，", "、").split("、") if t.strip()]

    def preview(self) -> None:
        self.tag_list = self._tags()
        super().preview()

    def run_import(self) -> None:
        self.tag_list = self._tags()
        super().run_import()
