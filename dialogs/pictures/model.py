"""The ecomap's public types, its fixed sizes and colours, and the people as it orders them.

Pure: no database, no Telegram, no matplotlib.  The caller fills :class:`EcomapLabels` from the
text catalogue; every word in the picture and the caption comes from there.

Geometry (:class:`Placement`) is in pixels of the final picture, relative to the centre of the
map, y pointing up.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

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
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# ------------------------------------------------------------------------------- names
def clean(name: str) -> str:
    """One line, no control characters, single spaces; never empty."""
    chars: list[str] = []
    for char in name:
        if char in BIDI_CONTROLS:
            continue
        chars.append(" " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char)
    return " ".join("".join(chars).split()) or "?"


def shorten(text: str, limit: int = MAX_NAME) -> str:
    """``text`` cut to ``limit`` characters, the last being "…", when it is longer."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rstrip()
    while head and unicodedata.category(head[-1]) in ("Mn", "Cf"):
        head = head[:-1]
    return head + "…"


# ------------------------------------------------------------------------------- people
@dataclass(frozen=True)
class Entry:
    """One person as the picture and the caption order them (cleaned, shortened, marked)."""

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


def _ring_of(closeness: int | None) -> int:
    return closeness if closeness in (1, 2, 3) else 3


def sorted_entries(people: Sequence[EcoPerson]) -> list[Entry]:
    """The people as entries, in drawing order: in touch first, then by name."""
    entries = []
    for index, person in enumerate(people):
        full = clean(person.name)
        entries.append(
            Entry(
                index=index,
                full=full,
                name=shorten(full),
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


def circle_name(circle: Circle | None, labels: EcomapLabels) -> str:
    """The word for a circle (or for "not sure" when ``circle`` is None)."""
    if circle is None:
        return labels.unknown_circle
    return labels.circles.get(circle, labels.unknown_circle)


def more_text(labels: EcomapLabels, n: int, circle_label: str) -> str:
    """ "+5 more", from the ``more`` template."""
    return labels.more.format(n=n, circle=circle_label)
