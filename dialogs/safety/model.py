"""The safety net's learned part: a linear model over word and character n-grams.

Trained by :mod:`dialogs.safety.training` (``make safety-model``) from the open corpora and
stored as gzipped JSON (``model_<lang>.json.gz``): per feature its idf and one weight per class.
Scoring is a few hundred dictionary look-ups in pure Python: no numpy, no download, CPU
only, well under a millisecond a message.

The features are computed on the matcher's normalised text (text-speak spelt out, typos
fixed), so the model and the rules see the same words.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dialogs.safety.matcher import CrisisMatch, detect, normalise

__all__ = ["Model", "Prediction", "features", "load_model", "model_path"]

_HERE = Path(__file__).resolve().parent
# Long messages: the model reads this many characters from the start and from the end
# (the rules read everything), which bounds its cost.
MAX_CHARS = 1200
_CHAR_N = (3, 4, 5)
_CROSS_N = (6, 8)


def model_path(lang: str) -> Path:
    """Where a language's trained model lives."""
    return _HERE / f"model_{lang}.json.gz"


def _clip(text: str) -> str:
    if len(text) <= 2 * MAX_CHARS:
        return text
    return text[:MAX_CHARS] + " | " + text[-MAX_CHARS:]


_NO_HIT = CrisisMatch.__new__(CrisisMatch)  # "not looked up yet" (None means no match)


def features(text: str, lang: str = "en", hit: CrisisMatch | None = _NO_HIT) -> Counter[str]:
    """Raw counts of a message's features: words, word pairs, character n-grams within
    words and across word boundaries, and the rules' verdict.

    The rules' verdict is a feature too (``r:`` the rule, ``rc:`` its category), so the
    model learns how far to trust each rule, and where its words mean something else.
    Pass ``hit`` when the rules have already been run on ``text``.
    """
    if hit is _NO_HIT:
        hit = detect(text, lang)
    words = [w for w in normalise(_clip(text), lang).split() if w not in ("|", "~")]
    counts: Counter[str] = Counter()
    if hit is not None:
        counts["r:any"] = 1
        counts["r:" + hit.rule] = 1
        counts["rc:" + hit.category.value] = 1
    for i, word in enumerate(words):
        counts["w:" + word] += 1
        if i:
            counts["b:" + words[i - 1] + " " + word] += 1
        padded = f" {word} "
        for n in _CHAR_N:
            for j in range(len(padded) - n + 1):
                counts["c:" + padded[j : j + n]] += 1
    # Longer character runs across a word boundary ("o be he"): phrases, spelt loosely.
    joined = " " + " ".join(words) + " "
    for n in _CROSS_N:
        for j in range(len(joined) - n + 1):
            gram = joined[j : j + n]
            if " " in gram[1:-1]:
                counts["x:" + gram] += 1
    return counts


@dataclass(frozen=True)
class Prediction:
    """Class probabilities; ``danger`` is 1 - P(none)."""

    probabilities: dict[str, float]

    @property
    def danger(self) -> float:
        return 1.0 - self.probabilities.get("none", 0.0)

    def without(self, categories: Iterable[str]) -> Prediction:
        """The same prediction with these categories' probability counted as ``none``
        (their signs are set later, so they are no emergency now)."""
        dropped = set(categories) - {"none"}
        if not dropped:
            return self
        kept = {c: p for c, p in self.probabilities.items() if c not in dropped}
        moved = sum(p for c, p in self.probabilities.items() if c in dropped)
        kept["none"] = kept.get("none", 0.0) + moved
        return Prediction(kept)

    @property
    def category(self) -> str:
        """The likeliest class other than ``none``."""
        return max(
            (c for c in self.probabilities if c != "none"), key=lambda c: self.probabilities[c]
        )


class Model:
    """A trained multinomial logistic regression, ready to score."""

    def __init__(self, data: dict[str, object]) -> None:
        self.classes: list[str] = list(data["classes"])  # type: ignore[call-overload]
        self.scale = float(data.get("scale", 1.0))  # type: ignore[arg-type]
        self.intercept: list[float] = [float(x) for x in data["intercept"]]  # type: ignore[attr-defined]
        raw: dict[str, list[float]] = data["features"]  # type: ignore[assignment]
        self.idf: dict[str, float] = {}
        self.weights: dict[str, list[float]] = {}
        for name, row in raw.items():
            self.idf[name] = float(row[0])
            self.weights[name] = [float(w) / self.scale for w in row[1:]]
        self.thresholds: dict[str, float] = {
            str(k): float(v)
            for k, v in dict(data.get("thresholds", {})).items()  # type: ignore[call-overload]
        }

    def predict(self, text: str, lang: str = "en", hit: CrisisMatch | None = _NO_HIT) -> Prediction:
        """Class probabilities for one message (``hit``: the rules' verdict, if known)."""
        counts = features(text, lang, hit)
        values: list[tuple[list[float], float]] = []
        norm = 0.0
        for name, count in counts.items():
            idf = self.idf.get(name)
            if idf is None:
                continue
            value = (1.0 + math.log(count)) * idf
            values.append((self.weights[name], value))
            norm += value * value
        scores = list(self.intercept)
        if norm > 0.0:
            scale = 1.0 / math.sqrt(norm)
            k = len(scores)
            for weights, value in values:
                v = value * scale
                for i in range(k):
                    scores[i] += weights[i] * v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return Prediction({c: e / total for c, e in zip(self.classes, exps, strict=True)})


@cache
def load_model(lang: str) -> Model | None:
    """A language's model, or ``None`` when none has been trained for it."""
    path = model_path(lang)
    if not path.exists():
        return None
    return Model(json.loads(gzip.decompress(path.read_bytes())))
