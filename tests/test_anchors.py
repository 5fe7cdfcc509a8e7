"""Anchors: the audit position printed on every 交接班记录 and 值班日报, and typed back in by the administrator."""

from __future__ import annotations

import io
import re
import sqlite3
from datetime import date, datetime

import pytest
from docx import Document

from dutyroom import audit
from dutyroom.audit import anchors
from dutyroom.audit.positions import head, parse_anchor, position_of
from dutyroom.clock import CST
from dutyroom.dutylog import handover, report
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.printing.daily_report import render_report_docx, render_report_pdf, report_doc
from dutyroom.printing.dutylog_print import handover_doc, render_handover
from dutyroom.store import Store
from tests.dutylog_helpers import EQUIPMENT_OK, make_room
from tests.incident_helpers import session_as
from tests.pdfcheck import read_pdf, squeeze

LINE = re.compile(r"审计校验：第(\d+)条([0-9a-f]{16})")


def printed_anchor(pdf: bytes) -> tuple[int, str]:
    found = LINE.search(squeeze(read_pdf(pdf).text))
    assert found, "no audit position on the printout"
    return int(found.group(1)), found.group(2)


def test_a_live_handover_sheet_prints_the_head(demo_store: Store, clock) -> None:
    seq, prefix = printed_anchor(render_handover(handover_doc(demo_store, date(2026, 11, 24), clock.now())))
    now = head(demo_store)
    assert (seq, prefix) == (now.seq, now.hash[:16])


def test_an_accepted_handover_prints_its_acceptance_and_reprints_the_same(store: Store, clock, system) -> None:
    room = make_room(store, clock, system)
    room.clock.set(datetime(2026, 11, 25, 8, 10, tzinfo=CST))
    day = date(2026, 11, 24)
    handover_id = handover.confirm_handover(room.officer, day, equipment=EQUIPMENT_OK)
    state = handover.handover_state(store, day, room.clock.now())
    handover.acknowledge(room.incoming, handover_id, [i.key for i in state.sheet.ack_items()])
    handover.accept_handover(room.incoming, handover_id)
    accepted = position_of(store, store.scalar("SELECT MAX(id) FROM audit_log WHERE op = 'handover.accept'"))
    first = printed_anchor(render_handover(handover_doc(store, day, room.clock.now())))
    report.save_report(room.officer, date(2026, 11, 25), title="值班日报", body="今日值班情况正常。", zero_report=True)
    again = printed_anchor(render_handover(handover_doc(store, day, room.clock.now())))
    assert first == again == (accepted.seq, accepted.hash[:16])
    assert head(store).seq > accepted.seq


def test_a_saved_daily_report_prints_its_save_in_pdf_and_word(store: Store, clock, system) -> None:
    room = make_room(store, clock, system)
    day = date(2026, 11, 24)
    draft = report.current_report(store, day, clock.now())
    live = head(store)
    assert printed_anchor(render_report_pdf(report_doc(store, draft, clock.now()))) == (live.seq, live.hash[:16])
    report.save_report(room.officer, day, title="值班日报", body="今日值班情况正常。", zero_report=True)
    saved = head(store)
    doc = report_doc(store, report.current_report(store, day, clock.now()), clock.now())
    assert printed_anchor(render_report_pdf(doc)) == (saved.seq, saved.hash[:16])
    text = "\n".join(p.text for p in Document(io.BytesIO(render_report_docx(doc))).paragraphs)
    assert f"审计校验：第{saved.seq}条 {saved.hash[:16]}" in text


def test_the_paper_anchor_typed_back_verifies_and_a_rewrite_fails_it(demo_store: Store, clock) -> None:
    seq, prefix = printed_anchor(render_handover(handover_doc(demo_store, date(2026, 11, 23), clock.now())))
    typed = parse_anchor(f"{seq}:{prefix}", "2026-11-23 交接班记录")
    assert audit.verify(demo_store, anchors=[typed]).ok
    path = demo_store.path
    demo_store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET hash = iif(hash LIKE 'f%', 'e', 'f') || substr(hash, 2) WHERE id = ?", (seq,))
    conn.commit()
    conn.close()
    reopened = Store(path)
    result = audit.verify(reopened, quick=True, anchors=[typed])
    reopened.close()
    assert not result.ok and not result.anchors[0].ok


# -- kept anchors (系统设置) -------------------------------------------------------------------------------

def test_the_administrator_keeps_anchors_and_verify_checks_them(demo_store: Store, clock) -> None:
    admin = session_as(demo_store, clock, "admin")
    now = head(demo_store)
    kept = anchors.add_anchor(admin, seq=now.seq, hash_prefix=now.hash[:16].upper(), source=" 2026-11-24  交接班记录 ")
    row = demo_store.row("SELECT * FROM audit_anchor WHERE id = ?", (kept,))
    assert (row["hash_prefix"], row["source"], row["entered_by_name"]) == (now.hash[:16], "2026-11-24 交接班记录",
                                                                          "系统管理员")
    wrong = anchors.add_anchor(admin, seq=3, hash_prefix="0" * 16, source="抄错的一张")
    result = audit.verify(demo_store)
    assert not result.ok and [c.ok for c in result.anchors] == [True, True, False]     # the demo's, ours, the wrong one
    assert "校验点第 3 条 0000000000000000（抄错的一张，系统管理员录入）与审计链不符" in result.message()
    assert [r["matches"] for r in anchors.anchor_rows(demo_store)] == [False, True, True]    # by position
    anchors.void_anchor(admin, wrong, "抄录错误")
    assert audit.verify(demo_store).ok
    added = demo_store.row("SELECT * FROM audit_log WHERE op = 'audit.anchor_add' AND entity_id = ?", (str(kept),))
    assert audit.describe(dict(added)) == f"第{now.seq}条 {now.hash[:16]}，来源：2026-11-24 交接班记录"


@pytest.mark.parametrize(("seq", "prefix", "source", "message"), [
    ("0", "0123456789abcdef", "纸", "序号应为正整数"),
    ("12", "0123456789abcde", "纸", "16到64位"),
    ("12", "0123456789abcdeg", "纸", "十六进制"),
    ("12", "0123456789abcdef", "  ", "抄录自何处"),
])
def test_a_bad_anchor_is_refused(demo_store: Store, clock, seq: str, prefix: str, source: str, message: str) -> None:
    admin = session_as(demo_store, clock, "admin")
    with pytest.raises(ValidationError, match=message):
        anchors.add_anchor(admin, seq=seq, hash_prefix=prefix, source=source)


def test_only_the_administrator_enters_anchors_and_twice_is_refused(demo_store: Store, clock) -> None:
    with pytest.raises(PermissionDenied):
        anchors.add_anchor(session_as(demo_store, clock, "bangongshi"), seq=1, hash_prefix="0" * 16, source="纸")
    admin = session_as(demo_store, clock, "admin")
    first = position_of(demo_store, 1)
    anchors.add_anchor(admin, seq=1, hash_prefix=first.hash[:16], source="纸")
    with pytest.raises(ValidationError, match="已经录入"):
        anchors.add_anchor(admin, seq=1, hash_prefix=first.hash[:20], source="纸")
