"""The text catalogue: plain English, every key used exists, placeholders line up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from dialogs.texts import CATALOGUES, placeholders, t
from dialogs.texts.en import TEXTS

ROOT = Path(__file__).resolve().parents[2]
KEY_LITERAL = re.compile(r"""["']((?:[a-z_]+)(?:\.[a-z0-9_]+)+)["']""")
PREFIXES = {key.split(".")[0] for key in TEXTS}
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
                known = key in TEXTS or any(other.startswith(key + ".") for other in TEXTS)
                if key.split(".")[0] in PREFIXES and not known:
                    missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)


def test_placeholders_render() -> None:
    for key in TEXTS:
        names = placeholders(key)
        rendered = t(key, **{name: "x" for name in names})
        assert "{" not in rendered, key


def test_one_catalogue_per_language() -> None:
    assert set(CATALOGUES) == {"en"}
