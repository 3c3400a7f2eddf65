"""Load a language's safety-net rules from data (``rules/<lang>/*.yaml``).

The YAML is what a safeguarding lead reviews; this module only turns it into the
:class:`~dialogs.safety.matcher.LanguagePack` the matcher runs: macros spelt out, word
lists made into fast regex alternations, each rule's keys completed with its pattern's
own uncommon words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dialogs.safety.matcher import LanguagePack, Rule
from dialogs.safety.verdict import CrisisCategory

__all__ = ["RuleSpec", "available_languages", "load_pack", "rule_specs", "rules_dir"]

_RULES_DIR = Path(__file__).resolve().parent / "rules"


def rules_dir(lang: str) -> Path:
    """The folder holding a language's rule files."""
    return _RULES_DIR / lang


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top")
    return data


def _joined(value: str | list[str] | None) -> str | None:
    """A pattern written as a list means any of its items."""
    if value is None:
        return None
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def _trie(words: Iterable[str]) -> str:
    """One regex alternation for many words, factored on shared prefixes (much faster)."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return "(?:" + emit(root) + ")"


def _whole_word_lookaheads(pattern: str) -> str:
    r"""``(?! X)`` -> ``(?!(?: X)\b)``: a negative look-ahead that starts with a space rejects
    whole words only, so ``(?! (?:on|a))`` does not also reject "once" or "again"."""
    out: list[str] = []
    i = 0
    while True:
        j = pattern.find("(?! ", i)
        if j < 0:
            out.append(pattern[i:])
            return "".join(out)
        depth, k = 0, j
        while True:
            c = pattern[k]
            if c == "\\":
                k += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(pattern[i:j])
        out.append("(?!(?:" + _whole_word_lookaheads(pattern[j + 3 : k]) + r")\b)")
        i = k + 1


_NEGATIVE_LOOKAROUND = re.compile(r"\(\?<?!")
_LITERAL_WORD = re.compile(r"(?<![\\a-z])[a-z]+")


def _content_words(pattern: str, common: frozenset[str]) -> set[str]:
    """Literal words a pattern can match, outside negative look-arounds (for rule keys)."""
    kept: list[str] = []
    i = 0
    for m in _NEGATIVE_LOOKAROUND.finditer(pattern):
        if m.start() < i:
            continue
        kept.append(pattern[i : m.start()])
        depth, k = 0, m.start()
        while k < len(pattern):
            c = pattern[k]
            if c == "\\":
                k += 2
                continue
            depth += c == "("
            depth -= c == ")"
            k += 1
            if depth == 0:
                break
        i = k
    kept.append(pattern[i:])
    text = re.sub(r"\[[^\]]*\]", " ", "".join(kept))
    return {w for w in _LITERAL_WORD.findall(text) if w not in common and len(w) > 1}


class _Expander:
    """Spells out ``<NAME>`` macros and word lists, then computes keys."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        lists: Mapping[str, list[str]] = data.get("word_lists") or {}
        self.macros: dict[str, str] = {
            str(k): str(v) for k, v in (data.get("macros") or {}).items()
        }
        self.list_keys: dict[str, str] = {}
        for name, words in lists.items():
            self.macros[name] = _trie(words)
            self.list_keys[name] = " ".join(sorted({w.split()[0] for w in words}))
        self.common = frozenset(str(data.get("common_words", "")).split())

    def expand(self, pattern: str) -> str:
        for name, value in self.macros.items():
            pattern = pattern.replace(f"<{name}>", value)
        return _whole_word_lookaheads(pattern)

    def keys(self, listed: str, pattern: str) -> str:
        words: set[str] = set()
        for word in listed.split():
            if word.startswith("<") and word.endswith(">"):
                words.update(self.list_keys[word[1:-1]].split())
            else:
                words.add(word)
        return " ".join(sorted(words | _content_words(pattern, self.common)))


class RuleSpec:
    """One rule as written, with its examples (for the tests and the review)."""

    def __init__(self, raw: Mapping[str, Any], expander: _Expander, kind: str) -> None:
        self.id = str(raw["id"])
        self.kind = kind  # "rule", "idiom", "unsure" or "later"
        category = raw.get("category")
        if kind == "idiom" and category is not None:
            raise ValueError(f"idiom {self.id} has a category")
        if kind in ("rule", "later") and category is None:
            raise ValueError(f"rule {self.id} has no category")
        self.category = CrisisCategory(category) if category is not None else None
        pattern = expander.expand(_joined(raw["pattern"]) or "")
        unless = _joined(raw.get("unless"))
        requires = _joined(raw.get("requires"))
        self.rule = Rule(
            self.id,
            self.category,
            expander.keys(str(raw.get("keys", "")), pattern),
            pattern,
            expander.expand(unless) if unless else None,
            expander.expand(requires) if requires else None,
        )
        self.examples: tuple[str, ...] = tuple(raw.get("examples") or ())
        self.counter_examples: tuple[str, ...] = tuple(raw.get("counter_examples") or ())


@cache
def rule_specs(lang: str) -> dict[str, tuple[RuleSpec, ...]]:
    """A language's rules as written, in order, by kind: ``rule``, ``idiom``, ``unsure``,
    ``later``."""
    data = _read(rules_dir(lang) / "rules.yaml")
    expander = _Expander(data)
    found = {
        kind: tuple(RuleSpec(r, expander, kind) for r in data.get(section) or ())
        for kind, section in (
            ("rule", "rules"),
            ("idiom", "idioms"),
            ("unsure", "unsure"),
            ("later", "later"),
        )
    }
    ids = [r.id for specs in found.values() for r in specs]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{lang}: rule ids must be unique")
    return found


def load_pack(lang: str) -> LanguagePack:
    """The matcher's tables for a language, built from its YAML files."""
    specs = rule_specs(lang)
    norm = _read(rules_dir(lang) / "normalise.yaml")
    return LanguagePack(
        code=lang,
        rules=tuple(r.rule for r in specs["rule"]),
        idioms=tuple(r.rule for r in specs["idiom"]),
        unsure=tuple(r.rule for r in specs["unsure"]),
        later=tuple(r.rule for r in specs["later"]),
        char_map=dict(norm.get("char_map") or {}),
        pre_subs=tuple((str(p), str(r)) for p, r in norm.get("pre_subs") or ()),
        token_map=dict(norm.get("token_map") or {}),
        post_subs=tuple((str(p), str(r)) for p, r in norm.get("post_subs") or ()),
        fuzzy_targets=tuple(norm.get("fuzzy_targets") or ()),
        fuzzy_exclude=frozenset(norm.get("fuzzy_exclude") or ()),
        lexicon=frozenset(norm.get("lexicon") or ()),
        fallback=tuple(norm.get("fallback") or ()),
    )


def available_languages() -> tuple[str, ...]:
    """Languages with a rules folder."""
    return tuple(sorted(p.name for p in _RULES_DIR.iterdir() if (p / "rules.yaml").exists()))
