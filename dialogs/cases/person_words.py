"""How a person in a young person's life is described: who they are to them, and how many
are close. Pure helpers for My people, the plan, the team's notes and staff screens, so none
of those needs the people flow itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.texts import t
from storage.models import ContactStatus, Person, PersonCircle


def relationship_label(person: Person, lang: str) -> str:
    """How the young person described who someone is, in ``lang`` (their words as typed).

    The young person reads it in their language; the team's cards and files in English.
    """
    if person.relationship == "other" and person.relationship_other:
        return person.relationship_other
    if person.relationship:
        return t(f"rel.{person.relationship}", lang)
    return t("people.not_set", lang)


def close_people_count(people: Sequence[Person]) -> int:
    """People outside the professional circle who are close or very close and in touch."""
    return sum(
        1
        for p in people
        if p.circle != PersonCircle.PROFESSIONALS
        and p.closeness in (1, 2)
        and p.contact == ContactStatus.IN_TOUCH
    )
