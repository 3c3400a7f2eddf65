"""The ecomap drawn with matplotlib's object API: map, names, legend, and the PNG bytes.

The picture (:func:`render_ecomap`) is a PNG 1080 px wide.  The young person is in the centre;
each circle of people has its own wedge and colour, from the Okabe–Ito colour-blind-safe
palette.  A line from the centre shows contact: solid in touch, dashed lost touch, dotted would
like to find, none for "don't want contact" (a faint thin line when the contact is not known,
and for grouped nodes).  Someone marked *not safe* has a thick vermilion border and "⚠" before
their name; someone the young person wants *no contact* with has "⊘" before their name; the
legend says what the marks mean.  One ``Figure`` per render and no ``pyplot`` state, so
renders may run in worker threads or processes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle as CirclePatch
from matplotlib.patches import FancyBboxPatch, Wedge
from PIL import Image

from dialogs.pictures.fonts import Measure, drawable, make_font
from dialogs.pictures.layout import Plan, plan_layout
from dialogs.pictures.model import (
    CENTRE_FILL,
    CENTRE_PT,
    COLOURS,
    DPI,
    EDGE,
    EMPTY_MAP,
    FAINT_INK,
    GROUP_PT,
    HALF,
    INK,
    LINE_INK,
    LINE_SPACING,
    LINE_STYLES,
    MAP,
    MARK_NO_CONTACT,
    MARK_NOT_SAFE,
    MAX_NAME,
    NAME_PT,
    NOT_SAFE_EDGE,
    NOT_SAFE_INK,
    ORDER,
    PX_PER_PT,
    RING_INK,
    RINGS,
    SMALL_PT,
    STACK,
    TITLE_H,
    TITLE_PT,
    WIDTH,
    Contact,
    EcomapLabels,
    EcoPerson,
    LineStyle,
    circle_name,
    clean,
    shorten,
)


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
    plan: Plan, people: Sequence[EcoPerson], labels: EcomapLabels, measure: Measure
) -> _Legend:
    if not plan.placements:
        return _Legend([], [], 1, 1, 0.0)
    present = {circle for circle, _, _ in plan.sectors}
    circles = [
        (COLOURS[c], drawable(shorten(clean(circle_name(c, labels)), 2 * MAX_NAME)))
        for c in ORDER
        if c in present
    ]
    contacts = {person.contact for person in people}
    styles = [
        (LINE_STYLES[c], drawable(shorten(clean(labels.contacts[c]), 2 * MAX_NAME)))
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
        (mark, drawable(shorten(clean(text), 3 * MAX_NAME)))
        for mark, text in ((MARK_NOT_SAFE, labels.not_safe), (MARK_NO_CONTACT, labels.no_contact))
        if mark in shown and text
    )
    rows = math.ceil(len(circles) / circle_cols) + math.ceil(len(styles) / style_cols)
    rows += len(marks)
    height = 2 * LEGEND_PAD + rows * ROW_H + (14 if styles else 0) + (14 if marks else 0)
    return _Legend(circles, styles, circle_cols, style_cols, height, marks)


def draw(people: Sequence[EcoPerson], labels: EcomapLabels) -> tuple[Figure, Plan]:
    """The ecomap as a matplotlib ``Figure`` (with its own Agg canvas) and the layout it drew."""
    measure = Measure()
    plan = plan_layout(people, labels)
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
    title = drawable(clean(labels.title), bold=True)
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
        fontproperties=make_font(size, bold=True),
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
                fontproperties=make_font(SMALL_PT, italic=True),
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

    name_font = make_font(NAME_PT)
    group_font = make_font(GROUP_PT, bold=True)
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
        drawable(clean(labels.centre), bold=True),
        ha="center",
        va="center",
        fontproperties=make_font(CENTRE_PT, bold=True),
        color="white",
        parse_math=False,
        zorder=7,
    )

    if not plan.placements and labels.empty:
        ax.text(
            cx,
            cy - plan.centre_radius - 40,
            drawable(shorten(clean(labels.empty), 60)),
            ha="center",
            va="center",
            fontproperties=make_font(NAME_PT),
            color="#333333",
            parse_math=False,
        )
    if legend.height:
        _draw_legend(ax, legend)
    return fig, plan


def _draw_legend(ax: Axes, legend: _Legend) -> None:
    font = make_font(SMALL_PT)
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
    fig, _ = draw(people, labels)
    canvas: Any = fig.canvas  # FigureCanvasAgg; its methods are not annotated
    canvas.draw()
    rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]
    buffer = io.BytesIO()
    # RGB (no alpha, the background is white) and light compression: quicker, same picture.
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()
