"""Emergency and helpline numbers per country: the texts take them as parameters.

``countries.toml`` holds each country's numbers by name; a text names them as placeholders
(``{samaritans}``) and :func:`dialogs.texts.t` fills them in from the reader's service's
country, the United Kingdom unless it says otherwise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DEFAULT_COUNTRY = "GB"
COUNTRIES = Path(__file__).with_name("countries.toml")


@cache
def _all() -> dict[str, dict[str, str]]:
    with COUNTRIES.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        country.upper(): {k: str(v) for k, v in numbers.items()}
        for country, numbers in data.items()
    }


def countries() -> set[str]:
    """The countries whose numbers are known."""
    return set(_all())


@cache
def names() -> frozenset[str]:
    """Every number's placeholder name (the names of the default country)."""
    return frozenset(_all()[DEFAULT_COUNTRY])


def numbers(country: str | None = None) -> Mapping[str, str]:
    """The numbers of ``country`` by name; the United Kingdom's for an unknown one."""
    known = _all()
    return known.get((country or DEFAULT_COUNTRY).upper(), known[DEFAULT_COUNTRY])
