"""``audit verify``: the chain link by link, the business records against their latest audit row, and the
chain against anchors — positions written down outside the file.

What each part finds (README, "What verify detects"):
- the chain: an audit row edited, deleted, inserted or reordered, rows cut off the end (the head
  remembers), a row written after record digests began but without one (a forged row in the old form);
- the records (not with ``quick``): a business row edited, inserted or deleted past DutyRoom, and the list
  of records under an audit row edited;
- anchors: a chain rebuilt from some row on (every hash recomputed) or cut back before an anchor.
Someone who rewrites the records, their digests and the whole chain after the newest anchor is found by
nothing inside the file: that is what the anchors on paper and in the backups are for.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dutyroom.areas import recorded_tables
from dutyroom.audit.positions import Anchor, kept_anchors
from dutyroom.audit.words import record_name
from dutyroom.store import Reader
from dutyroom.store.chain import (
    EMPTY_RECORDS,
    GENESIS,
    LINK_FIELDS_SQL,
    RECORDS_MATERIAL_SQL,
    RECORDS_OF_SQL,
    chain_material_sql,
    link_hash,
    quick_hash,
    records_digest,
)
from dutyroom.store.records import digest_of, existing_tables, latest_recorded, quick_digests, read_shape

MAX_FINDINGS = 100

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class Finding:
    """A business record whose content, existence or absence does not match its latest audit row."""

    table: str
    key: str
    kind: str                       # changed / added / removed
    audit_id: int | None            # its latest audit row (None: it has none)

    def sentence(self) -> str:
        name = record_name(self.table, self.key)
        name += "" if name.endswith("）") else " "
        if self.kind == CHANGED:
            return f"{name}的内容与第 {self.audit_id} 条审计记录不符，在DutyRoom之外被改动。"
        if self.kind == REMOVED:
            return f"{name}已不存在，但第 {self.audit_id} 条审计记录表明它应当存在，在DutyRoom之外被删除。"
        if self.audit_id is None:
            return f"{name}没有任何审计记录，是在DutyRoom之外添加的。"
        return f"{name}按第 {self.audit_id} 条审计记录应已删除，却仍在数据中，在DutyRoom之外被添加。"

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "key": self.key, "kind": self.kind, "audit_id": self.audit_id,
                "message": self.sentence()}


@dataclass(frozen=True)
class AnchorCheck:
    anchor: Anchor
    actual: str | None              # the chain's hash at the anchor's position (None: not reached)
    chain_broken: bool = False      # the walk stopped at a break before it got there

    @property
    def ok(self) -> bool:
        return self.actual is not None and self.actual.startswith(self.anchor.prefix)

    def sentence(self, count: int) -> str:
        where = f"（{self.anchor.source}）" if self.anchor.source else ""
        position = f"校验点第 {self.anchor.seq} 条 {self.anchor.prefix[:16]}{where}"
        if self.ok:
            return f"{position}与审计链相符。"
        if self.actual is not None:
            return (f"{position}与审计链不符：第 {self.anchor.seq} 条记录现在的校验值是 {self.actual[:16]}，"
                    "该处及之前的审计记录被改写。")
        if self.chain_broken:
            return f"{position}无法核对：审计链在此之前已断裂。"
        return f"{position}无法核对：审计链只有 {count} 条记录，已到不了该位置，记录被截去。"

    def as_dict(self, count: int) -> dict[str, Any]:
        return {"seq": self.anchor.seq, "hash": self.anchor.prefix, "source": self.anchor.source, "ok": self.ok,
                "actual": self.actual, "message": self.sentence(count)}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    first_bad_id: int | None = None
    problem: str = ""
    head_hash: str = ""
    anchors: tuple[AnchorCheck, ...] = ()
    records_checked: int | None = None          # None: the records were not checked (--quick)
    findings: tuple[Finding, ...] = ()          # the first MAX_FINDINGS
    findings_total: int = 0

    @property
    def chain_ok(self) -> bool:
        return self.first_bad_id is None

    def sentences(self) -> list[str]:
        """What went wrong, most telling first; the whole good news when nothing did."""
        out = []
        if not self.chain_ok:
            out.append(f"审计链在第 {self.first_bad_id} 条记录处断裂：{self.problem}")
        out += [check.sentence(self.count) for check in self.anchors if not check.ok]
        if self.findings:
            more = f"（共 {self.findings_total} 处不符）" if self.findings_total > 1 else ""
            out.append(f"业务记录与审计不符{more}：{self.findings[0].sentence()}")
        if out:
            return out
        good = f"审计链完整：共 {self.count} 条记录，逐条校验通过"
        if self.records_checked is not None:
            good += f"；{self.records_checked} 条业务记录与其最新审计记录一致"
        if self.anchors:
            good += f"；{len(self.anchors)} 个校验点全部相符" if len(self.anchors) > 1 else "；校验点相符"
        return [good + ("。" if self.records_checked is not None else "（未核对业务记录）。")]

    def message(self) -> str:
        return "\n".join(self.sentences())

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "count": self.count, "first_bad_id": self.first_bad_id, "problem": self.problem,
                "head": {"seq": self.count, "hash": self.head_hash} if self.chain_ok else None,
                "anchors": [a.as_dict(self.count) for a in self.anchors],
                "records_checked": self.records_checked, "findings_total": self.findings_total,
                "findings": [f.as_dict() for f in self.findings], "message": self.message()}


@dataclass
class _Walk:
    count: int = 0
    head_hash: str = GENESIS
    first_bad_id: int | None = None
    problem: str = ""
    hashes: dict[int, str] = field(default_factory=dict)         # at the anchors' positions
    digests: dict[int, str] = field(default_factory=dict)        # record digest per audit row

    def broken(self, row_id: int, problem: str) -> _Walk:
        self.first_bad_id, self.problem = row_id, problem
        return self


def _has_digests(reader: Reader) -> bool:
    """Whether the file keeps record digests (the record_digests migration on); an older copy has the chain alone."""
    return bool(reader.scalar("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'record_digest'"))


def _walk(reader: Reader, wanted: set[int], keep_digests: bool) -> _Walk:
    walk = _Walk()
    expected_id, prev_hash, digests_began = 1, GENESIS, False
    with_digests = _has_digests(reader)
    fields_sql = LINK_FIELDS_SQL.format(digest="record_digest" if with_digests else "NULL")

    def holds(row_id: int, stored: str) -> bool:
        """The defining ``link_hash``, for a row whose SQLite-made text did not give its hash."""
        fields = reader.row(fields_sql, (row_id,))
        return fields is not None and link_hash(*fields) == stored

    sha256 = hashlib.sha256
    for row_id, row_prev, row_hash, record_digest, material in reader.tuples(chain_material_sql(with_digests)):
        if row_id != expected_id:
            return walk.broken(expected_id, f"缺少第 {expected_id} 条记录（下一条为第 {row_id} 条），记录被删除。")
        if row_prev != prev_hash:
            return walk.broken(row_id, "与上一条记录的链接不符，上一条记录被改动或删除。")
        if record_digest is None and digests_began:
            return walk.broken(row_id, "该记录没有业务记录摘要（升级后写入的每条记录都有），是伪造的记录。")
        if sha256(material).hexdigest() != row_hash and not holds(row_id, row_hash):
            return walk.broken(row_id, "记录内容与校验值不符，该记录被改动。")
        if record_digest is not None:
            digests_began = True
            if keep_digests:
                walk.digests[row_id] = record_digest
        if row_id in wanted:
            walk.hashes[row_id] = row_hash
        prev_hash = row_hash
        expected_id += 1
        walk.count += 1
    walk.head_hash = prev_hash
    head = reader.row("SELECT last_id, last_hash FROM audit_head WHERE singleton = 1")
    head_id, head_hash = (head[0], head[1]) if head else (0, GENESIS)
    if head_id != walk.count or head_hash != prev_hash:
        return walk.broken(walk.count + 1 if head_id > walk.count else head_id,
                           f"链尾与记录不符（应有 {head_id} 条，实有 {walk.count} 条），末尾记录被删除或改动。")
    return walk


def _check_record_lists(reader: Reader, walk: _Walk) -> None:
    """Each audit row's list of records must hash to the digest its link covers."""
    bad: list[tuple[int, str]] = []
    seen: set[int] = set()
    for audit_id, material in reader.tuples(RECORDS_MATERIAL_SQL):
        seen.add(audit_id)
        expected = walk.digests.get(audit_id)
        if expected is None:
            where = "不存在" if audit_id > walk.count else "没有业务记录摘要"
            bad.append((audit_id, f"该审计记录{where}，却有业务记录挂在其下，业务记录的审计摘要被改动。"))
        elif quick_hash(material) != expected and records_digest(
                [tuple(r) for r in reader.tuples(RECORDS_OF_SQL, (audit_id,))]) != expected:
            bad.append((audit_id, "所附业务记录与校验值不符，业务记录的审计摘要被改动。"))
    bad += [(audit_id, "所附业务记录缺失，业务记录的审计摘要被删除。")
            for audit_id, digest in walk.digests.items() if audit_id not in seen and digest != EMPTY_RECORDS]
    if bad:
        walk.broken(*min(bad))


def _findings(reader: Reader) -> tuple[list[Finding], int]:
    """Every current record against its latest audit row; returns (findings, records checked)."""
    findings: list[Finding] = []
    checked = 0
    present = existing_tables(reader.tuples)
    for table in recorded_tables():
        if table not in present:
            continue
        shape = read_shape(reader.tuples, table)
        latest = latest_recorded(reader.tuples, table)
        for key, digest in quick_digests(reader.tuples, shape):
            checked += 1
            recorded = latest.pop(key, None)
            if recorded is None:
                findings.append(Finding(table, key, ADDED, None))
            elif recorded[0] != digest and recorded[0] != digest_of(reader.tuples, shape, key):
                findings.append(Finding(table, key, CHANGED if recorded[0] is not None else ADDED, recorded[1]))
        findings += [Finding(table, key, REMOVED, audit_id)
                     for key, (digest, audit_id) in sorted(latest.items()) if digest is not None]
    return findings, checked


def verify(reader: Reader, *, quick: bool = False, anchors: Iterable[Anchor] = (), kept: bool = True) -> VerifyResult:
    """Check the chain (and, unless ``quick``, every business record) against the given anchors and (with
    ``kept``) those the administrator entered. Reads only."""
    snapshot = getattr(reader, "snapshot", contextlib.nullcontext)
    with snapshot():
        wanted = [*anchors, *(kept_anchors(reader) if kept else ())]
        walk = _walk(reader, {a.seq for a in wanted}, keep_digests=not quick)
        findings: list[Finding] = []
        checked = None
        if not quick and _has_digests(reader):
            if walk.first_bad_id is None:
                _check_record_lists(reader, walk)
            findings, checked = _findings(reader)
    checks = tuple(AnchorCheck(a, walk.hashes.get(a.seq), walk.first_bad_id is not None) for a in wanted)
    ok = walk.first_bad_id is None and all(c.ok for c in checks) and not findings
    return VerifyResult(ok, walk.count, walk.first_bad_id, walk.problem, walk.head_hash, checks, checked,
                        tuple(findings[:MAX_FINDINGS]), len(findings))
