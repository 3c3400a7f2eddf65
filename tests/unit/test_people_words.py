"""Adding someone in your own words: lower-case names get capitals, and "Who is … to you?"
takes a sentence ("hes my mate from college"), not only a button (playground trial, 11).

The world is the one of ``tests/support/world.py``.
"""

from __future__ import annotations

import json

import pytest

from dialogs.core.language import relationship_in
from dialogs.young.people import capitalised
from storage.db import Database
from tests.support.world import ALEX, World, state
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support


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


@pytest.mark.parametrize(
    ("said", "relationship"),
    [
        ("mate", "friend"),
        ("hes my mate from college", "friend"),
        ("shes my nan", "nan"),
        ("she was my foster carer when i was 12", "foster_carer"),
        ("hes my uncle on my mums side", "uncle"),
        ("he is not my dad", None),  # negated: names no one
        ("my aunty and my nan", None),  # two kinds: the buttons decide
        ("idk", None),
    ],
)
def test_a_sentence_names_the_relationship(said: str, relationship: str | None) -> None:
    assert relationship_in(said) == relationship


def test_adding_kyle_in_your_own_words(world: World, db: Database) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("kyle")
    assert alex.keys() == ["people.ask.relationship"] and "Who is Kyle to you?" in alex.said
    alex.text("hes my mate from college")
    assert alex.keys() != ["lang.off_script"]
    alex.press("Yes, that's right")
    assert alex.keys() == ["people.ask.closeness"]
    draft = json.loads(state(db, ALEX)[2])["data"]["draft"]
    assert (draft["name"], draft["relationship"]) == ("Kyle", "friend")
