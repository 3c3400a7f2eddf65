"""Rules and model together: one verdict per message (or per burst of messages)."""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.safety import matcher
from dialogs.safety.verdict import CrisisCategory, SafetyLevel, SafetyVerdict

__all__ = ["assess", "assess_burst"]

_SUICIDE_NOT_SELF_HARM = {"sh.self_harm", "sh.cutting", "sh.till_bleeds", "sh.on_purpose"}
_EXPLOITATION = {"ab.exploitation", "ab.money", "ab.forced_marriage", "ab.gifts"}


def _category(rule: str, old: str) -> CrisisCategory:
    if old == "self_harm":
        if rule in _SUICIDE_NOT_SELF_HARM or "sh_urge" in rule:
            return CrisisCategory.SELF_HARM
        return CrisisCategory.SUICIDE
    if old == "abuse" and rule in _EXPLOITATION:
        return CrisisCategory.EXPLOITATION
    return CrisisCategory(old)


def assess(text: str, lang: str = "en") -> SafetyVerdict | None:
    """Check one free-text message for signs of danger; ``None`` when there are none."""
    hit = matcher.detect(text, lang)
    if hit is None:
        return None
    return SafetyVerdict(SafetyLevel.HIGH, _category(hit.rule, hit.category.value), hit.rule, 1.0)


def assess_burst(messages: Sequence[str], lang: str = "en") -> SafetyVerdict | None:
    """Check the last message, then it joined to the ones just before it.

    Young people split a thought over several bubbles ("i want to" + "end it"); the
    joined text is only checked when the last message alone says nothing.
    """
    if not messages:
        return None
    found = assess(messages[-1], lang)
    if found is not None and found.high:
        return found
    for start in range(len(messages) - 2, -1, -1):
        joined = assess(" ".join(messages[start:]), lang)
        if joined is not None and (found is None or joined.high):
            return joined
    return found
