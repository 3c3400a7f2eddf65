"""A second language for tests: every English text "translated" into a pseudo-locale.

Lifelinks ships English only; these catalogues prove a language change reaches what users
see. The words are accented (still readable) and keep their placeholders, so a text that
skipped the reader's language shows up as plain English.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

import dialogs.texts
from dialogs.texts import catalogue
from dialogs.texts.language_codes import language_name

PSEUDO = "cy"  # a real language code (so it has a name: "Cymraeg"), pseudo words
PSEUDO_CONSENT_VERSION = "cy-test-1"
ACCENTED = str.maketrans("aceinosuyACEINOSUY", "àçéîñöšûýÀÇÉÎÑÖŠÛÝ")


def pseudo(template: str) -> str:
    """``template`` with its words accented and its placeholders kept."""
    parts = []
    for literal, field, spec, conversion in Formatter().parse(template):
        parts.append(literal.translate(ACCENTED).replace("{", "{{").replace("}", "}}"))
        if field is not None:
            conv = f"!{conversion}" if conversion else ""
            parts.append("{" + field + conv + (f":{spec}" if spec else "") + "}")
    return "".join(parts)


def install(folder: Path, monkeypatch: pytest.MonkeyPatch, lang: str = PSEUDO) -> str:
    """Catalogues of English and ``lang`` (pseudo) in ``folder``, used from now on."""
    english = catalogue("en")
    locales = folder / "locales"
    english_po = locales / "en" / "LC_MESSAGES" / f"{dialogs.texts.DOMAIN}.po"
    english_po.parent.mkdir(parents=True)
    english_po.write_bytes(dialogs.texts.catalogue_path("en").read_bytes())
    po = Catalog(locale="en", domain=dialogs.texts.DOMAIN)  # two plural forms, as English
    for key, text in english.texts.items():
        po.add(key, PSEUDO_CONSENT_VERSION if key == "consent.version" else pseudo(text))
    for key, forms in english.plurals.items():
        po.add((key, key), tuple(pseudo(form) for form in forms))
    target = locales / lang / "LC_MESSAGES" / f"{dialogs.texts.DOMAIN}.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(dialogs.texts, "LOCALES", locales)
    dialogs.texts.catalogue.cache_clear()
    assert language_name(lang) != lang  # Babel knows its name
    return lang


@pytest.fixture
def pseudo_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A second language, :data:`PSEUDO`, beside English for the test."""
    yield install(tmp_path, monkeypatch)
    dialogs.texts.catalogue.cache_clear()
