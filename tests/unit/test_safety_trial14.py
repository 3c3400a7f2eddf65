"""The safety net's three misreadings from the trial of issue 14, and close variants.

1. An indirect hint of hopelessness ("im so done w everything") got no response at all: it
   must get at least the check-in.
2. Sadness about a life change ("its just everything rn. placement ending n stuff") raised
   an URGENT suicide alert: no response, or at most the check-in.
3. A housing notice for next month ("my landlord wants me out next month") raised URGENT
   "nowhere to sleep tonight": never a ``homeless`` alert, since that means tonight.

The variants are our own, not the corpora's (those are scored by benchmarks/bench_crisis.py).
"""

from __future__ import annotations

import pytest

from dialogs.safety import CrisisCategory, assess, matcher
from dialogs.safety.model import Prediction

HOMELESS = CrisisCategory.HOMELESS


@pytest.mark.parametrize(
    "text",
    [
        "im so done w everything",  # the trial's words
        "im done with everything",
        "so done tbh",
        "honestly im just done",
        "over everything rn",
        "i feel hopeless",
        "whats even the point",
        "cant be bothered with anything anymore",
        "nothing matters anymore",
        "why do i even bother getting up",
        "nothing is ever going to get better so why bother",
        "idk how much longer i can keep going",
        "running out of reasons to stay",
        "i dont care what happens to me anymore",
        "wish i could just disappear forever",
        "just want permanent peace",
    ],
)
def test_indirect_hopelessness_gets_at_least_the_check_in(text: str) -> None:
    assert assess(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "its just everything rn. placement ending n stuff",  # the trial's words
        "its just everything at the min, placement ending and college",
        "just a lot rn. my placement is ending n stuff",
        "sad my foster placement is ending tbh",
        "feeling a bit low cos im moving out of my carers next month",
        "its everything really, contact with my sister got cancelled again",
        "bit down about my placement ending, thats all",
        "everything is changing rn, new flat, new college, its a lot",
    ],
)
def test_sadness_about_a_life_change_is_never_an_urgent_alert(text: str) -> None:
    found = assess(text)
    assert found is None or not found.high, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "my landlord wants me out next month and idk where to go",  # the trial's words
        "landlord gave me notice, i have to be out in march and dont know where ill live",
        "my placement ends when i turn 18 and i dont know where to go",
        "got a section 21, have to leave in 2 months, where do i go",
        "the hostel says i have to move out at the end of the month and idk where to go",
        "my tenancy ends in a few weeks and i have nowhere lined up",
        "after my 18th i have to leave my foster home and idk where ill live",
        "i might end up homeless next year when my lease runs out",
    ],
)
def test_housing_trouble_set_later_is_no_tonight_alert(text: str) -> None:
    found = assess(text)
    assert found is None or not (found.high and found.category is HOMELESS), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "my landlord kicked me out tonight and idk where to go",
        "evicted today, nowhere to sleep tonight",
        "was meant to move out next month but he changed the locks and im sleeping in my car",
        "nowhere to sleep tonight",
    ],
)
def test_housing_trouble_tonight_still_alerts(text: str) -> None:
    found = assess(text)
    assert found is not None and found.high and found.category is HOMELESS, (text, found)


def test_other_danger_set_beside_a_later_housing_worry_still_counts() -> None:
    found = assess("landlord wants me out next month and honestly i want to kill myself")
    assert found is not None and found.high and found.category is CrisisCategory.SUICIDE


def test_time_words_set_housing_later_but_not_words_of_here_and_now() -> None:
    assert matcher.detect_later("out next month") == {HOMELESS}
    assert matcher.detect_later("when i turn 18 i have to leave") == {HOMELESS}
    assert matcher.detect_later("out next month but i slept in the park last night") == set()
    assert matcher.detect_later("nowhere to go tonight") == set()
    assert matcher.detect_later("") == set()


def test_w_is_read_as_with() -> None:
    assert matcher.normalise("done w everything") == "done with everything"


def test_a_prediction_without_a_category_counts_it_as_none() -> None:
    found = Prediction({"homeless": 0.7, "suicide": 0.1, "none": 0.2})
    later = found.without(["homeless"])
    assert later.probabilities == pytest.approx({"suicide": 0.1, "none": 0.9})
    assert later.danger == pytest.approx(0.1) and later.category == "suicide"
    assert found.without([]) is found
