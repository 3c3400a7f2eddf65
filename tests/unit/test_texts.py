"""The text catalogue: plain English, every key used exists, placeholders line up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from dialogs.texts import catalogue, languages, placeholders, t, tn
from dialogs.young.people import strength_key

ROOT = Path(__file__).resolve().parents[2]
KEY_LITERAL = re.compile(r"""["']((?:[a-z_]+)(?:\.[a-z0-9_]+)+)["']""")
ENGLISH = catalogue("en")
# Each text, and each form of a text that depends on a number.
TEXTS = ENGLISH.every_form()
KEYS = ENGLISH.keys()
PREFIXES = {key.split(".")[0] for key in KEYS}
# Readability is measured on sentences; labels of one or two words are not prose.
MAX_GRADE = 7.0


def prose(template: str) -> str:
    """A template with placeholders filled by plain words, bullets and emoji removed."""
    filled = re.sub(r"\{[a-z_]+\}", "Sam", template)
    return re.sub(r"[•➕◀▶⬅👋]", "", filled)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_reads_at_grade_7_or_below(key: str) -> None:
    text = prose(TEXTS[key])
    if len(re.findall(r"[A-Za-z']+", text)) < 4:  # a button label, not a sentence
        return
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, f"{key} reads at grade {grade:.1f}: {TEXTS[key]!r}"


def test_messages_are_short() -> None:
    long = {key: len(text) for key, text in TEXTS.items() if len(text) > 420}
    assert not long, f"texts over 420 characters: {long}"


def test_every_key_used_in_code_exists() -> None:
    missing = set()
    for folder in ("dialogs", "bot", "scheduler"):
        for path in (ROOT / folder).rglob("*.py"):
            if "texts" in path.parts or "standin" in path.parts:
                continue
            for key in KEY_LITERAL.findall(path.read_text()):
                known = key in KEYS or any(other.startswith(key + ".") for other in KEYS)
                if key.split(".")[0] in PREFIXES and not known:
                    missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)


def test_placeholders_render() -> None:
    for key in ENGLISH.texts:
        names = placeholders(key)
        rendered = t(key, **{name: "x" for name in names})
        assert "{" not in rendered, key
    for key in ENGLISH.plurals:
        names = placeholders(key) - {"n"}
        for n in (0, 1, 2, 5, 21):
            rendered = tn(key, n, **{name: "x" for name in names})
            assert "{" not in rendered and str(n) in rendered, (key, n)


def test_one_catalogue_per_language() -> None:
    assert languages() == {"en"}


def test_plurals_take_the_form_of_their_number() -> None:
    assert tn("plan_editor.every.month", 1) == "1 month"
    assert tn("plan_editor.every.month", 3) == "3 months"
    assert "You have 1 close person you're in touch with" in tn("people.strength.started", 1)
    assert "You have 3 close people" in tn("people.strength.reached", 3)


def test_the_aim_of_two_chooses_the_strength_text() -> None:
    assert [strength_key(n) for n in (0, 1, 2, 5)] == [
        "people.strength.none",
        "people.strength.started",
        "people.strength.reached",
        "people.strength.reached",
    ]
