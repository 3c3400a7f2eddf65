"""The ecomap picture and caption: geometry, grouping, rendering, words."""

from __future__ import annotations

import itertools
import math
import random
import struct
import warnings
from collections import Counter

import pytest

from dialogs.pictures import model as ecomap
from dialogs.pictures.caption import describe
from dialogs.pictures.layout import layout
from dialogs.pictures.model import (
    CAPTION_LIMIT,
    MAX_NAME,
    MAX_PER_GROUP,
    RINGS,
    WIDTH,
    Circle,
    Contact,
    EcomapLabels,
    EcoPerson,
    LineStyle,
    Placement,
)
from dialogs.pictures.render import draw, render_ecomap
from dialogs.young.picture import ecomap_labels

FIRST = ["Mum", "Dad", "Nan", "Aunt Sophie", "Jay", "Priya", "Coach Dave", "Mrs Okonkwo", "Kai"]
LAST = ["Smith", "Jones", "Patel", "Khan", "Nowak", "O'Connor", "Williams", "Henderson"]


@pytest.fixture
def labels() -> EcomapLabels:
    """The product's own labels, from the text catalogue."""
    return ecomap_labels()


def person(
    name: str,
    circle: Circle | None = Circle.FAMILY,
    closeness: int | None = 1,
    contact: Contact | None = Contact.IN_TOUCH,
) -> EcoPerson:
    return EcoPerson(name=name, circle=circle, closeness=closeness, contact=contact)


def crowd(count: int, seed: int = 7) -> list[EcoPerson]:
    """``count`` made-up people spread over circles, rings and contact states."""
    rng = random.Random(seed)
    return [
        EcoPerson(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}"[:20],
            circle=rng.choice([*Circle, None]),
            closeness=rng.choice([1, 2, 3, None]),
            contact=rng.choice([*Contact, None]),
        )
        for _ in range(count)
    ]


def twenty_char_people(count: int, spaced: bool = True) -> list[EcoPerson]:
    circles = list(Circle)
    contacts = list(Contact)
    people = []
    for i in range(count):
        name = f"Alexandra Pember{i:02d}xy" if spaced else f"BartholomewFitzger{i:02d}"
        assert len(name) == 20
        people.append(person(name, circles[i % 5], 1 + (i // 5) % 3, contacts[i % 4]))
    return people


def overlapping_pairs(placements: list[Placement]) -> list[tuple[str, str]]:
    pairs = []
    for a, b in itertools.combinations(placements, 2):
        ax0, ay0, ax1, ay1 = a.box
        bx0, by0, bx1, by1 = b.box
        if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
            pairs.append((a.name, b.name))
    return pairs


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# ------------------------------------------------------------------------------- geometry
def test_rings_by_closeness(labels: EcomapLabels) -> None:
    people = [
        person(f"Person {i}", circle, closeness)
        for i, (circle, closeness) in enumerate(
            itertools.product([*Circle, None], [1, 2, 3, None, 7])
        )
    ]
    placements = layout(people, labels)
    assert len(placements) == len(people)
    by_name = {p.name: p for p in placements}
    for i, (_, closeness) in enumerate(itertools.product([*Circle, None], [1, 2, 3, None, 7])):
        expected = closeness if closeness in (1, 2, 3) else 3  # unknown: the outer ring
        assert by_name[f"Person {i}"].ring == expected
    for p in placements:
        nearest = min(range(3), key=lambda k: abs(p.radius - RINGS[k])) + 1
        assert nearest == p.ring, (p.name, p.radius)
    radii = {ring: [p.radius for p in placements if p.ring == ring] for ring in (1, 2, 3)}
    assert max(radii[1]) < min(radii[2])
    assert max(radii[2]) < min(radii[3])


def test_each_circle_has_its_own_wedge(labels: EcomapLabels) -> None:
    placements = layout(crowd(40), labels)
    spans: dict[Circle | None, tuple[float, float]] = {}
    for p in placements:
        low, high = spans.get(p.circle, (math.inf, -math.inf))
        spans[p.circle] = (min(low, p.angle), max(high, p.angle))
    assert len(spans) == 6
    ordered = sorted(spans.values())
    for (_, end), (start, _) in itertools.pairwise(ordered):
        assert end < start  # wedges never interleave
    # Wedges go round counter-clockwise in a fixed order: family, friends, carers, ...
    order = sorted(spans, key=lambda circle: spans[circle][0])
    assert order == [*Circle, None]


def test_colour_per_circle(labels: EcomapLabels) -> None:
    placements = layout(crowd(40), labels)
    colours: dict[Circle | None, set[str]] = {}
    for p in placements:
        colours.setdefault(p.circle, set()).add(p.colour)
    assert all(len(found) == 1 for found in colours.values())
    assert len({next(iter(found)) for found in colours.values()}) == len(colours)


def test_line_styles_by_contact(labels: EcomapLabels) -> None:
    people = [
        person("In", contact=Contact.IN_TOUCH),
        person("Lost", contact=Contact.LOST_TOUCH),
        person("Find", contact=Contact.WOULD_LIKE_TO_FIND),
        person("None wanted", contact=Contact.NO_CONTACT),
        person("Unknown", contact=None),
    ]
    styles = {p.name: p.line for p in layout(people, labels)}
    assert styles == {
        "In": LineStyle.SOLID,
        "Lost": LineStyle.DASHED,
        "Find": LineStyle.DOTTED,
        "None wanted": LineStyle.NONE,
        "Unknown": LineStyle.FAINT,
    }


@pytest.mark.parametrize("spaced", [True, False])
def test_thirty_twenty_character_names_do_not_overlap(labels: EcomapLabels, spaced: bool) -> None:
    placements = layout(twenty_char_people(30, spaced), labels)
    assert not any(p.is_group for p in placements)  # everyone shown by name
    assert len(placements) == 30
    assert overlapping_pairs(placements) == []
    for p in placements:
        assert len(p.name) == 20
        x0, y0, x1, y1 = p.box
        assert x0 >= -ecomap.HALF and x1 <= ecomap.HALF  # inside the map
        assert y0 >= -ecomap.HALF and y1 <= ecomap.HALF


def test_rendered_text_fits_inside_its_box(labels: EcomapLabels) -> None:
    """The layout's boxes are the real text extents (plus padding), so no overlap in pixels."""
    fig, plan = draw(twenty_char_people(30), labels)
    renderer = fig.canvas.get_renderer()
    texts = {t.get_text(): t for t in fig.axes[0].texts}
    legend_height = fig.get_size_inches()[1] * ecomap.DPI - ecomap.TITLE_H - ecomap.MAP
    cx, cy = WIDTH / 2, legend_height + ecomap.MAP / 2
    for p in plan.placements:
        extent = texts[p.label].get_window_extent(renderer)
        x0, y0, x1, y1 = p.box
        assert cx + x0 <= extent.x0 + 1 and extent.x1 - 1 <= cx + x1, p.name
        assert cy + y0 <= extent.y0 + 1 and extent.y1 - 1 <= cy + y1, p.name


def segment_hits_box(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    """Does the segment from the centre (0, 0) to (x, y) pass through ``box``?"""
    x0, y0, x1, y1 = box
    low, high = 0.0, 1.0
    for direction, lower, upper in ((x, x0, x1), (y, y0, y1)):
        if direction == 0:
            if not lower <= 0 <= upper:
                return False
            continue
        t_a, t_b = sorted((lower / direction, upper / direction))
        low, high = max(low, t_a), min(high, t_b)
    return low <= high


@pytest.mark.parametrize("seed", range(5))
def test_few_people_no_line_hides_under_another_name(labels: EcomapLabels, seed: int) -> None:
    placements = layout(crowd(10, seed), labels)
    for a in placements:
        if a.line is LineStyle.NONE:
            continue
        hidden = [b.name for b in placements if b is not a and segment_hits_box(a.x, a.y, b.box)]
        assert hidden == [], a.name


def test_many_people_are_grouped_and_still_readable(labels: EcomapLabels) -> None:
    people = crowd(200)
    placements = layout(people, labels)
    groups = [p for p in placements if p.is_group]
    assert groups
    assert len(placements) <= ecomap.NODE_BUDGET
    assert overlapping_pairs(placements) == []
    # Every person is drawn exactly once: by name, or inside one group.
    drawn = Counter(member for p in placements for member in p.members)
    assert drawn == Counter(ecomap.clean(q.name) for q in people)
    for group in groups:
        assert len(group.members) >= ecomap.MIN_GROUP
        assert f"+{len(group.members)} more" in group.label
        assert group.label.startswith(labels.circles.get(group.circle, labels.unknown_circle))
        assert group.line is LineStyle.FAINT


def test_a_crowded_ring_of_a_wedge_is_grouped(labels: EcomapLabels) -> None:
    people = [person(f"Friend {i:02d}", Circle.FRIENDS, 2) for i in range(30)]
    placements = layout(people, labels)
    assert len(placements) <= MAX_PER_GROUP
    groups = [p for p in placements if p.is_group]
    assert len(groups) == 1
    assert groups[0].label == f"Friends\n+{len(groups[0].members)} more"
    assert len(placements) - 1 + len(groups[0].members) == 30
    assert overlapping_pairs(placements) == []


def test_more_template_may_name_the_circle(labels: EcomapLabels) -> None:
    words = EcomapLabels(**{**labels.__dict__, "more": "{circle}: +{n} more"})
    people = [person(f"Friend {i:02d}", Circle.FRIENDS, 1) for i in range(30)]
    group = next(p for p in layout(people, words) if p.is_group)
    assert group.label == f"Friends: +{len(group.members)} more"


def test_people_in_touch_are_drawn_before_others_are_grouped(labels: EcomapLabels) -> None:
    people = [person(f"Lost {i:02d}", contact=Contact.LOST_TOUCH) for i in range(20)]
    people += [person(f"Close {i}", contact=Contact.IN_TOUCH) for i in range(3)]
    named = {p.name for p in layout(people, labels) if not p.is_group}
    assert {"Close 0", "Close 1", "Close 2"} <= named


def test_long_names_are_shortened(labels: EcomapLabels) -> None:
    people = [
        person("Bartholomew Fitzgerald-Smythe"),
        person("Exactly twenty chars"),
        person("  Tab\tand\nnewline  "),
        person(""),
    ]
    names = {p.name for p in layout(people, labels)}
    assert "Bartholomew Fitzger…" in names
    assert "Exactly twenty chars" in names
    assert "Tab and newline" in names
    assert "?" in names
    assert all(len(name) <= MAX_NAME for name in names)


def test_wrapping_keeps_the_name(labels: EcomapLabels) -> None:
    placements = layout([person("Alexandra Pemberton"), person("Jo")], labels)
    by_name = {p.name: p for p in placements}
    assert by_name["Alexandra Pemberton"].label == "Alexandra\nPemberton"
    assert by_name["Jo"].label == "Jo"


def test_layout_is_deterministic(labels: EcomapLabels) -> None:
    people = crowd(60)
    first = layout(people, labels)
    assert layout(people, labels) == first
    shuffled = people[:]
    random.Random(3).shuffle(shuffled)
    assert {(p.name, p.x, p.y) for p in layout(shuffled, labels)} == {
        (p.name, p.x, p.y) for p in first
    }


# ------------------------------------------------------------------------------- rendering
@pytest.mark.parametrize("count", [0, 1, 50, 200])
def test_renders_png_wide_enough(labels: EcomapLabels, count: int) -> None:
    data = render_ecomap(crowd(count), labels)
    width, height = png_size(data)
    assert width == WIDTH >= 1080
    assert height >= 500


def test_render_is_deterministic(labels: EcomapLabels) -> None:
    people = crowd(12)
    assert render_ecomap(people, labels) == render_ecomap(people, labels)


def test_fonts_are_large_enough_for_a_phone(labels: EcomapLabels) -> None:
    fig, _ = draw(crowd(50), labels)
    assert fig.get_size_inches()[0] * fig.dpi == WIDTH
    sizes = [t.get_fontsize() for t in fig.axes[0].texts]
    assert min(sizes) >= 11  # points, at 1080 px wide


def test_any_script_and_emoji_render_quietly(labels: EcomapLabels) -> None:
    people = [
        person("Mum 😀"),
        person("王小明", Circle.FRIENDS),
        person("محمد علي", Circle.FRIENDS, 2),
        person("Zoë Ελένη Борис", Circle.CARERS, 2),
        person("👨‍👩‍👧 family", Circle.FAMILY, 3),
        person("दीपिका", Circle.PROFESSIONALS, 3),
        person("$x^2$ \\frac{a}{b}<b>", Circle.COMMUNITY),  # not mathtext, not markup
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = render_ecomap(people, labels)
    assert png_size(data)[0] == WIDTH
    assert [str(w.message) for w in caught] == []
    names = {p.name for p in layout(people, labels)}
    assert "$x^2$ \\frac{a}{b}<b>" in names


def test_every_word_comes_from_the_labels(labels: EcomapLabels) -> None:
    people = crowd(120)
    fig, plan = draw(people, labels)
    allowed = {
        labels.title,
        labels.centre,
        *labels.rings,
        *labels.circles.values(),
        labels.unknown_circle,
        *labels.contacts.values(),
    }
    allowed |= {p.label for p in plan.placements}
    assert {t.get_text() for t in fig.axes[0].texts} <= allowed
    assert any(p.is_group for p in plan.placements)


def test_nobody_yet_shows_the_centre_title_and_hint(labels: EcomapLabels) -> None:
    fig, plan = draw([], labels)
    assert plan.placements == []
    assert {t.get_text() for t in fig.axes[0].texts} == {"My people", "You", labels.empty}


# ------------------------------------------------------------------------------- caption
def test_caption_lists_people_by_closeness(labels: EcomapLabels) -> None:
    people = [
        person("Nan", Circle.FAMILY, 1),
        person("Jay", Circle.FRIENDS, 1, Contact.LOST_TOUCH),
        person("Dad", Circle.FAMILY, 2, Contact.WOULD_LIKE_TO_FIND),
        person("Sam", Circle.PROFESSIONALS, None, Contact.NO_CONTACT),
        person("Mo", None, 3, None),
    ]
    assert describe(people, labels) == (
        "My people\n\n"
        "Very close\nFamily: Nan\nFriends: Jay (Lost touch)\n\n"
        "Close\nFamily: Dad (I'd like to find them)\n\n"
        "Not so close\nWorkers: Sam (I don't want contact)\nNot sure: Mo"
    )


def test_caption_lists_grouped_people(labels: EcomapLabels) -> None:
    people = [person(f"Friend {i:02d}", Circle.FRIENDS, 2) for i in range(30)]
    assert any(p.is_group for p in layout(people, labels))
    caption = describe(people, labels)
    assert all(f"Friend {i:02d}" in caption for i in range(30))
    assert labels.full_list not in caption


def test_long_caption_is_summarised_within_the_limit(labels: EcomapLabels) -> None:
    people = crowd(200)
    caption = describe(people, labels)
    assert len(caption.encode("utf-16-le")) // 2 <= CAPTION_LIMIT
    assert caption.startswith("My people\n\nVery close\n")
    assert caption.endswith(labels.full_list)
    assert "more" in caption
    for ring in labels.rings:
        assert ring in caption


def test_caption_limit_counts_like_telegram(labels: EcomapLabels) -> None:
    people = [person(f"😀 Emoji friend {i}", Circle.FRIENDS, 1) for i in range(80)]
    caption = describe(people, labels, limit=300)
    assert len(caption.encode("utf-16-le")) // 2 <= 300
    assert caption.endswith(labels.full_list)


def test_caption_for_nobody_is_the_title(labels: EcomapLabels) -> None:
    assert describe([], labels) == "My people"
