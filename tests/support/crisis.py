"""The safety net without its model: verdicts made by hand, a stand-in detector, and reads."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlmodel import select

from dialogs.safety import CrisisCategory, SafetyLevel, SafetyVerdict, crisis_net
from storage.db import Database
from storage.models import AuditEvent, SupportRequest
from storage.uow import unit_of_work
from tests.support.world import world as world  # the fixture

WAY_ON = ["Talk to someone", "Back to where I was", "Menu"]


def high(category: CrisisCategory) -> SafetyVerdict:
    """A high-risk verdict in ``category``."""
    return SafetyVerdict(SafetyLevel.HIGH, category, "test.high", 1.0)


def unsure(category: CrisisCategory | None = None) -> SafetyVerdict:
    """An unsure verdict (in ``category``, if any)."""
    return SafetyVerdict(SafetyLevel.UNSURE, category, "test.unsure", 0.5)


def threads(db: Database) -> list[SupportRequest]:
    """Every support request (talk threads too), oldest first."""
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all())


def audit(db: Database) -> list[str]:
    """The action of every audit event."""
    with unit_of_work(db) as uow:
        return [a.action for a in uow.session.exec(select(AuditEvent)).all()]


@pytest.fixture
def detector(monkeypatch: pytest.MonkeyPatch) -> dict[str, SafetyVerdict]:
    """A stand-in detector: a verdict for exact (joined) texts, nothing for anything else."""
    verdicts: dict[str, SafetyVerdict] = {}

    def assess(text: str, lang: str = "en") -> SafetyVerdict | None:
        return verdicts.get(text)

    def assess_burst(messages: Sequence[str], lang: str = "en") -> SafetyVerdict | None:
        found = assess(messages[-1])
        for start in range(len(messages) - 2, -1, -1):
            joined = assess(" ".join(messages[start:]))
            if joined is not None:
                return joined
        return found

    def assess_burst_span(
        messages: Sequence[str], lang: str = "en"
    ) -> tuple[SafetyVerdict | None, int]:
        found = assess(messages[-1])
        if found is not None and found.high:
            return found, 1
        for start in range(len(messages) - 2, -1, -1):
            joined = assess(" ".join(messages[start:]))
            if joined is not None and (found is None or joined.high):
                return joined, len(messages) - start
        return found, 1 if found is not None else 0

    monkeypatch.setattr(crisis_net, "assess", assess)
    monkeypatch.setattr(crisis_net, "assess_burst", assess_burst, raising=False)
    monkeypatch.setattr(crisis_net, "assess_burst_span", assess_burst_span)
    return verdicts
