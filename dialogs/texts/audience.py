"""Who reads each catalogue text: young people, or staff (coordinators and managers).

Staff texts are known by their key's prefix, plus the few keys of mixed prefixes that only
ever go to the team's chats. Everything else is read by young people, so a new key is
young-person-facing unless it is put here: the catalogue test then holds it to the one
name for their coordinator, "your Lifelong Links worker".
"""

from __future__ import annotations

STAFF_PREFIXES = (
    "staff.",  # private chat with a coordinator or manager
    "card.",  # cards in the coordinators' group
    "digest.",
    "escalate.",
    "team.",
    "notify.",  # notes to the team
    "plan_editor.",
    "cmd.staff",
    "crisis.category.",  # an alert's kind of danger, on the card
    "lead.",  # words inside a family-finding lead
    "btn.card.",
)
# Texts sent to the team's chats whose prefix is shared with young people's texts.
STAFF_KEYS = frozenset(
    {
        "relay.alert.talk",
        "relay.alert.again",
        "relay.alert.again.words",
        "relay.words",
        "relay.from_yp",
        "relay.from_yp.alert",
        "relay.from_yp.media",
        "relay.from_yp.edited",
        "relay.added_private",
        "relay.withdrawn",
        "relay.reopened",
        "relay.reopened_by_yp",
        "relay.not_delivered",
    }
)


def young_person_facing(key: str) -> bool:
    """Whether young people read the text ``key``."""
    return key not in STAFF_KEYS and not key.startswith(STAFF_PREFIXES)
