"""The safety net as a whole: two tiers, bursts, hostile input, and the model's maths."""

from __future__ import annotations

import dataclasses
import logging

import pytest

from dialogs.safety import (
    CrisisCategory,
    SafetyLevel,
    assess,
    assess_burst,
    assess_burst_span,
)
from dialogs.safety.corpus import Corpus, Sample, open_corpora, sealed_corpora
from dialogs.safety.detector import Detector
from dialogs.safety.model import Model, features, load_model

HIGH, UNSURE = SafetyLevel.HIGH, SafetyLevel.UNSURE


@pytest.mark.parametrize(
    ("text", "level", "category"),
    [
        ("i want to kill myself", HIGH, CrisisCategory.SUICIDE),
        ("my stepdad hits me", HIGH, CrisisCategory.ABUSE),
        ("ive been cutting again", HIGH, CrisisCategory.SELF_HARM),
        ("nowhere to sleep tonight", HIGH, CrisisCategory.HOMELESS),
        ("i took 20 paracetamol an hour ago", HIGH, CrisisCategory.MEDICAL),
        ("someone is outside my door with a knife", HIGH, CrisisCategory.DANGER),
        ("help", UNSURE, None),
        ("help me pls", UNSURE, None),
        ("im scared", UNSURE, CrisisCategory.DANGER),
        ("everything is too much", UNSURE, None),
    ],
)
def test_clear_danger_alerts_and_bare_worry_checks_in(
    text: str, level: SafetyLevel, category: CrisisCategory | None
) -> None:
    found = assess(text)
    assert found is not None, text
    assert (found.level, found.category) == (level, category), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "he",
        "idk",
        "me",
        "tonight",
        "no",
        "can you help me with my bus pass",
        "i need help with money",
        "this homework is killing me",
        "got shot in fortnite lol",
        "i cut my hair",
        "shoot me a text later",
        "overdosed on chocolate again",
        "😭😭😭",
        "",
        "   ",
    ],
)
def test_everyday_messages_raise_nothing(text: str) -> None:
    assert assess(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "i want to k\u200bill my\u200bself",  # zero-width space
        "i w\u200dant to d\u200cie",  # zero-width joiner and non-joiner
        "k\u00adill my\u00adself",  # soft hyphen
        "i wаnt to diе",  # Cyrillic a and e
        "\u202ei want to die",  # right-to-left override
        "iiii waaant tooo diiiieee",  # repeated letters
        "1 w4nt t0 k1ll mys3lf",  # leetspeak
        "I WANT TO DIE",
        "i want to die " + "x" * 10_000,  # the words, then 10,000 characters
        "x" * 10_000 + " i want to kill myself",  # 10,000 characters, then the words
    ],
)
def test_hidden_and_disguised_words_are_still_seen(text: str) -> None:
    found = assess(text)
    assert found is not None and found.category is CrisisCategory.SUICIDE, found


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02",
        "я хочу домой",
        "🔪" * 5000,
        "lol " * 3000,
        "\ufeff",
        "a" * 100_000,
        "é" * 4097,
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    found = assess(text)
    assert found is None or found.category in CrisisCategory


def test_a_thought_split_over_bubbles_is_seen_once_joined() -> None:
    assert assess("i want") is None
    assert assess("to die") is None
    found = assess_burst(["i want", "to die"])
    assert found is not None and found.high and found.category is CrisisCategory.SUICIDE
    assert assess_burst(["hi", "how are you"]) is None
    assert assess_burst([]) is None
    # A clear last message is judged alone; an earlier clear one is not lost either.
    last = assess_burst(["hello", "i want to kill myself"])
    assert last is not None and last.high
    # Only the messages the verdict rests on are quoted to the team.
    assert assess_burst_span(["i need help with money", "i want", "to die"])[1] == 2
    assert assess_burst_span(["can you tell my carer", "i want to kill myself"])[1] == 1
    assert assess_burst_span(["hi", "how are you"]) == (None, 0)


def test_unknown_languages_and_regions_use_english() -> None:
    assert assess("i want to die", "en-GB") == assess("i want to die")
    assert assess("i want to die", "xx") == assess("i want to die")


def test_verdicts_never_hold_the_text_and_nothing_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    found = assess("my dad hits me and my name is Jordan")
    assert found is not None
    assert "Jordan" not in repr(found) and "dad" not in found.rule
    assert "Jordan" not in caplog.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.rule = "x"  # type: ignore[misc]


def test_without_a_model_the_rules_alone_decide() -> None:
    rules_only = Detector(use_model=False)
    found = rules_only.assess("i want to kill myself")
    assert found is not None and found.high and found.rule != "model"
    assert rules_only.assess("shoot me a text") is None


def test_the_shipped_model_has_thresholds_chosen_for_unseen_text() -> None:
    model = load_model("en")
    assert model is not None
    assert 0.0 < model.thresholds["unsure"] <= model.thresholds["high"] < 1.0
    assert set(model.classes) == {*(c.value for c in CrisisCategory), "none"}


def test_the_shipped_model_was_trained_on_every_open_corpus() -> None:
    """Adding or renaming a corpus means running ``make safety-model`` again."""
    import gzip
    import json

    from dialogs.safety.model import model_path
    from dialogs.safety.training import training_corpora

    trained_on = json.loads(gzip.decompress(model_path("en").read_bytes()))["trained_on"]
    assert trained_on == [c.name for c in training_corpora("en")]
    assert not any(c.sealed for c in training_corpora("en"))


# Corpora written to test one distinction (open_k: indirect hopelessness against sad but
# safe, tonight against later housing) hold fewer messages in the other categories.
# open_l and sealed_d: suicide and self-harm said indirectly against endings that are
# not goodbyes, with a few more than 140 hard negatives each.
FOCUSED = {"open_k", "open_l", "sealed_d"}
FOCUSED_NEGATIVES = 140


def test_sealed_corpora_are_compressed_and_counted_not_read_here() -> None:
    sealed = sealed_corpora()
    assert len(sealed) >= 2 and all(c.sealed for c in sealed)
    for corpus in sealed:  # sizes only: the messages are never looked at in tests
        positives = sum(s.positive for s in corpus.samples)
        negatives = FOCUSED_NEGATIVES if corpus.name in FOCUSED else 150
        assert positives >= 150 and len(corpus.samples) - positives >= negatives


def test_every_open_corpus_covers_every_category() -> None:
    new = [c for c in open_corpora() if not c.legacy]
    evaluation = [c for c in new if any(s.positive for s in c.samples)]  # not "everyday"
    general = [c for c in evaluation if c.name not in FOCUSED]
    assert len(general) + len(sealed_corpora()) >= 5
    for corpus in evaluation:
        least = 5 if corpus.name in FOCUSED else 15
        for category in CrisisCategory:
            assert sum(s.label == category.value for s in corpus.samples) >= least, corpus.name
        negatives = FOCUSED_NEGATIVES if corpus.name in FOCUSED else 150
        assert sum(not s.positive for s in corpus.samples) >= negatives


def _small_corpus() -> list[Sample]:
    samples: list[Sample] = []
    for corpus in open_corpora(legacy=False):
        samples += corpus.samples[::6]
    return samples


def test_the_pure_python_scorer_matches_scikit_learn() -> None:
    """The JSON model gives the probabilities scikit-learn's own model gives."""
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    from dialogs.safety import training

    samples = _small_corpus()
    document = training.fit(samples)
    ours = Model(document)
    kept = set(document["features"])
    rows = [{k: v for k, v in features(s.text).items() if k in kept} for s in samples]
    vectoriser = DictVectorizer(sort=True)
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(vectoriser.fit_transform(rows))
    labels = [training.train_label(s) for s in samples]
    theirs = LogisticRegression(C=training.C, class_weight="balanced", max_iter=5000)
    theirs.fit(matrix, labels)
    probabilities = theirs.predict_proba(matrix)
    classes = list(theirs.classes_)
    for i, sample in enumerate(samples[:60]):
        mine = ours.predict(sample.text).probabilities
        for name, p in mine.items():
            # idf and weights are stored rounded; features used by one side only are few
            assert abs(p - probabilities[i][classes.index(name)]) < 0.05, (i, name)


def test_training_is_reproducible() -> None:
    pytest.importorskip("sklearn")
    from dialogs.safety import training

    samples = _small_corpus()
    assert training.fit(samples) == training.fit(samples)


def test_training_learns_the_rule_book() -> None:
    from dialogs.safety import training

    book: Corpus = training.rulebook_corpus()
    assert sum(s.positive for s in book.samples) > 150
    assert any(not s.positive for s in book.samples)
