"""The ecomap in words: the photo's caption, which doubles as its description for screen readers.

Pure text (no matplotlib), so it is cheap to build in the update's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.pictures.model import (
    CAPTION_LIMIT,
    MARK_NO_CONTACT,
    MARK_NOT_SAFE,
    MAX_NAME,
    ORDER,
    Circle,
    Contact,
    EcomapLabels,
    EcoPerson,
    circle_name,
    clean,
    more_text,
    shorten,
    sorted_entries,
)


def caption_length(text: str) -> int:
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
    entries = sorted_entries(people)
    title = clean(labels.title)
    if not entries:
        return shorten(title, limit)
    by_ring: dict[int, dict[Circle | None, list[str]]] = {1: {}, 2: {}, 3: {}}
    for entry in entries:
        name = shorten(entry.full, 2 * MAX_NAME)
        contact = entry.contact
        notes = []
        if contact not in (None, Contact.IN_TOUCH) and contact in labels.contacts:
            notes.append(clean(labels.contacts[contact]))
        for mark, text in ((MARK_NOT_SAFE, labels.not_safe), (MARK_NO_CONTACT, labels.no_contact)):
            if mark in entry.marks and text:
                notes.append(f"{mark} {clean(text)}")
        if notes:
            name = f"{name} ({', '.join(notes)})"
        by_ring[entry.ring].setdefault(entry.circle, []).append(name)

    def build(keep: int | None) -> str:
        blocks = [title]
        for ring in (1, 2, 3):
            lines = [clean(labels.rings[ring - 1])]
            for circle in ORDER:
                names = by_ring[ring].get(circle)
                if not names:
                    continue
                circle_label = clean(circle_name(circle, labels))
                shown = names if keep is None else names[:keep]
                parts = list(shown)
                if len(shown) < len(names):
                    parts.append(more_text(labels, len(names) - len(shown), circle_label))
                lines.append(f"{circle_label}: {', '.join(parts)}")
            if len(lines) > 1:
                blocks.append("\n".join(lines))
        text = "\n\n".join(blocks)
        if keep is not None and labels.full_list:
            text += "\n\n" + clean(labels.full_list)
        return text

    full = build(None)
    if caption_length(full) <= limit:
        return full
    longest = max(len(names) for groups in by_ring.values() for names in groups.values())
    for keep in range(longest - 1, -1, -1):
        text = build(keep)
        if caption_length(text) <= limit:
            return text
    text = build(0)
    while caption_length(text) > limit - 1:
        text = text[:-1]
    return text + "…"
