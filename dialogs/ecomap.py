"""The ecomap picture: a young person's people drawn around them, and the same in words.

Pure: no database, no Telegram.  The caller fills :class:`EcomapLabels` from the text catalogue;
every word in the picture and the caption comes from there.

The picture (:func:`render_ecomap`) is a PNG 1080 px wide.  The young person is in the centre;
three rings stand for closeness (very close inside, not so close outside, closeness not known on
the outer ring); each circle of people (family, friends, …) has its own wedge and colour, from the
Okabe–Ito colour-blind-safe palette.  A line from the centre shows contact: solid in touch, dashed
lost touch, dotted would like to find, none for "don't want contact" (a faint thin line when the
contact is not known, and for grouped nodes).  Names longer than 20 characters are shortened with
"…"; long names wrap onto two lines.  Someone marked *not safe* has a thick vermilion border
and "⚠" before their name; someone the young person wants *no contact* with has "⊘" before
their name; the legend and the caption say what the marks mean.  :func:`layout` places every
name so that no two name boxes overlap (text extents are measured with the same fonts the
picture uses); when a ring of a wedge holds more people than fit legibly (at most 12 per ring
of a wedge, 48 nodes in all), the rest are drawn as one node such as "Friends / +5 more"
(standing for at least 3 people), and :func:`describe` still lists them.  Characters no
installed font has are drawn as "□" (install e.g. Noto fonts for more scripts); matplotlib
never warns about missing glyphs.

Geometry (:class:`Placement`) is in pixels of the final picture, relative to the centre of the
map, y pointing up.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle as CirclePatch
from matplotlib.patches import FancyBboxPatch, Wedge
from PIL import Image

# The picture uses the same circles and contact states as the stored people.
from storage.models import ContactStatus as Contact
from storage.models import ContactWish, PersonSafety
from storage.models import PersonCircle as Circle

__all__ = [
    "CAPTION_LIMIT",
    "MAX_NAME",
    "MAX_PER_GROUP",
    "WIDTH",
    "Circle",
    "Contact",
    "EcoPerson",
    "EcomapLabels",
    "LineStyle",
    "Placement",
    "describe",
    "layout",
    "render_ecomap",
]


class LineStyle(StrEnum):
    """How the line from the centre to a node is drawn."""

    SOLID = "solid"  # in touch
    DASHED = "dashed"  # lost touch
    DOTTED = "dotted"  # would like to find
    NONE = "none"  # don't want contact: no line
    FAINT = "faint"  # contact not known, or a group of people


@dataclass(frozen=True)
class EcoPerson:
    """One of the young person's people, as the picture needs them.

    ``closeness``: 1 very close, 2 close, 3 not so close; ``None`` (or anything else) is drawn on
    the outer ring.  ``circle`` ``None`` gets a wedge of its own ("not sure" / unknown).
    """

    name: str
    circle: Circle | None
    closeness: int | None
    contact: Contact | None
    safety: PersonSafety | None = None
    wish: ContactWish | None = None


@dataclass(frozen=True)
class EcomapLabels:
    """Every word the picture and caption show, from the text catalogue.

    ``more`` is a template with ``{n}`` (how many people a grouped node stands for) and
    optionally ``{circle}``, e.g. ``"+{n} more"``; without ``{circle}`` the node shows the circle's
    name on the line above.  ``full_list`` ends a caption that had to be shortened, e.g.
    ``"The full list is in My people."``; ``empty`` is shown under the centre when there is
    nobody yet, e.g. ``"Add people to see them here"``.
    """

    centre: str
    circles: dict[Circle, str]
    contacts: dict[Contact, str]
    rings: tuple[str, str, str]
    more: str
    unknown_circle: str
    title: str
    full_list: str = ""
    empty: str = ""
    # What the marks mean (legend and caption), e.g. "Not safe right now".
    not_safe: str = ""
    no_contact: str = ""


@dataclass(frozen=True)
class Placement:
    """One node of the picture: a person, or a group standing for several people.

    ``x``, ``y``: centre of the name box in pixels from the centre of the map, y up;
    ``width``, ``height``: the name box (text plus padding).  ``name`` is the (shortened) name
    on one line, ``label`` the text as drawn (may contain one line break).
    """

    x: float
    y: float
    width: float
    height: float
    label: str
    name: str
    colour: str
    line: LineStyle
    circle: Circle | None
    ring: int
    members: tuple[str, ...]
    is_group: bool
    marks: tuple[str, ...] = ()  # MARK_NOT_SAFE, MARK_NO_CONTACT

    @property
    def box(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` of the name box."""
        return (
            self.x - self.width / 2,
            self.y - self.height / 2,
            self.x + self.width / 2,
            self.y + self.height / 2,
        )

    @property
    def radius(self) -> float:
        """Distance of the box centre from the centre of the map."""
        return math.hypot(self.x, self.y)

    @property
    def angle(self) -> float:
        """Angle of the box centre, radians in [0, 2π), counter-clockwise from the right."""
        return math.atan2(self.y, self.x) % math.tau


# ------------------------------------------------------------------------------- constants
WIDTH = 1080  # px; the picture is this wide
DPI = 150
PX_PER_PT = DPI / 72
MAP = 1080  # the map is a MAP x MAP square
HALF = MAP / 2
EMPTY_MAP = 560  # map height when there is nobody yet
EDGE = 6  # px kept free at the map's edges
TITLE_H = 96
MAX_NAME = 20  # characters; longer names are shortened with "…"
MAX_PER_GROUP = 12  # nodes drawn per ring of a wedge, at most
NODE_BUDGET = 48  # nodes drawn in all, at most (beyond that a phone screen gets too busy)
MIN_GROUP = 3  # a grouped node stands for at least this many people (when there are that many)
CAPTION_LIMIT = 1024  # Telegram's caption limit

NAME_PT = 12.0
GROUP_PT = 12.0
SMALL_PT = 11.0
TITLE_PT = 17.0
CENTRE_PT = 15.0
LINE_SPACING = 1.1

RINGS = (190.0, 320.0, 450.0)  # radius of each closeness ring
BAND = 55.0  # a node may sit this far inside or outside its ring (the outer ring: further out)
_NEAR = (0.0, -11.0, 11.0, -22.0, 22.0, -33.0, 33.0, -44.0, 44.0, -BAND, BAND)
_FAR = (70.0, 85.0, 100.0, 120.0, 140.0, 165.0, 190.0, 220.0, 250.0)
RADIAL_STEPS = (_NEAR, _NEAR, (*_NEAR, *_FAR))
CENTRE_R = 58.0
PAD_X, PAD_Y = 9.0, 6.0  # inside a name box
STACK = 8.0  # a grouped node is drawn as a little stack of cards, this much deeper
GAP = 7.0  # px between two boxes
LINE_CLEAR = 4.0  # px a line keeps from boxes it does not belong to
WRAP_PX = 170.0  # a name wider than this on one line is wrapped if it can be
FORCE_WRAP_PX = 230.0  # … and even within a word when wider than this
SECTOR_GAP = math.radians(4)  # free angle either side of 0°, where the ring names sit
ANGLE_STEP = math.radians(0.75)
CLEAN_BATCHES = (150, 600, 2400)  # free spots checked for crossing lines, in turn
# Nodes stagger within their band, so a ring holds more than its rough need suggests; wedges
# are only grouped up front when the needs exceed the circle by more than this.
OVERBOOK = 1.4

# Okabe & Ito (2008), colour-blind safe; black text on each has contrast ≥ 6:1.
COLOURS: dict[Circle | None, str] = {
    Circle.FAMILY: "#E69F00",
    Circle.FRIENDS: "#56B4E9",
    Circle.CARERS: "#009E73",
    Circle.PROFESSIONALS: "#CC79A7",
    Circle.COMMUNITY: "#F0E442",
    None: "#BDBDBD",
}
ORDER: tuple[Circle | None, ...] = (
    Circle.FAMILY,
    Circle.FRIENDS,
    Circle.CARERS,
    Circle.PROFESSIONALS,
    Circle.COMMUNITY,
    None,
)
INK = "#111111"
LINE_INK = "#3C3C3C"
FAINT_INK = "#A8A8A8"
RING_INK = "#B8B8B8"
CENTRE_FILL = "#1F2937"
# Marks drawn before a name (both glyphs are in DejaVu Sans), and the not-safe border.
MARK_NOT_SAFE = "⚠"
MARK_NO_CONTACT = "⊘"
NOT_SAFE_INK = "#D55E00"  # Okabe-Ito vermilion: apart from every circle's colour
NOT_SAFE_EDGE = 4.0  # px
LINE_STYLES: dict[Contact | None, LineStyle] = {
    Contact.IN_TOUCH: LineStyle.SOLID,
    Contact.LOST_TOUCH: LineStyle.DASHED,
    Contact.WOULD_LIKE_TO_FIND: LineStyle.DOTTED,
    Contact.NO_CONTACT: LineStyle.NONE,
    None: LineStyle.FAINT,
}
# Who is drawn first when a ring of a wedge is crowded (and listed first in the caption).
PRIORITY: dict[Contact | None, int] = {
    Contact.IN_TOUCH: 0,
    Contact.WOULD_LIKE_TO_FIND: 1,
    Contact.LOST_TOUCH: 2,
    None: 3,
    Contact.NO_CONTACT: 4,
}

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
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

Box = tuple[float, float, float, float]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# ------------------------------------------------------------------------------- fonts
@lru_cache(maxsize=1)
def _families() -> tuple[str, ...]:
    """DejaVu Sans plus whichever fallback families are installed."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return ("DejaVu Sans", *(name for name in FALLBACK_FAMILIES if name in installed))


def _font(size: float, *, bold: bool = False, italic: bool = False) -> FontProperties:
    return _cached_font(size, bold, italic).copy()


@lru_cache(maxsize=32)
def _cached_font(size: float, bold: bool, italic: bool) -> FontProperties:
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


def _drawable(text: str, *, bold: bool = False) -> str:
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


class _Measure:
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
        prop = _cached_font(size, bold, italic)
        get = self._renderer.get_text_width_height_descent
        lines = text.split("\n")
        width = float(max(get(part or " ", prop, ismath=False)[0] for part in lines))
        _, lp_h, lp_d = get("lp", prop, ismath=False)
        height = float(lp_h + (len(lines) - 1) * (lp_h - lp_d) * LINE_SPACING)
        self._cache[key] = (width, height)
        return width, height


# ------------------------------------------------------------------------------- names
def _clean(name: str) -> str:
    """One line, no control characters, single spaces; never empty."""
    chars: list[str] = []
    for char in name:
        if char in BIDI_CONTROLS:
            continue
        chars.append(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char)
    return " ".join("".join(chars).split()) or "?"


def _shorten(text: str, limit: int = MAX_NAME) -> str:
    """``text`` cut to ``limit`` characters, the last being "…", when it is longer."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rstrip()
    while head and unicodedata.category(head[-1]) in ("Mn", "Cf"):
        head = head[:-1]
    return head + "…"


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _wrap(text: str, measure: _Measure, size: float) -> str:
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


# ------------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class _Entry:
    index: int
    full: str  # cleaned, not shortened (for the caption)
    name: str  # shortened, one line
    circle: Circle | None
    ring: int
    contact: Contact | None
    marks: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, str, int]:
        return (PRIORITY[self.contact], self.full.casefold(), self.full, self.index)


@dataclass(frozen=True)
class _Chip:
    """A node to place: one person, or a group."""

    label: str
    name: str
    width: float
    height: float
    line: LineStyle
    members: tuple[str, ...]
    is_group: bool
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Plan:
    placements: list[Placement]
    sectors: list[tuple[Circle | None, float, float]]  # circle, start angle, end angle
    ring_labels: list[tuple[float, float, str]]  # x, y (centre), text
    centre_radius: float


def _ring_of(closeness: int | None) -> int:
    return closeness if closeness in (1, 2, 3) else 3


def _entries(people: Sequence[EcoPerson]) -> list[_Entry]:
    entries = []
    for index, person in enumerate(people):
        full = _clean(person.name)
        entries.append(
            _Entry(
                index=index,
                full=full,
                name=_shorten(full),
                circle=person.circle,
                ring=_ring_of(person.closeness),
                contact=person.contact,
                marks=_marks(person),
            )
        )
    return sorted(entries, key=lambda entry: entry.sort_key)


def _marks(person: EcoPerson) -> tuple[str, ...]:
    marks = []
    if person.safety == PersonSafety.NOT_SAFE:
        marks.append(MARK_NOT_SAFE)
    if person.wish == ContactWish.NO_CONTACT:
        marks.append(MARK_NO_CONTACT)
    return tuple(marks)


def _circle_label(circle: Circle | None, labels: EcomapLabels) -> str:
    if circle is None:
        return labels.unknown_circle
    return labels.circles.get(circle, labels.unknown_circle)


def _more_text(labels: EcomapLabels, n: int, circle_label: str) -> str:
    return labels.more.format(n=n, circle=circle_label)


def _group_label(labels: EcomapLabels, n: int, circle_label: str) -> str:
    more = _more_text(labels, n, circle_label)
    if "{circle}" in labels.more:
        return _shorten(more, 2 * MAX_NAME)
    return f"{_shorten(circle_label)}\n{_shorten(more)}"


class _Sizer:
    """Builds the chips of one ring of one wedge, given how many nodes may be drawn."""

    def __init__(self, labels: EcomapLabels, measure: _Measure) -> None:
        self.labels = labels
        self.measure = measure
        self._people: dict[int, _Chip] = {}

    def person(self, entry: _Entry) -> _Chip:
        chip = self._people.get(entry.index)
        if chip is None:
            label = _wrap(_drawable(entry.name), self.measure, NAME_PT)
            if entry.marks:
                label = f"{''.join(entry.marks)} {label}"
            width, height = self.measure.size(label, NAME_PT)
            chip = _Chip(
                label=label,
                name=entry.name,
                width=width + 2 * PAD_X,
                height=height + 2 * PAD_Y,
                line=LINE_STYLES.get(entry.contact, LineStyle.FAINT),
                members=(entry.full,),
                is_group=False,
                marks=entry.marks,
            )
            self._people[entry.index] = chip
        return chip

    def group(self, circle: Circle | None, members: Sequence[_Entry]) -> _Chip:
        circle_label = _circle_label(circle, self.labels)
        label = _drawable(_group_label(self.labels, len(members), circle_label), bold=True)
        width, height = self.measure.size(label, GROUP_PT, bold=True)
        return _Chip(
            label=label,
            name=label.replace("\n", " "),
            width=width + 2 * PAD_X + STACK,
            height=height + 2 * PAD_Y + STACK,
            line=LineStyle.FAINT,
            members=tuple(entry.full for entry in members),
            is_group=True,
        )

    def chips(self, circle: Circle | None, entries: Sequence[_Entry], cap: int) -> list[_Chip]:
        if len(entries) <= cap:
            return [self.person(entry) for entry in entries]
        shown = max(cap - 1, 0)
        return [self.person(entry) for entry in entries[:shown]] + [
            self.group(circle, entries[shown:])
        ]


def _caps(counts: dict[tuple[Circle | None, int], int]) -> dict[tuple[Circle | None, int], int]:
    """Nodes each ring of a wedge may draw: all its people up to ``MAX_PER_GROUP``, and no more
    than ``NODE_BUDGET`` in all, shared in proportion to how many people each holds."""
    caps = {key: _fit_cap(n, MAX_PER_GROUP) for key, n in counts.items()}
    total = sum(caps.values())
    if total <= NODE_BUDGET:
        return caps
    budget = max(NODE_BUDGET, len(caps))
    shares = {key: max(1.0, budget * cap / total) for key, cap in caps.items()}
    capped = {key: max(1, math.floor(share)) for key, share in shares.items()}
    left = budget - sum(capped.values())
    by_remainder = sorted(
        caps, key=lambda key: (capped[key] - shares[key], key[1], ORDER.index(key[0]))
    )
    for key in by_remainder[: max(left, 0)]:
        if capped[key] < caps[key]:
            capped[key] += 1
    return {key: _fit_cap(counts[key], cap) for key, cap in capped.items()}


def _fit_cap(count: int, cap: int) -> int:
    """``cap`` lowered so that a grouped node stands for at least ``MIN_GROUP`` people."""
    if count <= cap:
        return count
    return max(1, min(cap, count - MIN_GROUP + 1))


def _demand(chips: Sequence[_Chip], ring: int) -> float:
    """Rough angle (radians) a ring of a wedge needs for its chips, drawn side by side."""
    arc = sum(0.5 * (chip.width + chip.height) + GAP for chip in chips)
    return arc / RINGS[ring - 1]


class _Space:
    """Boxes already taken, and the lines drawn to them, for collision tests."""

    def __init__(self) -> None:
        self.boxes: list[Box] = []
        # For each chip with a line: (angle, radius) of its box centre.
        self.lines: list[tuple[float, float]] = []
        # For each chip: (centre angle, lowest and highest angle offset, nearest radius).
        self.shadows: list[tuple[float, float, float, float]] = []

    def mark(self) -> tuple[int, int, int]:
        return len(self.boxes), len(self.lines), len(self.shadows)

    def reset(self, mark: tuple[int, int, int]) -> None:
        del self.boxes[mark[0] :]
        del self.lines[mark[1] :]
        del self.shadows[mark[2] :]

    def add_obstacle(self, box: Box) -> None:
        self.boxes.append(box)

    def add_chip(self, box: Box, lined: bool) -> None:
        self.boxes.append(box)
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        angle = math.atan2(y, x)
        if lined:
            self.lines.append((angle, math.hypot(x, y)))
        lo, hi, near = _shadow(np.array([box], dtype=np.float64), np.array([angle]))
        self.shadows.append((angle, float(lo[0]), float(hi[0]), float(near[0])))


def _wrap_angle(a: FloatArray) -> FloatArray:
    return (a + math.pi) % math.tau - math.pi


def _shadow(boxes: FloatArray, centre: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Angular extent of boxes (as offsets from ``centre``) seen from the origin, inflated by
    ``LINE_CLEAR``, and each box's nearest distance to the origin."""
    x0 = boxes[:, 0] - LINE_CLEAR
    y0 = boxes[:, 1] - LINE_CLEAR
    x1 = boxes[:, 2] + LINE_CLEAR
    y1 = boxes[:, 3] + LINE_CLEAR
    corners = np.stack(
        [np.arctan2(y0, x0), np.arctan2(y0, x1), np.arctan2(y1, x0), np.arctan2(y1, x1)], axis=1
    )
    offsets = _wrap_angle(corners - centre[:, None])
    dx = np.maximum(np.maximum(x0, -x1), 0.0)
    dy = np.maximum(np.maximum(y0, -y1), 0.0)
    return offsets.min(axis=1), offsets.max(axis=1), np.hypot(dx, dy)


def _find_spot(
    chip: _Chip,
    ring: int,
    start: float,
    end: float,
    ideal: float,
    space: _Space,
) -> tuple[float, float] | None:
    """The free position nearest ``ideal`` (angle) on ``ring`` between ``start`` and ``end``.

    Prefers spots where the chip's line crosses no other box and the chip covers no other line.
    """
    radius = RINGS[ring - 1]
    margin = min(math.radians(1.0), (end - start) / 4)
    lo_angle, hi_angle = start + margin, end - margin
    if hi_angle <= lo_angle:
        angles = np.array([(start + end) / 2])
    else:
        steps = int((hi_angle - lo_angle) / ANGLE_STEP) + 1
        angles = np.linspace(lo_angle, hi_angle, max(steps, 2))
    radii = radius + np.array(RADIAL_STEPS[ring - 1])
    theta = np.repeat(angles, len(radii))
    rho = np.tile(radii, len(angles))
    cx, cy = rho * np.cos(theta), rho * np.sin(theta)
    half_w, half_h = chip.width / 2, chip.height / 2
    inside = (np.abs(cx) + half_w <= HALF - EDGE) & (np.abs(cy) + half_h <= HALF - EDGE)
    if space.boxes:
        taken = np.array(space.boxes, dtype=np.float64)
        clash = (
            (cx[:, None] - half_w < taken[None, :, 2] + GAP)
            & (cx[:, None] + half_w + GAP > taken[None, :, 0])
            & (cy[:, None] - half_h < taken[None, :, 3] + GAP)
            & (cy[:, None] + half_h + GAP > taken[None, :, 1])
        ).any(axis=1)
        free = inside & ~clash
    else:
        free = inside
    if not free.any():
        return None
    cost = np.abs(_wrap_angle(theta - ideal)) * radius + 1.6 * np.abs(rho - radius)
    # Of the cheapest free spots, the cheapest whose line crosses no box; else the cheapest.
    # Checked in batches, cheapest first: most nodes find a clean spot in the first batch.
    # With none clean, the spot crossing fewest (then cheapest) of those checked.
    order = np.flatnonzero(free)
    order = order[np.argsort(cost[order], kind="stable")]
    best, fewest, done = int(order[0]), math.inf, 0
    for size in CLEAN_BATCHES:
        pick = order[done : done + size]
        if not len(pick):
            break
        done += len(pick)
        crossings = _crossings(chip, theta[pick], rho[pick], cx[pick], cy[pick], space)
        least = int(np.argmin(crossings))  # the first of the fewest: the cheapest of them
        if crossings[least] < fewest:
            best, fewest = int(pick[least]), crossings[least]
        if fewest == 0:
            break
    return float(cx[best]), float(cy[best])


def _crossings(
    chip: _Chip,
    theta: FloatArray,
    rho: FloatArray,
    cx: FloatArray,
    cy: FloatArray,
    space: _Space,
) -> IntArray:
    """For each candidate: boxes its line would pass under, and lines its box would hide."""
    hit = np.zeros(len(theta), dtype=np.int64)
    if chip.line is not LineStyle.NONE and space.shadows:
        shadows = np.array(space.shadows, dtype=np.float64)
        offset = _wrap_angle(theta[:, None] - shadows[None, :, 0])
        hit += (
            (offset >= shadows[None, :, 1])
            & (offset <= shadows[None, :, 2])
            & (shadows[None, :, 3] < rho[:, None])
        ).sum(axis=1)
    if space.lines:
        lines = np.array(space.lines, dtype=np.float64)
        boxes = np.stack(
            [
                cx - chip.width / 2,
                cy - chip.height / 2,
                cx + chip.width / 2,
                cy + chip.height / 2,
            ],
            axis=1,
        )
        lo, hi, near = _shadow(boxes, theta)
        offset = _wrap_angle(lines[None, :, 0] - theta[:, None])
        hit += (
            (offset >= lo[:, None]) & (offset <= hi[:, None]) & (near[:, None] < lines[None, :, 1])
        ).sum(axis=1)
    return hit


def _ring_label_boxes(
    labels: EcomapLabels, measure: _Measure
) -> tuple[list[tuple[float, float, str]], list[Box]]:
    """The ring names sit on the rings at the right-hand side, left to right."""
    placed: list[tuple[float, float, str]] = []
    boxes: list[Box] = []
    right_edge = CENTRE_R + 4
    for ring, text in enumerate(labels.rings, start=1):
        drawn = _drawable(_shorten(_clean(text)))
        width, height = measure.size(drawn, SMALL_PT, italic=True)
        width, height = width + 8, height + 6
        x = max(RINGS[ring - 1], right_edge + GAP + width / 2)
        x = min(x, HALF - EDGE - width / 2)
        placed.append((x, 0.0, drawn))
        boxes.append((x - width / 2, -height / 2, x + width / 2, height / 2))
        right_edge = x + width / 2
    return placed, boxes


Key = tuple[Circle | None, int]  # (circle, ring): one ring of one wedge
MAX_ATTEMPTS = 25


def _plan(people: Sequence[EcoPerson], labels: EcomapLabels) -> _Plan:
    measure = _Measure()
    centre_w, _ = measure.size(_drawable(_clean(labels.centre), bold=True), CENTRE_PT, bold=True)
    centre_r = max(CENTRE_R, centre_w / 2 + 10)
    entries = _entries(people)
    if not entries:
        return _Plan([], [], [], centre_r)

    buckets: dict[Key, list[_Entry]] = {}
    for entry in entries:
        buckets.setdefault((entry.circle, entry.ring), []).append(entry)
    circles = [circle for circle in ORDER if any(key[0] == circle for key in buckets)]
    sizer = _Sizer(labels, measure)
    caps = _caps({key: len(group) for key, group in buckets.items()})
    ring_labels, label_boxes = _ring_label_boxes(labels, measure)

    last_resort = False
    for attempt in range(MAX_ATTEMPTS + 1):
        last_resort = last_resort or attempt == MAX_ATTEMPTS
        sectors = _sectors(circles, buckets, caps, sizer)
        space = _Space()
        pad = centre_r + 4
        space.add_obstacle((-pad, -pad, pad, pad))
        for box in label_boxes:
            space.add_obstacle(box)
        placements: list[Placement] = []
        stuck: Key | None = None
        for ring in (1, 2, 3):
            for circle, start, end in sectors:
                key = (circle, ring)
                if key not in buckets:
                    continue
                placed = _place_group(
                    key, buckets[key], start, end, caps, sizer, space, last_resort
                )
                if placed is None:
                    stuck = key
                    break
                placements.extend(placed)
            if stuck is not None:
                break
        if stuck is None:
            return _Plan(placements, sectors, ring_labels, centre_r)
        # Even one node found no room in its wedge: make room on that ring by grouping more of
        # the ring's fullest other wedge, and start again.
        others = [k for k in buckets if k[1] == stuck[1] and k != stuck and caps[k] > 1]
        if not others:
            last_resort = True
            continue
        fullest = max(others, key=lambda k: (caps[k], -ORDER.index(k[0])))
        caps[fullest] = _fit_cap(len(buckets[fullest]), caps[fullest] - 1)
    raise AssertionError("unreachable: the last attempt always places every node")


def _sectors(
    circles: Sequence[Circle | None],
    buckets: dict[Key, list[_Entry]],
    caps: dict[Key, int],
    sizer: _Sizer,
) -> list[tuple[Circle | None, float, float]]:
    """Each circle's wedge, sized by its most crowded ring.

    First groups crowded rings (lowering ``caps``) while the rough needs overfill the circle.
    """
    available = math.tau - 2 * SECTOR_GAP
    while True:
        demand = {
            key: _demand(sizer.chips(key[0], group, caps[key]), key[1])
            for key, group in buckets.items()
        }
        need = {c: max(d for key, d in demand.items() if key[0] == c) for c in circles}
        if sum(need.values()) <= OVERBOOK * available:
            break
        widest = max(circles, key=lambda c: (need[c], -circles.index(c)))
        shrinkable = [k for k in buckets if k[0] == widest and caps[k] > 1]
        if not shrinkable:
            break
        key = max(shrinkable, key=lambda k: (demand[k], k[1]))
        caps[key] = _fit_cap(len(buckets[key]), caps[key] - 1)

    base = 0.12
    total = sum(need[c] + base for c in circles)
    sectors: list[tuple[Circle | None, float, float]] = []
    angle = SECTOR_GAP
    for circle in circles:
        span = available * (need[circle] + base) / total
        sectors.append((circle, angle, angle + span))
        angle += span
    return sectors


def _place_group(
    key: Key,
    group: Sequence[_Entry],
    start: float,
    end: float,
    caps: dict[Key, int],
    sizer: _Sizer,
    space: _Space,
    last_resort: bool,
) -> list[Placement] | None:
    """Place one ring of one wedge, grouping more people each time a node finds no room.

    Lowers ``caps[key]`` as it groups.  None when not even a single node fits in the wedge,
    unless ``last_resort``: then it looks round the whole ring, and at worst overlaps.
    """
    circle, ring = key
    mark = space.mark()
    colour = COLOURS[circle]
    while True:
        cap = caps[key]
        chips = sizer.chips(circle, group, cap)
        placed: list[Placement] = []
        failed_at: int | None = None
        step = (end - start) / len(chips)
        for i, chip in enumerate(chips):
            spot = _find_spot(chip, ring, start, end, start + (i + 0.5) * step, space)
            if spot is None and cap == 1:
                if not last_resort:
                    space.reset(mark)
                    return None
                spot = _find_spot(chip, ring, 0.0, math.tau, (start + end) / 2, space)
                if spot is None:
                    mid, radius = (start + end) / 2, RINGS[ring - 1]
                    spot = (radius * math.cos(mid), radius * math.sin(mid))
            if spot is None:
                failed_at = i
                break
            x, y = spot
            placement = Placement(
                x=x,
                y=y,
                width=chip.width,
                height=chip.height,
                label=chip.label,
                name=chip.name,
                colour=colour,
                line=chip.line,
                circle=circle,
                ring=ring,
                members=chip.members,
                is_group=chip.is_group,
                marks=chip.marks,
            )
            space.add_chip(placement.box, chip.line is not LineStyle.NONE)
            placed.append(placement)
        if failed_at is None:
            return placed
        space.reset(mark)
        caps[key] = _fit_cap(len(group), max(1, min(cap - 1, failed_at + 1)))


def layout(people: Sequence[EcoPerson], labels: EcomapLabels) -> list[Placement]:
    """Where each node goes: pure geometry, deterministic for the same input.

    Rings by closeness, a wedge per circle, no two name boxes overlapping; crowded rings of a
    wedge end in a grouped node (``is_group``) whose ``members`` are the people it stands for.
    """
    return _plan(people, labels).placements


# ------------------------------------------------------------------------------- drawing
def _pt(px: float) -> float:
    return px / PX_PER_PT


def _line_kwargs(style: LineStyle) -> dict[str, object]:
    if style is LineStyle.SOLID:
        return {"color": LINE_INK, "linewidth": _pt(2.6), "linestyle": "-"}
    if style is LineStyle.DASHED:
        return {
            "color": LINE_INK,
            "linewidth": _pt(2.6),
            "linestyle": (0, (4.0, 2.6)),
            "dash_capstyle": "butt",
        }
    if style is LineStyle.DOTTED:
        return {
            "color": LINE_INK,
            "linewidth": _pt(4.2),
            "linestyle": (0, (0.05, 2.1)),
            "dash_capstyle": "round",
        }
    return {"color": FAINT_INK, "linewidth": _pt(1.6), "linestyle": "-"}


@dataclass(frozen=True)
class _Legend:
    circles: list[tuple[str, str]]  # colour, text
    styles: list[tuple[LineStyle, str]]
    circle_cols: int
    style_cols: int
    height: float
    marks: tuple[tuple[str, str], ...] = ()  # mark, text: one row each


ROW_H = 46.0
LEGEND_PAD = 22.0


def _legend(
    plan: _Plan, people: Sequence[EcoPerson], labels: EcomapLabels, measure: _Measure
) -> _Legend:
    if not plan.placements:
        return _Legend([], [], 1, 1, 0.0)
    present = {circle for circle, _, _ in plan.sectors}
    circles = [
        (COLOURS[c], _drawable(_shorten(_clean(_circle_label(c, labels)), 2 * MAX_NAME)))
        for c in ORDER
        if c in present
    ]
    contacts = {person.contact for person in people}
    styles = [
        (LINE_STYLES[c], _drawable(_shorten(_clean(labels.contacts[c]), 2 * MAX_NAME)))
        for c in Contact
        if c in contacts and c in labels.contacts
    ]
    usable = WIDTH - 2 * LEGEND_PAD

    def columns(items: Sequence[str], lead: float, most: int) -> int:
        widest = max((measure.line(text, SMALL_PT) for text in items), default=0.0) + lead + 24
        return max(1, min(most, int(usable // widest), len(items) or 1))

    circle_cols = columns([text for _, text in circles], 44, 3)
    style_cols = columns([text for _, text in styles], 110, 2)
    shown = {mark for p in plan.placements for mark in p.marks}
    marks = tuple(
        (mark, _drawable(_shorten(_clean(text), 3 * MAX_NAME)))
        for mark, text in ((MARK_NOT_SAFE, labels.not_safe), (MARK_NO_CONTACT, labels.no_contact))
        if mark in shown and text
    )
    rows = math.ceil(len(circles) / circle_cols) + math.ceil(len(styles) / style_cols)
    rows += len(marks)
    height = 2 * LEGEND_PAD + rows * ROW_H + (14 if styles else 0) + (14 if marks else 0)
    return _Legend(circles, styles, circle_cols, style_cols, height, marks)


def _draw(people: Sequence[EcoPerson], labels: EcomapLabels) -> tuple[Figure, _Plan]:
    measure = _Measure()
    plan = _plan(people, labels)
    legend = _legend(plan, people, labels, measure)
    map_h = MAP if plan.placements else EMPTY_MAP
    height = TITLE_H + map_h + legend.height
    fig = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    cx, cy = WIDTH / 2, legend.height + map_h / 2

    # Title, shrunk (then shortened) to fit the width.
    title = _drawable(_clean(labels.title), bold=True)
    size = TITLE_PT
    while measure.line(title, size, bold=True) > WIDTH - 48 and size > SMALL_PT:
        size -= 0.5
    while measure.line(title, size, bold=True) > WIDTH - 48 and len(title) > 2:
        title = title[:-2] + "…"
    ax.text(
        WIDTH / 2,
        height - TITLE_H / 2,
        title,
        ha="center",
        va="center",
        fontproperties=_font(size, bold=True),
        color=INK,
        parse_math=False,
    )

    # Wedges and rings.
    for circle, start, end in plan.sectors:
        ax.add_artist(
            Wedge(
                (cx, cy),
                HALF - EDGE,
                math.degrees(start),
                math.degrees(end),
                facecolor=COLOURS[circle],
                alpha=0.13,
                edgecolor="none",
                zorder=0,
            )
        )
    if plan.placements:
        for radius in RINGS:
            ax.add_artist(
                CirclePatch(
                    (cx, cy), radius, fill=False, edgecolor=RING_INK, linewidth=_pt(2), zorder=1
                )
            )
        for x, y, text in plan.ring_labels:
            ax.text(
                cx + x,
                cy + y,
                text,
                ha="center",
                va="center",
                fontproperties=_font(SMALL_PT, italic=True),
                color="#4A4A4A",
                parse_math=False,
                zorder=2,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
            )

    # Lines under the name boxes.
    for p in plan.placements:
        if p.line is LineStyle.NONE:
            continue
        ax.add_artist(
            Line2D([cx, cx + p.x], [cy, cy + p.y], zorder=3, **_line_kwargs(p.line))  # type: ignore[arg-type]
        )

    name_font = _font(NAME_PT)
    group_font = _font(GROUP_PT, bold=True)
    for p in plan.placements:
        x0, y0, _, _ = p.box
        shift = STACK if p.is_group else 0.0
        width, height = p.width - shift, p.height - shift
        for offset in (shift, shift / 2) if p.is_group else ():
            ax.add_artist(
                FancyBboxPatch(
                    (cx + x0 + offset, cy + y0 + shift - offset),
                    width,
                    height,
                    boxstyle="round,pad=0,rounding_size=10",
                    facecolor="white",
                    edgecolor=INK,
                    linewidth=_pt(1.2),
                    zorder=4,
                )
            )
        ax.add_artist(
            FancyBboxPatch(
                (cx + x0, cy + y0 + shift),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=10",
                facecolor=p.colour,
                edgecolor=NOT_SAFE_INK if MARK_NOT_SAFE in p.marks else INK,
                linewidth=_pt(
                    NOT_SAFE_EDGE if MARK_NOT_SAFE in p.marks else 1.4 if p.is_group else 1.0
                ),
                zorder=4,
            )
        )
        ax.text(
            cx + x0 + width / 2,
            cy + y0 + shift + height / 2,
            p.label,
            ha="center",
            va="center",
            multialignment="center",
            linespacing=LINE_SPACING,
            fontproperties=group_font if p.is_group else name_font,
            color=INK,
            parse_math=False,
            zorder=5,
        )

    # The young person.
    ax.add_artist(CirclePatch((cx, cy), plan.centre_radius, facecolor=CENTRE_FILL, zorder=6))
    ax.text(
        cx,
        cy,
        _drawable(_clean(labels.centre), bold=True),
        ha="center",
        va="center",
        fontproperties=_font(CENTRE_PT, bold=True),
        color="white",
        parse_math=False,
        zorder=7,
    )

    if not plan.placements and labels.empty:
        ax.text(
            cx,
            cy - plan.centre_radius - 40,
            _drawable(_shorten(_clean(labels.empty), 60)),
            ha="center",
            va="center",
            fontproperties=_font(NAME_PT),
            color="#333333",
            parse_math=False,
        )
    if legend.height:
        _draw_legend(ax, legend)
    return fig, plan


def _draw_legend(ax: Axes, legend: _Legend) -> None:
    font = _font(SMALL_PT)
    top = legend.height - LEGEND_PAD - ROW_H / 2
    ax.plot([LEGEND_PAD, WIDTH - LEGEND_PAD], [legend.height, legend.height], color=RING_INK)
    col_w = (WIDTH - 2 * LEGEND_PAD) / legend.circle_cols
    for i, (colour, text) in enumerate(legend.circles):
        row, col = divmod(i, legend.circle_cols)
        x, y = LEGEND_PAD + col * col_w, top - row * ROW_H
        ax.add_artist(
            FancyBboxPatch(
                (x, y - 13),
                30,
                26,
                boxstyle="round,pad=0,rounding_size=7",
                facecolor=colour,
                edgecolor=INK,
                linewidth=_pt(1.0),
            )
        )
        ax.text(x + 42, y, text, va="center", fontproperties=font, color=INK, parse_math=False)
    rows = math.ceil(len(legend.circles) / legend.circle_cols)
    top -= rows * ROW_H + 14
    col_w = (WIDTH - 2 * LEGEND_PAD) / legend.style_cols
    for i, (style, text) in enumerate(legend.styles):
        row, col = divmod(i, legend.style_cols)
        x, y = LEGEND_PAD + col * col_w, top - row * ROW_H
        ax.add_artist(CirclePatch((x + 8, y), 8, facecolor=CENTRE_FILL))
        if style is not LineStyle.NONE:
            ax.add_artist(Line2D([x + 8, x + 78], [y, y], **_line_kwargs(style)))  # type: ignore[arg-type]
        ax.add_artist(
            FancyBboxPatch(
                (x + 78, y - 11),
                18,
                22,
                boxstyle="round,pad=0,rounding_size=5",
                facecolor="white",
                edgecolor=INK,
                linewidth=_pt(1.0),
            )
        )
        ax.text(x + 110, y, text, va="center", fontproperties=font, color=INK, parse_math=False)
    top -= math.ceil(len(legend.styles) / legend.style_cols) * ROW_H + 14
    for i, (mark, text) in enumerate(legend.marks):
        y = top - i * ROW_H
        not_safe = mark == MARK_NOT_SAFE
        ax.add_artist(
            FancyBboxPatch(
                (LEGEND_PAD, y - 15),
                40,
                30,
                boxstyle="round,pad=0,rounding_size=7",
                facecolor="white",
                edgecolor=NOT_SAFE_INK if not_safe else INK,
                linewidth=_pt(NOT_SAFE_EDGE if not_safe else 1.0),
            )
        )
        ax.text(
            LEGEND_PAD + 20,
            y,
            mark,
            ha="center",
            va="center",
            fontproperties=font,
            color=INK,
            parse_math=False,
        )
        ax.text(
            LEGEND_PAD + 56, y, text, va="center", fontproperties=font, color=INK, parse_math=False
        )


def render_ecomap(people: Sequence[EcoPerson], labels: EcomapLabels) -> bytes:
    """The ecomap as PNG bytes, 1080 px wide, white background."""
    fig, _ = _draw(people, labels)
    canvas: Any = fig.canvas  # FigureCanvasAgg; its methods are not annotated
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]
    buffer = io.BytesIO()
    # RGB (no alpha, the background is white) and light compression: quicker, same picture.
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


# ------------------------------------------------------------------------------- caption
def _caption_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def describe(
    people: Sequence[EcoPerson], labels: EcomapLabels, *, limit: int = CAPTION_LIMIT
) -> str:
    """The picture in words, for screen readers: people grouped by closeness, then circle.

    ``Name (lost touch)`` marks anyone not simply in touch.  If the whole list is longer than
    ``limit`` (Telegram counts UTF-16 units), each line keeps only its first names and a count
    ("+5 more"), and ``labels.full_list`` is added.
    """
    entries = _entries(people)
    title = _clean(labels.title)
    if not entries:
        return _shorten(title, limit)
    by_ring: dict[int, dict[Circle | None, list[str]]] = {1: {}, 2: {}, 3: {}}
    for entry in entries:
        name = _shorten(entry.full, 2 * MAX_NAME)
        contact = entry.contact
        notes = []
        if contact not in (None, Contact.IN_TOUCH) and contact in labels.contacts:
            notes.append(_clean(labels.contacts[contact]))
        for mark, text in ((MARK_NOT_SAFE, labels.not_safe), (MARK_NO_CONTACT, labels.no_contact)):
            if mark in entry.marks and text:
                notes.append(f"{mark} {_clean(text)}")
        if notes:
            name = f"{name} ({', '.join(notes)})"
        by_ring[entry.ring].setdefault(entry.circle, []).append(name)

    def build(keep: int | None) -> str:
        blocks = [title]
        for ring in (1, 2, 3):
            lines = [_clean(labels.rings[ring - 1])]
            for circle in ORDER:
                names = by_ring[ring].get(circle)
                if not names:
                    continue
                circle_label = _clean(_circle_label(circle, labels))
                shown = names if keep is None else names[:keep]
                parts = list(shown)
                if len(shown) < len(names):
                    parts.append(_more_text(labels, len(names) - len(shown), circle_label))
                lines.append(f"{circle_label}: {', '.join(parts)}")
            if len(lines) > 1:
                blocks.append("\n".join(lines))
        text = "\n\n".join(blocks)
        if keep is not None and labels.full_list:
            text += "\n\n" + _clean(labels.full_list)
        return text

    full = build(None)
    if _caption_length(full) <= limit:
        return full
    longest = max(len(names) for groups in by_ring.values() for names in groups.values())
    for keep in range(longest - 1, -1, -1):
        text = build(keep)
        if _caption_length(text) <= limit:
            return text
    text = build(0)
    while _caption_length(text) > limit - 1:
        text = text[:-1]
    return text + "…"
