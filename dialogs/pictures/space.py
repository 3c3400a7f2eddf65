"""Free room on the ecomap: boxes taken, lines drawn, and the search for a free spot.

Pure geometry in pixels from the centre of the map, y up (numpy, no drawing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dialogs.pictures.model import (
    ANGLE_STEP,
    CLEAN_BATCHES,
    EDGE,
    GAP,
    HALF,
    LINE_CLEAR,
    RADIAL_STEPS,
    RINGS,
    LineStyle,
)

Box = tuple[float, float, float, float]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Chip:
    """A node to place: one person, or a group."""

    label: str
    name: str
    width: float
    height: float
    line: LineStyle
    members: tuple[str, ...]
    is_group: bool
    marks: tuple[str, ...] = ()


class Space:
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


def find_spot(
    chip: Chip,
    ring: int,
    start: float,
    end: float,
    ideal: float,
    space: Space,
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
    chip: Chip,
    theta: FloatArray,
    rho: FloatArray,
    cx: FloatArray,
    cy: FloatArray,
    space: Space,
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
