"""PLAYBOOK.md §1–§6 as tests: each rule's kinds and due dates, and the settings that move them.

The pure functions (`triage`, `plan`, `silent_since`) are tested with explicit moments;
the rules that depend on history (feedback arriving, a follow-up done, a new application
logged) are also driven through the Tracker on the frozen clock, as a user would.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from doorajar import playbook
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    Contact,
    ContactRole,
    Feedback,
    Outcome,
    PlannedAction,
    Rejection,
    RejectionKind,
    Stage,
)
from doorajar.service import Tracker
from doorajar.settings import Settings
from tests.helpers import NOW, Clock

K = ActionKind
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # when the rejection arrived
APPLIED = AT - timedelta(days=30)


def application(stage: Stage = Stage.FINAL_ROUND) -> Application:
    return Application(
        1, "Acme Robotics", "Senior Data Engineer", APPLIED, stage=stage, outcome=Outcome.REJECTED
    )


def rejection(kind: RejectionKind, stage: Stage = Stage.FINAL_ROUND) -> Rejection:
    return Rejection(1, 1, kind, stage, AT)


def plan(
    kind: RejectionKind,
    stage: Stage = Stage.FINAL_ROUND,
    *,
    done: dict[ActionKind, datetime] | None = None,
    feedback: tuple[Feedback, ...] = (),
    contacts: tuple[Contact, ...] = (),
    applied_after: bool = False,
    **settings: Any,
) -> dict[ActionKind, list[PlannedAction]]:
    history = playbook.History(
        done=done or {}, feedback=feedback, contacts=contacts, applied_after=applied_after
    )
    out: dict[ActionKind, list[PlannedAction]] = defaultdict(list)
    for p in playbook.plan(
        application(stage), rejection(kind, stage), history, Settings(**settings)
    ):
        out[p.kind].append(p)
    return dict(out)


def only(actions: dict[ActionKind, list[PlannedAction]], kind: ActionKind) -> PlannedAction:
    [one] = actions[kind]
    return one


def fb(at: datetime, text: str = "More Spark, please.") -> Feedback:
    return Feedback(1, 1, text, at)


# --- §1 triage ---------------------------------------------------------------------------


def test_triage_interviewed_is_personal_and_says_why() -> None:
    t = playbook.triage(stage=Stage.HIRING_MANAGER)
    assert t.kind is RejectionKind.PERSONAL
    assert t.respond
    assert any("hiring manager stage" in r for r in t.reasons)
    assert "48 hours" in t.advice


def test_triage_before_any_interview_is_a_form_and_not_answered_by_default() -> None:
    t = playbook.triage(stage=Stage.APPLIED)
    assert t.kind is RejectionKind.FORM
    assert not t.respond
    assert any("form email" in r for r in t.reasons)
    assert "move on" in t.advice


def test_triage_feedback_or_a_named_person_makes_it_personal() -> None:
    with_feedback = playbook.triage(stage=Stage.APPLIED, has_feedback=True)
    assert with_feedback.kind is RejectionKind.PERSONAL
    assert any("feedback" in r for r in with_feedback.reasons)
    named = playbook.triage(stage=Stage.APPLIED, contact_name="Dana Li")
    assert named.kind is RejectionKind.PERSONAL
    assert any("Dana Li" in r for r in named.reasons)


def test_triage_respects_the_users_kind_but_flags_a_form_after_interviews() -> None:
    t = playbook.triage(stage=Stage.FINAL_ROUND, kind=RejectionKind.FORM)
    assert t.kind is RejectionKind.FORM
    assert t.reasons[0] == "you marked it as a form rejection"
    assert any("personal reply may still be worth it" in r for r in t.reasons)


def test_reply_to_form_setting_switches_form_replies_on() -> None:
    assert playbook.triage(stage=Stage.APPLIED, settings=Settings(reply_to_form=True)).respond
    off = plan(RejectionKind.FORM, Stage.APPLIED)
    assert set(off) == {K.NEXT_APPLICATION}
    on = plan(RejectionKind.FORM, Stage.APPLIED, reply_to_form=True)
    assert only(on, K.REPLY).due == AT + timedelta(hours=48)
    assert set(on) == {K.REPLY, K.NEXT_APPLICATION}


def test_silent_after_21_days_by_default() -> None:
    app = replace(application(Stage.APPLIED), outcome=Outcome.ACTIVE)
    last = APPLIED
    s = Settings()
    assert playbook.silent_since(app, last, s, now=last + timedelta(days=20, hours=23)) is None
    assert playbook.silent_since(app, last, s, now=last + timedelta(days=25)) == last + timedelta(
        days=21
    )
    longer = Settings(silent_after_days=30)
    assert playbook.silent_since(app, last, longer, now=last + timedelta(days=25)) is None
    assert playbook.silent_since(app, last, longer, now=last + timedelta(days=31)) == (
        last + timedelta(days=30)
    )


def test_closed_or_offered_applications_never_go_silent() -> None:
    late = APPLIED + timedelta(days=90)
    for app in (
        application(Stage.APPLIED),  # already rejected
        replace(application(Stage.APPLIED), outcome=Outcome.WITHDRAWN),
        replace(application(Stage.OFFER), outcome=Outcome.ACTIVE),
    ):
        assert playbook.silent_since(app, APPLIED, Settings(), now=late) is None


def test_silent_plan_is_one_check_in_and_the_next_application() -> None:
    p = plan(RejectionKind.SILENT, Stage.APPLIED)
    assert set(p) == {K.CHECK_IN, K.NEXT_APPLICATION}
    check_in = only(p, K.CHECK_IN)
    assert check_in.due == AT
    assert "never more" in check_in.reason
    assert "21 days" in check_in.reason


def test_silence_becomes_a_rejection_with_exactly_one_check_in(
    tracker: Tracker, clock: Clock
) -> None:
    tracker.apply("Redwood Dynamics", "Data Engineer", at=NOW - timedelta(days=20))
    assert tracker.sweep_silence() == []
    clock.advance(days=2)
    [app] = tracker.sweep_silence()
    detail = tracker.show("redwood")
    [rej] = detail.rejections
    assert rej.kind is RejectionKind.SILENT
    assert rej.received_at == NOW + timedelta(days=1)  # 21 days after applying
    check_ins = [a for a in detail.actions if a.kind is K.CHECK_IN]
    assert [a.due for a in check_ins] == [NOW + timedelta(days=1)]
    tracker.act(check_ins[0].id, ActionStatus.DONE)
    clock.advance(days=40)
    assert tracker.sweep_silence() == []
    tracker.set_config("silent_after_days", "14")  # re-plans everything
    again = tracker.show("redwood")
    assert [a.status for a in again.actions if a.kind is K.CHECK_IN] == [ActionStatus.DONE]
    assert app.id == again.application.id


def test_an_inbound_message_restarts_the_silence_clock(tracker: Tracker, clock: Clock) -> None:
    from doorajar.model import Direction

    tracker.apply("Juniper Civic", "Data Engineer", at=NOW - timedelta(days=15))
    tracker.log_touch("juniper", direction=Direction.IN, at=NOW - timedelta(days=5))
    clock.advance(days=10)
    assert tracker.sweep_silence() == []
    clock.advance(days=7)
    assert [a.company for a in tracker.sweep_silence()] == ["Juniper Civic"]


# --- §2 stages ---------------------------------------------------------------------------


def test_stages_are_ordered_and_only_move_forward(tracker: Tracker) -> None:
    assert [s.value for s in Stage] == [
        "applied",
        "recruiter_screen",
        "hiring_manager",
        "final_round",
        "offer",
    ]
    assert [s.rank for s in Stage] == [0, 1, 2, 3, 4]
    tracker.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=10))
    tracker.advance("acme", Stage.HIRING_MANAGER, at=NOW - timedelta(days=5))
    with pytest.raises(InvalidInput, match="only move forward"):
        tracker.advance("acme", Stage.RECRUITER_SCREEN)


def test_withdrawn_and_declined_are_outcomes_not_rejections(tracker: Tracker) -> None:
    tracker.apply("Meridian Telecom", "Data Engineer", at=NOW - timedelta(days=40))
    tracker.set_outcome("meridian", Outcome.WITHDRAWN)
    d = tracker.show("meridian")
    assert d.rejections == ()
    assert d.actions == ()
    assert tracker.sweep_silence() == []  # withdrawn never turns silent
    with pytest.raises(InvalidInput, match="ajar reject"):
        tracker.set_outcome("meridian", Outcome.REJECTED)


def test_a_rejection_records_the_last_stage_reached(tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Data Engineer", at=NOW - timedelta(days=20))
    d = tracker.reject("acme", stage=Stage.FINAL_ROUND, at=NOW - timedelta(hours=1))
    assert d.rejection is not None
    assert d.rejection.stage is Stage.FINAL_ROUND
    assert d.application.stage is Stage.FINAL_ROUND
    assert d.application.outcome is Outcome.REJECTED


# --- §3 the reply ------------------------------------------------------------------------


def test_personal_reply_due_in_48_hours_with_a_cool_off() -> None:
    reply = only(plan(RejectionKind.PERSONAL), K.REPLY)
    assert reply.due == AT + timedelta(hours=48)
    assert "within 48 hours" in reply.reason
    assert "about 60 minutes" in reply.reason
    assert "specific appreciation" in reply.reason


def test_reply_settings_move_the_due_date_and_the_cool_off() -> None:
    reply = only(plan(RejectionKind.PERSONAL, reply_due_hours=24, cool_off_minutes=90), K.REPLY)
    assert reply.due == AT + timedelta(hours=24)
    assert "within 24 hours" in reply.reason
    assert "about 90 minutes" in reply.reason


# --- §4 feedback ---------------------------------------------------------------------------


def test_feedback_request_is_separate_a_few_days_after_the_thank_you() -> None:
    p = plan(RejectionKind.PERSONAL)
    request = only(p, K.FEEDBACK_REQUEST)
    assert request.due == AT + timedelta(hours=48) + timedelta(days=3)
    assert "one specific thing" in request.reason
    assert K.FEEDBACK_FOLLOW_UP not in p  # nothing to follow up before asking
    replied = AT + timedelta(hours=5)
    after_reply = only(plan(RejectionKind.PERSONAL, done={K.REPLY: replied}), K.FEEDBACK_REQUEST)
    assert after_reply.due == replied + timedelta(days=3)
    later = only(
        plan(RejectionKind.PERSONAL, done={K.REPLY: replied}, feedback_request_delay_days=5),
        K.FEEDBACK_REQUEST,
    )
    assert later.due == replied + timedelta(days=5)


def test_feedback_request_with_the_reply_or_off() -> None:
    inline = plan(RejectionKind.PERSONAL, feedback_request="with_reply")
    assert K.FEEDBACK_REQUEST not in inline
    assert "asking for one specific piece of feedback" in only(inline, K.REPLY).reason
    replied = AT + timedelta(hours=3)
    inline_done = plan(
        RejectionKind.PERSONAL, feedback_request="with_reply", done={K.REPLY: replied}
    )
    assert only(inline_done, K.FEEDBACK_FOLLOW_UP).due == replied + timedelta(days=10)
    off = plan(RejectionKind.PERSONAL, feedback_request="off", done={K.REPLY: replied})
    assert K.FEEDBACK_REQUEST not in off
    assert K.FEEDBACK_FOLLOW_UP not in off


def test_one_follow_up_10_days_after_the_request_when_no_feedback_came() -> None:
    asked = AT + timedelta(days=5)
    done = {K.REPLY: AT + timedelta(days=1), K.FEEDBACK_REQUEST: asked}
    follow = only(plan(RejectionKind.PERSONAL, done=done), K.FEEDBACK_FOLLOW_UP)
    assert follow.due == asked + timedelta(days=10)
    assert "only one" in follow.reason
    for days in (7, 14):
        p = plan(RejectionKind.PERSONAL, done=done, feedback_follow_up_days=days)
        assert only(p, K.FEEDBACK_FOLLOW_UP).due == asked + timedelta(days=days)


def test_no_follow_up_once_feedback_arrived_and_a_one_line_thanks_instead() -> None:
    asked = AT + timedelta(days=5)
    came = asked + timedelta(days=4, hours=3)
    done = {K.REPLY: AT + timedelta(days=1), K.FEEDBACK_REQUEST: asked}
    p = plan(RejectionKind.PERSONAL, done=done, feedback=(fb(came),))
    assert K.FEEDBACK_FOLLOW_UP not in p
    assert K.FEEDBACK_REQUEST not in p
    thanks = only(p, K.THANK_FOR_FEEDBACK)
    assert thanks.due == came + timedelta(days=1)
    assert "Do not argue" in thanks.reason


def test_feedback_that_came_with_the_rejection_is_thanked_in_the_reply() -> None:
    p = plan(RejectionKind.PERSONAL, feedback=(fb(AT),))
    assert "Thank them for the feedback in the same note" in only(p, K.REPLY).reason
    assert K.FEEDBACK_REQUEST not in p
    assert K.FEEDBACK_FOLLOW_UP not in p
    assert K.THANK_FOR_FEEDBACK not in p


def _open_kinds(actions: tuple[Action, ...]) -> list[ActionKind]:
    return [a.kind for a in actions if a.open]


def _one(actions: tuple[Action, ...], kind: ActionKind) -> Action:
    [a] = [a for a in actions if a.kind is kind]
    return a


def test_feedback_flow_through_the_tracker_never_two_follow_ups(
    tracker: Tracker, clock: Clock
) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=30))
    d = tracker.reject(
        "acme", kind=RejectionKind.PERSONAL, stage=Stage.FINAL_ROUND, at=NOW - timedelta(hours=2)
    )
    reply = _one(d.actions, K.REPLY)
    assert reply.due == NOW - timedelta(hours=2) + timedelta(hours=48)
    clock.advance(hours=20)
    d = tracker.show(str(tracker.act(reply.id, ActionStatus.DONE).application_id))
    request = _one(d.actions, K.FEEDBACK_REQUEST)
    assert request.due == NOW + timedelta(hours=20) + timedelta(days=3)
    clock.advance(days=3)
    tracker.act(request.id, ActionStatus.DONE)
    asked = clock.now
    d = tracker.show("acme")
    follow = _one(d.actions, K.FEEDBACK_FOLLOW_UP)
    assert follow.due == asked + timedelta(days=10)
    clock.advance(days=10)
    tracker.act(follow.id, ActionStatus.DONE)
    clock.advance(days=30)
    tracker.set_config("feedback_follow_up_days", "7")  # re-plans every application
    d = tracker.show("acme")
    assert [a.status for a in d.actions if a.kind is K.FEEDBACK_FOLLOW_UP] == [ActionStatus.DONE]
    assert K.FEEDBACK_FOLLOW_UP not in _open_kinds(d.actions)


def test_feedback_arriving_drops_the_pending_follow_up(tracker: Tracker, clock: Clock) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=30))
    d = tracker.reject("acme", kind=RejectionKind.PERSONAL, at=NOW - timedelta(hours=1))
    tracker.act(_one(d.actions, K.REPLY).id, ActionStatus.DONE)
    clock.advance(days=3)
    tracker.act(_one(tracker.show("acme").actions, K.FEEDBACK_REQUEST).id, ActionStatus.DONE)
    assert K.FEEDBACK_FOLLOW_UP in _open_kinds(tracker.show("acme").actions)
    clock.advance(days=4)
    d = tracker.add_feedback("acme", "The other finalist had run Spark in production.")
    follow = _one(d.actions, K.FEEDBACK_FOLLOW_UP)
    assert follow.status is ActionStatus.SKIPPED
    assert follow.note is not None
    assert "plan changed" in follow.note
    thanks = _one(d.actions, K.THANK_FOR_FEEDBACK)
    assert thanks.open
    assert thanks.due == clock.now + timedelta(days=1)


# --- §5 keeping the door open ------------------------------------------------------------


def test_linkedin_connect_names_the_recruiter_and_the_note_limit() -> None:
    people = (
        Contact(2, "Marcus Feld", role=ContactRole.HIRING_MANAGER),
        Contact(3, "Dana Li", role=ContactRole.RECRUITER),
    )
    li = only(plan(RejectionKind.PERSONAL, contacts=people), K.LINKEDIN_CONNECT)
    assert li.due == AT + timedelta(hours=48)
    assert li.contact_id == 3
    assert "Dana Li" in li.reason
    assert "300 characters" in li.reason
    short = only(
        plan(RejectionKind.PERSONAL, contacts=people, linkedin_note_limit=200), K.LINKEDIN_CONNECT
    )
    assert "200 characters" in short.reason


def test_no_linkedin_action_once_connected() -> None:
    people = (Contact(3, "Dana Li", role=ContactRole.RECRUITER, connected=True),)
    assert K.LINKEDIN_CONNECT not in plan(RejectionKind.PERSONAL, contacts=people)


@pytest.mark.parametrize("stage", [Stage.RECRUITER_SCREEN, Stage.HIRING_MANAGER, Stage.FINAL_ROUND])
def test_revisits_at_3_and_6_months_after_an_interview_stage(stage: Stage) -> None:
    revisits = plan(RejectionKind.PERSONAL, stage)[K.REVISIT]
    assert [r.due for r in revisits] == [AT + relativedelta(months=3), AT + relativedelta(months=6)]
    assert [r.seq for r in revisits] == [0, 1]
    assert "3 months on" in revisits[0].reason
    assert "Acme Robotics" in revisits[0].reason
    assert "6 months on" in revisits[1].reason


def test_revisit_months_are_settings() -> None:
    revisits = plan(RejectionKind.PERSONAL, revisit_first_months=2, revisit_second_months=9)[
        K.REVISIT
    ]
    assert [r.due for r in revisits] == [AT + relativedelta(months=2), AT + relativedelta(months=9)]


def test_no_revisit_without_an_interview_or_for_forms_and_silence() -> None:
    assert K.REVISIT not in plan(RejectionKind.PERSONAL, Stage.APPLIED)
    assert K.REVISIT not in plan(RejectionKind.FORM, Stage.APPLIED)
    assert K.REVISIT not in plan(RejectionKind.SILENT, Stage.APPLIED)


def test_connecting_a_contact_drops_the_linkedin_action(tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=30))
    tracker.add_contact("Dana Li", company="Acme Robotics", role=ContactRole.RECRUITER)
    d = tracker.reject("acme", stage=Stage.FINAL_ROUND, at=NOW - timedelta(hours=1))
    li = _one(d.actions, K.LINKEDIN_CONNECT)
    assert li.open
    assert "Dana Li" in li.reason
    tracker.set_connected("Dana Li")
    assert _one(tracker.show("acme").actions, K.LINKEDIN_CONNECT).status is ActionStatus.SKIPPED


# --- §6 internally -----------------------------------------------------------------------


def test_next_application_the_same_day_after_every_kind() -> None:
    for kind in RejectionKind:
        nxt = only(plan(kind, Stage.APPLIED), K.NEXT_APPLICATION)
        assert nxt.due == AT
        assert nxt.status is ActionStatus.PENDING
        assert "today" in nxt.reason
        done = only(plan(kind, Stage.APPLIED, applied_after=True), K.NEXT_APPLICATION)
        assert done.status is ActionStatus.DONE


def test_reflect_the_day_after_a_personal_rejection() -> None:
    reflect = only(plan(RejectionKind.PERSONAL), K.REFLECT)
    assert reflect.due == AT + timedelta(days=1)
    assert "what went well" in reflect.reason


def test_full_personal_final_round_plan() -> None:
    p = plan(RejectionKind.PERSONAL)
    assert sorted(p) == sorted(
        [K.REPLY, K.FEEDBACK_REQUEST, K.LINKEDIN_CONNECT, K.REFLECT, K.REVISIT, K.NEXT_APPLICATION]
    )


def test_logging_the_next_application_closes_the_momentum_action(
    tracker: Tracker, clock: Clock
) -> None:
    tracker.apply("Globex Systems", "Data Engineer", at=NOW - timedelta(days=9))
    d = tracker.reject("globex", at=NOW - timedelta(hours=3))
    assert d.triage is not None
    assert d.triage.kind is RejectionKind.FORM
    nxt = _one(d.actions, K.NEXT_APPLICATION)
    assert nxt.open
    assert nxt.due == NOW - timedelta(hours=3)
    assert [i.action.kind for i in tracker.agenda(sweep=False).today] == [K.NEXT_APPLICATION]
    clock.advance(hours=1)
    tracker.apply("Initech Cloud", "Platform Data Engineer")
    nxt = _one(tracker.show("globex").actions, K.NEXT_APPLICATION)
    assert nxt.status is ActionStatus.DONE
    assert tracker.agenda(sweep=False).empty


def test_the_rejection_is_logged_with_stage_and_feedback(tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=30))
    d = tracker.reject(
        "acme",
        stage=Stage.HIRING_MANAGER,
        feedback="strong, but another candidate had more Spark",
        at=NOW - timedelta(hours=1),
    )
    assert d.rejection is not None
    assert d.rejection.stage is Stage.HIRING_MANAGER
    assert [f.text for f in d.feedback] == ["strong, but another candidate had more Spark"]
    assert d.triage is not None
    assert d.triage.kind is RejectionKind.PERSONAL
    with pytest.raises(Conflict, match="already marked as rejected"):
        tracker.reject("acme")
