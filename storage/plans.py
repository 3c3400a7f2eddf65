"""Repositories for plans, plan items, reviews and action tokens (all scoped to a case)."""

from __future__ import annotations

import base64
import json
import re
import secrets
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Text,
    any_,
    bindparam,
    func,
    true,
    type_coerce,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import Session, col, select

from storage import crypto
from storage.bulk import bulk_insert, chunks, table_of
from storage.models import (
    ActionToken,
    CaseStatus,
    Plan,
    PlanItem,
    PlanReview,
    YoungPerson,
)
from storage.repositories import Repository

_T = TypeVar("_T")


def id_filters(session: Session, column: Any, ids: Sequence[int]) -> Iterator[ColumnElement[bool]]:
    """Conditions "``column`` is one of ``ids``", one per statement to run.

    One parameter for the whole list, never thousands (which cost more to send, render and
    plan than the update itself): on PostgreSQL ``= ANY(array)``, on SQLite ``IN (SELECT
    value FROM json_each(list))``, which it runs as one lookup per id, through the
    column's index. (On an SQLite without JSON: ``IN (...)`` per :data:`IN_CHUNK` ids.)
    """
    if not ids:
        return
    element: ColumnElement[Any] = column
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        yield element == any_(bindparam("ids", list(ids), type_=ARRAY(BigInteger())))
        return
    if dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38):  # JSON built in
        listed = json.dumps([int(item) for item in ids])
        each = func.json_each(bindparam("ids", listed, type_=Text())).table_valued("value")
        yield element.in_(sa_select(each.c.value))
        return
    for part in chunks(ids):
        yield element.in_(part)


def _unindexed(column: Any, dialect: str) -> ColumnElement[Any]:
    """On SQLite, ``+column``: the same value, but the planner may not use its index.

    Without statistics (production SQLite never runs ANALYZE) SQLite guesses that an equality
    on any indexed column matches ~10 rows, so it would drive a join from, say,
    ``young_person.status = 'active'`` (every active case) rather than from the due dates.
    The unary ``+`` is SQLite's documented way to rule an index out; PostgreSQL plans from
    statistics and gets the column as it is.
    """
    element: ColumnElement[Any] = column
    if dialect != "sqlite":
        return element
    return UnaryExpression(element, operator=custom_op("+"), type_=element.type)


class DueNudge(NamedTuple):
    """A plan whose review is due, with what the sweep needs of its (active) case."""

    plan_id: int
    service_id: int
    next_review_at: datetime
    nudges_sent: int
    young_person_id: int
    telegram_user_id: int
    sealed_first_name: str | None  # as stored, encrypted: see first_name
    reference: str
    coordinator_id: int | None
    language: str | None  # the language they read (None: English)

    @property
    def first_name(self) -> str | None:
        """The case's first name, decrypted when asked for (not when the plan is read).

        The review sweep asks while the database is still busy with its writes.
        """
        name = self.sealed_first_name
        return None if name is None else crypto.decrypt(name)


class PlanRepo(Repository):
    """A case's plan and its items."""

    # Built once: every request's card asks it (its linked line).
    _FOR_CASE = select(Plan).where(
        Plan.service_id == bindparam("service_id"),
        Plan.young_person_id == bindparam("case_id"),
    )

    def for_case(self, case: YoungPerson) -> Plan | None:
        """The plan of this case, if one was recorded."""
        params = {"service_id": case.service_id, "case_id": case.id}
        return self.session.exec(self._FOR_CASE, params=params).first()

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

    def item(self, plan_id: int, item_id: int) -> PlanItem | None:
        """An item of the plan with this id (None if it belongs to another plan or went)."""
        item = self.session.get(PlanItem, item_id)
        return item if item is not None and item.plan_id == plan_id else None

    def delete(self, plan: Plan) -> None:
        """Remove a plan with its reviews and items (when they delete their data)."""
        for review in self.reviews(plan):
            self.session.delete(review)
        self.clear_items(plan)
        self.session.flush()
        self.session.delete(plan)

    def of_service(self, service_id: int) -> Sequence[Plan]:
        """Every plan of the service."""
        return self.session.exec(select(Plan).where(Plan.service_id == service_id)).all()

    def reviewed_between(self, service_id: int, since: datetime, until: datetime) -> list[int]:
        """The plan id of each review the service's plans had in [since, until) (repeats kept)."""
        return list(
            self.session.exec(
                select(PlanReview.plan_id).where(
                    PlanReview.service_id == service_id,
                    col(PlanReview.created_at) >= since,
                    col(PlanReview.created_at) < until,
                )
            ).all()
        )

    def due_nudges(
        self,
        now: datetime,
        renudge_after: timedelta,
        limit: int,
        held_services: Collection[int] = (),
        unless_nudged: int = 0,
    ) -> list[DueNudge]:
        """Due plans of active, reachable cases, joined with their case, in due order.

        Plans whose review is due and that were not nudged recently, minus those whose case
        is not active, has no Telegram id, is unreachable or belongs to another service,
        read in one query that starts from the index on ``plan.next_review_at`` (``<= now``)
        and reaches each case by
        its primary key (a join on SQLite, a lateral subquery on PostgreSQL), so its cost
        follows the number of due plans, not of cases. Plans of
        ``held_services`` (say, in quiet hours) are left out unless they have had
        ``unless_nudged`` nudges already, so plans that cannot be acted on now do not take
        the places of those that can.
        """
        dialect = self.session.get_bind().dialect.name
        case_columns = (
            col(YoungPerson.id),
            col(YoungPerson.telegram_user_id),
            # Still encrypted: DueNudge.first_name decrypts it when it is needed.
            type_coerce(col(YoungPerson.first_name), Text()).label("sealed_first_name"),
            col(YoungPerson.reference),
            col(YoungPerson.coordinator_id),
            col(YoungPerson.language),
        )
        case_is_nudgeable = (
            # Checked on each due plan's case, never used to find cases (see _unindexed).
            _unindexed(col(YoungPerson.service_id), dialect) == col(Plan.service_id),
            _unindexed(col(YoungPerson.status), dialect) == CaseStatus.ACTIVE,
            _unindexed(col(YoungPerson.telegram_user_id), dialect).is_not(None),
            col(YoungPerson.unreachable).is_(False),
        )
        plan_is_due = (
            col(Plan.next_review_at) <= now,
            col(Plan.overdue_since).is_(None),
            (col(Plan.last_nudged_at).is_(None))
            | (col(Plan.last_nudged_at) <= now - renudge_after),
        )
        plan_columns = (
            col(Plan.id),
            col(Plan.service_id),
            col(Plan.next_review_at),
            col(Plan.nudges_sent),
        )
        if dialect == "postgresql":
            # Each due plan's case by its primary key. As a plain join PostgreSQL would rather
            # hash every case (a sequential scan) once more than ~1 % of them are due; the
            # LIMIT keeps the lateral subquery from being folded into such a join.
            case = (
                sa_select(*case_columns)
                .where(col(YoungPerson.id) == col(Plan.young_person_id), *case_is_nudgeable)
                .limit(1)
                .lateral("due_case")
            )
            stmt = sa_select(*plan_columns, *case.c).select_from(Plan).join(case, true())
        else:
            stmt = sa_select(*plan_columns, *case_columns).join(
                YoungPerson, col(YoungPerson.id) == col(Plan.young_person_id)
            )
            stmt = stmt.where(*case_is_nudgeable)
        stmt = (
            stmt.where(*plan_is_due).order_by(col(Plan.next_review_at), col(Plan.id)).limit(limit)
        )
        if held_services:
            stmt = stmt.where(
                (col(Plan.nudges_sent) >= unless_nudged)
                | col(Plan.service_id).not_in(sorted(held_services))
            )
        return [DueNudge(*row) for row in self.session.execute(stmt)]

    def mark_nudged(self, plan_ids: Sequence[int], now: datetime) -> None:
        """Count one more nudge, sent ``now``, on each plan (one bulk UPDATE, see id_filters)."""
        for is_one_of in id_filters(self.session, table_of(Plan).c.id, plan_ids):
            self.session.execute(
                update(table_of(Plan))
                .where(is_one_of)
                .values(nudges_sent=col(Plan.nudges_sent) + 1, last_nudged_at=now)
            )

    def mark_overdue(self, plan_ids: Sequence[int], now: datetime) -> None:
        """Flag each plan's review overdue since ``now`` (one bulk UPDATE, see id_filters)."""
        for is_one_of in id_filters(self.session, table_of(Plan).c.id, plan_ids):
            self.session.execute(update(table_of(Plan)).where(is_one_of).values(overdue_since=now))

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


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """What one button's token allows: an action, for one chat (and case) of a service."""

    chat_id: int
    service_id: int
    action: str
    young_person_id: int | None = None
    payload: dict[str, Any] | None = None


class TokenRepo(Repository):
    """Action tokens behind buttons on messages sent outside a dialog."""

    def issue_many(self, grants: Sequence[TokenGrant], now: datetime, ttl: timedelta) -> list[str]:
        """Make a token per grant in one multi-row insert; the callback data, in order.

        The rows are written straight away (not at the next flush), like :meth:`issue`'s
        would be at commit.
        """
        # As secrets.token_urlsafe(12) each, from one read of the OS's random source.
        raw = secrets.token_bytes(TOKEN_BYTES * len(grants))
        tokens = [
            base64.urlsafe_b64encode(raw[i : i + TOKEN_BYTES]).decode("ascii")
            for i in range(0, len(raw), TOKEN_BYTES)
        ]
        empty = json.dumps({})
        columns = ("token", "chat_id", "service_id", "young_person_id", "action", "payload")
        rows = [
            (
                token,
                grant.chat_id,
                grant.service_id,
                grant.young_person_id,
                grant.action,
                empty if grant.payload is None else json.dumps(grant.payload),
            )
            for token, grant in zip(tokens, grants, strict=True)
        ]
        shared = {"created_at": now, "expires_at": now + ttl, "used_at": None}
        bulk_insert(self.session, ActionToken, columns, rows, shared)
        return [f"{TOKEN_PREFIX}{token}" for token in tokens]

    def redeem(self, data: str, chat_id: int, now: datetime) -> ActionToken | None:
        """The live token behind a button pressed in ``chat_id`` (None if forged or stale)."""
        if not data.startswith(TOKEN_PREFIX):
            return None
        row = self.session.get(ActionToken, data.removeprefix(TOKEN_PREFIX))
        if row is None or row.chat_id != chat_id or row.expires_at <= now:
            return None
        return row

    def redeem_button(
        self, data: str, chat_id: int, now: datetime
    ) -> tuple[ActionToken, str] | None:
        """:meth:`redeem` for button data that may add a choice: ``t:<token>[.<choice>]``.

        Returns the live token and what the button asks for: the token's action, or for a
        button that shares its token with others (see :func:`choice_data`),
        ``<action>.<choice>``. A choice cannot turn a token into another action's: choices
        hold no dot, so the answer always starts with this token's own action. The caller
        acts only on answers it knows. None if forged or stale.
        """
        token, separator, choice = data.partition(CHOICE_SEPARATOR)
        if separator and not CHOICE.fullmatch(choice):
            return None
        row = self.redeem(token, chat_id, now)
        if row is None:
            return None
        return row, f"{row.action}{CHOICE_SEPARATOR}{choice}" if separator else row.action

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

    def retire_many(
        self, young_person_ids: Sequence[int], action_prefix: str, now: datetime
    ) -> None:
        """:meth:`retire` for many cases at once (one bulk UPDATE, see :func:`id_filters`).

        Tokens of these cases already loaded in the session are not refreshed: call this
        before loading any, as the review sweep does.
        """
        cases = table_of(ActionToken).c.young_person_id
        for is_one_of in id_filters(self.session, cases, young_person_ids):
            self.session.execute(
                update(table_of(ActionToken))
                .where(
                    is_one_of,
                    col(ActionToken.action).startswith(action_prefix),
                    col(ActionToken.expires_at) > now,
                )
                .values(expires_at=now)
            )


TOKEN_BYTES = 12  # 96 random bits: 16 URL-safe characters, no padding
TOKEN_PREFIX = "t:"  # noqa: S105 - a button-data prefix, not a secret

# Between a shared token and a button's choice; never in a token (URL-safe base64).
CHOICE_SEPARATOR = "."
CHOICE = re.compile(r"[a-z][a-z0-9_]{0,23}")
CALLBACK_DATA_BYTES = 64  # Telegram's limit on a button's callback_data


def choice_data(data: str, choice: str) -> str:
    """One button's data when several buttons share the token in ``data``.

    The token says what may be done, for whom and until when; the choice picks one of the
    things its action allows (checked on the server: see :meth:`TokenRepo.redeem_button`).
    """
    if not CHOICE.fullmatch(choice):
        raise ValueError(f"not a button choice: {choice!r}")
    button = f"{data}{CHOICE_SEPARATOR}{choice}"
    if len(button.encode()) > CALLBACK_DATA_BYTES:
        raise ValueError(f"button data longer than {CALLBACK_DATA_BYTES} bytes: {button!r}")
    return button
