"""Accounts for the whole duty staff in one step: pinyin user names, roles from duty roles, random passwords that
must be changed, printed on slips and nowhere else."""

from __future__ import annotations

import re

import pytest

from dutyroom import org
from dutyroom.auth import accounts
from dutyroom.auth.bulk import (
    READABLE,
    account_role,
    base_username,
    create_staff_accounts,
    new_password,
    plan_staff_accounts,
)
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.printing.account_slips import MUST_CHANGE, render_account_slips, slips_doc
from dutyroom.session import Session
from tests.conftest import NOW, actor_with
from tests.pdfcheck import read_pdf, squeeze
from tests.printcheck import check_pdf


@pytest.fixture
def staff(system) -> dict[str, int]:
    out = {}
    for n, (name, roles) in enumerate((("曾晓军", ["leader", "chief"]), ("单立新", ["chief", "officer"]),
                                       ("解红梅", ["officer"]), ("翟文斌", ["standby"]), ("覃国庆", ["leader"]),
                                       ("张伟", ["officer"]), ("张伟", ["standby", "officer"]), ("无岗位", []))):
        out[f"{name}{n}"] = org.create_person(system, name=name, is_staff=True, duty_roles=roles,
                                               phones=[("mobile", f"1000000{n:04d}")])
    return out


def test_user_names_follow_the_surname_table() -> None:
    assert [base_username(n) for n in ("曾晓军", "单立新", "解红梅", "翟文斌", "覃国庆", "欧阳晓明")] == [
        "zengxiaojun", "shanlixin", "xiehongmei", "zhaiwenbin", "qinguoqing", "ouyangxiaoming"]
    assert base_username("吕") == "lv" and base_username("··") == "user"


def test_roles_from_the_highest_duty_role() -> None:
    assert [account_role(r) for r in (["standby", "leader"], ["officer", "chief"], ["officer"], ["standby"])] == [
        "leader", "chief", "officer", "officer"]


def test_passwords_are_random_readable_and_valid() -> None:
    made = {new_password() for _ in range(200)}
    assert len(made) == 200
    for password in made:
        assert set(password) <= set(READABLE) and not set(password) & set("0O1lIo")
        accounts.validate_password(password)


def test_one_step_creates_every_missing_account(system, store, clock, staff) -> None:
    accounts.create_account(system, username="zhangwei", password="Taken2026x", display_name="别人",
                            roles=["officer"])
    planned = plan_staff_accounts(store)
    assert [(p.name, p.username, p.role) for p in planned] == [
        ("曾晓军", "zengxiaojun", "leader"), ("单立新", "shanlixin", "chief"), ("解红梅", "xiehongmei", "officer"),
        ("翟文斌", "zhaiwenbin", "officer"), ("覃国庆", "qinguoqing", "leader"), ("张伟", "zhangwei2", "officer"),
        ("张伟", "zhangwei3", "officer")]
    delivered = []
    made = create_staff_accounts(system, delivered.extend)
    assert delivered == made and [a.username for a in made] == [p.username for p in planned]
    for account in made:
        row = store.row("SELECT * FROM account WHERE id = ?", (account.account_id,))
        assert row["person_id"] == account.person_id and row["must_change_password"] == 1
        assert accounts.check_password(account.password, row["password_hash"])
    actor = accounts.login(store, "zengxiaojun", made[0].password, clock)
    assert actor.roles == frozenset({"leader"}) and accounts.must_change_password(store, actor.account_id)
    # Passwords in clear exist only in what was delivered: never in the file or the audit trail.
    store.checkpoint()
    raw = store.path.read_bytes()
    audit = str([dict(r) for r in store.rows("SELECT * FROM audit_log")])
    assert not [a for a in made if a.password.encode() in raw or a.password in audit]
    assert made[0].password not in repr(made[0])
    with pytest.raises(ValidationError, match="都已有账户"):
        create_staff_accounts(system, delivered.extend)


def test_nothing_is_created_unless_the_slips_are_made(system, store, staff) -> None:
    before = store.scalar("SELECT COUNT(*) FROM audit_log")

    def broken(_made) -> None:
        raise ValidationError("打印机没有纸。")

    with pytest.raises(ValidationError, match="没有纸"):
        create_staff_accounts(system, broken)
    assert store.scalar("SELECT COUNT(*) FROM account") == 0 and store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_only_administrators_create_accounts(store, clock, staff) -> None:
    office = Session(store, actor_with("office"), clock)
    with pytest.raises(PermissionDenied):
        create_staff_accounts(office, lambda made: None)


def test_the_slips(system, staff) -> None:
    made = create_staff_accounts(system, lambda made: None, person_ids=[staff["曾晓军0"], staff["张伟5"]])
    data = render_account_slips(slips_doc("临江县应急管理局", made, NOW))
    assert check_pdf(data) == []
    pdf = read_pdf(data)
    text = squeeze(pdf.text)
    for account in made:
        assert account.name in text and account.username in text and account.password in text
    assert text.count(squeeze(MUST_CHANGE)) == 2 and "临江县应急管理局值班系统账户通知" in text
    many = render_account_slips(slips_doc("临江县应急管理局", made * 10, NOW))
    assert check_pdf(many) == [] and 4 <= 20 / len(read_pdf(many).pages) <= 5      # four or five to a page


def test_the_first_administrator_is_also_the_office(store, clock) -> None:
    actor = accounts.create_first_admin(store, clock, username="admin", password="Admin2026x", display_name="管理员")
    assert actor.roles == frozenset({"admin", "office"})
    assert re.match("^[a-z]+$", actor.username)
