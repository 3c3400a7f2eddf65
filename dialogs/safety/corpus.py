"""Reading the safety net's evaluation corpora (``tests/data/safety``).

Two formats: JSON Lines (``{"text": ..., "label": ...}``, the evaluation corpora, written
by people who never saw the rules) and the older tab-separated files
(``POS<TAB>category<TAB>message`` / ``NEG<TAB>-<TAB>message``) whose five categories
predate the split of suicide from self-harm and of exploitation from abuse.

Sealed corpora (``sealed/*.jsonl.gz``) are only ever read by scoring code, which prints
figures, never messages.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from dialogs.safety.verdict import CrisisCategory

__all__ = ["NONE", "Corpus", "Sample", "load", "open_corpora", "safety_data_dir", "sealed_corpora"]

NONE = "none"
LABELS: tuple[str, ...] = (*(c.value for c in CrisisCategory), NONE)
# Old five-category labels: what they can mean now.
_COARSE: dict[str, tuple[str, ...]] = {
    "self_harm": ("suicide", "self_harm"),
    "abuse": ("abuse", "exploitation"),
    "danger": ("danger",),
    "homeless": ("homeless",),
    "medical": ("medical",),
}


@dataclass(frozen=True)
class Sample:
    """One message and what it is: a category, or ``none`` for a hard negative.

    ``choices`` lists every category the label allows (old corpora: "self_harm" may be
    suicide or self-harm); ``label`` is the first of them.
    """

    text: str
    choices: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.choices[0]

    @property
    def positive(self) -> bool:
        return self.label != NONE


@dataclass(frozen=True)
class Corpus:
    name: str
    samples: tuple[Sample, ...]
    sealed: bool
    legacy: bool  # old five-category corpus (the rules were tuned on some of these)


def safety_data_dir(root: Path | None = None) -> Path:
    """``tests/data`` of the repository (or of ``root``)."""
    base = root if root is not None else Path(__file__).resolve().parents[2]
    return base / "tests" / "data"


def _jsonl(lines: list[str]) -> tuple[Sample, ...]:
    out: list[Sample] = []
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        label = str(row["label"])
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}")
        out.append(Sample(str(row["text"]), (label,)))
    return tuple(out)


def _legacy(lines: list[str]) -> tuple[Sample, ...]:
    out: list[Sample] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, category, message = line.split("\t", 2)
        choices = _COARSE[category] if kind == "POS" else (NONE,)
        out.append(Sample(message, choices))
    return tuple(out)


def load(path: Path) -> Corpus:
    """One corpus file, by its format."""
    name = path.name.split(".")[0]
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return Corpus(name, _jsonl(fh.read().splitlines()), sealed=True, legacy=False)
    text = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".jsonl":
        return Corpus(name, _jsonl(text), sealed=False, legacy=False)
    return Corpus(name, _legacy(text), sealed=False, legacy=True)


def open_corpora(root: Path | None = None, *, legacy: bool = True) -> list[Corpus]:
    """Every corpus that may be read and trained on (the new ones, then the old ones)."""
    data = safety_data_dir(root)
    found = [load(p) for p in sorted((data / "safety").glob("*.jsonl"))]
    if legacy:
        found += [load(p) for p in sorted(data.glob("crisis_*.txt"))]
    return found


def sealed_corpora(root: Path | None = None) -> list[Corpus]:
    """The sealed corpora: score them, never print or train on them."""
    return [load(p) for p in sorted((safety_data_dir(root) / "safety" / "sealed").glob("*.gz"))]
