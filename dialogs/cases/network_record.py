"""The network record as the practice keeps it: is someone safe, and does the young person
want contact with them.

*Safety* is the team's judgement, made with the young person, and only staff set it (from
``/case``). The *wish* is the young person's own, set in My people, in their own words
("yes", "nah", "dunno", "not him"). Both are optional: ``None`` means not recorded yet.

Whoever is marked not safe, or whom the young person does not want contact with, is never
the subject of a family-finding lead (:func:`blocks_lead`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from dialogs.core import answers
from dialogs.texts import DEFAULT_LANGUAGE, t
from storage.models import ContactWish, Person, PersonSafety

Words = tuple[str, ...]


def blocks_lead(person: Person) -> bool:
    """True when no family-finding lead may go out about this person."""
    return person.safety == PersonSafety.NOT_SAFE or person.wish == ContactWish.NO_CONTACT


def wish_label(person: Person, lang: str) -> str:
    """The young person's wish in their words, for their own card (in ``lang``)."""
    return t(f"wish.{person.wish.value if person.wish else 'none'}", lang)


def safety_label(person: Person, lang: str) -> str:
    """The team's safety judgement as the young person reads it on their card (in ``lang``)."""
    if person.safety is None:
        return t("safety.yp.none", lang)
    return t(f"safety.yp.{person.safety.value}", lang)


def staff_safety_label(safety: PersonSafety | None, lang: str) -> str:
    """The safety judgement as staff read it, in ``lang``."""
    return t(f"safety.staff.{safety.value if safety else 'none'}", lang)


@cache
def _raw(lang: str) -> dict[str, Any]:
    source = resources.files("dialogs.texts").joinpath(f"language_{lang}.yaml")
    raw: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))["wish"]
    return raw


@cache
def _phrases(lang: str = DEFAULT_LANGUAGE) -> dict[ContactWish, tuple[Words, ...]]:
    raw = _raw(lang)
    return {
        wish: tuple(answers.words_of(str(phrase)) for phrase in raw[wish.value])
        for wish in ContactWish
    }


@cache
def _around(lang: str = DEFAULT_LANGUAGE) -> tuple[Words, ...]:
    phrases = (answers.words_of(str(phrase)) for phrase in _raw(lang)["around"])
    return tuple(sorted(phrases, key=len, reverse=True))


def _trimmed(words: Words, lang: str) -> Words:
    """Without the words said around an answer, at either end ("dunno tbh" -> "dunno")."""
    changed = True
    while changed and words:
        changed = False
        for phrase in _around(lang):
            size = len(phrase)
            if len(words) > size and words[:size] == phrase:
                words, changed = words[size:], True
            elif len(words) > size and words[-size:] == phrase:
                words, changed = words[:-size], True
    return words


def _contains(words: Words, phrase: Words) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


# Checked in this order: "not sure" is a maybe before it is a "no", and "not him" a no
# before "him" could be anything else.
_ORDER = (ContactWish.MAYBE, ContactWish.NO_CONTACT, ContactWish.WANT)


def wish_of(text: str, lang: str = DEFAULT_LANGUAGE) -> ContactWish | None:
    """The wish a typed answer to "Would you like to be in touch with Nan?" gives, or None.

    Whole-message phrases first ("dunno", "not him", "yes please"), then a phrase inside a
    short message ("i dont want to see him"), then the answers' plain yes or no ("ye",
    "nah").
    """
    words = _trimmed(answers.words_of(text), lang)
    if not words or len(words) > answers.MAX_ANSWER_WORDS:
        return None
    phrases = _phrases(lang)
    for wish in _ORDER:
        if words in phrases[wish]:
            return wish
    for wish in _ORDER:
        if any(len(phrase) > 1 and _contains(words, phrase) for phrase in phrases[wish]):
            return wish
    said = answers.yes_or_no(" ".join(words), lang)
    if said == "yes":
        return ContactWish.WANT
    if said == "no":
        return ContactWish.NO_CONTACT
    return None
