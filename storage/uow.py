"""Unit of work: one transaction, with every repository bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlmodel import Session

from storage.advisory import SweepLockRepo
from storage.audit import AuditTrailRepo
from storage.bulk import pipelined
from storage.caseload import CaseloadRepo
from storage.db import Database
from storage.erasure import ErasureRepo
from storage.export import ExportRepo
from storage.inbox import InboxAwareUpdateRepo, InboxRepo
from storage.milestones import MilestoneRepo
from storage.plan_editing import PlanEditingRepo
from storage.plans import PlanRepo, TokenRepo
from storage.report import ReportRepo
from storage.repositories import (
    AuditRepo,
    CaseRepo,
    ConsentRepo,
    GroupRepo,
    InviteRepo,
    OutboxRepo,
    PersonRepo,
    ServiceRepo,
    SettingRepo,
    StaffRepo,
    StateRepo,
)
from storage.retention import RetentionRepo
from storage.support import RelayRepo, SupportRepo


class UnitOfWork:
    """Repositories sharing one session; commits when the ``with`` block succeeds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.services = ServiceRepo(session)
        self.staff = StaffRepo(session)
        self.cases = CaseRepo(session)
        self.invites = InviteRepo(session)
        self.people = PersonRepo(session)
        self.consents = ConsentRepo(session)
        self.states = StateRepo(session)
        self.updates = InboxAwareUpdateRepo(session)  # marks the inbox row handled too
        self.inbox = InboxRepo(session)
        self.groups = GroupRepo(session)
        self.outbox = OutboxRepo(session)
        self.audit = AuditRepo(session)
        self.settings = SettingRepo(session)
        self.plans = PlanRepo(session)
        self.tokens = TokenRepo(session)
        self.support = SupportRepo(session)
        self.relays = RelayRepo(session)
        self.caseload = CaseloadRepo(session)
        self.plan_editing = PlanEditingRepo(session)
        self.milestones = MilestoneRepo(session)
        self.retention = RetentionRepo(session)
        self.erasure = ErasureRepo(session)
        self.exports = ExportRepo(session)
        self.trail = AuditTrailRepo(session)
        self.reports = ReportRepo(session)
        self.locks = SweepLockRepo(session)

    def pipelined(self) -> AbstractContextManager[None]:
        """:func:`storage.bulk.pipelined` on this transaction: writes sent without waiting."""
        return pipelined(self.session)


@contextmanager
def unit_of_work(db: Database) -> Iterator[UnitOfWork]:
    """Open a transaction; commit on success, roll back on error."""
    with db.session() as session:
        uow = UnitOfWork(session)
        yield uow
        if uow.outbox.unflushed:
            uow.outbox.flush()  # rows queued to go in with a later one: never left out
