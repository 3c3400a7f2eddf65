"""A small service whose outcome report was worked out by hand (tests/unit/test_report.py).

Kent, November 2026 (GMT all month, so London times are UTC times). Seven cases:

- A: joins 3 Nov with a friend, Nan (both close, in touch) and a social worker; a cousin
  "would like to find" added on the 20th is found on the 25th. Withdraws sharing on the 26th.
- B: a foster carer (paid) and a friend not so close, who becomes very close on the 20th.
- C: Mum "would like to find" and Dad lost touch; Mum is removed on the 22nd.
- D: deletes their data on the 29th (their history goes with it: no network figures).
- E: five close friends; one removed on the 28th.
- F: invited, never joins.
- G: joined in October with an ex foster carer (not paid) and an uncle still to find.

Sussex has a case with people and requests too: none of it may reach Kent's report.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from PIL import Image
from sqlmodel import select

from storage.db import Database
from storage.models import (
    CaseStatus,
    ConsentPurpose,
    ContactStatus,
    Person,
    PersonCircle,
    Plan,
    PlanReview,
    RequestKind,
    Service,
    SupportCategory,
    Urgency,
    YoungPerson,
)
from storage.report import Period
from storage.uow import UnitOfWork, unit_of_work

NOV = Period.of_days(date(2026, 11, 1), date(2026, 11, 30))
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
REFS = ("KA", "KB", "KC", "KD", "KE", "KF", "KG")


def at(month: int, day: int, hour: int = 12) -> datetime:
    """A UTC moment in 2026."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _service(uow: UnitOfWork, slug: str) -> Service:
    service = Service(slug=slug, name=f"{slug.title()} Lifelong Links", created_at=at(9, 1))
    uow.session.add(service)
    uow.session.flush()
    return service


def _case(
    uow: UnitOfWork, service: Service, ref: str, invited: datetime, joined: datetime | None
) -> YoungPerson:
    case = YoungPerson(
        service_id=service.id or 0,
        reference=ref,
        first_name=f"Secret{ref}",
        date_of_birth=date(2008, 1, 1),
        telegram_user_id=9000 + len(ref) * 100 + ord(ref[-1]),
        status=CaseStatus.ACTIVE if joined else CaseStatus.INVITED,
        created_at=invited,
        joined_at=joined,
    )
    uow.session.add(case)
    uow.session.flush()
    return case


def _add(
    uow: UnitOfWork,
    case: YoungPerson,
    when: datetime,
    relationship: str,
    circle: PersonCircle,
    closeness: int,
    contact: ContactStatus,
) -> Person:
    return uow.people.add(
        case,
        Person(
            service_id=0,
            young_person_id=0,
            name=f"Name of {relationship}",
            relationship=relationship,
            circle=circle,
            closeness=closeness,
            contact=contact,
            created_at=when,
            updated_at=when,
        ),
    )


def _plan(uow: UnitOfWork, case: YoungPerson, made: datetime, every: int) -> Plan:
    plan = Plan(
        service_id=case.service_id,
        young_person_id=case.id or 0,
        review_every_days=every,
        created_at=made,
        updated_at=made,
    )
    uow.session.add(plan)
    uow.session.flush()
    return plan


def _review(uow: UnitOfWork, plan: Plan, when: datetime, wellbeing: int) -> None:
    uow.session.add(
        PlanReview(
            service_id=plan.service_id,
            plan_id=plan.id or 0,
            answers="{}",
            wellbeing=wellbeing,
            created_at=when,
        )
    )


def _request(
    uow: UnitOfWork,
    case: YoungPerson,
    created: datetime,
    category: SupportCategory,
    picked: datetime | None = None,
    closed: datetime | None = None,
    kind: RequestKind = RequestKind.REQUEST,
    crisis: str | None = None,
) -> None:
    request = uow.support.create(
        case, category, Urgency.WEEK, "words", [], False, created, created, kind, crisis
    )
    request.picked_up_at = picked
    request.closed_at = closed


FRIEND = ("friend", PersonCircle.FRIENDS)
IN = ContactStatus.IN_TOUCH
FIND = ContactStatus.WOULD_LIKE_TO_FIND


def seed(db: Database) -> None:
    """Make the world described in the module's docstring."""
    with unit_of_work(db) as uow:
        kent = _service(uow, "kent")
        c = {
            ref: _case(uow, kent, ref, at(11, 2, 10), at(11, 3, 10) if ref != "KF" else None)
            for ref in REFS[:6]
        }
        c["KG"] = _case(uow, kent, "KG", at(10, 15), at(10, 16))
        a, b, cc, d, e, g = (c[r] for r in ("KA", "KB", "KC", "KD", "KE", "KG"))
        # A
        _add(uow, a, at(11, 3, 11), *FRIEND, 1, IN)
        _add(uow, a, at(11, 3, 11), "nan", PersonCircle.FAMILY, 2, IN)
        _add(uow, a, at(11, 3, 11), "social_worker", PersonCircle.PROFESSIONALS, 1, IN)
        cousin = _add(uow, a, at(11, 20), "cousin", PersonCircle.FAMILY, 3, FIND)
        cousin.contact, cousin.closeness = IN, 2
        uow.people.changed(cousin, at(11, 25))
        uow.consents.record(a, ConsentPurpose.SHARE, True, "v1", at(11, 3, 10))
        uow.consents.record(a, ConsentPurpose.SHARE, False, "v1", at(11, 26))
        # B
        _add(uow, b, at(11, 4), "foster_carer", PersonCircle.CARERS, 1, IN)
        friend = _add(uow, b, at(11, 4), *FRIEND, 3, IN)
        friend.closeness = 1
        uow.people.changed(friend, at(11, 20))
        uow.consents.record(b, ConsentPurpose.SHARE, False, "v1", at(11, 3, 10))  # not given
        # C
        mum = _add(uow, cc, at(11, 5), "mum", PersonCircle.FAMILY, 1, FIND)
        _add(uow, cc, at(11, 10), "dad", PersonCircle.FAMILY, 3, ContactStatus.LOST_TOUCH)
        uow.people.delete(mum, at(11, 22))
        # D
        d.status, d.left_at = CaseStatus.LEFT, at(11, 29)
        # E
        friends = [_add(uow, e, at(11, 3, 12), *FRIEND, 2, IN) for _ in range(5)]
        uow.people.delete(friends[0], at(11, 28))
        # G
        _add(uow, g, at(10, 17), "ex_foster_carer", PersonCircle.CARERS, 1, IN)
        _add(uow, g, at(10, 20), "uncle", PersonCircle.FAMILY, 3, FIND)
        # Reviews
        plan_a = _plan(uow, a, at(10, 1), 30)
        _review(uow, plan_a, at(10, 25), 1)  # before the period: not counted
        _review(uow, plan_a, at(11, 20), 4)  # due 24 Nov: on time
        plan_b = _plan(uow, b, at(10, 1), 30)
        _review(uow, plan_b, at(11, 15), 2)  # due 31 Oct, grace to 9 Nov: late
        _plan(uow, cc, at(10, 1), 30)  # never reviewed: overdue
        plan_e = _plan(uow, e, at(11, 3), 14)
        for day, score in ((10, 5), (20, 3), (29, 4)):
            _review(uow, plan_e, at(11, day), score)  # all on time
        # Requests: Monday 9 Nov 09:00, picked up 1, 2, 3, 4, 5 and 10 working hours later.
        sent = at(11, 9, 9)
        for hours in (1, 2, 3, 4, 5):
            picked = sent + timedelta(hours=hours)
            _request(uow, a, sent, SupportCategory.MONEY, picked, picked + timedelta(hours=1))
        _request(uow, b, sent, SupportCategory.HOUSING, at(11, 10, 11))
        _request(uow, b, at(10, 5), SupportCategory.FOOD)  # before the period
        _request(
            uow, e, at(11, 12), SupportCategory.OTHER, kind=RequestKind.ALERT, crisis="self_harm"
        )
        _request(
            uow, e, at(11, 13), SupportCategory.OTHER, kind=RequestKind.ALERT, crisis="self_harm"
        )
        # Active in the period: A, B, C, E and G did something.
        for case in (a, b, cc, e, g):
            uow.audit.record("young_person", "menu", at(11, 15), kent.id, case.id)
        uow.audit.record("staff", "case_viewed", at(11, 15), kent.id, d.id)  # not them
        # Sussex: must never show in Kent's report.
        sussex = _service(uow, "sussex")
        s = _case(uow, sussex, "SX", at(11, 2), at(11, 3))
        for _ in range(6):
            _add(uow, s, at(11, 3), *FRIEND, 1, IN)
            _request(uow, s, at(11, 9, 9), SupportCategory.MONEY, at(11, 9, 10))
        uow.audit.record("young_person", "menu", at(11, 15), sussex.id, s.id)


def service(db: Database, slug: str = "kent") -> Service:
    """The seeded service, detached."""
    with unit_of_work(db) as uow:
        found = uow.session.exec(select(Service).where(Service.slug == slug)).one()
        uow.session.expunge(found)
        return found


CASES_CSV = """\
reference,status,invited_on,joined_on,active_in_period,people_at_joining,people_now,\
people_change,close_unpaid_at_joining,close_unpaid_now,leads_found,leads_closed,leads_open,\
reviews_on_time,reviews_late,review_overdue,wellbeing_last,requests,safety_alerts,\
consent_withdrawn,data_erased,history_backfilled
KA,active,2026-11-02,2026-11-03,yes,3,4,1,2,3,1,1,0,1,0,no,4,5,0,yes,no,no
KB,active,2026-11-02,2026-11-03,yes,2,2,0,0,1,0,0,0,0,1,no,2,1,0,no,no,no
KC,active,2026-11-02,2026-11-03,yes,2,1,-1,0,0,0,1,0,0,0,yes,,0,0,no,no,no
KD,left,2026-11-02,2026-11-03,no,,,,,,0,0,0,0,0,no,,0,0,no,yes,no
KE,active,2026-11-02,2026-11-03,yes,5,4,-1,5,4,0,0,0,3,0,no,4,0,2,no,no,no
KF,invited,2026-11-02,,no,,,,,,0,0,0,0,0,no,,0,0,no,no,no
KG,active,2026-10-15,2026-10-16,yes,2,2,0,1,1,0,0,1,0,0,no,,0,0,no,no,no
"""


def check_png(data: bytes) -> None:
    """A PNG of the chart's size with plenty of drawn (non-white) pixels."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1400, 1000)
    grey = image.convert("L")
    histogram = grey.histogram()
    drawn = sum(histogram[:200])  # pixels clearly darker than the white page
    assert drawn > 0.02 * image.size[0] * image.size[1]
    # Bars in colour, not only black text.
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20
