"""Which consent wording a young person was shown: its version, per language."""

from __future__ import annotations

from dialogs.texts import DEFAULT_LANGUAGE, t


def consent_text_version(lang: str = DEFAULT_LANGUAGE) -> str:
    """The version of the consent wording a reader of ``lang`` is shown, recorded with their
    answer: English's when the consent texts are not translated into ``lang``.

    A catalogue entry, so a translation of the consent texts brings its own version.
    """
    return t("consent.version", lang)
