"""What join, safety and the plan editor stored before their step tables still loads as it was."""

from __future__ import annotations

from typing import Any

import pytest

from dialogs.consent import JOIN
from dialogs.crisis_net import SAFETY
from dialogs.plan_editor import PLAN_EDITOR
from dialogs.table import TableFlow

BACK = {"flow": "support", "step": "describe", "data": {"category": "money", "worry": True}}


@pytest.mark.parametrize(
    ("flow", "stored"),
    [
        (JOIN, {}),
        (SAFETY, {}),
        (SAFETY, {"back": BACK, "category": "danger", "words": "i'm scared"}),
        (SAFETY, {"back": None, "category": None, "words": None}),
        (SAFETY, {"back": {"flow": "menu", "step": "main", "data": {}}}),
        (PLAN_EDITOR, {"case_id": 3, "service_id": 1}),
        (PLAN_EDITOR, {"case_id": 3, "service_id": 1, "page": 0}),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "mode": "add", "draft": {}, "page": 0},
        ),
        (
            PLAN_EDITOR,
            {
                "case_id": 3,
                "service_id": 1,
                "mode": "add",
                "draft": {"kind": "food", "who": None, "what": "Sunday dinners"},
                "page": 0,
            },
        ),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "item_id": 9, "items_page": 1, "page": 0},
        ),
        (
            PLAN_EDITOR,
            {"case_id": 3, "service_id": 1, "item_id": 9, "page": 1, "mode": "edit"},
        ),
    ],
)
def test_stored_data_loads_and_is_stored_again_as_it_was(
    flow: TableFlow[Any], stored: dict[str, Any]
) -> None:
    adapter = flow._adapter()
    loaded = adapter.validate_python(stored)
    assert adapter.dump_python(loaded, mode="json", exclude_unset=True) == stored
