"""The text catalogue: every sentence a user sees lives in a gettext catalogue.

``locales/<lang>/LC_MESSAGES/lifelinks.po`` holds one language; the msgid is the key code
refers to, the msgstr the sentence. :func:`t` renders a text, :func:`tn` a text that depends
on a number (the language's own plural rules pick the form). The ``.po`` files are read as
they are at run time, with Babel, so a fresh clone needs no build step; ``make messages``
extracts the keys from the code and updates the catalogues.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

from babel.messages.pofile import read_po

from dialogs.texts.emergency import names as number_names
from dialogs.texts.emergency import numbers

DOMAIN = "lifelinks"
LOCALES = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
# What a group reads (the team's group, the managers' group): cards, notes and digests there
# are in the service's language, English, whatever each member's own language is.
GROUP_LANGUAGE = DEFAULT_LANGUAGE
# A language as Telegram's language_code names it (en, pt-br) or a locale folder does (pt_BR).
LANGUAGE_NAME = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Catalogue:
    """One language's texts: plain ones by key, and the forms of those that take a number."""

    language: str
    texts: Mapping[str, str]
    plurals: Mapping[str, tuple[str, ...]]
    plural_index: Callable[[int], int]

    def keys(self) -> set[str]:
        """Every key this catalogue holds."""
        return set(self.texts) | set(self.plurals)

    def every_form(self) -> dict[str, str]:
        """Every text, each form of a plural as ``key[index]`` (for checks over all texts)."""
        forms = {
            f"{key}[{index}]": form
            for key, texts in self.plurals.items()
            for index, form in enumerate(texts)
        }
        return {**self.texts, **forms}


def catalogue_path(lang: str) -> Path:
    """Where the ``.po`` file of ``lang`` lives."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str, path: Path | None = None) -> Catalogue:
    """Read a ``.po`` file; untranslated and fuzzy entries are left out (English stands in)."""
    with (path or catalogue_path(lang)).open("rb") as handle:
        po = read_po(handle, domain=DOMAIN)
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        string = message.string
        if isinstance(message.id, tuple | list) and isinstance(string, tuple | list):
            if all(string):
                plurals[message.id[0]] = tuple(string)
        elif isinstance(message.id, str) and isinstance(string, str) and string:
            texts[message.id] = string
    return Catalogue(lang, texts, plurals, gettext.c2py(po.plural_expr))


@cache
def catalogue(lang: str = DEFAULT_LANGUAGE) -> Catalogue:
    """The catalogue of ``lang`` (read once); English for a language not translated."""
    if lang == DEFAULT_LANGUAGE:
        return read_catalogue(DEFAULT_LANGUAGE)
    if LANGUAGE_NAME.fullmatch(lang) and catalogue_path(lang).is_file():
        return read_catalogue(lang)
    return catalogue(DEFAULT_LANGUAGE)


def languages() -> set[str]:
    """The languages that have a catalogue."""
    return set(_languages_in(LOCALES))


@cache
def _languages_in(folder: Path) -> frozenset[str]:
    # Read once per folder: a reader's language is checked against these on every update.
    return frozenset(path.parent.parent.name for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def t(key: str, lang: str = DEFAULT_LANGUAGE, country: str | None = None, **params: Any) -> str:
    """Render the text ``key`` in ``lang`` with ``params`` filled in.

    Emergency and helpline numbers it names (``{samaritans}``) are those of ``country``
    (the service's; the United Kingdom when None).
    """
    template = catalogue(lang).texts.get(key)
    if template is None:  # not translated yet: the English, which must exist
        template = catalogue(DEFAULT_LANGUAGE).texts[key]
    return _fill(template, country, params)


def tn(
    key: str, n: int, lang: str = DEFAULT_LANGUAGE, country: str | None = None, **params: Any
) -> str:
    """Render the form of ``key`` that fits the number ``n`` in ``lang`` (``{n}`` is filled)."""
    chosen = catalogue(lang)
    if key not in chosen.plurals:
        chosen = catalogue(DEFAULT_LANGUAGE)
    forms = chosen.plurals[key]
    template = forms[min(chosen.plural_index(n), len(forms) - 1)]
    return _fill(template, country, {"n": n, **params})


def _fill(template: str, country: str | None, params: dict[str, Any]) -> str:
    """``template`` with ``params``, and the numbers it names from ``country``'s."""
    if _names_numbers(template):
        params = {**numbers(country), **params}
    return template.format(**params) if params else template


@cache
def _names_numbers(template: str) -> bool:
    """Whether a template has a placeholder for an emergency or helpline number."""
    try:
        fields = {name for _, name, _, _ in Formatter().parse(template) if name}
    except ValueError:  # a lone brace: a text shown as it is (it takes no parameters)
        return False
    return not fields.isdisjoint(number_names())


def names_numbers(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the text ``key`` gives emergency or helpline numbers (so needs a country)."""
    chosen = catalogue(lang)
    if key not in chosen.texts and key not in chosen.plurals:  # English stands in
        chosen = catalogue(DEFAULT_LANGUAGE)
    templates = chosen.plurals.get(key) or (chosen.texts.get(key, ""),)
    return any(_names_numbers(template) for template in templates)


def placeholders(key: str, lang: str = DEFAULT_LANGUAGE) -> set[str]:
    """The parameter names a text expects, over all its forms (used by the catalogue tests)."""
    chosen = catalogue(lang)
    templates = chosen.plurals.get(key) or (chosen.texts[key],)
    return {name for text in templates for _, name, _, _ in Formatter().parse(text) if name}
