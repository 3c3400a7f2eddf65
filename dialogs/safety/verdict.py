"""What the safety net concludes about one message: safe to log (never the text)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CrisisCategory", "SafetyLevel", "SafetyVerdict"]


class CrisisCategory(StrEnum):
    """The kinds of danger, each with its own signposting."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    ABUSE = "abuse"  # physical, sexual, emotional, domestic, online grooming
    EXPLOITATION = "exploitation"  # forced work, debt, county lines, sexual, forced marriage
    DANGER = "danger"  # immediate danger
    HOMELESS = "homeless"  # nowhere safe to sleep tonight
    MEDICAL = "medical"  # overdose, poisoning, bleeding, can't breathe


class SafetyLevel(StrEnum):
    """How sure the net is: ``high`` alerts the team at once, ``unsure`` checks in first."""

    HIGH = "high"
    UNSURE = "unsure"


@dataclass(frozen=True)
class SafetyVerdict:
    """The net's answer for a message that hints at danger.

    ``category`` is the likeliest kind of danger (``None`` only when unsure and nothing
    points anywhere, e.g. "help"); ``rule`` names the rule or ``model`` (safe to log);
    ``score`` is the model's probability of any danger (0..1).
    """

    level: SafetyLevel
    category: CrisisCategory | None
    rule: str
    score: float = 0.0

    @property
    def high(self) -> bool:
        return self.level is SafetyLevel.HIGH
