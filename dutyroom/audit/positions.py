"""Audit positions: where the chain stands (序号 + hash), as printed on paper and typed back as an anchor."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutyroom.errors import ValidationError
from dutyroom.store import Reader

PRINTED_DIGITS = 16            # hex digits of the hash a printout shows: 64 bits no forger can match
_HEX = re.compile(r"^[0-9a-f]+$")
_ANCHOR = re.compile(r"^\s*(?:第\s*)?(\d+)\s*(?:条)?\s*[:：\s]\s*(\w+)\s*$")


@dataclass(frozen=True)
class Position:
    seq: int
    hash: str

    def line(self) -> str:
        """The line on every printed 交接班记录 and 值班日报."""
        return f"审计校验：第{self.seq}条 {self.hash[:PRINTED_DIGITS]}"

    def as_dict(self) -> dict[str, object]:
        return {"seq": self.seq, "hash": self.hash}


@dataclass(frozen=True)
class Anchor:
    """A position written down outside the file: the chain must still hold ``prefix`` at ``seq``."""

    seq: int
    prefix: str
    source: str = ""           # where it was read (a printout, a backup, a typed argument)


def clean_prefix(text: str) -> str:
    prefix = "".join((text or "").split()).lower()
    if not _HEX.match(prefix):
        raise ValidationError("校验值只能由十六进制数字（0-9、a-f）组成。", field="hash_prefix")
    if not PRINTED_DIGITS <= len(prefix) <= 64:
        raise ValidationError(f"校验值应为{PRINTED_DIGITS}到64位十六进制数字（纸面上印的是{PRINTED_DIGITS}位）。",
                              field="hash_prefix")
    return prefix


def clean_seq(value: object) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 10**12:
        raise ValidationError("序号应为正整数（纸面上“第N条”的N）。", field="seq")
    return int(text)


def parse_anchor(text: str, source: str = "") -> Anchor:
    """``N:HEX`` (also ``第N条 HEX`` as printed) → an anchor; a clear Chinese refusal otherwise."""
    match = _ANCHOR.match(text or "")
    if not match:
        raise ValidationError(f"校验点“{text}”格式不对，应为 序号:校验值，例如 1234:0123456789abcdef。",
                              field="anchor")
    return Anchor(clean_seq(match.group(1)), clean_prefix(match.group(2)), source)


def head(reader: Reader) -> Position | None:
    """The newest row of the chain (None while it is empty)."""
    row = reader.row("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    return None if row is None else Position(row[0], row[1])


def position_of(reader: Reader, audit_id: int | None) -> Position | None:
    if audit_id is None:
        return None
    row = reader.row("SELECT id, hash FROM audit_log WHERE id = ?", (audit_id,))
    return None if row is None else Position(row[0], row[1])


def last_row_of(reader: Reader, entity: str, entity_id: object, op: str | None = None) -> int | None:
    """The newest audit row about one record (of one operation, when given)."""
    sql = "SELECT MAX(id) FROM audit_log WHERE entity = ? AND entity_id = ?" + (" AND op = ?" if op else "")
    return reader.scalar(sql, (entity, str(entity_id), *([op] if op else [])))


def kept_anchors(reader: Reader) -> list[Anchor]:
    """The anchors the administrator entered from paper (not voided), oldest first."""
    if not reader.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'"):
        return []             # a file from before anchors were kept
    return [Anchor(r[0], r[1], f"{r[2]}，{r[3]}录入")
            for r in reader.rows("SELECT seq, hash_prefix, source, entered_by_name FROM audit_anchor"
                                 " WHERE voided_at IS NULL ORDER BY id")]
