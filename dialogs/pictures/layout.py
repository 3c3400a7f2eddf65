"""Where each node of the ecomap goes: entries, sizing, and the placement search.

Three rings stand for closeness (very close inside, not so close outside, closeness not known
on the outer ring); each circle of people (family, friends, …) has its own wedge.
:func:`layout` places every name so that no two name boxes overlap (text extents are measured
with the same fonts the picture uses); when a ring of a wedge holds more people than fit
legibly (at most 12 per ring of a wedge, 48 nodes in all), the rest are drawn as one node such
as "Friends / +5 more" (standing for at least 3 people).  Names longer than 20 characters are
shortened with "…"; long names wrap onto two lines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dialogs.pictures.fonts import Measure, drawable, wrap
from dialogs.pictures.model import (
    CENTRE_PT,
    CENTRE_R,
    COLOURS,
    EDGE,
    GAP,
    GROUP_PT,
    HALF,
    LINE_STYLES,
    MAX_NAME,
    MAX_PER_GROUP,
    MIN_GROUP,
    NAME_PT,
    NODE_BUDGET,
    ORDER,
    OVERBOOK,
    PAD_X,
    PAD_Y,
    RINGS,
    SECTOR_GAP,
    SMALL_PT,
    STACK,
    Circle,
    EcomapLabels,
    EcoPerson,
    Entry,
    LineStyle,
    Placement,
    circle_name,
    clean,
    more_text,
    shorten,
    sorted_entries,
)
from dialogs.pictures.space import Box, Chip, Space, find_spot


@dataclass(frozen=True)
class Plan:
    """Everything the drawing needs from the layout: nodes, wedges, ring names, centre size."""

    placements: list[Placement]
    sectors: list[tuple[Circle | None, float, float]]  # circle, start angle, end angle
    ring_labels: list[tuple[float, float, str]]  # x, y (centre), text
    centre_radius: float


def _group_label(labels: EcomapLabels, n: int, circle_label: str) -> str:
    more = more_text(labels, n, circle_label)
    if "{circle}" in labels.more:
        return shorten(more, 2 * MAX_NAME)
    return f"{shorten(circle_label)}\n{shorten(more)}"


class _Sizer:
    """Builds the chips of one ring of one wedge, given how many nodes may be drawn."""

    def __init__(self, labels: EcomapLabels, measure: Measure) -> None:
        self.labels = labels
        self.measure = measure
        self._people: dict[int, Chip] = {}

    def person(self, entry: Entry) -> Chip:
        chip = self._people.get(entry.index)
        if chip is None:
            label = wrap(drawable(entry.name), self.measure, NAME_PT)
            if entry.marks:
                label = f"{''.join(entry.marks)} {label}"
            width, height = self.measure.size(label, NAME_PT)
            chip = Chip(
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

    def group(self, circle: Circle | None, members: Sequence[Entry]) -> Chip:
        circle_label = circle_name(circle, self.labels)
        label = drawable(_group_label(self.labels, len(members), circle_label), bold=True)
        width, height = self.measure.size(label, GROUP_PT, bold=True)
        return Chip(
            label=label,
            name=label.replace("\n", " "),
            width=width + 2 * PAD_X + STACK,
            height=height + 2 * PAD_Y + STACK,
            line=LineStyle.FAINT,
            members=tuple(entry.full for entry in members),
            is_group=True,
        )

    def chips(self, circle: Circle | None, entries: Sequence[Entry], cap: int) -> list[Chip]:
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


def _demand(chips: Sequence[Chip], ring: int) -> float:
    """Rough angle (radians) a ring of a wedge needs for its chips, drawn side by side."""
    arc = sum(0.5 * (chip.width + chip.height) + GAP for chip in chips)
    return arc / RINGS[ring - 1]


def _ring_label_boxes(
    labels: EcomapLabels, measure: Measure
) -> tuple[list[tuple[float, float, str]], list[Box]]:
    """The ring names sit on the rings at the right-hand side, left to right."""
    placed: list[tuple[float, float, str]] = []
    boxes: list[Box] = []
    right_edge = CENTRE_R + 4
    for ring, text in enumerate(labels.rings, start=1):
        drawn = drawable(shorten(clean(text)))
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


def plan_layout(people: Sequence[EcoPerson], labels: EcomapLabels) -> Plan:
    """Place every node (grouping crowded rings until each fits); see :func:`layout`."""
    measure = Measure()
    centre_w, _ = measure.size(drawable(clean(labels.centre), bold=True), CENTRE_PT, bold=True)
    centre_r = max(CENTRE_R, centre_w / 2 + 10)
    entries = sorted_entries(people)
    if not entries:
        return Plan([], [], [], centre_r)

    buckets: dict[Key, list[Entry]] = {}
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
        space = Space()
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
            return Plan(placements, sectors, ring_labels, centre_r)
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
    buckets: dict[Key, list[Entry]],
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
    group: Sequence[Entry],
    start: float,
    end: float,
    caps: dict[Key, int],
    sizer: _Sizer,
    space: Space,
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
            spot = find_spot(chip, ring, start, end, start + (i + 0.5) * step, space)
            if spot is None and cap == 1:
                if not last_resort:
                    space.reset(mark)
                    return None
                spot = find_spot(chip, ring, 0.0, math.tau, (start + end) / 2, space)
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
    return plan_layout(people, labels).placements
