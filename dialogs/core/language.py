"""The language layer: what a young person means when they type off-script.

Free text reaches this layer after the safety net and any reply to their team, and before
the screen's own text handler; :mod:`dialogs.free_text` acts on what it finds. It recognises
greetings, "menu" and "cancel" without a slash, "idk", thanks, asks for help or a person, the
main things the bot does ("add my nan", "i need help with money"), feelings, and how people
are described ("my best mate Jay"). The words live in ``texts/language_<lang>.yaml``, not in code.

A step that takes free text (a name, a description) keeps its text: only an unmistakable
command ("menu", "cancel", "stop", said alone) is taken from it. Matching is done on a
normal form: lower case, no accents or punctuation, letters said three times or more
squeezed to one, and text-speak replaced ("u" -> "you", "idk" -> "i do not know").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import yaml

from dialogs.core.word_index import by_first_word, candidates
from dialogs.texts import DEFAULT_LANGUAGE

MAX_READ = 600  # characters read of a message; an intent is said in the first few words
MAX_WORDS = 40  # words read of a message
FUZZY_MIN = 5  # words this long or longer may be misspelt by a letter or two
FUZZY_CUTOFF = 0.8
TYPO_CACHE = 4096  # words whose closest known word is remembered (a few hundred kB)
COMMAND_CUTOFF = 0.7  # "mneu" -> "menu" (0.75), but not "case" -> "cancel" (0.6)


# --- the data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Intent:
    """What a message asks for: ``kind`` and, for some kinds, a detail.

    ``detail`` is the support category (``support``), the kind of feeling (``feeling``) or
    the words after "add" (``add``).
    """

    kind: str
    detail: str = ""


@dataclass(frozen=True)
class PersonWords:
    """What a young person typed when asked for someone's name."""

    name: str | None = None
    relationship: str | None = None
    skip: bool = False


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class _Rule:
    name: str
    exact: frozenset[Phrase]
    contains: tuple[Phrase, ...]

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every ``contains`` phrase: a message with none of them can skip
        the phrase-by-phrase search."""
        return frozenset(phrase[0] for phrase in self.contains if phrase)


@dataclass(frozen=True)
class _Language:
    slang: dict[str, Phrase]
    filler: frozenset[str]
    greetings: frozenset[Phrase]
    commands: dict[Phrase, str]
    rules: tuple[_Rule, ...]
    needs: frozenset[str]
    categories: tuple[tuple[str, Phrase], ...]  # longest phrase first
    feelings: tuple[tuple[str, Phrase], ...]  # longest phrase first
    emoji: tuple[tuple[str, str], ...]
    negations: frozenset[str]
    vocabulary: tuple[str, ...]
    possessives: frozenset[str]
    name_skip: frozenset[Phrase]
    not_names: frozenset[Phrase]
    relationships: tuple[tuple[Phrase, str], ...]  # longest phrase first
    titles: frozenset[str]
    openers: tuple[Phrase, ...]  # longest first
    name_lead: tuple[Phrase, ...]  # longest first
    nobody_yet: frozenset[Phrase]
    never_in_names: frozenset[str]
    laughs: tuple[str, ...] = ()  # words and emoji of laughing ("lol", "😂")

    @cached_property
    def category_index(self) -> dict[str, tuple[int, ...]]:
        """:attr:`categories` by their phrases' first words."""
        return by_first_word(phrase for _, phrase in self.categories)

    @cached_property
    def feeling_index(self) -> dict[str, tuple[int, ...]]:
        """:attr:`feelings` by their phrases' first words."""
        return by_first_word(phrase for _, phrase in self.feelings)


def _squeeze(text: str) -> str:
    """Lower case, no accents, no apostrophes, punctuation as spaces, 'hiiii' -> 'hi'."""
    text = unicodedata.normalize("NFKD", text[:MAX_READ].lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’‘`]", "", text)
    text = re.sub(r"[\W_]+", " ", text)
    return re.sub(r"(.)\1{2,}", r"\1", text)


def squeeze(text: str) -> str:
    """The normal form used for matching: lower case, no accents or punctuation."""
    return _squeeze(text)


def _words(text: str, slang: dict[str, Phrase] | None = None) -> Phrase:
    out: list[str] = []
    for word in _squeeze(text).split()[:MAX_WORDS]:
        out.extend(slang.get(word, (word,)) if slang else (word,))
    return tuple(out)


def _by_length(pairs: list[tuple[Any, Phrase]]) -> list[tuple[Any, Phrase]]:
    return sorted(pairs, key=lambda pair: -len(pair[1]))


@cache
def _language(lang: str = DEFAULT_LANGUAGE) -> _Language:
    """Load and prepare a language's data once."""
    source = resources.files("dialogs.texts").joinpath(f"language_{lang}.yaml")
    raw: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    slang = _resolve_slang({str(k): str(v) for k, v in raw["slang"].items()})

    filler = frozenset(w for p in raw["filler"] for w in _words(str(p), slang))

    def norm(phrase: Any) -> Phrase:
        # Phrases are read the way messages are: slang replaced, filler words left out.
        return tuple(w for w in _words(str(phrase), slang) if w not in filler)

    rules = []
    for rule in raw["intents"]:
        rules.append(
            _Rule(
                name=rule["name"],
                exact=frozenset(norm(p) for p in rule.get("exact", [])),
                contains=tuple(norm(p) for p in rule.get("contains", [])),
            )
        )
    categories = [
        (cat, norm(p)) for cat, phrases in raw["support"]["categories"].items() for p in phrases
    ]
    feelings_raw = dict(raw["feelings"])
    emoji_raw = feelings_raw.pop("emoji", {})
    feelings = [(kind, norm(p)) for kind, phrases in feelings_raw.items() for p in phrases]
    names = raw["names"]
    relationships = [
        (_words(str(p)), rel) for rel, phrases in names["relationships"].items() for p in phrases
    ]
    phrases: list[Phrase] = [p for rule in rules for p in (*rule.exact, *rule.contains)]
    phrases += [p for _, p in categories] + [p for _, p in feelings]
    vocabulary = sorted({word for phrase in phrases for word in phrase if len(word) >= FUZZY_MIN})
    return _Language(
        slang=slang,
        filler=filler,
        greetings=frozenset(norm(p) for p in raw["greetings"]),
        commands={_words(str(p), slang): cmd for cmd, ps in raw["commands"].items() for p in ps},
        rules=tuple(rules),
        needs=frozenset(w for p in raw["support"]["needs"] for w in norm(p)),
        categories=tuple(_by_length(categories)),
        feelings=tuple(_by_length(feelings)),
        emoji=tuple((kind, e) for kind, marks in emoji_raw.items() for e in marks),
        negations=frozenset(w for p in raw["negations"] for w in norm(p)),
        vocabulary=tuple(vocabulary),
        possessives=frozenset(_words(str(p))[0] for p in names["possessives"]),
        name_skip=frozenset(_words(str(p)) for p in names["skip"]),
        not_names=frozenset(_words(str(p)) for p in names["not_names"]),
        relationships=tuple((p, rel) for rel, p in _by_length([(r, p) for p, r in relationships])),
        titles=frozenset(names["titles"]),
        openers=tuple(sorted((norm(p) for p in raw["openers"]), key=lambda p: -len(p))),
        name_lead=tuple(sorted((_words(str(p)) for p in names["lead"]), key=lambda p: -len(p))),
        nobody_yet=frozenset(_words(str(p)) for p in names["nobody_yet"]),
        never_in_names=frozenset(w for p in names["never_in_names"] for w in _words(str(p))),
        laughs=tuple(str(p) for p in raw.get("laughs", [])),
    )


def _resolve_slang(raw: dict[str, str]) -> dict[str, Phrase]:
    """Each slang word to its plain words, replacing slang inside replacements too."""
    resolved: dict[str, Phrase] = {}
    for word, plain in raw.items():
        words = tuple(_squeeze(plain).split())
        for _ in range(3):  # "idk" -> "i dont know" -> "i do not know"
            words = tuple(w for part in words for w in _squeeze(raw.get(part, part)).split())
        resolved[_squeeze(word).strip()] = words
    return resolved


# --- reading a message ---------------------------------------------------------------------
def normal_words(text: str, lang: str = DEFAULT_LANGUAGE) -> Phrase:
    """The message's words in normal form (slang replaced, typos of known words fixed)."""
    data = _language(lang)
    words = _words(text, data.slang)
    return tuple(_fix_typo(word, data) for word in words)


def _fix_typo(word: str, data: _Language) -> str:
    if len(word) < FUZZY_MIN or not word.isascii():
        return word
    return _closest(word, data.vocabulary)


@lru_cache(maxsize=TYPO_CACHE)
def _closest(word: str, vocabulary: tuple[str, ...]) -> str:
    # difflib is a few ms a word, on every message in a thread; people reuse their words.
    if word in vocabulary:
        return word
    close = difflib.get_close_matches(word, vocabulary, 1, FUZZY_CUTOFF)
    return close[0] if close else word


def _find(words: Phrase, phrase: Phrase) -> int:
    """Where ``phrase`` starts in ``words`` (-1 if it is not there)."""
    size = len(phrase)
    if not size or phrase[0] not in words:  # most phrases: not even their first word
        return -1
    for start in range(len(words) - size + 1):
        if words[start : start + size] == phrase:
            return start
    return -1


def _negated(words: Phrase, start: int, data: _Language) -> bool:
    return any(word in data.negations for word in words[max(0, start - 3) : start])


def command_word(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """``menu``, ``cancel`` or ``back`` when the whole message is only that command."""
    data = _language(lang)
    return data.commands.get(_words(text, data.slang))


def understand(text: str, lang: str = DEFAULT_LANGUAGE) -> Intent | None:
    """What a free-text message asks for, or None when it is not one of the known things."""
    data = _language(lang)
    command = command_word(text, lang)
    if command is not None:
        return Intent(command)
    words = normal_words(text, lang)
    meaning = tuple(word for word in words if word not in data.filler)
    if not meaning:
        feeling = _emoji_feeling(text, data)
        if feeling is not None:
            return Intent("feeling", feeling)
        if "👍" in text or "🙏" in text:
            return Intent("thanks")
        return Intent("joke") if _laughs(text, data) else None
    if meaning in data.greetings or words in data.greetings:
        return Intent("greeting")
    # "hi, can u help": a hello in front of something else is just politeness.
    for size in (2, 1):
        if len(meaning) > size and meaning[:size] in data.greetings:
            meaning = meaning[size:]
            break
    for rule in data.rules:
        found = _match(rule, meaning, data, text)
        if found is not None:
            return found
    return Intent("joke") if _laughs(text, data) else None


_LAUGH_WORD = re.compile(r"(?:ha|he|ah){2,}h?|lo+l+")  # "hahaha", "hehe", "lool"


def _laughs(text: str, data: _Language) -> bool:
    """Whether a message laughs ("im dead 😂", "this homework is killing me lol")."""
    marks = [mark for mark in data.laughs if not mark.isascii()]
    if any(mark in text[:MAX_READ] for mark in marks):
        return True
    words = _squeeze(text).split()[:MAX_WORDS]
    return any(word in data.laughs or _LAUGH_WORD.fullmatch(word) for word in words)


def _match(rule: _Rule, words: Phrase, data: _Language, text: str) -> Intent | None:
    if rule.name == "support":
        category = _support_category(words, data)
        return Intent("support", category) if category else None
    if rule.name == "feeling":
        feeling = _feeling(words, data) or _emoji_feeling(text, data)
        return Intent("feeling", feeling) if feeling else None
    if words in rule.exact:
        return Intent(rule.name)
    if rule.first_words.isdisjoint(words):
        return None
    for phrase in rule.contains:
        start = _find(words, phrase)
        if start >= 0 and not _negated(words, start, data):
            detail = _after_add(text) if rule.name == "add" else ""
            return Intent(rule.name, detail)
    return None


def _support_category(words: Phrase, data: _Language) -> str | None:
    for position in candidates(data.category_index, words):
        category, phrase = data.categories[position]
        if words == phrase:
            return category
        if _find(words, phrase) >= 0 and any(word in data.needs for word in words):
            return category
    return None


def _feeling(words: Phrase, data: _Language) -> str | None:
    for position in candidates(data.feeling_index, words):
        kind, phrase = data.feelings[position]
        start = _find(words, phrase)
        if start >= 0 and not _negated(words, start, data):
            return kind
    return None


def _emoji_feeling(text: str, data: _Language) -> str | None:
    for kind, mark in data.emoji:
        if mark in text[:MAX_READ]:
            return kind
    return None


def _after_add(text: str) -> str:
    parts = re.split(r"\badd\b", text[:MAX_READ], maxsplit=1, flags=re.IGNORECASE)
    return parts[1].strip(" ,.!?") if len(parts) == 2 else ""


# --- people's names ------------------------------------------------------------------------
_NAME_FILLER = {
    "is", "called", "named", "whos", "who", "its", "it", "shes", "hes", "she", "he", "they",
    "are", "theyre", "and", "the", "a", "an", "her", "his", "their", "name", "someone",
    "somebody", "person", "people", "new", "to", "list", "please", "pls", "plz", "add",
}  # fmt: skip
_NOT_IN_NAMES = {"me", "i", "im", "him", "us", "you", "we", "my", "was", "has", "had", "did"}
_EMPTY_ADD = {"someone", "somebody", "a person", "someone new", "people", "a new person", ""}
NAME = "name"
NOT_NAME = "not"
UNSURE = "unsure"
MAX_NAME_WORDS = 3  # "Mary Jo Smith"; a longer answer might be a sentence


def read_person(text: str, lang: str = DEFAULT_LANGUAGE) -> PersonWords:
    """How someone was described at the name step: a name, who they are, or "skip".

    "my best mate Jay" and "jay my best mate" give the name and the relationship; "me nan"
    gives only the relationship; "aunty sue" keeps the name as typed and knows she is an
    aunt; "Nan" alone is a name; "idk" is a skip.
    """
    data = _language(lang)
    typed = _pieces(text)
    pieces = _without_lead(typed, data)
    if len(pieces) < len(typed):  # "just Kerry": the name is what follows, as typed
        text = " ".join(text.split()[len(typed) - len(pieces) :])
    lower = tuple(low for low, _ in pieces)
    if not lower:
        return PersonWords(name=text)  # no letters: the name step explains what it needs
    if lower in data.name_skip or lower in data.nobody_yet or " ".join(lower) in _EMPTY_ADD:
        return PersonWords(skip=True)
    for at, word in enumerate(lower):
        if word not in data.possessives:
            continue
        found = _relationship_at(lower, at + 1, data)
        if found is None:
            continue
        relationship, size = found
        rest = pieces[:at] + pieces[at + 1 + size :]
        if any(low in _NOT_IN_NAMES for low, _ in rest):
            return PersonWords(relationship=relationship)  # "my dad hit me" names nobody
        return PersonWords(name=_tidy_name([orig for _, orig in rest]), relationship=relationship)
    if len(lower) >= 2 and lower[0] in data.titles:
        found = _relationship_at(lower, 0, data)
        if found is not None:
            return PersonWords(name=_tidy_name([o for _, o in pieces]), relationship=found[0])
    return PersonWords(name=" ".join(text.split()) or None)  # a name is kept as typed


def _without_lead(pieces: list[tuple[str, str]], data: _Language) -> list[tuple[str, str]]:
    """Without the words people put before a name ("just nan", "its my nan", "prob Jay")."""
    lower = tuple(low for low, _ in pieces)
    for lead in data.name_lead:
        if len(lower) > len(lead) and lower[: len(lead)] == lead:
            return pieces[len(lead) :]
    return pieces


def name_verdict(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Whether words typed at the name step look like a name: NAME, NOT_NAME or UNSURE.

    A name is one to three words of letters ("Kerry", "Big Dave", "my best mate Jay").
    Digits, a question, or words a name never has ("yes", "thanks", "i", "u", "will",
    "tonight") make it NOT_NAME: "yes 2 is fine thanks" is a reply, not a person.
    """
    data = _language(lang)
    if any(ch.isdigit() for ch in text) or text.strip().endswith("?"):
        return NOT_NAME
    pieces = _without_lead(_pieces(text), data)
    lower = tuple(low for low, _ in pieces)
    if not lower:
        return NOT_NAME
    person = read_person(text, lang)
    if person.relationship is not None or person.skip:
        return NAME  # "my nan", "idk": the name step's own kind of answer
    if any(word in data.never_in_names for word in lower):
        # One word alone might still be a name ("Will"): ask rather than guess.
        return NOT_NAME if len(lower) > 1 else UNSURE
    if len(lower) > MAX_NAME_WORDS or any(not word.isalpha() for word in lower):
        return UNSURE
    return NAME


def relationship_of(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The relationship a message names on its own ("nan", "she's my aunty"), if any."""
    data = _language(lang)
    lower = tuple(
        w for w, _ in _pieces(text) if w not in _NAME_FILLER and w not in data.possessives
    )
    for phrase, relationship in data.relationships:
        if lower == phrase:
            return relationship
    return None


def relationship_in(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The relationship an answer to "Who is … to you?" names, said as a sentence or not.

    "hes my mate from college" -> "friend". A relationship said alone counts as
    :func:`relationship_of` does; in a longer answer exactly one kind must be named, and not
    negated ("he's not my dad" names none), or the answer is left to the buttons.
    """
    alone = relationship_of(text, lang)
    if alone is not None:
        return alone
    data = _language(lang)
    words = tuple(w for w, _ in _pieces(text))
    found: set[str] = set()
    at = 0
    while at < len(words):
        hit = _relationship_at(words, at, data)
        if hit is None:
            at += 1
            continue
        if _negated(words, at, data):
            return None
        found.add(hit[0])
        at += hit[1]
    return found.pop() if len(found) == 1 else None


def is_skip(text: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether a typed answer means "I don't know" / "skip"."""
    data = _language(lang)
    lower = _words(text)
    if lower in data.name_skip:
        return True
    found = understand(text, lang)
    return found is not None and found.kind == "skip"


def not_a_name(text: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    """Whether text typed at a name step is something else ("hi", "can u help", "menu?")."""
    data = _language(lang)
    lower = _words(text)
    if text.strip().endswith("?"):
        return True  # a question ("?", "what do i put?"), not a name
    if not lower:
        # "😭": a feeling, answered as one; other marks: the name step asks for a name kindly.
        return _emoji_feeling(text, data) is not None
    if lower in data.not_names:
        return True
    if lower in data.name_skip:
        return False  # the name step says kindly that it needs a name
    person = read_person(text, lang)
    if person.relationship is not None:
        return False
    # One word that is not in the list above is a name ("Ty", "Joy"), whatever else it means.
    return len(lower) >= 2 and understand(text, lang) is not None


def _pieces(text: str) -> list[tuple[str, str]]:
    """The words of a name as (normal form, as typed), hyphens splitting words."""
    out: list[tuple[str, str]] = []
    for word in re.split(r"[\s,\-–]+", text[:MAX_READ]):
        typed = word.strip(' .!?:;"()')
        low = _squeeze(typed).strip()
        if low:
            out.append((low.replace(" ", ""), typed))
    return out


def _relationship_at(words: Phrase, at: int, data: _Language) -> tuple[str, int] | None:
    for phrase, relationship in data.relationships:
        if words[at : at + len(phrase)] == phrase:
            return relationship, len(phrase)
    return None


def _tidy_name(words: Sequence[str]) -> str | None:
    kept = list(words)
    while kept and _squeeze(kept[0]).strip() in _NAME_FILLER:
        kept.pop(0)
    while kept and _squeeze(kept[-1]).strip() in _NAME_FILLER:
        kept.pop()
    name = " ".join(kept).strip()
    if not name:
        return None
    return name


# --- misspelt commands ---------------------------------------------------------------------
def closest_command(command: str, known: Sequence[str]) -> str | None:
    """The known command closest to a misspelt one ("mneu" -> "menu"), if any is close."""
    typed = command.lower()[:32]
    found = difflib.get_close_matches(typed, list(known), 1, COMMAND_CUTOFF)
    if found:
        return found[0]
    # Two letters swapped in a short word ("hlep") read as a near miss too.
    for name in known:
        if sorted(name) == sorted(typed) and len(name) == len(typed):
            return name
    return None


def feeling_of(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The feeling a message is mostly about ("low", "lonely"...), or None.

    A message that also asks for something the bot does ("can't pay my bills, so worried")
    is about that thing, not a feeling.
    """
    found = understand(text, lang)
    return found.detail if found is not None and found.kind == "feeling" else None
