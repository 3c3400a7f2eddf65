"""The ecomap's marks: not safe (⚠ and a vermilion border) and no contact (⊘), explained
in the legend and the caption."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
from PIL import Image

from dialogs.pictures import model as ecomap
from dialogs.pictures.caption import describe
from dialogs.pictures.layout import layout
from dialogs.pictures.model import (
    MARK_NO_CONTACT,
    MARK_NOT_SAFE,
    NOT_SAFE_INK,
    Circle,
    Contact,
    EcomapLabels,
    EcoPerson,
)
from dialogs.pictures.render import draw, render_ecomap
from dialogs.young.picture import ecomap_labels, to_eco
from storage.models import ContactWish, Person, PersonCircle, PersonSafety


@pytest.fixture
def labels() -> EcomapLabels:
    return ecomap_labels()


def people(not_safe: bool = True, no_contact: bool = True) -> list[EcoPerson]:
    return [
        EcoPerson("Nan", Circle.FAMILY, 1, Contact.IN_TOUCH, PersonSafety.SAFE, ContactWish.WANT),
        EcoPerson(
            "Dave",
            Circle.FAMILY,
            2,
            Contact.LOST_TOUCH,
            PersonSafety.NOT_SAFE if not_safe else None,
            None,
        ),
        EcoPerson(
            "Uncle Ray",
            Circle.FAMILY,
            3,
            None,
            PersonSafety.NOT_SURE,
            ContactWish.NO_CONTACT if no_contact else ContactWish.MAYBE,
        ),
        EcoPerson(
            "Jay",
            Circle.FRIENDS,
            1,
            Contact.IN_TOUCH,
            PersonSafety.NOT_SAFE if not_safe else None,
            ContactWish.NO_CONTACT if no_contact else None,
        ),
    ]


def vermilion_pixels(png: bytes) -> int:
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    target = np.array([int(NOT_SAFE_INK[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).sum(axis=2) < 30).sum())


def test_marks_are_on_the_right_people(labels: EcomapLabels) -> None:
    by_name = {p.name: p for p in layout(people(), labels)}
    assert by_name["Nan"].marks == () and by_name["Nan"].label == "Nan"
    assert by_name["Dave"].marks == (MARK_NOT_SAFE,)
    assert by_name["Dave"].label == f"{MARK_NOT_SAFE} Dave"
    assert by_name["Uncle Ray"].marks == (MARK_NO_CONTACT,)  # not sure: no mark
    assert by_name["Jay"].marks == (MARK_NOT_SAFE, MARK_NO_CONTACT)
    assert by_name["Jay"].label.startswith(MARK_NOT_SAFE + MARK_NO_CONTACT)


def test_marked_names_still_never_overlap_and_fit_their_boxes(labels: EcomapLabels) -> None:
    crowd = [
        EcoPerson(
            f"Person Number {i:02d}",
            [*Circle][i % 5],
            1 + i % 3,
            Contact.IN_TOUCH,
            PersonSafety.NOT_SAFE if i % 2 else None,
            ContactWish.NO_CONTACT if i % 3 == 0 else None,
        )
        for i in range(30)
    ]
    fig, plan = draw(crowd, labels)
    for a, b in itertools.combinations(plan.placements, 2):
        ax0, ay0, ax1, ay1 = a.box
        bx0, by0, bx1, by1 = b.box
        assert not (ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1), (a.name, b.name)
    renderer = fig.canvas.get_renderer()
    texts = {text.get_text(): text for text in fig.axes[0].texts}
    height = fig.get_size_inches()[1] * ecomap.DPI
    cx = ecomap.WIDTH / 2
    cy = height - ecomap.TITLE_H - ecomap.MAP / 2
    for p in plan.placements:
        extent = texts[p.label].get_window_extent(renderer)
        x0, y0, x1, y1 = p.box
        assert cx + x0 <= extent.x0 + 1 and extent.x1 - 1 <= cx + x1, p.name
        assert cy + y0 <= extent.y0 + 1 and extent.y1 - 1 <= cy + y1, p.name


def test_not_safe_is_drawn_in_vermilion(labels: EcomapLabels) -> None:
    marked = render_ecomap(people(), labels)
    plain = render_ecomap(people(not_safe=False), labels)
    assert Image.open(io.BytesIO(marked)).size[0] == ecomap.WIDTH
    assert vermilion_pixels(plain) == 0  # no circle's colour is near it
    assert vermilion_pixels(marked) > 300  # two thick borders and the legend's box


def test_the_legend_explains_only_the_marks_shown(labels: EcomapLabels) -> None:
    fig, _ = draw(people(), labels)
    words = {text.get_text() for text in fig.axes[0].texts}
    assert {labels.not_safe, labels.no_contact, MARK_NOT_SAFE, MARK_NO_CONTACT} <= words
    fig, _ = draw(people(not_safe=False, no_contact=False), labels)
    words = {text.get_text() for text in fig.axes[0].texts}
    assert labels.not_safe not in words and labels.no_contact not in words
    assert MARK_NOT_SAFE not in words


def test_the_caption_says_it_in_words(labels: EcomapLabels) -> None:
    caption = describe(people(), labels)
    assert "Dave (Lost touch, ⚠ Not safe right now)" in caption
    assert "Uncle Ray (⊘ You'd rather not be in touch)" in caption
    assert "Jay (⚠ Not safe right now, ⊘ You'd rather not be in touch)" in caption
    assert "Nan\n" in caption or caption.endswith("Nan") or "Nan," in caption


def test_stored_people_carry_their_marks_to_the_picture() -> None:
    person = Person(
        service_id=1,
        young_person_id=1,
        name="Dave",
        circle=PersonCircle.FAMILY,
        safety=PersonSafety.NOT_SAFE,
        wish=ContactWish.NO_CONTACT,
    )
    eco = to_eco(person)
    assert (eco.safety, eco.wish) == (PersonSafety.NOT_SAFE, ContactWish.NO_CONTACT)
