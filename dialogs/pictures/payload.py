"""The render inputs of an ecomap, as bytes: what the outbox row keeps until the sender draws it.

The update's transaction stores these (encrypted at rest, like every outbox body) instead of the
picture; the outbox sender turns them into the PNG just before sending (:mod:`.worker`).
No matplotlib here: the update's transaction only encodes.  JSON,
versioned, with nothing but the people and the words, so a render after a restart (or in another
process) draws exactly what the young person asked for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from dialogs.pictures.model import Circle, Contact, EcomapLabels, EcoPerson
from storage.models import ContactWish, PersonSafety

VERSION = 1
# The outbox ``method`` of a row holding render inputs: the sender draws it, stores the PNG
# and turns the row into a "photo" before sending it (scheduler/outbox.py).
OUTBOX_METHOD = "ecomap"
# The labels that are plain strings, taken from the dataclass so that a new one round-trips too.
_PLAIN_LABELS = tuple(
    field.name
    for field in fields(EcomapLabels)
    if field.name not in ("circles", "contacts", "rings")
)


def _value(member: Any) -> str | None:
    return None if member is None else str(member)


def encode(people: Sequence[EcoPerson], labels: EcomapLabels) -> bytes:
    """The picture's inputs as compact JSON bytes."""
    document = {
        "v": VERSION,
        "people": [
            [
                person.name,
                _value(person.circle),
                person.closeness,
                _value(person.contact),
                _value(person.safety),
                _value(person.wish),
            ]
            for person in people
        ],
        "labels": {
            **{name: getattr(labels, name) for name in _PLAIN_LABELS},
            "circles": {circle.value: text for circle, text in labels.circles.items()},
            "contacts": {contact.value: text for contact, text in labels.contacts.items()},
            "rings": list(labels.rings),
        },
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def decode(data: bytes) -> tuple[list[EcoPerson], EcomapLabels]:
    """The people and the words back from :func:`encode`'s bytes (ValueError if not those)."""
    document = json.loads(data)
    if not isinstance(document, dict) or document.get("v") != VERSION:
        raise ValueError("not ecomap render inputs of a known version")
    people = [
        EcoPerson(
            name=name,
            circle=None if circle is None else Circle(circle),
            closeness=closeness,
            contact=None if contact is None else Contact(contact),
            safety=None if safety is None else PersonSafety(safety),
            wish=None if wish is None else ContactWish(wish),
        )
        for name, circle, closeness, contact, safety, wish in document["people"]
    ]
    words = document["labels"]
    rings = words["rings"]
    labels = EcomapLabels(
        **{name: words[name] for name in _PLAIN_LABELS},
        circles={Circle(key): text for key, text in words["circles"].items()},
        contacts={Contact(key): text for key, text in words["contacts"].items()},
        rings=(rings[0], rings[1], rings[2]),
    )
    return people, labels
