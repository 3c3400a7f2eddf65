"""One name for the coordinator in everything young people read."""

from __future__ import annotations

import re

import pytest

from dialogs.texts.audience import young_person_facing
from dialogs.texts.en import TEXTS

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
