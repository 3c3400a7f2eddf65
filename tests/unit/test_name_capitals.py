"""A name typed all in lower case gets capitals; a name with any capital is kept as typed."""

from __future__ import annotations

import pytest

from dialogs.people import capitalised


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("jade", "Jade"),
        ("aunty sue", "Aunty Sue"),
        ("mary-jane", "Mary-Jane"),
        ("jade 💛", "Jade 💛"),
        ("ölga", "Ölga"),
        ("DJ", "DJ"),
        ("McKenzie", "McKenzie"),
        ("de Souza", "de Souza"),
        ("123", "123"),
    ],
)
def test_lower_case_names_get_capitals(typed: str, kept: str) -> None:
    assert capitalised(typed) == kept
