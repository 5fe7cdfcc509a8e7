"""The card beside the 通讯录 list: the chosen person or unit with large numbers, tags, A/B, away,
verification, groups, and the acts on it (which the page carries out)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame

from dutyroom.contacts import directory
from dutyroom.contacts.search import Entry
from dutyroom.contacts.tree import stale_days
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import button, hbox, label, vbox


class EntryCard(QFrame):
    """The chosen person or unit: large numbers, tags, A/B, away, verification, groups, actions."""

    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("panel")
        self.setMinimumWidth(300)
        self.name = label("", "cardName", wrap=True, selectable=True)
        self.where = label("", "cardUnit", wrap=True)
        self.phones = label("", "cardPhone", wrap=True, selectable=True)
        self.phones.setTextFormat(Qt.TextFormat.PlainText)
        self.tags = label("", "cardTags", wrap=True)
        self.backup = label("", "cardUnit", wrap=True, selectable=True)
        self.away = label("", "cardAway", wrap=True)
        self.verified = label("", "cardUnit", wrap=True)
        self.groups = label("", "cardUnit", wrap=True)
        self.copy_button = button("复制号码", lambda: page.copy_main())
        self.verify_button = button("已核实", page.verify_current)
        self.edit_button = button("修改…", page.edit_current)
        self.away_button = button("外出报备…", page.away_current)
        self.history_button = button("历史…", page.history_current)
        self.void_button = button("作废…", page.void_current)
        vbox(self.name, self.where, self.phones, self.tags, self.backup, self.away, self.verified, self.groups, None,
             hbox(self.copy_button, self.verify_button, self.edit_button),
             hbox(self.away_button, self.history_button, self.void_button), parent=self, margins=(16, 12, 16, 12))
        self.show_entry(None)

    def show_entry(self, entry: Entry | None) -> None:
        session = self.page.ctx.session
        for action in (self.copy_button, self.verify_button, self.edit_button, self.away_button,
                       self.history_button, self.void_button):
            action.setEnabled(entry is not None)
        if entry is None:
            self.name.setText("未选择")
            for line in (self.where, self.phones, self.tags, self.backup, self.away, self.verified, self.groups):
                line.setText("")
            self.where.setText("在上方输入姓名、拼音首字母、电话号码片段、单位或标签，按↓选择，回车显示大号码并复制主要电话。")
            return
        store, today = self.page.ctx.store, session.now().date()
        person = entry.kind == "person"
        self.name.setText(entry.name + ("" if person else "（单位）"))
        self.where.setText("　".join(filter(None, [entry.unit_path, entry.position])))
        self.phones.setText("\n".join(f"{p.kind_label}　{p.number}" for p in entry.phones) or "没有登记电话")
        self.tags.setText("标签：" + "、".join(entry.tags) if entry.tags else "")
        self.backup.setText("")
        self.groups.setText("")
        if person:
            card = directory.contact_card(store, entry.id, today, stale_days(store))
            lines = []
            if card.backup:
                lines.append(f"B角：{card.backup.name}　{card.backup.main_phone}" + ("（也外出）" if card.backup.away else ""))
            if card.backs_up:
                lines.append("是 " + "、".join(r.name for r in card.backs_up) + " 的B角")
            self.backup.setText("\n".join(lines))
            self.away.setText(card.away_text)
            how = f"，{card.verified_by}，{card.verified_how}" if card.verified_on else ""
            self.verified.setText(f"核实：{card.verified_on or '—'}{how}（{card.staleness}）")
            self.verified.setProperty("stale", card.stale)
            self.groups.setText("所在分组：" + "、".join(card.groups) if card.groups else "")
        else:
            self.away.setText("")
            self.verified.setText(f"核实：{entry.verified_on or '—'}" + ("（待核实）" if entry.stale else ""))
        repolish(self.verified)
        self.verify_button.setEnabled(session.can("contacts.verify"))
        self.edit_button.setEnabled(session.can("contacts.edit"))
        self.away_button.setEnabled(person and session.can("contacts.edit"))
        self.history_button.setEnabled(person)
        self.void_button.setEnabled(person and session.can("contacts.manage"))
        self.copy_button.setEnabled(bool(entry.phones))
