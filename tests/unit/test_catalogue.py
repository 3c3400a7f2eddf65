"""The gettext catalogue: the code and the catalogue agree, and every text survives translation.

The keys the code uses are found as `make messages` finds them (Babel with babel.cfg), so
a key the catalogue lacks, a key no code uses, or a plural used as a plain text fails here.
The pseudo-locale renders every key "translated": accented, about 40 % longer and wrapped
in right-to-left marks, which shows a text that skipped the catalogue or lost a placeholder.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

import dialogs.texts
from dialogs.texts import catalogue, placeholders, t, tn
from dialogs.texts.emergency import numbers
from dialogs.texts.extract import keys_in_source

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = catalogue("en")
PSEUDO = "qps-ploc"  # the conventional name of a pseudo-locale
RLM = "\u200f"
ACCENTED = str.maketrans(
    "aceinosuyACEINOSUY", "àçéîñöšûýÀÇÉÎÑÖŠÛÝ"
)  # letters stay readable, so a tester still sees which text it is


def used_keys() -> dict[str, bool]:
    """Every key the code uses, as `make messages` extracts it, and whether it is a plural."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, bool] = {}
    for folder in ("dialogs", "bot", "scheduler"):
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT / folder), method_map, options_map, keywords={"t": None, "tn": (1, 2)}
        ):
            key = message[0] if isinstance(message, tuple) else message
            found[key] = found.get(key, False) or isinstance(message, tuple)
    return found


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    missing = sorted(set(used_keys()) - ENGLISH.keys())
    assert not missing, f"keys the code uses that the catalogue lacks: {missing}"


def test_every_key_in_the_catalogue_is_used() -> None:
    unused = sorted(ENGLISH.keys() - set(used_keys()))
    assert not unused, f"keys no code uses (run make messages): {unused}"


def test_plurals_are_used_as_plurals() -> None:
    wrong = sorted(key for key, plural in used_keys().items() if plural != (key in ENGLISH.plurals))
    assert not wrong, f"a key used with tn() must have plural forms, and only then: {wrong}"


def test_the_extraction_sees_keys_however_they_are_built() -> None:
    known = {"rel.mum", "rel.dad", "talk.working", "talk.working.team", "circle.family", "x.y"}
    source = """
ctx.say("x.y")
label = t(f"rel.{relationship}")
key = "talk.working" + ("" if name else ".team")
def field(prefix, raw): return t(f"{prefix}.{raw}")
field("circle", value)
tn("plan.count", n)
"""
    found = {message: line for line, _, message, _ in keys_in_source(source, known, set())}
    assert set(found) == known | {("plan.count", "plan.count")}


def test_a_key_missing_from_the_catalogue_is_reported() -> None:
    found = [message for *_, message, _ in keys_in_source('ctx.say("rel.aunty")', {"rel.mum"}, ())]
    assert found == ["rel.aunty"]


# --- the pseudo-locale ---------------------------------------------------------------------
def pseudo(template: str) -> str:
    """``template`` "translated": accented, ~40 % longer, placeholders kept, RTL marks around."""
    parts = []
    for literal, field, spec, conversion in Formatter().parse(template):
        text = literal.translate(ACCENTED).replace("{", "{{").replace("}", "}}")
        parts.append(text + "~" * (len(literal) * 2 // 5))
        if field is not None:
            parts.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return RLM + "".join(parts) + RLM


@pytest.fixture
def pseudo_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A catalogue in the pseudo-locale beside the English one, with three plural forms."""
    locales = tmp_path / "locales"
    shutil.copytree(dialogs.texts.LOCALES / "en", locales / "en")
    po = Catalog(locale="pl", domain=dialogs.texts.DOMAIN)  # Polish: three plural forms
    for key, text in ENGLISH.texts.items():
        po.add(key, pseudo(text))
    for key, forms in ENGLISH.plurals.items():
        one, other = (pseudo(form) for form in forms)
        po.add((key, key), (one, other, other))
    target = locales / PSEUDO / "LC_MESSAGES" / f"{dialogs.texts.DOMAIN}.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, po)
    monkeypatch.setattr(dialogs.texts, "LOCALES", locales)
    dialogs.texts.catalogue.cache_clear()
    yield PSEUDO
    dialogs.texts.catalogue.cache_clear()


def _values(names: set[str]) -> dict[str, str]:
    return {name: f"<{name}>" for name in names}


def _check(key: str, rendered: str, english: str, names: set[str]) -> None:
    assert rendered.startswith(RLM) and rendered.endswith(RLM), f"{key} is not translated"
    assert rendered != english, f"{key} is not translated"
    assert len(rendered) >= len(english), f"{key} lost text: {rendered!r}"
    for name in names:
        assert f"<{name}>" in rendered, f"{key} lost {{{name}}}: {rendered!r}"
    assert "{" not in rendered.replace("{{", ""), f"{key} left a placeholder: {rendered!r}"


def test_every_text_renders_in_the_pseudo_locale(pseudo_locale: str) -> None:
    assert dialogs.texts.languages() == {"en", pseudo_locale}
    for key in sorted(ENGLISH.texts):
        names = placeholders(key)
        assert placeholders(key, pseudo_locale) == names, f"{key}: placeholders differ"
        rendered = t(key, lang=pseudo_locale, **_values(names))
        _check(key, rendered, t(key, **_values(names)), names)


def test_every_plural_renders_in_the_pseudo_locale(pseudo_locale: str) -> None:
    for key in sorted(ENGLISH.plurals):
        names = placeholders(key) - {"n"}
        assert placeholders(key, pseudo_locale) - {"n"} == names, f"{key}: placeholders differ"
        for n in (1, 2, 5, 22):
            rendered = tn(key, n, lang=pseudo_locale, **_values(names))
            _check(key, rendered, tn(key, n, **_values(names)), names)
            assert str(n) in rendered, f"{key} lost its number {n}"


def test_the_pseudo_locale_check_can_fail(pseudo_locale: str) -> None:
    with pytest.raises(AssertionError, match="not translated"):
        _check("k", "Hello", "Hello", set())
    with pytest.raises(AssertionError, match="lost"):
        _check("k", RLM + "Héllö~~" + RLM, "Hello {name}", {"name"})
    with pytest.raises(KeyError):  # a placeholder the code does not fill
        t("people.list", lang=pseudo_locale, page=1)


def test_a_language_without_a_catalogue_reads_english() -> None:
    assert t("people.list", lang="xx", count=2) == t("people.list", count=2)
    assert tn("plan_editor.every.week", 3, lang="xx") == "3 weeks"


# --- help lines ----------------------------------------------------------------------------
def help_lines() -> dict[str, set[str]]:
    """Each bullet line with a number in it, by its words (the line with its numbers left out)."""
    lines: dict[str, set[str]] = {}
    for template in ENGLISH.every_form().values():
        text = template  # as read: the service's numbers in their places
        for name, number in numbers().items():
            text = text.replace(f"{{{name}}}", number)
        for line in text.splitlines():
            words = re.sub(r"\d[\d ]*", "#", line)
            if line.startswith("•") and words != line:
                lines.setdefault(words, set()).add(line)
    return lines


def test_a_help_line_reads_the_same_wherever_it_is() -> None:
    # The catalogue repeats a service's line in several texts (the crisis numbers, "if you
    # need help now" under a slow request): a number changed in one must change in all.
    differ = {head: sorted(lines) for head, lines in help_lines().items() if len(lines) > 1}
    assert not differ, differ
    assert len(help_lines()) >= 10  # the crisis lines are all found


def test_a_language_name_never_leaves_the_locales_folder() -> None:
    assert catalogue("../en") is catalogue("en")
    assert catalogue("en/../../x") is catalogue("en")
