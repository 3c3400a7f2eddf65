"""Every rule's own examples and counter-examples (dialogs/safety/rules/*/rules.yaml).

A safeguarding lead reviews the rules as data; these tests keep the data honest: each
example is caught by its rule and by the whole net, each counter-example by neither.
"""

from __future__ import annotations

import pytest

from dialogs.safety import assess, matcher
from dialogs.safety.rulebook import RuleSpec, available_languages, rule_specs


def _cases(kind: str, field: str) -> list[tuple[str, str, str]]:
    cases = []
    for lang in available_languages():
        for spec in rule_specs(lang)[kind]:
            cases += [(lang, spec.id, text) for text in getattr(spec, field)]
    return cases


def _spec(lang: str, kind: str, rule_id: str) -> RuleSpec:
    return next(s for s in rule_specs(lang)[kind] if s.id == rule_id)


def _rule_matches(lang: str, spec: RuleSpec, text: str) -> bool:
    """The rule on its own (whatever comes before it) matches the normalised text."""
    compiled = matcher._compiled(lang)
    norm = matcher.normalise(text, lang)
    norm = compiled.neutralise(norm, set(norm.split()))
    table = compiled.rules if spec.kind == "rule" else compiled.unsure
    rule = next(r for r in table if r.id == spec.id)
    return rule.applies(norm) is not None


def test_every_rule_has_an_example_and_every_language_has_rules() -> None:
    assert "en" in available_languages()
    for lang in available_languages():
        specs = rule_specs(lang)
        assert len(specs["rule"]) > 100
        missing = [s.id for s in (*specs["rule"], *specs["unsure"]) if not s.examples]
        assert missing == []


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("rule", "examples"))
def test_rule_examples_are_caught_by_their_rule_and_by_the_net(
    lang: str, rule_id: str, text: str
) -> None:
    spec = _spec(lang, "rule", rule_id)
    assert _rule_matches(lang, spec, text), (rule_id, text)
    found = assess(text, lang)
    assert found is not None, (rule_id, text)


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("rule", "counter_examples"))
def test_rule_counter_examples_raise_nothing(lang: str, rule_id: str, text: str) -> None:
    assert assess(text, lang) is None, (rule_id, text)


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("unsure", "examples"))
def test_unsure_examples_ask_whether_they_are_safe(lang: str, rule_id: str, text: str) -> None:
    found = assess(text, lang)
    assert found is not None and not found.high, (rule_id, text, found)


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("unsure", "counter_examples"))
def test_unsure_counter_examples_raise_nothing(lang: str, rule_id: str, text: str) -> None:
    assert assess(text, lang) is None, (rule_id, text)
