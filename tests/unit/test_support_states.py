"""The support flow's stored states, as the code before its step table wrote them, still load
and are stored back with the same keys and values (only the fields set so far)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from dialogs.core.context import Context, FlowState
from dialogs.young.support_flow import SUPPORT, SupportStep

WHICH_BACK = {"flow": "menu", "step": "main", "screen": "Ab12Cd", "choices": ["people"], "data": {}}
HELD = {"message_id": 41, "media": False, "text": "are you there", "forwarded": False}

# (step, data) as stored by the flow before it had a table.
STORED: list[tuple[str, dict[str, Any]]] = [
    ("category", {"texts": [], "media": []}),
    ("describe", {"texts": [], "media": [], "category": "money"}),
    ("describe", {"texts": [], "media": [], "category": "education_work", "said": "my cv pls"}),
    ("more", {"texts": ["I can't pay my gas bill"], "media": [[12, "photo"]], "category": "money"}),
    ("more", {"texts": ["rent is late again"], "category": "housing", "said": "x", "own": True}),
    ("more", {"texts": ["a"], "media": [], "category": "food", "aside": "miss my mum"}),
    ("describe", {"texts": [], "media": [], "category": "money", "own": False, "said": ""}),
    ("share", {"texts": ["a"], "media": [], "category": "health", "urgency": "week"}),
    ("check", {"texts": ["a"], "category": "money", "urgency": "today", "share": True}),
    ("check", {"texts": [], "media": [], "category": "talk", "urgency": "whenever", "worry": True}),
    ("sent", {"request": 7}),
    ("list", {}),
    ("view", {"request": 7}),
    ("add", {"request": 7, "worry": True}),
    ("withdraw", {"request": 7}),
    ("reply", {"request": 7}),
    ("which", {"back": WHICH_BACK, "pending": [HELD], "asked": "2026-12-07T10:00:00+00:00"}),
    # Stored before the messages waiting for a thread were a list: one dict.
    ("which", {"back": WHICH_BACK, "pending": HELD, "asked": "2026-12-07T10:00:00+00:00"}),
]


class _Chat:
    """Just enough of a Context for the table's data: the stored state."""

    def __init__(self, step: str, data: dict[str, Any]) -> None:
        self.state = FlowState.fresh("support", step, dict(data))


@pytest.mark.parametrize(("step", "data"), STORED)
def test_stored_states_load_and_store_back_the_same(step: str, data: dict[str, Any]) -> None:
    ctx = cast(Context, _Chat(step, data))
    assert SUPPORT.fits(ctx)
    SUPPORT.store(ctx, SUPPORT.data(ctx))
    assert ctx.state is not None and ctx.state.data == data


def test_a_step_that_is_gone_does_not_fit() -> None:
    # The engine then starts the flow afresh with a kind line (flow.moved_on).
    assert not SUPPORT.fits(cast(Context, _Chat("old_step", {})))
    assert SUPPORT.start == SupportStep.CATEGORY
