"""The two Excel imports of a county's first use, in the kit's preview-then-import dialog:

- 导入值班人员名单 (局机关值班人员名单 / 花名册): every person with the roles the sheet gives, merged rows and
  rejected rows with their reasons;
- 导入历史排班 (past month tables): the months and duties found, the names no duty staff member has (with how
  often they occur), rejected rows. ``HistoryDialog`` lists every import with 作废 per import.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.import_preview import ImportPreviewDialog, ImportSpec, open_import
from dutyroom.gui.kit.ops import run_with_reason
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox

STAFF_COLUMNS = (
    Column("sheet", "工作表"), Column("row", "行号"), Column("outcome", "结果", text=lambda r: r["label"]),
    Column("name", "姓名"), Column("unit_path", "股室"), Column("position", "职务"),
    Column("roles", "值班岗位", text=lambda r: r["role_text"]),
    Column("no_night", "不值夜班", text=lambda r: "不值夜班" if r["no_night"] else ""),
    Column("reason", "说明", text=lambda r: "；".join(filter(None, [r["reason"], *r["warnings"]]))),
)
HISTORY_COLUMNS = (
    Column("kind", "类别"), Column("where", "工作表/月份"), Column("row", "行号"), Column("name", "姓名"),
    Column("count", "次数"), Column("note", "说明"),
)
HISTORY_OUTCOMES = {"month": "可导入的月份", "unknown": "未识别的姓名", "rejected": "拒绝"}


def _staff_rows(plan: Any) -> list[dict[str, Any]]:
    return [{**r.__dict__, "label": r.outcome_label, "role_text": r.role_labels} for r in plan.rows]


def _staff_notes(plan: Any) -> list[str]:
    skipped = [f"未识别的工作表“{sheet}”：{why}" for sheet, why in plan.skipped_sheets]
    return [*plan.notices, *skipped]


def staff_import_dialog(ctx: AppContext, parent: QWidget | None = None, path: Path | None = None
                        ) -> ImportPreviewDialog:
    from dutyroom.contacts.importer import OUTCOME_LABELS
    from dutyroom.roster.staff_import import import_staff, preview_staff_import

    store, session = ctx.store, ctx.session
    spec = ImportSpec(
        title="导入值班人员名单", file_prompt="选择值班人员名单（花名册）Excel文件",
        intro="每行显示导入结果：新建、更新（说明改了什么）、无变化、重复已合并、拒绝（含原因）。人员放在本单位的"
              "股室下，同名同电话的已有人员不会重复建立；表中写了值班岗位的，以表中为准。确认后一次性写入。",
        columns=STAFF_COLUMNS,
        outcomes={k: OUTCOME_LABELS[k] for k in ("new", "update", "unchanged", "merged", "rejected", "skipped")},
        preview=lambda path, state: preview_staff_import(store, path, state=state),
        commit=lambda path, state: import_staff(session, path, state=state),
        rows=_staff_rows, summary=lambda plan: plan.summary(), notes=_staff_notes,
        committable=lambda plan: any(r.outcome in ("new", "update") for r in plan.rows) or bool(plan.new_units),
        permission="roster.staff")
    return ImportPreviewDialog(ctx, spec, parent, path)


def _history_rows(plan: Any) -> list[dict[str, Any]]:
    per_month = Counter(d.day.strftime("%Y-%m") for d in plan.duties)
    rows: list[dict[str, Any]] = [
        {"outcome": "month", "kind": "月份", "where": month, "row": "", "name": "", "count": per_month.get(month, 0),
         "note": f"可导入值班{per_month.get(month, 0)}人次"} for month in plan.months]
    rows += [{"outcome": "unknown", "kind": "未识别的姓名", "where": "", "row": "", "name": name, "count": count,
              "note": why or "不是值班人员中的任何一人，未导入；请在值班人员中添加后重新导入"}
             for (name, why), count in plan.unknown.most_common()]
    rows += [{"outcome": "rejected", "kind": "拒绝", "where": sheet, "row": row, "name": "", "count": "",
              "note": why} for sheet, row, why in plan.rejected]
    return rows


def _history_notes(plan: Any) -> list[str]:
    return [*plan.warnings, *(f"未识别的工作表“{sheet}”：{why}" for sheet, why in plan.skipped_sheets)]


def history_import_dialog(ctx: AppContext, parent: QWidget | None = None, path: Path | None = None
                          ) -> ImportPreviewDialog:
    from dutyroom.roster.history import import_history, preview_history

    store, session = ctx.store, ctx.session
    spec = ImportSpec(
        title="导入历史排班", file_prompt="选择以往的月值班表Excel文件",
        intro="每个月一张工作表（标题含年月，表头为日期、星期、带班领导、值班长、值班员、备勤）。识别出的值班记为"
              "“导入”，值班次数的统计和轮转从这里接续；未识别的姓名只列出，不会猜测。",
        columns=HISTORY_COLUMNS, outcomes=HISTORY_OUTCOMES, outcome_column=0,
        preview=lambda path, state: preview_history(store, path, state=state),
        commit=lambda path, state: import_history(session, path, state=state),
        rows=_history_rows, summary=lambda plan: plan.summary(), notes=_history_notes,
        committable=lambda plan: bool(plan.duties), permission="roster.history")
    return ImportPreviewDialog(ctx, spec, parent, path)


IMPORT_COLUMNS = (
    Column("file_name", "文件"),
    Column("months", "月份", text=lambda r: "、".join(r["months"])),
    Column("range", "期间", text=lambda r: f"{r['first_date']}至{r['last_date']}"),
    Column("duties", "导入人次"), Column("in_force", "有效人次"),
    Column("imported_at", "导入时间", text=lambda r: r["imported_at"][:16].replace("T", " ")),
    Column("imported_by", "导入人"),
    Column("state", "状态", text=lambda r: f"已作废：{r['void_reason']}" if r["voided_at"] else "有效"),
)


class HistoryPanel(QWidget):
    """Every past-roster import, newest first; 导入… adds one, 作废所选导入… voids one with all its duties.
    Used by its dialog (值班人员 → 历史排班…) and by the 开通向导's history step."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RecordTableModel(IMPORT_COLUMNS, self)
        self.model.muted = lambda record: bool(record["voided_at"])
        self.table = record_table(self.model, sortable=False)
        can = ctx.session.can("roster.history")
        self.import_button = button("导入历史排班…", lambda: self.import_file(), primary=True)
        self.void_button = button("作废所选导入…", self.void)
        for widget in (self.import_button, self.void_button):
            widget.setEnabled(can)
        self.message = subtitle_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        row = hbox(self.import_button, self.void_button)
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        from dutyroom.roster.history import imports

        self.model.set_records(imports(self.ctx.store))

    def import_file(self, path: Path | None = None) -> Any:
        dialog = history_import_dialog(self.ctx, self)
        dialog.imported = lambda _plan: self.reload()
        return open_import(dialog, path)

    def void(self) -> bool:
        from dutyroom.roster.history import void_import

        record = selected_record(self.table)
        if record is None or record["voided_at"]:
            set_message(self.message, "请先选择一次有效的导入。", error=True)
            return False
        outcome = run_with_reason(
            self, "作废导入", f"作废“{record['file_name']}”导入的{record['in_force']}人次值班，原因：",
            lambda reason: void_import(self.ctx.session, record["id"], reason), blank_cancels=True,
            message=self.message, done="已作废，其中的值班不再计入统计。")
        if outcome:
            self.reload()
        return bool(outcome)


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("历史排班")
        self.panel = HistoryPanel(ctx, self)
        layout = QVBoxLayout(self)
        layout.addWidget(subtitle_label("以往的月值班表导入后，值班次数的统计和轮转从这里接续。导入有误时可整次作废"
                                        "（其中的值班不再计入），改正表格后重新导入。"))
        layout.addWidget(self.panel, 1)
        layout.addLayout(hbox(None, button("关闭", self.accept)))
        self.resize(960, 440)
