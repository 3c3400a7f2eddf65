"""The text catalogue: every sentence a user sees lives in ``texts/<lang>.py``.

Code refers to texts by key; :func:`t` renders one with its parameters.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

from dialogs.texts import en

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXTS}
DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Render the text ``key`` in ``lang`` with ``params`` filled in."""
    template = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])[key]
    return template.format(**params) if params else template


def placeholders(key: str, lang: str = DEFAULT_LANGUAGE) -> set[str]:
    """The parameter names a text expects (used by the catalogue tests)."""
    template = CATALOGUES[lang][key]
    return {name for _, name, _, _ in Formatter().parse(template) if name}
