"""Train the safety net's model from the open corpora (``make safety-model``).

Reproducible: the same corpora give the same model (a deterministic solver, sorted
features). Sealed corpora are never read here. Needs scikit-learn (a dev dependency);
running the bot does not.

    python -m dialogs.safety.training [--lang en] [--out PATH] [--report]

Thresholds: the model's probability of danger, P = 1 - P(none), is compared with two
thresholds chosen by leave-one-corpus-out (each new open corpus in turn is scored by a
model trained without it): ``unsure`` is the lowest P that keeps any response (check-in
or alert) to the hard negatives within ``FALSE_ALARM_BUDGET``, ``high`` the lowest that
keeps URGENT alerts to them within ``HIGH_ALARM_BUDGET``.

The rule book's own examples and counter-examples are training data too (a corpus named
``rulebook``), so the model learns what each rule was written for.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dialogs.safety import matcher
from dialogs.safety.corpus import LABELS, NONE, Corpus, Sample, open_corpora
from dialogs.safety.detector import MODEL_MIN_WORDS
from dialogs.safety.model import Model, features, model_path
from dialogs.safety.rulebook import rule_specs

__all__ = ["choose_thresholds", "fit", "rulebook_corpus", "train_label", "training_corpora"]

C = 64.0  # inverse regularisation strength, chosen by leave-one-corpus-out
MIN_DF = 2  # a feature seen in one message only is noise
SCALE = 1000  # weights stored as integers / SCALE
FALSE_ALARM_BUDGET = 0.025
HIGH_ALARM_BUDGET = 0.01


def rulebook_corpus(lang: str = "en") -> Corpus:
    """The rules' examples (their category) and counter-examples (none) as a corpus."""
    samples: list[Sample] = []
    for spec in rule_specs(lang)["rule"]:
        assert spec.category is not None
        samples += [Sample(text, (spec.category.value,)) for text in spec.examples]
        samples += [Sample(text, (NONE,)) for text in spec.counter_examples]
    for spec in rule_specs(lang)["unsure"]:
        samples += [Sample(text, (NONE,)) for text in spec.counter_examples]
    return Corpus("rulebook", tuple(samples), sealed=False, legacy=True)


def training_corpora(lang: str = "en") -> list[Corpus]:
    """Everything the model learns from: the open corpora and the rule book."""
    return [*open_corpora(), rulebook_corpus(lang)]


def train_label(sample: Sample) -> str:
    """The class to learn: an old coarse label is resolved by the rules where they can."""
    if len(sample.choices) == 1:
        return sample.label
    hit = matcher.detect(sample.text)
    if hit is not None and hit.category.value in sample.choices:
        return hit.category.value
    return sample.label


def fit(samples: Sequence[Sample], c: float = C) -> dict[str, Any]:
    """A model (as its JSON document) trained on these samples."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    rows = [features(s.text) for s in samples]
    labels = [train_label(s) for s in samples]
    df: dict[str, int] = {}
    for row in rows:
        for name in row:
            df[name] = df.get(name, 0) + 1
    keep = {name for name, n in df.items() if n >= MIN_DF}
    vectoriser = DictVectorizer(sort=True)
    counts = vectoriser.fit_transform([{k: v for k, v in r.items() if k in keep} for r in rows])
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True)
    matrix = tfidf.fit_transform(counts)
    classes = [c for c in LABELS if c in set(labels)]
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    model.fit(matrix, labels)
    order = [list(model.classes_).index(c) for c in classes]
    coef = model.coef_[order]
    names = vectoriser.get_feature_names_out()
    table: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        weights = [round(float(coef[i, j]) * SCALE) for i in range(len(classes))]
        if any(weights):
            table[str(name)] = [round(float(tfidf.idf_[j]), 3), *weights]
    return {
        "classes": classes,
        "scale": SCALE,
        "intercept": [round(float(model.intercept_[i]), 6) for i in order],
        "features": table,
    }


def _lowest_threshold(scores: Sequence[float], budget: float) -> float:
    """The lowest threshold whose share of ``scores`` at or above it is within budget."""
    ranked = sorted(scores, reverse=True)
    allowed = math.floor(budget * len(ranked))
    if allowed >= len(ranked):
        return 0.0
    # strictly above the (allowed+1)-th highest score
    return min(0.999, ranked[allowed] + 1e-6)


def choose_thresholds(corpora: Sequence[Corpus]) -> dict[str, float]:
    """Leave-one-corpus-out over the new open corpora: thresholds that hold on unseen text."""
    negatives: list[float] = []
    total = 0
    for held in corpora:
        if held.legacy:
            continue
        total += sum(not s.positive for s in held.samples)
        train = [s for c in corpora if c is not held for s in c.samples]
        model = Model(fit(train))
        for sample in held.samples:
            if sample.positive:
                continue
            hit = matcher.detect(sample.text)
            if hit is None and len(sample.text.split()) < MODEL_MIN_WORDS:
                continue  # the detector never asks the model about these
            negatives.append(model.predict(sample.text, hit=hit).danger)
    # The budgets are shares of every negative, including those never scored.
    share = len(negatives) / total if total else 1.0
    return {
        "unsure": round(_lowest_threshold(negatives, FALSE_ALARM_BUDGET / share), 4),
        "high": round(_lowest_threshold(negatives, HIGH_ALARM_BUDGET / share), 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Train on every open corpus and write the model next to this module."""
    parser = argparse.ArgumentParser(description="Train the safety net's model.")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    corpora = training_corpora(args.lang)
    thresholds = choose_thresholds(corpora)
    document = fit([s for c in corpora for s in c.samples])
    document["thresholds"] = thresholds
    document["trained_on"] = [c.name for c in corpora]
    out = args.out or model_path(args.lang)
    text = json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n"
    out.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    print(
        f"model: {len(document['features'])} features, thresholds {thresholds}, "
        f"{out.stat().st_size // 1024} KiB -> {out.name}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
