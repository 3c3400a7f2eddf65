"""Words that answer the screen: typing a button's words, or "yes"/"no", taps that button.

The buttons are the ones the current step would show (its ``show``, with what it said taken
back), so every screen gets this once, without a list per flow. A typed answer matches:

* a button's own words, whatever the case, emoji or punctuation ("very close ❤️" is
  *Very close*), with a small typo allowed in longer labels ("vrey close");
* "yes", "ye", "yeah", "ok", "sure"... for the one yes-like button (*Yes*, *Send it*,
  *Yes, that's right*), and "no", "nah", "not now"... for the one no-like button;
* a question about what it means ("idk wat does that mean") for *Tell me more*.

The words live in ``texts/language_<lang>.yaml`` (``answers``), not in code.
"""

from __future__ import annotations

import difflib
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from dialogs.core.context import Context
from dialogs.core.flow import Flow
from dialogs.texts import DEFAULT_LANGUAGE
from storage.plans import TOKEN_PREFIX

LABEL_CUTOFF = 0.85  # "vrey close" -> "very close"; "close" never becomes "not so close"
FUZZY_MIN = 6  # labels this long or longer may be typed with a small typo
MAX_ANSWER_WORDS = 8  # longer messages are not taps

Words = tuple[str, ...]


@dataclass(frozen=True)
class _Answers:
    slang: dict[str, Words]
    yes: frozenset[Words]
    no: frozenset[Words]
    yes_labels: frozenset[Words]
    no_labels: frozenset[Words]
    more_labels: frozenset[Words]
    more: tuple[Words, ...]
    trim: frozenset[str]
    also: tuple[tuple[Words, Words], ...]  # (what is typed, the button's words), longest first
    doubt: frozenset[str]  # words that make "yes, …" not a plain yes on a status question


def words_of(text: str) -> Words:
    """Lower case words with no emoji, accents or punctuation ("⬅ Back" -> ("back",))."""
    from dialogs.core.language import squeeze

    return tuple(squeeze(text).split())


@cache
def _answers(lang: str = DEFAULT_LANGUAGE) -> _Answers:
    source = resources.files("dialogs.texts").joinpath(f"language_{lang}.yaml")
    raw: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))["answers"]
    slang = {str(k): words_of(str(v)) for k, v in raw["slang"].items()}

    def phrases(key: str) -> frozenset[Words]:
        return frozenset(words_of(str(p)) for p in raw[key])

    return _Answers(
        slang=slang,
        yes=phrases("yes"),
        no=phrases("no"),
        yes_labels=phrases("yes_labels"),
        no_labels=phrases("no_labels"),
        more_labels=phrases("more_labels"),
        more=tuple(words_of(str(p)) for p in raw["more"]),
        doubt=frozenset(w for p in raw["doubt"] for w in _plain_with(str(p), slang)),
        trim=frozenset(w for p in raw["trim"] for w in words_of(str(p))),
        also=tuple(
            sorted(
                (
                    (_plain_with(str(p), slang), _plain_with(str(label), slang))
                    for label, ps in raw["also"].items()
                    for p in ps
                ),
                key=lambda pair: -len(pair[0]),
            )
        ),
    )


def _plain_with(text: str, slang: dict[str, Words]) -> Words:
    return tuple(w for word in words_of(text) for w in slang.get(word, (word,)))


def _plain(text: str, data: _Answers) -> Words:
    return _plain_with(text, data.slang)


def _trimmed(words: Words, data: _Answers) -> Words:
    """Without polite words at either end ("yes please x" -> "yes")."""
    start, end = 0, len(words)
    while start < end and words[start] in data.trim:
        start += 1
    while end > start and words[end - 1] in data.trim:
        end -= 1
    return words[start:end]


def screen_buttons(ctx: Context, flow: Flow) -> list[tuple[str, str]]:
    """The (label, action) of each button the current step shows, without showing it.

    Buttons that carry an action token (they live outside the screen) are left out.
    """
    mark = ctx.mark()
    saved = deepcopy(ctx.state)
    flow.show(ctx)
    shown = ctx.replies[mark[0] :]
    ctx.discard_since(mark)
    asked = next((reply for reply in reversed(shown) if reply.buttons), None)
    moved = saved is None or ctx.state is None or ctx.state.screen != saved.screen
    found: list[tuple[str, str]] = []
    for row in asked.buttons if asked is not None and not moved else ():
        for button in row:
            if button.data.startswith(TOKEN_PREFIX):
                continue
            action = ctx.resolve_button(button.data)
            if action is not None:
                found.append((button.label, action))
    if moved:
        ctx.state = saved  # the screen went elsewhere (a person since removed): no answers
    return found


def pick(text: str, buttons: list[tuple[str, str]], lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The action of the button these words mean, or None."""
    data = _answers(lang)
    typed = _plain(text, data)
    if not typed or len(typed) > MAX_ANSWER_WORDS:
        return None
    labels = [(_plain(label, data), action) for label, action in buttons]
    labels = [(words, action) for words, action in labels if words]
    found = _same_words(typed, labels, data)
    if found is None:
        found = _numbered(typed, labels)
    if found is None:
        found = _yes_or_no(typed, labels, data)
    if found is None:
        found = _said_otherwise(typed, labels, data)
    if found is None:
        found = _tell_me_more(typed, labels, data)
    if found is None:
        found = _status_with_details(typed, labels, data)
    return found


def _numbered(typed: Words, labels: list[tuple[Words, str]]) -> str | None:
    """ "2", "2 i guess" or "prob a 4 tbh" under numbered buttons (1 – Not at all … 5): the
    one number said picks the button it starts. Two numbers, or none, pick nothing."""
    numbered = {words[0]: action for words, action in labels if words[0].isdigit()}
    said = [word for word in typed if word.isdigit()]
    if len(numbered) < 2 or len(said) != 1:
        return None
    return numbered.get(said[0])


def _status_with_details(
    typed: Words, labels: list[tuple[Words, str]], data: _Answers
) -> str | None:
    """ "ye every sunday 😋" or "nah not rly" under Yes / Sometimes / No (is this happening?).

    Only on such a status question: there a yes or no word, then what happens, is the
    answer. Elsewhere "yeah ill do it tonight" is no tap (consent must be plain). A doubt
    ("yes but…", "yeah sometimes") is left for them to say plainly.
    """
    actions = {words: action for words, action in labels}
    if not {("yes",), ("sometimes",), ("no",)} <= set(actions):
        return None
    said = _trimmed(typed, data) or typed
    head, rest = said[:1], said[1:]
    if head == ("yes",) and rest and not set(rest) & data.doubt:
        return actions[("yes",)]
    if head == ("no",) and rest in data.no:
        return actions[("no",)]
    return None


def _said_otherwise(typed: Words, labels: list[tuple[Words, str]], data: _Answers) -> str | None:
    """ "asap pls" for *Today*, "we dont talk no more" for *Lost touch*."""
    said = _trimmed(typed, data) or typed
    for phrase, label in data.also:
        whole = said == phrase
        if whole or (len(phrase) > 1 and _contains(said, phrase)):
            found = {action for words, action in labels if words == label}
            if len(found) == 1:
                return found.pop()
    return None


def _same_words(typed: Words, labels: list[tuple[Words, str]], data: _Answers) -> str | None:
    for candidate in (typed, _trimmed(typed, data)):
        exact = [action for words, action in labels if words == candidate]
        if len(set(exact)) == 1:
            return exact[0]
    # A small typo in a longer label ("vrey close"), when one label is clearly closest.
    said = " ".join(_trimmed(typed, data))
    scores = sorted(
        (
            (difflib.SequenceMatcher(None, said, " ".join(words)).ratio(), action)
            for words, action in labels
            if len(" ".join(words)) >= FUZZY_MIN
        ),
        reverse=True,
    )
    clear = len(scores) == 1 or (len(scores) > 1 and scores[1][0] < scores[0][0] - 0.05)
    if scores and scores[0][0] >= LABEL_CUTOFF and clear:
        return scores[0][1]
    return None


def _kind_of(words: Words, data: _Answers) -> str:
    if words in data.yes_labels or (words[0] == "yes"):
        return "yes"
    if words in data.no_labels or words[0] == "no":
        return "no"
    return ""


def _yes_or_no(typed: Words, labels: list[tuple[Words, str]], data: _Answers) -> str | None:
    said = _trimmed(typed, data) or typed
    for kind, phrases in (("yes", data.yes), ("no", data.no)):
        matching = [(words, a) for words, a in labels if _kind_of(words, data) == kind]
        if len({a for _, a in matching}) != 1:
            continue
        words, action = matching[0]
        if said in phrases:
            return action
        # "yes delete it all", "ye send it": a yes word, then the button's own words.
        for size in (2, 1):
            head, rest = said[:size], said[size:]
            if head in phrases and rest and set(rest) <= set(words):
                return action
    return None


def _tell_me_more(typed: Words, labels: list[tuple[Words, str]], data: _Answers) -> str | None:
    more = [action for words, action in labels if words in data.more_labels]
    if len(set(more)) != 1:
        return None
    # Only a question about what it means: "what is this?" is about the bot (the flow's own
    # explanation answers that).
    asks = any(_contains(typed, phrase) for phrase in data.more)
    return more[0] if asks else None


def _contains(words: Words, phrase: Words) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def yes_or_no(text: str, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """ "yes" or "no" when the whole message says just that ("ye", "nah", "not really")."""
    data = _answers(lang)
    said = _trimmed(_plain(text, data), data)
    if said in data.yes:
        return "yes"
    if said in data.no:
        return "no"
    return None
