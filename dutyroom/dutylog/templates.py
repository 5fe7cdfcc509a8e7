"""Templates for frequent entries: built-in ones from ``resources/dutylog/templates.json`` and the room's
own (stored, shared by every workstation). Applying a template only fills the entry form."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from dutyroom.dutylog import kinds as kind_defs
from dutyroom.errors import NotFound, ValidationError
from dutyroom.paths import app_path
from dutyroom.session import Session
from dutyroom.store import Store


@dataclass(frozen=True)
class Template:
    key: str                 # "builtin:<key>" or "db:<id>"
    name: str
    kind: str
    summary: str = ""
    detail: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    builtin: bool = False

    @property
    def db_id(self) -> int | None:
        return None if self.builtin else int(self.key.split(":", 1)[1])


@functools.cache
def builtin_templates() -> tuple[Template, ...]:
    data = json.loads(app_path("resources", "dutylog", "templates.json").read_text(encoding="utf-8"))
    return tuple(Template(f"builtin:{t['key']}", t["name"], t["kind"], t.get("summary", ""), t.get("detail", ""),
                          dict(t.get("fields", {})), builtin=True) for t in data["templates"])


def templates(store: Store) -> list[Template]:
    """The room's own templates first (they are the ones it made for itself), then the built-in ones."""
    own = [Template(f"db:{r['id']}", r["name"], r["kind"], r["summary"], r["detail"], json.loads(r["fields_json"]))
           for r in store.rows("SELECT * FROM log_template WHERE voided_at IS NULL ORDER BY sort_order, id")]
    return own + list(builtin_templates())


def _clean(name: str, kind: str, summary: str, detail: str, fields: dict[str, Any] | None) -> dict[str, Any]:
    name = (name or "").strip()
    if not name:
        raise ValidationError("模板名称不能为空。", field="name")
    if len(name) > 40:
        raise ValidationError("模板名称过长（最多40字）。", field="name")
    spec = kind_defs.get_kind(kind)
    cleaned = kind_defs.clean_fields(spec, fields, require=False)
    return {"name": name, "kind": kind, "summary": (summary or "").strip(), "detail": (detail or "").strip(),
            "fields_json": json.dumps(cleaned, ensure_ascii=False)}


def save_template(session: Session, *, name: str, kind: str, summary: str = "", detail: str = "",
                  fields: dict[str, Any] | None = None, template_id: int | None = None) -> int:
    session.require("log.templates")
    values = _clean(name, kind, summary, detail, fields)
    with session.write() as tx:
        clash = tx.row("SELECT id FROM log_template WHERE name = ? AND voided_at IS NULL AND id IS NOT ?",
                       (values["name"], template_id))
        if clash:
            raise ValidationError(f"已有名为“{values['name']}”的模板，请换一个名称。", field="name")
        if template_id is None:
            order = tx.scalar("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM log_template")
            template_id = tx.insert("log_template", {**values, "sort_order": order, "created_at": tx.at,
                                                     "updated_at": tx.at})
            tx.audit("template.create", "log_template", template_id, after=tx.snapshot("log_template", template_id))
        else:
            before = tx.snapshot("log_template", template_id)
            if before["voided_at"]:
                raise ValidationError("该模板已删除。")
            tx.update_audited("log_template", template_id, values, op="template.update", entity="log_template",
                              before=before)
    return template_id


def remove_template(session: Session, template_id: int, reason: str = "不再使用") -> None:
    session.require("log.templates")
    with session.write() as tx:
        if tx.row("SELECT 1 FROM log_template WHERE id = ?", (template_id,)) is None:
            raise NotFound("该模板不存在。")
        tx.void("log_template", template_id, reason, op="template.void", entity="log_template")
