# ruff: noqa: F811 (the fixtures shared with test_rls are parameters here)
"""Row-level security over memberships and plans: through deliberately unfiltered SQL on the
api's role, learners see their own memberships and orders, a plan's owner its members and their
orders, admins all; plans are public, but only their owner or an admin changes them or what they
include."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from kit import db
from kit.settings import Settings
from models import Membership, Order, Plan, PlanCourse
from tests.lms.test_rls import World, api_engine, owners, rows, world  # noqa: F401 (fixtures)


@pytest.fixture
def members(world: World, settings: Settings) -> Iterator[World]:
    engine = db.make_engine(settings.owner_db, pool_size=1)
    with db.unit_of_work(db.make_sessionmaker(engine)) as s:
        plan = Plan(owner_id=world.teacher_a.id, slug="a-club", title="A", description="",
                    amount_cents=900, currency="usd", interval="month", all_courses=False,
                    active=True)
        s.add(plan)
        s.flush()
        s.add(PlanCourse(plan_id=plan.id, course_id=world.course_a))
        for n, user in enumerate((world.alice, world.bob)):
            s.add(Membership(user_id=user.id, plan_id=plan.id, subscription_id=f"sub_{n}",
                             status="active", cancel_at_period_end=False))
            s.add(Order(user_id=user.id, plan_id=plan.id, status="paid", amount_cents=900,
                        currency="usd", price_id="price_x", invoice_id=f"in_{n}"))
    engine.dispose()
    yield world


def test_memberships_are_their_members_and_the_plan_owners(members: World,
                                                           api_engine: Engine) -> None:
    w = members
    assert owners(api_engine, w.alice, "memberships") == {w.alice.id}
    assert owners(api_engine, w.bob, "memberships") == {w.bob.id}
    assert owners(api_engine, w.teacher_a, "memberships") == {w.alice.id, w.bob.id}
    assert owners(api_engine, w.admin, "memberships") == {w.alice.id, w.bob.id}
    assert owners(api_engine, w.teacher_b, "memberships") == set()
    assert rows(api_engine, None, "SELECT * FROM memberships") == []
    # and so are the plan's orders (its invoices)
    assert owners(api_engine, w.teacher_a, "orders") == {w.alice.id, w.bob.id}
    assert owners(api_engine, w.alice, "orders") == {w.alice.id}
    assert owners(api_engine, w.teacher_b, "orders") == set()


def test_plans_are_public_but_changed_by_their_owner_only(members: World,
                                                          api_engine: Engine) -> None:
    w = members
    assert len(rows(api_engine, None, "SELECT * FROM plans")) == 1
    assert len(rows(api_engine, w.alice, "SELECT * FROM plan_courses")) == 1
    for who, changed in ((w.teacher_b, 0), (w.alice, 0), (w.teacher_a, 1)):
        with db.make_sessionmaker(api_engine)() as s:
            db.act_as(s, str(who.id), who.role)
            done = s.execute(text("UPDATE plans SET amount_cents = 1"))
            assert done.rowcount == changed  # type: ignore[attr-defined]
            gone = s.execute(text("DELETE FROM plan_courses"))
            assert gone.rowcount == changed  # type: ignore[attr-defined]
            s.rollback()
    with db.make_sessionmaker(api_engine)() as s:  # nobody raises someone else's membership
        db.act_as(s, str(w.alice.id), w.alice.role)
        done = s.execute(text("UPDATE memberships SET status = 'active' WHERE user_id = :u"),
                         {"u": w.bob.id})
        assert done.rowcount == 0  # type: ignore[attr-defined]
