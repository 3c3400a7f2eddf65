"""Words a person typed (a name, a plan's item), made safe to store and show.

One rule for the command line, the plan importer and the chats: no control or
direction-override characters, something visible, and a length limit.
"""

from __future__ import annotations

import unicodedata

MAX_TEXT = 200  # characters of one piece of typed text, unless a caller says otherwise
# Characters that reorder how text is shown (a right-to-left override can make a name read
# as something else).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """Words a person typed, made safe to store and show; ValueError says what is wrong.

    Runs of whitespace become one space. Refused: control characters (NUL, escapes…),
    right-to-left and other direction overrides, text with nothing visible in it (only
    spaces or zero-width characters), and more than ``limit`` characters. Any script,
    emoji and joiners inside names are fine.
    """
    for char in value:
        if char in _BIDI_CONTROLS:
            raise ValueError("contains a right-to-left or other direction override character")
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and not char.isspace()):
            raise ValueError("contains a control character")
    cleaned = " ".join(value.split())
    if not any(unicodedata.category(char)[0] in "LNPS" for char in cleaned):
        raise ValueError("must be some words (it has no visible letters)")
    if len(cleaned) > limit:
        raise ValueError(f"is longer than {limit} characters")
    return cleaned
