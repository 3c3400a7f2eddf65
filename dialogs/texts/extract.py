"""A Babel extraction method: every catalogue key a Python module uses (``make messages``).

Code names texts by key, and not only in ``t(...)``: ``ctx.say("people.saved")``, a key
in a table of buttons, or a key built from a family, ``f"rel.{relationship}"``. So the
method reads the module's syntax tree and reports:

- the first argument of every ``t(...)`` and ``tn(...)`` call (``tn`` keys take a plural);
- every other string that is a key of the English catalogue, or that looks like a key in
  one of its namespaces (``"people.new_thing"``: so a missing key is caught);
- every key under a literal prefix a key is built from (``f"rel.{x}"``, ``"help.kind." + x``,
  ``f"calm.team.live{suffix}"``);
- every key a found key becomes with a literal suffix the module adds
  (``f"{key}.group"``, ``key + ".team"``);
- and, in a module that builds keys as ``f"{prefix}.{value}"``, every key under a
  namespace the module names as a string (``_field_label("circle", value)``).

Families are resolved against the English catalogue, which is the source of every key.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping
from itertools import pairwise
from typing import IO, Any

from dialogs.texts import DEFAULT_LANGUAGE, catalogue

KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*")
PREFIX = re.compile(r"(?:[a-z][a-z0-9_]*\.)+")
SUFFIX = re.compile(r"(?:\.[a-z0-9_]+)+")
PLURAL_CALLS = {"tn", "say_count"}
TEXT_CALLS = {"t"} | PLURAL_CALLS

Found = tuple[int, str | None, str | tuple[str, str], list[str]]


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _pieces(node: ast.JoinedStr) -> list[str | None]:
    """An f-string's parts: literal text, or None for each ``{...}``."""
    return [
        part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else None
        for part in node.values
    ]


class _Reader:
    """What one module uses, resolved against the English keys."""

    def __init__(self, known: Collection[str], plural: Collection[str]) -> None:
        self.known = known
        self.plural = plural
        self.namespaces = {key.split(".")[0] for key in known}
        self.keys: dict[str, int] = {}
        self.plural_keys: set[str] = set()
        self.prefixes: list[tuple[str, int]] = []
        self.suffixes: set[str] = set()
        self.named_namespaces: list[tuple[str, int]] = []
        self.builds_namespaces = False

    def key(self, key: str, line: int, plural: bool = False) -> None:
        self.keys.setdefault(key, line)
        if plural:
            self.plural_keys.add(key)

    def string(self, text: str, line: int) -> None:
        looks_like_key = "." in text and KEY.fullmatch(text) is not None
        if text in self.known or (looks_like_key and text.split(".")[0] in self.namespaces):
            self.key(text, line)
        elif PREFIX.fullmatch(text):
            self.prefixes.append((text, line))
        elif SUFFIX.fullmatch(text):
            self.suffixes.add(text)
        elif text in self.namespaces:
            self.named_namespaces.append((text, line))

    def fstring(self, node: ast.JoinedStr) -> None:
        pieces = _pieces(node)
        first = pieces[0] if pieces else None
        if first is not None and len(pieces) > 1:
            if PREFIX.fullmatch(first):  # f"rel.{x}"
                self.prefixes.append((first, node.lineno))
            elif KEY.fullmatch(first) and first.split(".")[0] in self.namespaces:
                self.string(first, node.lineno)  # f"calm.team.live{suffix}": the key and more
                self.prefixes.append((first + ".", node.lineno))
        for before, piece in pairwise(pieces):
            if before is None and piece == ".":  # f"{prefix}.{value}"
                self.builds_namespaces = True
            elif before is None and piece is not None and SUFFIX.fullmatch(piece):
                self.suffixes.add(piece)  # f"{key}.group"

    def call(self, node: ast.Call) -> None:
        name = _name(node)
        if name not in TEXT_CALLS or not node.args:
            return
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            self.key(first.value, node.lineno, plural=name in PLURAL_CALLS)

    def resolve(self) -> None:
        for prefix, line in self.prefixes:
            for key in self.known:
                if key.startswith(prefix):
                    self.key(key, line)
        if self.builds_namespaces:
            for namespace, line in self.named_namespaces:
                for key in self.known:
                    if key.startswith(namespace + "."):
                        self.key(key, line)
        grown = True
        while grown:  # suffixes can stack: key + ".closed" + ".named"
            grown = False
            for key, line in list(self.keys.items()):
                for suffix in self.suffixes:
                    if key + suffix in self.known and key + suffix not in self.keys:
                        self.key(key + suffix, line)
                        grown = True


def keys_in_source(source: str, known: Collection[str], plural: Collection[str]) -> Iterator[Found]:
    """The keys a module's ``source`` uses, as Babel's extraction results."""
    reader = _Reader(known, plural)
    tree = ast.parse(source)
    # An f-string's literal parts are read with the f-string, not as strings of their own.
    parts = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            reader.call(node)
        elif isinstance(node, ast.JoinedStr):
            reader.fstring(node)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts
        ):
            reader.string(node.value, node.lineno)
    reader.resolve()
    for key, line in sorted(reader.keys.items(), key=lambda item: item[1]):
        if key in reader.plural_keys or key in plural:
            yield line, "tn", (key, key), []
        else:
            yield line, "t", key, []


def extract_keys(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Found]:
    """Babel's extraction entry point (``babel.cfg``): the keys one module uses."""
    english = catalogue(DEFAULT_LANGUAGE)
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    yield from keys_in_source(source, english.keys(), set(english.plurals))
