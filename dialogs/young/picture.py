"""My picture: the young person's people drawn as an ecomap, with a text caption."""

from __future__ import annotations

from dialogs.core.context import Context
from dialogs.pictures.caption import describe
from dialogs.pictures.model import Circle, Contact, EcomapLabels, EcoPerson
from dialogs.pictures.payload import encode
from dialogs.texts import DEFAULT_LANGUAGE, t
from storage.models import Person


def ecomap_labels(lang: str = DEFAULT_LANGUAGE) -> EcomapLabels:
    """Every word the picture shows, from the catalogue, in ``lang``."""
    return EcomapLabels(
        centre=t("ecomap.centre", lang),
        circles={circle: t(f"circle.{circle.value}", lang) for circle in Circle},
        contacts={contact: t(f"contact.{contact.value}", lang) for contact in Contact},
        rings=(t("closeness.1", lang), t("closeness.2", lang), t("closeness.3", lang)),
        more=t("ecomap.more", lang),
        unknown_circle=t("ecomap.unknown_circle", lang),
        title=t("ecomap.title", lang),
        full_list=t("ecomap.full_list", lang),
        empty=t("ecomap.empty", lang),
        not_safe=t("ecomap.not_safe", lang),
        no_contact=t("ecomap.no_contact", lang),
    )


def to_eco(person: Person) -> EcoPerson:
    """A stored person as the picture needs them."""
    return EcoPerson(
        name=person.name,
        circle=person.circle,
        closeness=person.closeness,
        contact=person.contact,
        safety=person.safety,
        wish=person.wish,
    )


def send_picture(ctx: Context) -> None:
    """Send the young person's ecomap (or say what to do first).

    Only its inputs and its words are stored here, in the update's transaction; the outbox
    sender draws the picture just before sending it, off the event loop.
    """
    assert ctx.case is not None
    people = [to_eco(person) for person in ctx.uow.people.list(ctx.case)]
    if not people:
        ctx.say("ecomap.none_yet")
        return
    labels = ecomap_labels(ctx.lang)
    ctx.picture(encode(people, labels), describe(people, labels))
