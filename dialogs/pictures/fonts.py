"""Fonts and text measuring for the ecomap: font families, glyph checks, cached FontProperties.

Characters no installed font has are drawn as "□" (install e.g. Noto fonts for more scripts);
matplotlib never warns about missing glyphs.  Text extents are measured with the same fonts
the picture uses, so the layout knows each name box's size.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from dialogs.pictures.model import DPI, FORCE_WRAP_PX, LINE_SPACING, WRAP_PX

# DejaVu Sans first; other installed fonts fill in scripts it lacks.  Colour bitmap emoji fonts
# are left out: the Agg renderer cannot draw them.
FALLBACK_FAMILIES = (
    "Noto Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans Ethiopic",
    "Noto Sans Symbols",
    "Noto Sans Symbols 2",
    "Noto Emoji",
    "Droid Sans Fallback",
    "WenQuanYi Zen Hei",
)
MISSING_GLYPH = "□"


# ------------------------------------------------------------------------------- fonts
@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    """DejaVu Sans plus whichever fallback families are installed."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return ("DejaVu Sans", *(name for name in FALLBACK_FAMILIES if name in installed))


def make_font(size: float, *, bold: bool = False, italic: bool = False) -> FontProperties:
    """A copy of the cached font (matplotlib may change the properties it is given)."""
    return cached_font(size, bold, italic).copy()


@lru_cache(maxsize=32)
def cached_font(size: float, bold: bool, italic: bool) -> FontProperties:
    """Shared, never changed: matplotlib caches font lookups by these properties."""
    return FontProperties(
        family=list(_families()),
        size=size,
        weight="bold" if bold else "normal",
        style="italic" if italic else "normal",
    )


@lru_cache(maxsize=4)
def _font_files(bold: bool) -> tuple[str, ...]:
    """Font files searched for glyphs, in fallback order."""
    files: list[str] = []
    for family in _families():
        prop = FontProperties(family=family, weight="bold" if bold else "normal")
        try:
            path = font_manager.findfont(prop, fallback_to_default=False)
        except ValueError:
            continue
        if path not in files:
            files.append(path)
    return tuple(files)


@lru_cache(maxsize=8192)
def _has_glyph(char: str, bold: bool) -> bool:
    code = ord(char)
    for path in _font_files(bold):
        try:
            if font_manager.get_font(path).get_char_index(code):
                return True
        except (OSError, RuntimeError):
            continue
    return False


def drawable(text: str, *, bold: bool = False) -> str:
    """``text`` with characters no installed font can draw replaced by "□".

    Invisible joiners and marks with no glyph are dropped, so an emoji sequence becomes one box.
    Doing this up front keeps matplotlib from warning about missing glyphs.
    """
    out: list[str] = []
    for char in text:
        joiner = unicodedata.category(char) in ("Mn", "Me", "Cf")
        if joiner and out and out[-1] == MISSING_GLYPH:
            continue  # a joiner or modifier of a missing glyph: part of the same box
        if char == "\n" or _has_glyph(char, bold):
            out.append(char)
        elif joiner or unicodedata.category(char) == "Sk":
            continue
        elif not out or out[-1] != MISSING_GLYPH:
            out.append(MISSING_GLYPH)
    return "".join(out)


class Measure:
    """Text extents in pixels, measured with the fonts the picture uses."""

    def __init__(self) -> None:
        canvas: Any = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=DPI))
        self._renderer: Any = canvas.get_renderer()
        self._cache: dict[tuple[str, float, bool, bool], tuple[float, float]] = {}

    def line(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        """Width of one line."""
        return self.size(text, size, bold, italic)[0]

    def size(
        self, text: str, size: float, bold: bool = False, italic: bool = False
    ) -> tuple[float, float]:
        """``(width, height)`` of (possibly multi-line) text, as matplotlib lays it out."""
        key = (text, size, bold, italic)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        prop = cached_font(size, bold, italic)
        get = self._renderer.get_text_width_height_descent
        lines = text.split("\n")
        width = float(max(get(part or " ", prop, ismath=False)[0] for part in lines))
        _, lp_h, lp_d = get("lp", prop, ismath=False)
        height = float(lp_h + (len(lines) - 1) * (lp_h - lp_d) * LINE_SPACING)
        self._cache[key] = (width, height)
        return width, height


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def wrap(text: str, measure: Measure, size: float) -> str:
    """Break a wide name onto two lines at the space (or hyphen) that balances them best.

    A very wide name with nowhere to break is split in the middle of a word, with a hyphen.
    """
    single = measure.line(text, size)
    if single <= WRAP_PX or "\n" in text:
        return text
    options: list[tuple[str, str]] = []
    for i, char in enumerate(text):
        if i == 0 or i == len(text) - 1:
            continue
        if char == " ":
            options.append((text[:i], text[i + 1 :]))
        elif char in "-‐/":
            options.append((text[: i + 1], text[i + 1 :]))
        elif _is_wide(char) or _is_wide(text[i - 1]):
            options.append((text[:i], text[i:]))
    if not options and single > FORCE_WRAP_PX and len(text) >= 8:
        middle = len(text) // 2
        left, right = text[:middle], text[middle:]
        options.append((left + "-" if left[-1].isalpha() and right[0].isalpha() else left, right))
    best = text
    best_width = single
    for left, right in options:
        width = max(measure.line(left, size), measure.line(right, size))
        if width < best_width - 1:
            best, best_width = f"{left}\n{right}", width
    return best
