"""Repositories for plans, plan items, reviews and action tokens (all scoped to a case)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select

from storage.models import (
    ActionToken,
    CaseStatus,
    Plan,
    PlanItem,
    PlanReview,
    YoungPerson,
)
from storage.repositories import Repository


class PlanRepo(Repository):
    """A case's plan and its items."""

    def for_case(self, case: YoungPerson) -> Plan | None:
        """The plan of this case, if one was recorded."""
        return self.session.exec(
            select(Plan).where(Plan.service_id == case.service_id, Plan.young_person_id == case.id)
        ).first()

    def create(self, case: YoungPerson, review_every_days: int, now: datetime) -> Plan:
        """Start a plan for a case."""
        assert case.id is not None
        plan = Plan(
            service_id=case.service_id,
            young_person_id=case.id,
            review_every_days=review_every_days,
            created_at=now,
            updated_at=now,
        )
        self.session.add(plan)
        self.session.flush()
        return plan

    def items(self, plan: Plan) -> list[PlanItem]:
        """The plan's items in order."""
        return list(
            self.session.exec(
                select(PlanItem)
                .where(PlanItem.service_id == plan.service_id, PlanItem.plan_id == plan.id)
                .order_by(col(PlanItem.position), col(PlanItem.id))
            ).all()
        )

    def add_item(self, plan: PlanItem) -> PlanItem:
        """Add an item."""
        self.session.add(plan)
        self.session.flush()
        return plan

    def clear_items(self, plan: Plan) -> None:
        """Remove every item (before re-importing a plan)."""
        for item in self.items(plan):
            self.session.delete(item)

    def due_for_nudge(self, now: datetime, renudge_after: timedelta, limit: int) -> list[Plan]:
        """Plans whose review is due and that were not nudged recently (index on the date)."""
        return list(
            self.session.exec(
                select(Plan)
                .where(
                    col(Plan.next_review_at) <= now,
                    col(Plan.overdue_since).is_(None),
                    (col(Plan.last_nudged_at).is_(None))
                    | (col(Plan.last_nudged_at) <= now - renudge_after),
                )
                .order_by(col(Plan.next_review_at))
                .limit(limit)
            ).all()
        )

    def add_review(self, review: PlanReview) -> PlanReview:
        """Store a finished review."""
        self.session.add(review)
        self.session.flush()
        return review

    def reviews(self, plan: Plan) -> Sequence[PlanReview]:
        """Every review of a plan, oldest first."""
        return self.session.exec(
            select(PlanReview)
            .where(PlanReview.service_id == plan.service_id, PlanReview.plan_id == plan.id)
            .order_by(col(PlanReview.id))
        ).all()

    def case_of(self, plan: Plan) -> YoungPerson | None:
        """The active case a plan belongs to (None if it left or never joined)."""
        case = self.session.get(YoungPerson, plan.young_person_id)
        if case is None or case.service_id != plan.service_id:
            return None
        return case if case.status == CaseStatus.ACTIVE else None


class TokenRepo(Repository):
    """Action tokens behind buttons on messages sent outside a dialog."""

    def issue(
        self,
        *,
        chat_id: int,
        service_id: int,
        action: str,
        now: datetime,
        ttl: timedelta,
        young_person_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> str:
        """Make a token and return the callback data for its button."""
        token = secrets.token_urlsafe(12)
        self.session.add(
            ActionToken(
                token=token,
                chat_id=chat_id,
                service_id=service_id,
                young_person_id=young_person_id,
                action=action,
                payload=json.dumps(payload or {}),
                created_at=now,
                expires_at=now + ttl,
            )
        )
        return f"{TOKEN_PREFIX}{token}"

    def redeem(self, data: str, chat_id: int, now: datetime) -> ActionToken | None:
        """The live token behind a button pressed in ``chat_id`` (None if forged or stale)."""
        if not data.startswith(TOKEN_PREFIX):
            return None
        row = self.session.get(ActionToken, data.removeprefix(TOKEN_PREFIX))
        if row is None or row.chat_id != chat_id or row.expires_at <= now:
            return None
        return row

    def retire(self, young_person_id: int, action_prefix: str, now: datetime) -> None:
        """Expire a case's live tokens for one kind of action (e.g. older nudges)."""
        rows = self.session.exec(
            select(ActionToken).where(
                ActionToken.young_person_id == young_person_id,
                col(ActionToken.action).startswith(action_prefix),
                col(ActionToken.expires_at) > now,
            )
        ).all()
        for row in rows:
            row.expires_at = now


TOKEN_PREFIX = "t:"  # noqa: S105 - a button-data prefix, not a secret
