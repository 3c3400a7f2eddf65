"""The kinds of danger on one alert: every kind seen, most serious first, in 20 characters.

An alert's ``crisis_category`` holds one kind by name ("suicide"), or several as short codes
joined by "+" ("su+ho"), so a later, lesser worry adds to the card and never replaces it.
"""

from __future__ import annotations

from dialogs.texts import DEFAULT_LANGUAGE, t

# Most serious first: what the card's headline leads with.
ORDER = ("medical", "suicide", "self_harm", "danger", "abuse", "exploitation", "homeless")
_CODE = {
    "medical": "me",
    "suicide": "su",
    "self_harm": "sh",
    "danger": "da",
    "abuse": "ab",
    "exploitation": "ex",
    "homeless": "ho",
}
_NAME = {code: name for name, code in _CODE.items()}
JOIN = "+"


def kinds(stored: str | None) -> list[str]:
    """Every kind on the alert, most serious first (["danger"] when none is known)."""
    if not stored:
        return ["danger"]
    if JOIN not in stored:
        return [stored]
    return [_NAME.get(code, "danger") for code in stored.split(JOIN)]


def primary(stored: str | None) -> str:
    """The most serious kind on the alert (its numbers, its escalation line)."""
    return kinds(stored)[0]


def merged(stored: str | None, new: str) -> str:
    """The alert's kinds with ``new`` added; a plain "not safe" never hides a known kind."""
    found = set(kinds(stored)) | {new}
    if len(found) > 1:
        found.discard("danger")
    ordered = [kind for kind in ORDER if kind in found]
    if len(ordered) == 1:
        return ordered[0]
    return JOIN.join(_CODE[kind] for kind in ordered)


def label(stored: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The kinds in words, in ``lang``: "thoughts of suicide; nowhere to sleep tonight"."""
    return "; ".join(t(f"crisis.category.{kind}", lang) for kind in kinds(stored))
