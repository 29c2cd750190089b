"""A believable sample job search, so a newcomer sees every part working.

Everything is dated relative to today and recorded through the Tracker in the
order it happened, with the Tracker's clock moved along, so the plan, the
history and the agenda are exactly what a real user would have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from doorajar.model import ActionKind, ActionStatus, ContactRole, Outcome, RejectionKind, Stage
from doorajar.service import Tracker


@dataclass(frozen=True)
class Person:
    """A contact at the company."""

    name: str
    role: ContactRole
    email: str | None = None
    connected: bool = False


@dataclass(frozen=True)
class Story:
    """One application and what happened to it, in days after applying."""

    company: str
    role: str
    source: str
    days_ago: float
    stages: tuple[tuple[Stage, float], ...] = ()
    rejected: tuple[RejectionKind, float] | None = None
    feedback: str | None = None
    later_feedback: tuple[str, float] | None = None
    people: tuple[Person, ...] = ()
    done: tuple[tuple[ActionKind, float], ...] = ()
    outcome: Outcome | None = None
    url: str | None = None
    careers: str | None = None
    notes: tuple[str, ...] = field(default=())


S, H, F = Stage.RECRUITER_SCREEN, Stage.HIRING_MANAGER, Stage.FINAL_ROUND
FORM, PERSONAL = RejectionKind.FORM, RejectionKind.PERSONAL
R, HM, IV = ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.INTERVIEWER

STORIES: tuple[Story, ...] = (
    # Final-round rejections: the ones worth the most care.
    Story(
        "Acme Robotics",
        "Senior Data Engineer",
        "linkedin",
        30,
        stages=((S, 6), (H, 13), (F, 24)),
        rejected=(PERSONAL, 29.9),
        people=(
            Person("Dana Li", R, "dana.li@acme-robotics.example"),
            Person("Marcus Feld", HM, "marcus.feld@acme-robotics.example"),
        ),
        url="https://jobs.acme-robotics.example/senior-data-engineer",
        careers="https://acme-robotics.example/careers",
        notes=("Marcus mentioned a second platform team forming next year.",),
    ),
    Story(
        "Northwind Analytics",
        "Data Platform Engineer",
        "referral",
        52,
        stages=((S, 4), (H, 10), (F, 19)),
        rejected=(PERSONAL, 26),
        feedback="You were a close second; the other finalist had run Kafka in production "
        "at a larger scale.",
        people=(Person("Priya Raman", HM, "priya@northwind.example", connected=True),),
        done=((ActionKind.REPLY, 27), (ActionKind.REFLECT, 28)),
        careers="https://northwind.example/jobs",
    ),
    Story(
        "Helio Grid",
        "Analytics Engineer",
        "company_site",
        75,
        stages=((S, 5), (H, 12), (F, 20)),
        rejected=(PERSONAL, 27),
        people=(Person("Tomás Ortega", R, "tomas.ortega@heliogrid.example"),),
        done=(
            (ActionKind.REPLY, 28),
            (ActionKind.FEEDBACK_REQUEST, 31),
            (ActionKind.LINKEDIN_CONNECT, 28),
            (ActionKind.REFLECT, 28),
            (ActionKind.THANK_FOR_FEEDBACK, 36.5),
        ),
        later_feedback=(
            "The panel wanted more concrete numbers on the impact of your "
            "pipeline work; the answers were a bit short on results.",
            36,
        ),
        careers="https://heliogrid.example/careers",
    ),
    # Hiring-manager rejections.
    Story(
        "Quill & Ledger",
        "Data Engineer",
        "job_board",
        40,
        stages=((S, 5), (H, 14)),
        rejected=(PERSONAL, 21),
        people=(Person("Hannah Brooks", HM, "hbrooks@quillledger.example"),),
        done=(
            (ActionKind.REPLY, 22),
            (ActionKind.LINKEDIN_CONNECT, 22),
            (ActionKind.FEEDBACK_REQUEST, 25),
            (ActionKind.REFLECT, 22),
        ),
        feedback=None,
    ),
    Story(
        "Blue Heron Health",
        "Senior Analytics Engineer",
        "linkedin",
        58,
        stages=((S, 7), (H, 15)),
        rejected=(PERSONAL, 22),
        feedback="Strong technically; we felt the answers on stakeholder communication "
        "stayed too general.",
        people=(Person("Olu Adebayo", R, "olu@blueheron.example"),),
        done=((ActionKind.REPLY, 23), (ActionKind.LINKEDIN_CONNECT, 23), (ActionKind.REFLECT, 24)),
    ),
    Story(
        "Kestrel Logistics",
        "Data Engineer II",
        "recruiter",
        101,
        stages=((S, 3), (H, 9)),
        rejected=(PERSONAL, 16),
        feedback="We went with someone with more hands-on dbt experience.",
        people=(Person("Wen Zhao", R, "wen.zhao@kestrel.example", connected=True),),
        done=((ActionKind.REPLY, 17), (ActionKind.REFLECT, 17)),
    ),
    # Recruiter-screen rejections.
    Story(
        "Marigold Foods",
        "BI Engineer",
        "job_board",
        45,
        stages=((S, 8),),
        rejected=(PERSONAL, 12),
        feedback="The salary range did not match your expectations.",
        people=(Person("Lena Vogt", R, "lena.vogt@marigold.example"),),
        done=((ActionKind.REPLY, 13), (ActionKind.LINKEDIN_CONNECT, 14), (ActionKind.REFLECT, 13)),
    ),
    Story(
        "Copperleaf Bank",
        "Data Engineer",
        "linkedin",
        33,
        stages=((S, 6),),
        rejected=(PERSONAL, 11),
        people=(Person("Sam Whitaker", R, "swhitaker@copperleaf.example"),),
        done=(
            (ActionKind.REPLY, 12),
            (ActionKind.LINKEDIN_CONNECT, 12),
            (ActionKind.REFLECT, 13),
            (ActionKind.FEEDBACK_REQUEST, 15),
            (ActionKind.FEEDBACK_FOLLOW_UP, 25),
        ),
    ),
    Story(
        "Tidewater Labs",
        "Machine Learning Data Engineer",
        "company_site",
        62,
        stages=((S, 9),),
        rejected=(PERSONAL, 14),
        feedback="Your summary of your current role was hard to follow in the first call.",
        people=(Person("Ravi Menon", R, "ravi.menon@tidewater.example"),),
        done=((ActionKind.REPLY, 15), (ActionKind.LINKEDIN_CONNECT, 15), (ActionKind.REFLECT, 16)),
    ),
    # Form rejections before any interview.
    *(
        Story(c, r, src, d, rejected=(FORM, after))
        for c, r, src, d, after in (
            ("Globex Systems", "Data Engineer", "job_board", 64, 9),
            ("Initech Cloud", "Platform Data Engineer", "linkedin", 57, 6),
            ("Vandelay Imports", "Analytics Engineer", "job_board", 50, 12),
            ("Umbra Security", "Data Engineer", "company_site", 47, 3),
            ("Pinecrest Media", "Senior Data Engineer", "linkedin", 41, 8),
            ("Solace Insurance", "Data Warehouse Engineer", "job_board", 38, 15),
            ("Orbital Freight", "Data Engineer", "linkedin", 29, 5),
            ("Lumen Retail", "Analytics Engineer", "job_board", 22, 4),
            ("Brightwave Energy", "Data Engineer", "company_site", 16, 2),
            ("Nimbus Travel", "Big Data Engineer", "job_board", 12, 3),
            ("Falconer AI", "Data Engineer, Applied ML", "linkedin", 8, 1),
            ("Crescent Pharma", "Data Engineer", "job_board", 3, 1),
            ("Atlas Recruiting Group", "Data Engineer (contract)", "recruiter", 35, 7),
        )
    ),
    # Silent: never heard back. After 21 quiet days doorajar calls it, and the one
    # check-in goes out (except Juniper's, still waiting to be sent).
    *(
        Story(c, r, src, d, done=((ActionKind.CHECK_IN, 23),))
        for c, r, src, d in (
            ("Redwood Dynamics", "Data Engineer", "job_board", 44),
            ("Sable Payments", "Senior Data Engineer", "job_board", 36),
            ("Greystone Partners", "Analytics Engineer", "job_board", 27),
        )
    ),
    Story(
        "Aurora Mobility",
        "Data Engineer",
        "company_site",
        38,
        stages=((S, 5),),
        people=(Person("Elif Kaya", R, "elif.kaya@aurora-mobility.example"),),
        done=((ActionKind.CHECK_IN, 28),),
        notes=("Good first call with Elif, then nothing.",),
    ),
    Story("Juniper Civic", "Data Engineer", "linkedin", 24),
    # Still open, at every stage.
    Story(
        "Lattice Energy",
        "Data Engineer",
        "referral",
        14,
        stages=((S, 4), (H, 10)),
        people=(Person("Jonas Berg", HM, "jonas.berg@lattice.example"),),
    ),
    Story(
        "Foxglove Studios",
        "Analytics Engineer",
        "linkedin",
        10,
        stages=((S, 5),),
        people=(Person("Maya Ruiz", R, "maya@foxglove.example"),),
    ),
    Story(
        "Harborview Hospital",
        "Clinical Data Engineer",
        "company_site",
        18,
        stages=((S, 6), (H, 11), (F, 16)),
    ),
    Story("Evergreen Insurance", "Senior Data Engineer", "recruiter", 9, stages=((S, 3),)),
    Story("Polaris Maps", "Geospatial Data Engineer", "company_site", 6),
    Story("Silverline Media", "Data Engineer", "job_board", 4),
    Story("Orchard Health", "Data Engineer", "linkedin", 2),
    Story("Cobalt Freight", "Analytics Engineer", "job_board", 1),
    Story("Wildflower Labs", "Data Platform Engineer", "referral", 0.2),
    Story(
        "Stonebridge Capital",
        "Senior Data Engineer",
        "linkedin",
        19,
        stages=((S, 5), (H, 9), (F, 14), (Stage.OFFER, 18)),
        people=(Person("Ines Duarte", R, "ines@stonebridge.example"),),
    ),
    Story(
        "Meridian Telecom",
        "Data Engineer",
        "job_board",
        26,
        stages=((S, 7),),
        outcome=Outcome.WITHDRAWN,
        notes=("Withdrew: the role moved to a fully on-site schedule.",),
    ),
    Story("Beacon Learning", "Analytics Engineer", "referral", 20, stages=((S, 3), (H, 8))),
    Story(
        "Quayside Games",
        "Data Engineer",
        "linkedin",
        48,
        stages=((S, 4), (H, 11), (F, 18), (Stage.OFFER, 24)),
        outcome=Outcome.OFFER_DECLINED,
        people=(Person("Noor Haddad", HM, "noor@quayside.example", connected=True),),
        notes=("Declined: the offer was 20% under market and fully on-site.",),
    ),
)


def load(tracker: Tracker, now: datetime | None = None) -> int:
    """Record the sample search into an empty home; returns the number of applications."""
    real_clock = tracker.clock
    now = now or real_clock()
    events: list[tuple[datetime, Callable[[], object]]] = []
    ids: dict[str, int] = {}

    def at(story: Story, days: float) -> datetime:
        return now - timedelta(days=story.days_ago) + timedelta(days=days)

    def ref(story: Story) -> str:
        return str(ids[story.company])

    def apply(st: Story) -> None:
        added = tracker.apply(
            st.company, st.role, at=at(st, 0), url=st.url, source=st.source, careers_url=st.careers
        )
        ids[st.company] = added.application.id
        for p in st.people:
            tracker.add_contact(
                p.name,
                company=st.company,
                role=p.role,
                email=p.email,
                connected=p.connected,
                application=ref(st),
            )
        for n in st.notes:
            tracker.add_note(ref(st), n)

    def advance(st: Story, stage: Stage, days: float) -> None:
        tracker.advance(ref(st), stage, at=at(st, days))

    def reject(st: Story, kind: RejectionKind, days: float) -> None:
        contact = st.people[0].name if st.people and kind is PERSONAL else None
        # let the playbook triage it, as it would for a user who does not say the kind
        detail = tracker.reject(ref(st), at=at(st, days), feedback=st.feedback, contact=contact)
        if detail.rejection is None or detail.rejection.kind is not kind:
            raise RuntimeError(f"the sample story of {st.company} was triaged unexpectedly")

    def feedback(st: Story, text: str, days: float) -> None:
        tracker.add_feedback(ref(st), text, at=at(st, days))

    def close(st: Story, outcome: Outcome) -> None:
        tracker.set_outcome(ref(st), outcome)

    def do(st: Story, kind: ActionKind, days: float) -> None:
        _do(tracker, ids[st.company], kind, at(st, days))

    silent_days = tracker.settings().silent_after_days
    for st in STORIES:
        events.append((at(st, 0), partial(apply, st)))
        for stage, days in st.stages:
            events.append((at(st, days), partial(advance, st, stage, days)))
        if st.rejected:
            kind, days = st.rejected
            events.append((at(st, days), partial(reject, st, kind, days)))
        for akind, days in st.done:
            events.append((at(st, days), partial(do, st, akind, days)))
        if st.later_feedback:
            text, days = st.later_feedback
            events.append((at(st, days), partial(feedback, st, text, days)))
        if st.outcome:
            last = st.stages[-1][1] if st.stages else 0
            events.append((at(st, last + 1), partial(close, st, st.outcome)))
        elif not st.rejected:
            # the day a quiet application turns silent, as `ajar today` would notice it
            last = st.stages[-1][1] if st.stages else 0
            quiet = at(st, last + silent_days) + timedelta(minutes=1)
            if quiet <= now:
                events.append((quiet, tracker.sweep_silence))

    events.sort(key=lambda e: e[0])
    try:
        with tracker.batch():  # the whole sample lands, or none of it
            for moment, step in events:
                tracker.clock = partial(_fixed, moment)
                step()
            tracker.clock = partial(_fixed, now)
            tracker.sweep_silence()
    finally:
        tracker.clock = real_clock
    return len(STORIES)


def _do(tracker: Tracker, app_id: int, kind: ActionKind, moment: datetime) -> None:
    for a in tracker.show(str(app_id)).actions:
        if a.kind is kind and a.open:
            tracker.act(a.id, ActionStatus.DONE, at=moment)
            return


def _fixed(moment: datetime) -> datetime:
    return moment
