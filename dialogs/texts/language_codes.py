"""Which of our languages a person reads: from Telegram's ``language_code``, or their words.

Telegram gives the language of the user's app as an IETF tag (``en``, ``en-GB``, ``pt-br``);
our catalogues are named as locale folders (``en``, ``pt_BR``). :func:`language_for` picks
the closest catalogue we have, English when none fits. :func:`language_name` is a language's
name in its own words, for the My data choice, and :func:`understood` reads a language typed
as a name ("english", "Português").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel import Locale, UnknownLocaleError

from dialogs.texts import DEFAULT_LANGUAGE, LANGUAGE_NAME, languages

_PARTS = re.compile(r"[-_]")


def locale_name(code: str) -> str:
    """A tag in locale-folder form: ``pt-br`` → ``pt_BR``, ``sr-latn-rs`` → ``sr_Latn_RS``."""
    first, *rest = _PARTS.split(code)
    parts = [first.lower()]
    for part in rest:
        parts.append(part.title() if len(part) == 4 and part.isalpha() else part.upper())
    return "_".join(parts)


def language_for(code: str | None, have: set[str] | None = None) -> str:
    """The catalogue to use for Telegram's ``language_code`` ``code``; English if none fits.

    ``pt-br`` reads ``pt_BR`` if there is one, else ``pt``. ``have``: the languages with a
    catalogue (all of them unless given).
    """
    if not code or not LANGUAGE_NAME.fullmatch(code):
        return DEFAULT_LANGUAGE
    available = languages() if have is None else have
    parts = locale_name(code).split("_")
    for end in range(len(parts), 0, -1):
        candidate = "_".join(parts[:end])
        if candidate in available:
            return candidate
    return DEFAULT_LANGUAGE


def stored_language(lang: str | None) -> str:
    """The language to speak for a stored choice (None, or a catalogue since removed: English)."""
    if lang is None or lang == DEFAULT_LANGUAGE:
        return DEFAULT_LANGUAGE
    return language_for(lang)


@cache
def _babel(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return None


def language_name(lang: str) -> str:
    """The name of ``lang`` in its own words, as its readers write it ("English", "Polski")."""
    locale = _babel(lang)
    name = locale.get_display_name(locale) if locale is not None else None
    if not name:
        return lang
    return name[:1].upper() + name[1:]


def _plain(text: str) -> str:
    """Lower case, no accents, no punctuation: "Português!" → "portugues"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", letters))


def understood(text: str) -> str | None:
    """The language (with a catalogue) a person names in ``text``, or None.

    Read by name, in its own words or in English, with or without its region ("english",
    "Deutsch", "Portuguese", "português (brasil)"). Not by code: "no" or "si" typed at the
    question are words, not Norwegian or Sinhala.
    """
    typed = _plain(text)
    if not typed:
        return None
    for lang in sorted(languages()):
        if typed in _names(lang):
            return lang
    return None


@cache
def _names(lang: str) -> frozenset[str]:
    """The ways a language's name is written, plain (see :func:`_plain`)."""
    names = {_plain(language_name(lang))}
    locale = _babel(lang)
    if locale is not None:
        for name in (
            locale.get_display_name("en"),
            locale.get_language_name(locale),
            locale.get_language_name("en"),
        ):
            names.add(_plain(name or ""))
    names.discard("")
    return frozenset(names)
