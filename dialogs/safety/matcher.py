"""Safety-net matcher: spots signs of danger in a young person's free text.

Pure and fast: no I/O, no database, no Telegram. :func:`detect` returns a
:class:`CrisisMatch` (category + rule id, safe to log) or ``None``.

How it works, per language (only ``"en"`` today; another language is one more
:class:`LanguagePack` of data passed to :func:`register_language`):

1. **Normalise** (:func:`normalise`): Unicode NFKC, lower-case, accents stripped,
   a few emoji turned into words, contractions expanded (``can't`` -> ``can not``),
   then token by token: text-speak expanded (``u`` -> ``you``, ``wanna`` ->
   ``want to``, ``kms`` -> ``kill myself``), leetspeak undone (``d1e`` -> ``die``),
   dotted letters joined (``k.m.s``), repeated letters collapsed (``diiiie`` ->
   ``die``) and small misspellings of key words corrected (``sucide``, ``myslef``)
   by an edit-distance-1/2 lookup in a precomputed deletion index. Sentences are
   separated by ``|`` so that patterns do not reach across them (an ellipsis is only a
   pause).
2. **Neutralise idioms** that look dangerous but are not (``dying to see``,
   ``killing me`` said of homework, ``hit me up``): they are replaced by ``~``.
3. **Match rules** in priority order (medical, suicide and self-harm, danger, abuse
   and exploitation, homelessness). Each rule lists key words; only rules whose key words occur in
   the message are tried, which keeps the average message to a few microseconds.

The tables are data: ``dialogs/safety/rules/<lang>/`` (``normalise.yaml`` and
``rules.yaml``), loaded by :mod:`dialogs.safety.rulebook` the first time a language is
needed.

When unsure the tables lean towards alarming: a false alarm costs a coordinator a
minute, a miss can cost a life.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from dialogs.core.word_index import candidates
from dialogs.safety.verdict import CrisisCategory

__all__ = [
    "CrisisCategory",
    "CrisisMatch",
    "LanguagePack",
    "Rule",
    "WorryMatch",
    "detect",
    "detect_later",
    "detect_unsure",
    "language_of",
    "languages",
    "normalise",
    "register_language",
]


@dataclass(frozen=True)
class CrisisMatch:
    category: CrisisCategory
    rule: str  # rule id, safe to log (never the text)


@dataclass(frozen=True)
class WorryMatch:
    """A worrying but unclear message: the category, if the words point to one."""

    category: CrisisCategory | None
    rule: str


@dataclass(frozen=True)
class Rule:
    """One pattern over normalised text.

    ``keys``: space-separated words; the rule is only tried when one of them is a
    token of the normalised message. ``unless``: a pattern that, if found anywhere in
    the message, stops the rule. ``requires``: a pattern that must also be found.
    A rule with ``category=None`` is an idiom: its matches are neutralised.
    """

    id: str
    category: CrisisCategory | None
    keys: str
    pattern: str
    unless: str | None = None
    requires: str | None = None


@dataclass(frozen=True)
class LanguagePack:
    """Everything language-specific, as data."""

    code: str
    rules: Sequence[Rule]
    idioms: Sequence[Rule] = ()
    # worrying but unclear ("help", "im scared"): a check-in, not an alert
    unsure: Sequence[Rule] = ()
    # a category's signs set later ("out next month"): not that emergency now
    later: Sequence[Rule] = ()
    # single characters (emoji, odd quotes) -> replacement text
    char_map: Mapping[str, str] = field(default_factory=dict)
    # regex substitutions on the lower-cased text before tokenising (contractions)
    pre_subs: Sequence[tuple[str, str]] = ()
    # whole-token replacements (text-speak); values may be several words
    token_map: Mapping[str, str] = field(default_factory=dict)
    # regex substitutions on the normalised token string (multi-word slang)
    post_subs: Sequence[tuple[str, str]] = ()
    # words whose small misspellings are corrected (6+ letters)
    fuzzy_targets: Sequence[str] = ()
    # real words that must never be "corrected" into a fuzzy target
    fuzzy_exclude: frozenset[str] = frozenset()
    # real words known as they are: never squeezed, fuzzily corrected or otherwise changed
    # (also the targets of g-dropping: "killin" -> "killing" needs "killing" here or in a rule)
    lexicon: frozenset[str] = frozenset()
    # packs also checked after this one (e.g. "cy" -> ("en",): people mix languages)
    fallback: tuple[str, ...] = ()


# --------------------------------------------------------------------------- engine

_SENTENCE = " | "
# Invisible characters hide words from a matcher ("k\u200bill"): zero-width spaces and
# joiners, the soft hyphen, the word joiner, the byte-order mark and bidirectional controls.
_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x180E,
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0x2061,
        0x2062,
        0x2063,
        0x2064,
        0xFEFF,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
_TOKEN_RE = re.compile(r"[a-z0-9@$*]+(?:[.!'\-][a-z0-9@$*]+)*|[.!?;\n]+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+")
_WORDS = re.compile(r"[a-z]+")
_REGEX_SYNTAX = re.compile(r"\\[a-zA-Z]|\[[^\]]*\]|\(\?(?:[:!=]|<[!=])")


def _pattern_words(pattern: str) -> list[str]:
    r"""The literal words of a regex (escapes like ``\b`` and ``[...]`` classes left out)."""
    return _WORDS.findall(_REGEX_SYNTAX.sub(" ", pattern))


def _squeeze2(word: str) -> str:
    return _RUN3.sub(r"\1\1", word)


def _squeeze1(word: str) -> str:
    return _RUN2.sub(r"\1", word)


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= nxt
        frontier = nxt
    return out


def _dl_distance(a: str, b: str) -> int:
    """Optimal-string-alignment Damerau-Levenshtein distance."""
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[lb]


@dataclass(frozen=True)
class _CompiledRule:
    id: str
    category: CrisisCategory | None
    regex: re.Pattern[str]
    unless: re.Pattern[str] | None
    requires: re.Pattern[str] | None

    def applies(self, text: str) -> re.Match[str] | None:
        m = self.regex.search(text)
        if m is None:
            return None
        if self.unless is not None and self.unless.search(text):
            return None
        if self.requires is not None and not self.requires.search(text):
            return None
        return m


def _index(rules: Sequence[Rule]) -> tuple[list[_CompiledRule], dict[str, tuple[int, ...]]]:
    compiled: list[_CompiledRule] = []
    by_key: dict[str, list[int]] = {}
    for i, r in enumerate(rules):
        compiled.append(
            _CompiledRule(
                r.id,
                r.category,
                re.compile(r.pattern),
                re.compile(r.unless) if r.unless else None,
                re.compile(r.requires) if r.requires else None,
            )
        )
        for k in r.keys.split():
            by_key.setdefault(k, []).append(i)
    return compiled, {k: tuple(v) for k, v in by_key.items()}


def _any_of(patterns: Iterable[str]) -> re.Pattern[str] | None:
    joined = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(joined) if joined else None


class _Compiled:
    def __init__(self, pack: LanguagePack) -> None:
        self.pack = pack
        self.char_table = str.maketrans(dict(pack.char_map))
        self.pre_subs = [(re.compile(p), r) for p, r in pack.pre_subs]
        self.post_subs = [(re.compile(p), r) for p, r in pack.post_subs]
        # one search tells whether any substitution applies (most messages need none)
        self.pre_any = _any_of(p for p, _ in pack.pre_subs)
        self.post_any = _any_of(p for p, _ in pack.post_subs)
        self.rules, self.rule_index = _index(pack.rules)
        self.idioms, self.idiom_index = _index(pack.idioms)
        self.unsure, self.unsure_index = _index(pack.unsure)
        self.later, self.later_index = _index(pack.later)
        vocab: set[str] = set()
        for r in [*pack.rules, *pack.idioms, *pack.unsure, *pack.later]:
            vocab.update(r.keys.split())
            vocab.update(_pattern_words(r.pattern))
        for value in pack.token_map.values():
            vocab.update(value.split())
        vocab.update(pack.fuzzy_targets)
        vocab.update(pack.lexicon)
        self.vocab = frozenset(vocab)
        squeezed: dict[str, str] = {}
        for w in sorted(self.vocab, key=len):
            squeezed.setdefault(_squeeze1(w), w)
        for w in self.vocab:  # a word that is its own squeeze wins
            if _squeeze1(w) == w:
                squeezed[w] = w
        self.squeezed = squeezed
        fuzzy: dict[str, set[str]] = {}
        for w in pack.fuzzy_targets:
            for d in _deletes(w, 2 if len(w) >= 8 else 1):
                fuzzy.setdefault(d, set()).add(w)
        self.fuzzy = {k: tuple(sorted(v)) for k, v in fuzzy.items()}
        self.fuzzy_exclude = pack.fuzzy_exclude | pack.lexicon
        self.canon: Callable[[str], str] = lru_cache(maxsize=16384)(self._canon)
        self._last: tuple[str, str] = ("", "")

    # -- tokens ---------------------------------------------------------------

    def _known(self, tok: str) -> str | None:
        mapped = self.pack.token_map.get(tok)
        if mapped is not None:
            return mapped
        if tok in self.vocab:
            return tok
        return None

    def _fuzzy(self, tok: str) -> str | None:
        if len(tok) < 6 or tok in self.fuzzy_exclude:
            return None
        best: str | None = None
        best_d = 3
        for d in _deletes(tok, 2 if len(tok) >= 8 else 1):
            for cand in self.fuzzy.get(d, ()):
                limit = 2 if len(cand) >= 8 and len(tok) >= 8 else 1
                dist = _dl_distance(tok, cand)
                if dist <= limit and dist < best_d:
                    best, best_d = cand, dist
        return best

    def _canon(self, raw: str) -> str:
        """One raw token -> its canonical form (possibly several words)."""
        known = self._known(raw)
        if known is not None:
            return known
        if "." in raw or "-" in raw or "!" in raw.rstrip("!"):
            parts = [p for p in re.split(r"[.\-]", raw) if p]
            if len(parts) > 1:
                if all(len(p) == 1 and p.isalpha() for p in parts):
                    return self.canon("".join(parts))
                return " ".join(self.canon(p) for p in parts)
        tok = raw.replace("'", "")
        known = self._known(tok)
        if known is not None:
            return known
        if "*" in tok:
            for w in self.vocab:
                if len(w) == len(tok) and all(c in ("*", d) for c, d in zip(tok, w, strict=True)):
                    return w
            tok = tok.replace("*", "")
        if not tok.isalpha() and any(c.isalpha() for c in tok):
            tok = tok.translate(_LEET)
            known = self._known(tok)
            if known is not None:
                return known
        if not tok.isalpha():
            return tok
        # g-dropping: "killin" -> "killing"
        if tok.endswith("in") and tok + "g" in self.vocab:
            return tok + "g"
        sq2 = _squeeze2(tok)
        if sq2 != tok:
            known = self._known(sq2)
            if known is not None:
                return known
        if len(tok) >= 4 and _RUN2.search(tok):
            hit = self.squeezed.get(_squeeze1(tok))
            if hit is not None:
                return self.pack.token_map.get(hit, hit)
        fixed = self._fuzzy(sq2)
        if fixed is not None:
            return fixed
        return sq2

    # -- text -----------------------------------------------------------------

    def normalise(self, text: str) -> str:
        # One message is normalised for the rules, the check-in phrases, the time words and
        # the model in turn: remember the last one (a pair swapped whole, so thread-safe).
        last = self._last
        if last[0] == text:
            return last[1]
        found = self._normalise(text)
        self._last = (text, found)
        return found

    def _normalise(self, text: str) -> str:
        t = unicodedata.normalize("NFKC", text).casefold().translate(self.char_table)
        if not t.isascii():
            t = t.translate(_INVISIBLE)
            t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        if self.pre_any is not None and self.pre_any.search(t):
            for rx, rep in self.pre_subs:
                t = rx.sub(rep, t)
        out: list[str] = []
        for raw in _TOKEN_RE.findall(t):
            if raw[0] in ".!?;\n":
                # an ellipsis is a pause, not the end of a sentence ("i want to... die")
                if out and out[-1] != "|" and not (len(raw) > 1 and raw.strip(".") == ""):
                    out.append("|")
                continue
            out.append(self.canon(raw))
        while out and out[-1] == "|":
            out.pop()
        s = " ".join(out)
        if self.post_any is not None and self.post_any.search(s):
            for rx, rep in self.post_subs:
                s = rx.sub(rep, s)
        return s

    def neutralise(self, text: str, tokens: set[str]) -> str:
        for i in candidates(self.idiom_index, tokens):
            idiom = self.idioms[i]
            if idiom.unless is not None and idiom.unless.search(text):
                continue
            text = idiom.regex.sub(" ~ ", text)
        return text

    def _first(
        self, text: str, rules: Sequence[_CompiledRule], index: Mapping[str, tuple[int, ...]]
    ) -> _CompiledRule | None:
        """The first of ``rules`` (in order) that matches the normalised text."""
        norm = self.normalise(text)
        tokens = set(norm.split())
        cands = candidates(index, tokens)
        if not cands:
            return None
        norm = self.neutralise(norm, tokens)
        return next((rules[i] for i in cands if rules[i].applies(norm) is not None), None)

    def detect(self, text: str) -> CrisisMatch | None:
        rule = self._first(text, self.rules, self.rule_index)
        if rule is None or rule.category is None:
            return None
        return CrisisMatch(rule.category, rule.id)

    def detect_unsure(self, text: str) -> WorryMatch | None:
        rule = self._first(text, self.unsure, self.unsure_index)
        return WorryMatch(rule.category, rule.id) if rule is not None else None

    def detect_later(self, text: str) -> frozenset[CrisisCategory]:
        norm = self.normalise(text)
        cands = candidates(self.later_index, set(norm.split()))
        return frozenset(
            rule.category
            for i in cands
            if (rule := self.later[i]).category is not None and rule.applies(norm) is not None
        )


_PACKS: dict[str, LanguagePack] = {}
_COMPILED: dict[str, _Compiled] = {}
_builtins_loaded = False


def _load_builtins() -> None:
    """Register every language with a rules folder (data files, read once)."""
    global _builtins_loaded
    if not _builtins_loaded:
        _builtins_loaded = True
        # Imported here: the rule book builds this module's LanguagePack.
        rulebook = importlib.import_module("dialogs.safety.rulebook")
        for code in rulebook.available_languages():
            _PACKS.setdefault(code, rulebook.load_pack(code))


def register_language(pack: LanguagePack) -> None:
    """Add or replace a language's tables (compiled on first use)."""
    _PACKS[pack.code] = pack
    _COMPILED.pop(pack.code, None)


def languages() -> tuple[str, ...]:
    _load_builtins()
    return tuple(sorted(_PACKS))


def _compiled(lang: str) -> _Compiled:
    c = _COMPILED.get(lang)  # fast path: a plain, already compiled code such as "en"
    if c is not None:
        return c
    _load_builtins()
    code = lang.split("-")[0].split("_")[0].lower() if lang else "en"
    if code not in _PACKS:
        code = "en"
    c = _COMPILED.get(code)
    if c is None:
        c = _COMPILED[code] = _Compiled(_PACKS[code])
    return c


def normalise(text: str, lang: str = "en") -> str:
    """The canonical form the patterns see (exposed for tests and debugging)."""
    return _compiled(lang).normalise(text)


def detect(text: str, lang: str = "en") -> CrisisMatch | None:
    """Check one free-text message for signs of danger; ``None`` when none found.

    Unknown languages use the English tables.
    """
    if not text or not text.strip():
        return None
    c = _compiled(lang)
    found = c.detect(text)
    if found is not None:
        return found
    for code in c.pack.fallback:
        if code in _PACKS and code != c.pack.code:
            found = _compiled(code).detect(text)
            if found is not None:
                return found
    return None


def detect_unsure(text: str, lang: str = "en") -> WorryMatch | None:
    """Worrying but unclear words ("help", "im scared"), for a gentle check-in."""
    if not text or not text.strip():
        return None
    return _compiled(lang).detect_unsure(text)


def detect_later(text: str, lang: str = "en") -> frozenset[CrisisCategory]:
    """Categories whose signs this message sets in the future ("out next month"): a
    housing worry for next month is a support need, not nowhere to sleep tonight."""
    if not text or not text.strip():
        return frozenset()
    return _compiled(lang).detect_later(text)


def language_of(lang: str) -> str:
    """The language whose tables serve ``lang`` ("en-GB" -> "en"; unknown -> "en")."""
    return _compiled(lang).pack.code
