"""The language layer: what a young person means when they type off-script.

Free text reaches this layer after the safety net and any reply to their team, and before
the screen's own text handler (see :func:`handle`). It recognises greetings, "menu" and
"cancel" without a slash, "idk", thanks, asks for help or a person, the main things the bot
does ("add my nan", "i need help with money"), feelings, and how people are described
("my best mate Jay"). The words live in ``texts/language_<lang>.yaml``, not in code.

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
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from dialogs.context import Context
from dialogs.events import Button, EventKind, Reply
from dialogs.flow import Flow, reshow
from dialogs.registry import FlowName
from dialogs.texts import DEFAULT_LANGUAGE
from storage.models import CaseStatus
from storage.plans import TokenGrant, choice_data

MAX_READ = 600  # characters read of a message; an intent is said in the first few words
MAX_WORDS = 40  # words read of a message
FUZZY_MIN = 5  # words this long or longer may be misspelt by a letter or two
FUZZY_CUTOFF = 0.8
TYPO_CACHE = 4096  # words whose closest known word is remembered (a few hundred kB)
COMMAND_CUTOFF = 0.7  # "mneu" -> "menu" (0.75), but not "case" -> "cancel" (0.6)
MEDIA_LINES = {
    "voice": "lang.media.voice",
    "video_note": "lang.media.voice",
    "audio": "lang.media.voice",
    "sticker": "lang.media.sticker",
}
# Replies the engine treats as "not an answer to this screen" (relayed when a team is talking).
OFF_SCRIPT_KEYS = frozenset(
    {"lang.off_script", "lang.media.voice", "lang.media.other", "lang.media.sticker"}
)


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
    for phrase in rule.contains:
        start = _find(words, phrase)
        if start >= 0 and not _negated(words, start, data):
            detail = _after_add(text) if rule.name == "add" else ""
            return Intent(rule.name, detail)
    return None


def _support_category(words: Phrase, data: _Language) -> str | None:
    for category, phrase in data.categories:
        if words == phrase:
            return category
        if _find(words, phrase) >= 0 and any(word in data.needs for word in words):
            return category
    return None


def _feeling(words: Phrase, data: _Language) -> str | None:
    for kind, phrase in data.feelings:
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


# --- acting on it --------------------------------------------------------------------------
def handle(ctx: Context, flow: Flow) -> bool:
    """Answer free text, media or a sticker the current step does not take; True if answered.

    False leaves the message to the step's own handler (and to the engine's relay of loose
    messages to a team that is talking to them).
    """
    from dialogs import consent, offscript

    case, state, event = ctx.case, ctx.state, ctx.event
    if state is None:
        return False
    if case is None:
        return bool(ctx.staff) and offscript.staff(ctx, flow)  # staff in their own chat
    if case.status != CaseStatus.ACTIVE:
        if state.flow != consent.FLOW:
            return False
        if event.kind == EventKind.TEXT and answer_in_words(ctx, flow, event.text or ""):
            return True  # "yes", "ye ok", "what does that mean": as if tapped
        return offscript.joining(ctx, flow)
    if event.kind == EventKind.TEXT:
        return _text(ctx, flow, event.text or "")
    if event.kind == EventKind.MEDIA and flow.takes_media(ctx):
        return False
    if event.kind == EventKind.MEDIA and event.text and event.text.strip():
        return False  # a photo with words: the step reads the words
    if event.kind in (EventKind.MEDIA, EventKind.OTHER):
        if event.kind == EventKind.MEDIA and _team_is_talking(ctx):
            return False  # the engine relays it into their thread
        kind = event.media_kind or ""
        key = MEDIA_LINES.get(kind, "lang.media.other")
        if event.kind == EventKind.OTHER and kind != "sticker":
            key = "media.other_declined"  # a place, a contact, a poll
        reshow(ctx, flow, key)
        return True
    return False


def _text(ctx: Context, flow: Flow, text: str) -> bool:
    command = command_word(text)
    if flow.takes_text(ctx, text):
        if command is None:
            return False
        from dialogs import support

        if support.leaving_reply(ctx):
            support.leave_reply(ctx)  # not for the team: out of the Reply step, kindly
            return True
        _act(ctx, flow, Intent(command))
        return True
    if command is None and answer_in_words(ctx, flow, text):
        return True  # the screen's own answer ("yes", "very close"): as if tapped
    if command is None and _team_is_talking(ctx):
        intent = understand(text)
        if not clear_intent(ctx, text, intent):
            return False  # words for the person talking to them, not for this screen
        assert intent is not None
        _act(ctx, flow, intent)
        return True
    _act(ctx, flow, understand(text))
    return True


def answers_plainly(ctx: Context, flow: Flow, text: str) -> bool:
    """Words that are plainly this screen's answer or for the bot: acted on (True).

    A button's words, "skip" where there is Skip, "my data", "can i talk to someone".
    Nothing is said or changed when False.
    """
    if answer_in_words(ctx, flow, text):
        return True
    if command_word(text) is not None or flow.takes_text(ctx, text):
        return False
    intent = understand(text)
    if not clear_intent(ctx, text, intent):
        return False
    assert intent is not None
    _act(ctx, flow, intent)
    return True


def answer_in_words(ctx: Context, flow: Flow, text: str) -> bool:
    """A button of this screen said in words ("yes", "very close ❤️"): tap it; else False."""
    from dialogs import answers

    state = ctx.state
    if state is None or ctx.case is None or flow.takes_text(ctx, text):
        return False
    action = answers.pick(text, answers.screen_buttons(ctx, flow))
    if action is None:
        return False
    flow.on_choice(ctx, action)
    return True


# While their team is talking to them, these intents still win over the thread when they
# are said plainly ("delete my data", "can i talk to someone"), not inside a longer message.
_PLAIN_INTENTS = frozenset(
    {"menu", "cancel", "back", "data", "privacy", "delete", "choices", "talk", "people",
     "plan", "picture", "add", "support"}
)  # fmt: skip
_PLAIN_WORDS = 5  # words (after "can i", "i want to"...) a plain request has at most
_SHORT_WORDS = 3  # for intents found from one word anywhere ("plan", "add", "money")
_SHORT_INTENTS = frozenset({"people", "plan", "picture", "add", "support"})


def clear_intent(ctx: Context, text: str, intent: Intent | None) -> bool:
    """Whether a message is plainly for the bot, not for the team who is talking to them.

    "skip" counts where the step has Skip; "my data", "delete my data", "who can see my
    stuff" and "can i talk to someone" count when said on their own. Greetings, thanks,
    feelings and anything longer are for the person they are talking to.
    """
    if intent is None or ctx.state is None:
        return False
    if intent.kind == "skip":
        return "skip" in ctx.state.choices
    if intent.kind not in _PLAIN_INTENTS:
        return False
    data = _language()
    words = tuple(w for w in normal_words(text) if w not in data.filler)
    for opener in data.openers:
        if words[: len(opener)] == opener:
            words = words[len(opener) :]
            break
    limit = _SHORT_WORDS if intent.kind in _SHORT_INTENTS else _PLAIN_WORDS
    return len(words) <= limit


def _team_is_talking(ctx: Context) -> bool:
    from dialogs import support

    state = ctx.state
    if state is not None and state.flow == support.FLOW and state.step == "which":
        return True
    return bool(support.talking_threads(ctx))


# Requests that open a screen as they are: the flow and the entry it opens at.
OPENS: dict[str, tuple[FlowName, str]] = {
    "menu": (FlowName.MENU, "main"),
    "help": (FlowName.MENU, "help"),
    "choices": (FlowName.MENU, "choices"),
    "people": (FlowName.PEOPLE, "list"),
    "plan": (FlowName.PLAN, "show"),
    "data": (FlowName.PRIVACY, "menu"),
    "delete": (FlowName.PRIVACY, "delete_1"),
    "privacy": (FlowName.PRIVACY, "who"),
}


def _act(ctx: Context, flow: Flow, intent: Intent | None) -> None:
    """Answer briefly and, where it can, go there."""
    from dialogs import people  # "add my nan" fills in what they said: not a plain entry

    if intent is None:
        reshow(ctx, flow, "lang.off_script")
        return
    if flow.on_intent(ctx, intent.kind, intent.detail):
        return  # the step answers it itself ("add someone" while adding someone)
    kind = intent.kind
    if kind in OPENS:
        ctx.open(*OPENS[kind])
    elif kind == "cancel":
        flow.on_cancel(ctx)
        ctx.open(FlowName.MENU)
    elif kind in ("back", "skip"):
        _step_button(ctx, flow, kind)
    elif kind == "greeting":
        reshow(ctx, flow, "lang.hello")
    elif kind == "thanks":
        ctx.say("lang.thanks")
    elif kind == "talk":
        _talk(ctx, flow)
    elif kind == "support":
        _support(ctx, intent.detail)
    elif kind == "add":
        people.start_add(ctx, read_person(intent.detail))
    elif kind == "picture":
        from dialogs.pictures.picture import send_picture

        send_picture(ctx)
        ctx.open(FlowName.PEOPLE, "list")
    elif kind == "feeling":
        _feeling_reply(ctx, flow, intent.detail)
    elif kind == "meeting":
        # The bot holds no meeting times: say who does, with a way to ask them.
        _say_with(ctx, "lang.meeting", [talk_row(ctx)])
    elif kind == "joke":
        ctx.say("lang.joke")  # a light line, not the whole screen again (trial 2026-12-07)
    else:  # pragma: no cover - every kind in the data is handled above
        reshow(ctx, flow, "lang.off_script")


def _say_with(ctx: Context, key: str, rows: list[list[tuple[str, str]]]) -> None:
    """One short message with its own buttons (token data), not the screen's again."""
    buttons = tuple(
        tuple(Button(label=ctx.text(label), data=data) for label, data in row) for row in rows
    )
    ctx.replies.append(
        Reply(chat_id=ctx.event.chat_id, text=ctx.text(key), key=key, buttons=buttons)
    )


def _step_button(ctx: Context, flow: Flow, action: str) -> None:
    """The step's own Back or Skip button, as if tapped; else a kind line (or the menu)."""
    assert ctx.state is not None
    if action in ctx.state.choices:
        flow.on_choice(ctx, action)
    elif action == "back":
        ctx.open(FlowName.MENU)
    else:
        reshow(ctx, flow, "lang.skip.none")


def _talk(ctx: Context, flow: Flow) -> None:
    """The same *Talk to someone* as the menu's button."""
    from dialogs import alerts

    if not alerts.open_talk(ctx, "talk"):
        flow.show(ctx)


def _support(ctx: Context, category: str) -> None:
    """Ask for support with the category already chosen."""
    from dialogs import support_flow

    support_flow.open_ask(ctx)
    state = ctx.state
    if state is None or state.flow != support_flow.SUPPORT.name or state.step != "category":
        return  # too many open requests: the list explains
    choice = f"cat:{category}"
    if choice in state.choices:
        # The category question is answered already: show where it leads instead.
        del ctx.replies[-1]
        support_flow.open_with_words(ctx, category)


def _feeling_reply(ctx: Context, flow: Flow, feeling: str) -> None:
    """A warm, specific answer with *Talk to someone*, then the same screen's buttons."""
    from dialogs import feelings  # honest about when their worker can talk (h-calm)

    feelings.answer(ctx, flow, feeling)


def feeling_of(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The feeling a message is mostly about ("low", "lonely"...), or None.

    A message that also asks for something the bot does ("can't pay my bills, so worried")
    is about that thing, not a feeling.
    """
    found = understand(text, lang)
    return found.detail if found is not None and found.kind == "feeling" else None


def talk_row(ctx: Context) -> list[tuple[str, str]]:
    """A row with *Talk to someone*, a button that works from any later screen too."""
    from dialogs import crisis_net

    case = ctx.case
    assert case is not None and case.id is not None
    grant = TokenGrant(
        chat_id=ctx.event.chat_id,
        service_id=case.service_id,
        action=crisis_net.SAFETY_ACTION,
        young_person_id=case.id,
        payload={"category": None},
    )
    [data] = ctx.uow.tokens.issue_many([grant], ctx.now, crisis_net.SAFETY_TOKEN_TTL)
    return [("btn.crisis.talk", choice_data(data, "talk"))]


def unknown_command(ctx: Context, command: str, known: Sequence[str]) -> bool:
    """Say "Did you mean /menu?" for a near miss; False when nothing is close."""
    if ctx.case is None and not ctx.staff:
        return False  # not invited: nothing to suggest
    close = closest_command(command, known)
    if close is None:
        return False
    if close == "start" and ctx.case is not None and ctx.case.status == CaseStatus.ACTIVE:
        close = "menu"  # they joined already: /start would only take them to the menu
    ctx.say("lang.did_you_mean", command=f"/{close}")
    return True
