"""My people's and My data's typed flow data read what is stored today, and write it back
byte for byte: only the fields set so far, the same keys, and any mark another module left
beside the screen's data (an open lead question, a worry the safety net saw)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dialogs.young.people import ASKED, EDIT_LABELS, EDITED, PEOPLE, VIEW_BUTTONS, Draft, PeopleStep
from dialogs.young.privacy import PRIVACY

STORED_PEOPLE: list[dict[str, Any]] = [
    {"page": 2},
    {"person_id": 7, "page": 0},
    {"person_id": 7, "page": 1, "mode": "edit", "draft": {}},
    {
        "person_id": 7,
        "page": 1,
        "mode": "edit",
        "draft": {"relationship": "other", "relationship_other": None},
    },
    {"mode": "add", "draft": {}},
    {
        "mode": "add",
        "draft": {
            "name": "Jo",
            "relationship": "nan",
            "relationship_other": None,
            "circle": "family",
            "closeness": None,
        },
    },
    {"mode": "add", "draft": {"relationship": "nan"}, "held": {"text": "yes 2 is fine", "id": 41}},
    {"mode": "add", "draft": {}, "held": {"text": "hmm", "id": None}},
    {"page": 0, "lead_offer": "tok-123", "worry": True},
]


@pytest.mark.parametrize("stored", STORED_PEOPLE, ids=lambda data: json.dumps(data)[:40])
def test_stored_people_data_reads_and_writes_back_the_same(stored: dict[str, Any]) -> None:
    data = PEOPLE._adapter().validate_python(stored)
    assert json.dumps(PEOPLE._dump(data)) == json.dumps(stored)


def test_my_data_keeps_no_data() -> None:
    assert PRIVACY._dump(PRIVACY._adapter().validate_python({})) == {}


def test_a_skipped_question_is_answered_and_one_not_reached_is_not() -> None:
    draft = Draft.model_validate({"name": "Jo", "relationship": None})
    assert draft.answered(PeopleStep.RELATIONSHIP)
    assert not draft.answered(PeopleStep.CIRCLE)


def test_the_field_order_is_declared_once() -> None:
    # The view screen's Edit buttons follow the order the questions are asked in.
    edits = [action for row in VIEW_BUTTONS for _, action in row if action.startswith("edit:")]
    assert edits == [f"edit:{step}" for step in EDITED]
    assert EDITED[: len(ASKED)] == ASKED and set(EDIT_LABELS) == set(EDITED)
