"""The call screen (叫应): one person at a time, keyboard first.

The number is large and already on the clipboard; one key records the result — 1 接通, 2 无人接听, 3 占线,
4 关机, 5 空号, 6 已发送 (短信/微信) — and the next person is on screen at once (held for this officer, so a
colleague working the same list gets someone else). N or the space bar puts the person back for later, F5
dials their next number, F2 changes the channel, F3 goes to 接听人 (who picked up, when not the person; Enter
records 接通), Ctrl+Z voids the last call recorded, Esc ends. People not answering come back after the retry
interval; the B角 and the escalations the rules add join the queue by themselves.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QFrame,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from dutyroom.clock import iso, parse_iso
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import ask_reason, run_op
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.widgets import hbox, label, vbox
from dutyroom.org import PHONE_KINDS
from dutyroom.warnings import calls
from dutyroom.warnings.catalog import LEVEL_LABELS
from dutyroom.warnings.queries import duration_text, notice_summary, short_unit

RESULT_KEYS: tuple[tuple[int, str], ...] = ((Qt.Key.Key_1, "answered"), (Qt.Key.Key_2, "no_answer"),
                                            (Qt.Key.Key_3, "busy"), (Qt.Key.Key_4, "off"),
                                            (Qt.Key.Key_5, "wrong_number"), (Qt.Key.Key_6, "sent"))
RENEW_BEFORE_SECONDS = 30        # a held person is held again this long before the lease runs out


class CallScreen(QDialog):
    def __init__(self, ctx: AppContext, notice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.notice_id = ctx, notice_id
        notice = ctx.store.rows("SELECT n.*, w.type, w.year, w.serial FROM warning_notice n JOIN warning w"
                                " ON w.id = n.warning_id WHERE n.id = ?", (notice_id,))[0]
        what = {"lift": "解除", "issue": ""}.get(notice["kind"], "变更")
        self.notice = dict(notice)
        self.target: dict[str, Any] | None = None
        self.phones: list[list[str]] = []
        self.phone_index = 0
        self.last_attempt: tuple[int, str] | None = None
        self.setWindowTitle(f"叫应：{notice['type']}{LEVEL_LABELS[notice['level']]}预警{what}"
                            f"（{notice['year']}-{notice['serial']:03d}）")
        self.resize(1040, 640)
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.take_next()

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = label("", "sectionTitle")
        self.progress = label("", "countdown")
        self.kind_line = label("", "callKind")
        self.name = label("", "callName")
        self.unit = label("", "callUnit")
        self.away = label("", "callWarning", wrap=True)
        self.number = label("", "callNumber")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.other_numbers = label("", "callUnit")
        self.history = label("", "callStatus", wrap=True)
        self.channels = QButtonGroup(self)
        channel_row = hbox(label("方式(F2)："))
        for index, channel in enumerate(calls.CHANNELS):
            choice = self._key_button(channel, checkable=True)
            choice.setObjectName("kindButton")
            self.channels.addButton(choice, index)
            channel_row.addWidget(choice)
        channel_row.addStretch(1)
        self.channels.button(0).setChecked(True)
        self.answered_by = QLineEdit()
        self.answered_by.setPlaceholderText("接听人：不是本人接听时填写（F3），回车记为接通")
        self.answered_by.returnPressed.connect(lambda: self.record("answered"))
        results = hbox()
        for key, code in RESULT_KEYS:
            results.addWidget(self._key_button(f"{chr(key)} {calls.RESULTS[code]}", lambda _=False, c=code: self.record(c),
                                               primary=code == "answered"))
        actions = hbox(self._key_button("N 稍后再叫", self.skip), self._key_button("F5 换号码", self.next_number),
                       self._key_button("Ctrl+Z 撤销上一条", self.undo), None,
                       self._key_button("Esc 结束叫应", self.reject))
        card = QFrame()
        card.setObjectName("callCard")
        vbox(self.kind_line, self.name, self.unit, self.away, self.number, self.other_numbers, self.history, None,
             parent=card, margins=(18, 12, 18, 12), spacing=6)
        self.queue = QListWidget()
        self.queue.setObjectName("callQueue")
        self.queue.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.queue.setMinimumWidth(300)
        self.status = label("", "pageSubtitle", wrap=True)
        left = vbox(card, channel_row, self.answered_by, results, actions, spacing=8)
        body = hbox(spacing=12)
        body.addLayout(left, 3)
        body.addLayout(vbox(label("接下来", "sectionTitle"), self.queue, margins=(0, 0, 0, 0)), 2)
        vbox(hbox(self.heading, None, self.progress), body, self.status, parent=self, margins=(16, 12, 16, 12))

    def _key_button(self, text: str, slot: Any = None, *, checkable: bool = False, primary: bool = False) -> QPushButton:
        made = QPushButton(text)
        made.setFocusPolicy(Qt.FocusPolicy.NoFocus)      # keys go to the screen, never "press" a focused button
        made.setCheckable(checkable)
        if primary:
            made.setObjectName("primaryButton")
        if slot is not None:
            made.clicked.connect(slot)
        return made

    # -- the person on screen --------------------------------------------------------------------------
    def take_next(self, skip: tuple[int, ...] = ()) -> None:
        outcome = run_op(self, calls.claim_next, self.ctx.session, self.notice_id, skip=skip, message=self.status)
        if outcome:
            self.show_target(outcome.value)

    def show_target(self, target: dict[str, Any] | None) -> None:
        self.target = target
        self.answered_by.clear()
        self.setFocus()
        if target is None:
            self.phones = []
            for widget in (self.kind_line, self.unit, self.away, self.other_numbers, self.history):
                widget.setText("")
            self.name.setText("暂无可叫应的人")
            self.number.setText("")
            self.refresh_side()
            return
        self.phones = json.loads(target["phones_json"] or "[]")
        self.phone_index = 0
        kind = calls.KIND_LABELS[target["kind"]]
        self.kind_line.setText(f"［{kind}］{target['reason']}" if target["kind"] != "primary" else target["reason"])
        self.name.setText(target["name"])
        self.unit.setText("　".join(p for p in (target["unit"], target["position"]) if p))
        self.away.setText(f"外出报备：{target['away_note']}" if target["away_note"] else "")
        self.history.setText(self._history(target))
        self._show_number()
        self.refresh_side()

    def _history(self, target: dict[str, Any]) -> str:
        rows = self.ctx.store.rows("SELECT at, channel, result FROM warning_attempt WHERE target_id = ?"
                                   " AND voided_at IS NULL ORDER BY at, id", (target["id"],))
        if not rows:
            return "第1次叫应"
        past = "；".join(f"{parse_iso(r['at']):%H:%M} {r['channel']}{calls.RESULTS[r['result']]}" for r in rows)
        return f"第{len(rows) + 1}次叫应（{past}）"

    def _show_number(self) -> None:
        if not self.phones:
            self.number.setText("（无电话号码）")
            self.other_numbers.setText("请查通讯录或经乡镇值班室转告")
            return
        kind, number = self.phones[self.phone_index]
        self.number.setText(number)
        QApplication.clipboard().setText(number)
        others = [f"{PHONE_KINDS.get(k, k)} {n}" for i, (k, n) in enumerate(self.phones) if i != self.phone_index]
        self.other_numbers.setText(f"{PHONE_KINDS.get(kind, kind)}（已复制）" + (
            f"　其他号码(F5)：{'　'.join(others)}" if others else ""))

    def refresh_side(self) -> None:
        """The queue, who waits for a retry, who a colleague holds, and the list's progress."""
        now = self.ctx.session.now()
        actor = self.ctx.session.actor
        self.queue.clear()
        upcoming = calls.queue(self.ctx.store, self.notice_id, now, actor)
        for target in [t for t in upcoming if self.target is None or t["id"] != self.target["id"]][:10]:
            self.queue.addItem(f"{target['name']}　{short_unit(target)}"
                               + ("　（重拨）" if target["status"] == "no_answer" else ""))
        now_iso = iso(now)
        for other in self.ctx.store.rows(
                f"SELECT {calls.QUEUE_COLUMNS} FROM warning_target WHERE notice_id = ? AND covered_by IS NULL"
                " AND ((status = 'no_answer' AND next_try_at > ?) OR claim_until > ?) ORDER BY next_try_at, seq",
                (self.notice_id, now_iso, now_iso)):
            if other["status"] == "no_answer" and (other["next_try_at"] or "") > now_iso:
                left = (parse_iso(other["next_try_at"]) - now).total_seconds()
                self.queue.addItem(f"{other['name']}　{duration_text(left)}后重拨")
            elif calls.held_by_other(other, actor, now_iso):
                self.queue.addItem(f"{other['name']}　〔{other['claimed_by_name']}叫应中〕")
        self.summary = notice_summary(self.ctx.store, self.notice_id)
        self._show_progress(now)

    def _show_progress(self, now: Any) -> None:
        s = self.summary
        text = f"已应答 {s.answered}/{s.total}"
        deadline = self.notice["deadline_at"]
        if deadline and s.silent:
            left = (parse_iso(deadline) - now).total_seconds()
            text += f"　时限 {parse_iso(deadline):%H:%M}　" + (f"剩{duration_text(left)}" if left >= 0 else
                                                              f"已超时{duration_text(-left)}")
        elif not s.silent:
            text += "　全部应答"
        self.progress.setText(text)
        self.heading.setText(self.windowTitle() + (f"　未叫醒上报 {s.escalated} 人" if s.escalated else ""))

    # -- keys and acts --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        key = event.key()
        codes = dict(RESULT_KEYS)
        if key in codes and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.record(codes[key])
        elif key in (Qt.Key.Key_N, Qt.Key.Key_Space):
            self.skip()
        elif key == Qt.Key.Key_F5:
            self.next_number()
        elif key == Qt.Key.Key_F2:
            self.next_channel()
        elif key == Qt.Key.Key_F3:
            self.answered_by.setFocus()
        elif key == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.undo()
        else:
            super().keyPressEvent(event)

    @property
    def channel(self) -> str:
        return calls.CHANNELS[max(0, self.channels.checkedId())]

    def next_channel(self) -> None:
        self.channels.button((self.channels.checkedId() + 1) % len(calls.CHANNELS)).setChecked(True)

    def next_number(self) -> None:
        if len(self.phones) > 1:
            self.phone_index = (self.phone_index + 1) % len(self.phones)
            self._show_number()

    def current_number(self) -> str | None:
        return self.phones[self.phone_index][1] if self.phones and self.channel in ("电话", "短信") else None

    def record(self, code: str) -> None:
        if self.target is None:
            return
        target = self.target
        outcome = run_op(self, calls.record_call, self.ctx.session, target["id"], code, channel=self.channel,
                         number=self.current_number(), answered_by=self.answered_by.text(), claim_next=True,
                         message=self.status)
        if not outcome:
            return
        result = outcome.value
        assert result is not None
        self.last_attempt = (result.attempt_id, target["name"])
        text = f"已记录：{target['name']} {calls.RESULTS[code]}（{calls.STATUS_LABELS[result.target['status']]}）"
        if result.added:
            added = self.ctx.store.rows(f"SELECT name, kind FROM warning_target WHERE id IN "
                                        f"({','.join('?' * len(result.added))})", result.added)
            text += "；加入名单：" + "、".join(f"{r['name']}（{calls.KIND_LABELS[r['kind']]}）" for r in added)
        set_message(self.status, text)
        self.show_target(result.next)

    def skip(self) -> None:
        if self.target is not None:
            name = self.target["name"]
            self.take_next(skip=(self.target["id"],))
            set_message(self.status, f"{name}稍后再叫（已放回名单）。")

    def undo(self) -> None:
        if self.last_attempt is None:
            return
        attempt_id, name = self.last_attempt
        reason = ask_reason(self, "撤销上一条叫应记录", f"撤销对{name}的上一条叫应记录，原因：")
        if reason is None:
            return
        if run_op(self, calls.void_attempt, self.ctx.session, attempt_id, reason or "按错键", message=self.status,
                  done=f"已撤销对{name}的上一条记录，该对象回到名单中。"):
            self.last_attempt = None
            self.refresh_side()

    def tick(self) -> None:
        now = self.ctx.session.now()
        if self.target is None:
            if calls.queue(self.ctx.store, self.notice_id, now, self.ctx.session.actor):
                self.take_next()
            else:
                self.refresh_side()
            return
        until = self.target.get("claim_until")
        if until and (parse_iso(until) - now).total_seconds() < RENEW_BEFORE_SECONDS:
            renewed = run_op(self, calls.claim, self.ctx.session, self.target["id"], message=self.status)
            if renewed:
                self.target = renewed.value
        self._show_progress(now)

    def done(self, result: int) -> None:  # noqa: A003 - Qt name
        """Closing puts back whoever is on screen, so a colleague may call them at once."""
        self._timer.stop()
        if self.target is not None:
            run_op(self, calls.release, self.ctx.session, self.target["id"], message=self.status)
            self.target = None
        super().done(result)
