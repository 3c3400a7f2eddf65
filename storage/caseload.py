"""Read-only queries behind a coordinator's caseload and case summary.

Every query takes the service (or the case, which names its service), so one service never
reads another's cases. A caseload page costs a fixed handful of queries whatever its size:
the page of cases, then one grouped query each for people, plans, consents and open
requests (never one query per case). Nothing here reads free text the young person typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import col, select

from storage.models import (
    CaseStatus,
    ConsentEvent,
    ConsentPurpose,
    Person,
    Plan,
    PlanReview,
    RequestStatus,
    SupportCategory,
    SupportRequest,
    YoungPerson,
)
from storage.repositories import Repository
from storage.support import OPEN_STATUSES, SupportRepo

# The statuses a caseload shows, in the order it shows them.
CASELOAD_STATUSES = (
    CaseStatus.ACTIVE,
    CaseStatus.JOINING,
    CaseStatus.INVITED,
    CaseStatus.DECLINED,
)


@dataclass(frozen=True, slots=True)
class Scope:
    """Cases one staff record may list: a coordinator's own, or (manager) the whole service."""

    service_id: int
    coordinator_id: int | None = None  # None: every case of the service


@dataclass(frozen=True, slots=True)
class CaseloadEntry:
    """One line of a caseload: the case and counts about it (no free text)."""

    case_id: int
    service_id: int
    reference: str
    first_name: str | None
    status: CaseStatus
    unreachable: bool
    last_active_at: datetime | None
    people: int
    next_review_at: datetime | None
    review_overdue: bool
    has_plan: bool
    open_requests: int
    use: bool | None  # latest answer; None when never asked
    share: bool | None


@dataclass(frozen=True, slots=True)
class ReviewScore:
    """The latest plan review's wellbeing score and when it was given."""

    wellbeing: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """An open support request, without what the young person wrote."""

    reference: str
    category: SupportCategory
    status: RequestStatus
    created_at: datetime


class CaseloadRepo(Repository):
    """Caseload pages and the counts a case summary needs."""

    # --- caseload ---------------------------------------------------------------------------
    @staticmethod
    def _in_scope(scopes: Sequence[Scope]) -> Any:
        conditions = [
            col(YoungPerson.service_id) == scope.service_id
            if scope.coordinator_id is None
            else and_(
                col(YoungPerson.service_id) == scope.service_id,
                col(YoungPerson.coordinator_id) == scope.coordinator_id,
            )
            for scope in scopes
        ]
        return or_(*conditions)

    def count(self, scopes: Sequence[Scope]) -> int:
        """How many cases the caseload of these scopes holds."""
        if not scopes:
            return 0
        return int(
            self.session.exec(
                select(func.count())
                .select_from(YoungPerson)
                .where(
                    self._in_scope(scopes),
                    col(YoungPerson.status).in_(CASELOAD_STATUSES),
                )
            ).one()
        )

    def page(self, scopes: Sequence[Scope], offset: int, limit: int) -> list[CaseloadEntry]:
        """One page of the caseload: active first, then joining, invited and declined;
        within each, the most recently active first, then the newest."""
        if not scopes:
            return []
        rank = case(
            *[
                (col(YoungPerson.status) == status, position)
                for position, status in enumerate(CASELOAD_STATUSES)
            ],
            else_=len(CASELOAD_STATUSES),
        )
        cases = self.session.exec(
            select(YoungPerson)
            .where(self._in_scope(scopes), col(YoungPerson.status).in_(CASELOAD_STATUSES))
            .order_by(
                rank,
                col(YoungPerson.last_active_at).desc().nulls_last(),
                col(YoungPerson.id).desc(),
            )
            .offset(offset)
            .limit(limit)
        ).all()
        ids = [c.id for c in cases if c.id is not None]
        services = sorted({c.service_id for c in cases})
        people = self.people_counts(services, ids)
        plans = self.plans(services, ids)
        consents = self.consents(services, ids)
        requests: dict[int, int] = {}
        support = SupportRepo(self.session)
        for service_id in services:
            mine = [c.id for c in cases if c.id is not None and c.service_id == service_id]
            requests.update(support.open_for_cases(service_id, mine))
        entries = []
        for c in cases:
            assert c.id is not None
            plan = plans.get(c.id)
            answers = consents.get(c.id, {})
            entries.append(
                CaseloadEntry(
                    case_id=c.id,
                    service_id=c.service_id,
                    reference=c.reference,
                    first_name=c.first_name,
                    status=c.status,
                    unreachable=c.unreachable,
                    last_active_at=c.last_active_at,
                    people=people.get(c.id, 0),
                    next_review_at=plan[0] if plan else None,
                    review_overdue=bool(plan and plan[1] is not None),
                    has_plan=plan is not None,
                    open_requests=requests.get(c.id, 0),
                    use=answers.get(ConsentPurpose.USE),
                    share=answers.get(ConsentPurpose.SHARE),
                )
            )
        return entries

    # --- grouped lookups for a set of cases ------------------------------------------------
    def people_counts(self, service_ids: Sequence[int], case_ids: Sequence[int]) -> dict[int, int]:
        """People named per case."""
        if not case_ids or not service_ids:
            return {}
        rows = self.session.exec(
            select(Person.young_person_id, func.count())
            .where(
                col(Person.service_id).in_(list(service_ids)),
                col(Person.young_person_id).in_(list(case_ids)),
            )
            .group_by(col(Person.young_person_id))
        ).all()
        return {int(case_id): int(count) for case_id, count in rows}

    def plans(
        self, service_ids: Sequence[int], case_ids: Sequence[int]
    ) -> dict[int, tuple[datetime | None, datetime | None]]:
        """(next review, overdue since) of each case that has a plan."""
        if not case_ids or not service_ids:
            return {}
        rows = self.session.exec(
            select(Plan.young_person_id, Plan.next_review_at, Plan.overdue_since).where(
                col(Plan.service_id).in_(list(service_ids)),
                col(Plan.young_person_id).in_(list(case_ids)),
            )
        ).all()
        return {int(case_id): (due, overdue) for case_id, due, overdue in rows}

    def consents(
        self, service_ids: Sequence[int], case_ids: Sequence[int]
    ) -> dict[int, dict[ConsentPurpose, bool]]:
        """The latest consent answer per purpose of each case (never-asked purposes absent)."""
        if not case_ids or not service_ids:
            return {}
        latest = (
            select(func.max(ConsentEvent.id))
            .where(
                col(ConsentEvent.service_id).in_(list(service_ids)),
                col(ConsentEvent.young_person_id).in_(list(case_ids)),
            )
            .group_by(col(ConsentEvent.young_person_id), col(ConsentEvent.purpose))
        )
        rows = self.session.exec(
            select(ConsentEvent.young_person_id, ConsentEvent.purpose, ConsentEvent.granted).where(
                col(ConsentEvent.id).in_(latest)
            )
        ).all()
        answers: dict[int, dict[ConsentPurpose, bool]] = {}
        for case_id, purpose, granted in rows:
            answers.setdefault(int(case_id), {})[ConsentPurpose(purpose)] = bool(granted)
        return answers

    # --- one case ------------------------------------------------------------------------------
    def last_review(self, plan: Plan) -> ReviewScore | None:
        """The latest review of a plan: its score and date only (not the answers)."""
        row = self.session.exec(
            select(PlanReview.wellbeing, PlanReview.created_at)
            .where(PlanReview.service_id == plan.service_id, PlanReview.plan_id == plan.id)
            .order_by(col(PlanReview.created_at).desc(), col(PlanReview.id).desc())
            .limit(1)
        ).first()
        return ReviewScore(row[0], row[1]) if row is not None else None

    def open_requests(self, case_: YoungPerson, limit: int = 20) -> list[OpenRequest]:
        """A case's open support requests, oldest first (reference, category, status only)."""
        rows = self.session.exec(
            select(
                SupportRequest.reference,
                SupportRequest.category,
                SupportRequest.status,
                SupportRequest.created_at,
            )
            .where(
                SupportRequest.service_id == case_.service_id,
                SupportRequest.young_person_id == case_.id,
                col(SupportRequest.status).in_(OPEN_STATUSES),
            )
            .order_by(col(SupportRequest.id))
            .limit(limit)
        ).all()
        return [
            OpenRequest(ref, SupportCategory(category), RequestStatus(status), created)
            for ref, category, status, created in rows
        ]

    def open_request_count(self, case_: YoungPerson) -> int:
        """How many of a case's support requests are open."""
        assert case_.id is not None
        counts = SupportRepo(self.session).open_for_cases(case_.service_id, [case_.id])
        return counts.get(case_.id, 0)
