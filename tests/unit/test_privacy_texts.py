"""One name for the coordinator in everything young people read."""

from __future__ import annotations

import re

import pytest

from dialogs.texts import catalogue
from dialogs.texts.audience import young_person_facing

# Each text, and each form of a text that depends on a number.
TEXTS = catalogue("en").every_form()

# Words young people must not see for their coordinator: they also have a social worker,
# carers and teams around them, so one name is used, "your Lifelong Links worker".
FORBIDDEN = re.compile(
    r"coordinator|your team|our team|lifelong links team|\b(?:your|my) worker\b",
    re.IGNORECASE,
)
YOUNG = sorted(key for key in TEXTS if young_person_facing(key))


@pytest.mark.parametrize("key", YOUNG)
def test_young_people_read_one_name_for_their_coordinator(key: str) -> None:
    found = FORBIDDEN.search(TEXTS[key])
    assert found is None, f"{key} says {found.group(0)!r}: {TEXTS[key]!r}"


def test_the_check_can_fail() -> None:
    for said in ("Your coordinator will call", "Sent to your team", "ask your worker"):
        assert FORBIDDEN.search(said)
    for fine in ("your Lifelong Links worker", "Sam, your Lifelong Links worker", "a youth worker"):
        assert FORBIDDEN.search(fine) is None


def test_staff_texts_are_told_apart() -> None:
    assert not young_person_facing("staff.case.summary")
    assert not young_person_facing("card.head")
    assert not young_person_facing("relay.from_yp")
    assert young_person_facing("relay.to_yp")
    assert young_person_facing("support.sent")
    # Most texts are the young person's: staff ones are the exceptions listed.
    assert len(YOUNG) > len(TEXTS) / 2


# "Us" and "we" for the team read as a faceless office: the bot speaks as "I", the worker
# is named. Staff replies headed "Sam from Lifelong Links:" stay (they quote the worker).
TEAM_AS_US = re.compile(
    r"\b(?:tell us|to us|we hope|can we|we'll just)\b|from Lifelong Links has", re.IGNORECASE
)


@pytest.mark.parametrize("key", YOUNG)
def test_young_people_are_not_spoken_to_by_a_faceless_us(key: str) -> None:
    found = TEAM_AS_US.search(TEXTS[key])
    assert found is None, f"{key} says {found.group(0)!r}: {TEXTS[key]!r}"


def test_the_us_check_can_fail() -> None:
    for said in ("Tell us what's going on", "Thank you for talking to us", "We hope it helped"):
        assert TEAM_AS_US.search(said)
    assert TEAM_AS_US.search("Sam from Lifelong Links:\n\nHi") is None
