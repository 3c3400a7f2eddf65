"""Which of many phrases or rules a message could match, found through its words.

An index maps a word to the positions of the entries it can start (a phrase's first word, a
rule's key words). Checking only the entries a message's words lead to, in their order, finds
the same first match as checking every entry, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Each phrase's position in ``phrases``, under its first word (empty phrases: none)."""
    index: dict[str, list[int]] = {}
    for position, phrase in enumerate(phrases):
        if phrase:
            index.setdefault(phrase[0], []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}


def candidates(index: Mapping[str, tuple[int, ...]], words: Iterable[str]) -> list[int]:
    """Positions of the entries any of ``words`` leads to, in order, each once."""
    return sorted({position for word in set(words) for position in index.get(word, ())})
