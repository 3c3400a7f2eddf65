"""Texts of the escalation of unanswered support requests and the digest's request counts."""

from __future__ import annotations

from dialogs.texts.en import TEXTS as _EN

# The emergency numbers exactly as the crisis reply gives them (one source for the numbers).
_NUMBERS = "\n".join(line for line in _EN["crisis.reply"].splitlines() if line.startswith("•"))
_LATE = (
    "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
    "Nobody has picked it up yet, so I've told a manager. "
    "Someone will get back to you as soon as they can."
)

TEXTS: dict[str, str] = {
    # --- to the managers (or, with no managers' group, the coordinators) -----------------
    "escalate.managers_card": (
        "Late request: {req} from {ref} ({name}).\n"
        "Help with: {category}. Needed: {urgency}.\n"
        "Sent {sent}. It has waited {waited} of work time and nobody has picked it up. "
        "Please make sure someone does."
    ),
    "escalate.group_note": (
        "Nobody picked up {req} for {ref} ({name}) in time, so it has gone to the managers."
    ),
    "escalate.category.money": "money",
    "escalate.category.housing": "somewhere to live",
    "escalate.category.food": "food",
    "escalate.category.education_work": "school, college or work",
    "escalate.category.health": "health",
    "escalate.category.family_contact": "family contact",
    "escalate.category.talk": "someone to talk to",
    "escalate.category.other": "something else",
    "escalate.urgency.today": "today (urgent)",
    "escalate.urgency.week": "this week",
    "escalate.urgency.whenever": "no rush",
    "escalate.minutes": "{minutes} min",
    "escalate.hours": "{hours} h",
    "escalate.hours_minutes": "{hours} h {minutes} min",
    # --- to the young person ------------------------------------------------------------
    "escalate.young_person": _LATE,
    "escalate.young_person.urgent": _LATE + "\n\nIf you need help now:\n" + _NUMBERS,
    "escalate.young_person.no_team": (
        "Sorry, your request {req} (help with {category}) is taking longer than we hoped. "
        "Please call or text your Lifelong Links worker.\n\n"
        "If you need help now:\n" + _NUMBERS
    ),
    # --- the managers' monthly digest ---------------------------------------------------
    "digest.requests": "Requests for help opened last month: {opened} ({answered} answered so far)",
}
