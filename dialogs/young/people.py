"""My people: add, list, view, edit and remove the people who matter to a young person.

The ``people`` flow is a step table: the list, one person (``view``), removing them, and one
question per field of someone (:data:`ASKED`, in the order they are asked; and ``wish``,
their own wish for contact, only edited). Its data (:class:`PeopleData`) says whether they
are adding someone (walk every question still open, then save) or editing one field of a
person (then back to that person).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from enum import Enum, StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dialogs.cases import network_record, relay
from dialogs.cases.person_words import close_people_count, relationship_label
from dialogs.core import language
from dialogs.core.context import Context
from dialogs.core.flow import page_buttons, reshow
from dialogs.core.language import PersonWords
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Open, Rows, Step, TableFlow, To
from dialogs.young import support, team_notes
from dialogs.young.picture import send_picture
from storage.models import ContactStatus, ContactWish, Person, PersonCircle, YoungPerson

FLOW = FlowName.PEOPLE
PAGE_SIZE = 8
MAX_PEOPLE = 200
MAX_NAME = 64
MAX_OTHER = 64
NAME_IN_BUTTON = 24

RELATIONSHIP_CIRCLE: dict[str, PersonCircle | None] = {
    "mum": PersonCircle.FAMILY,
    "dad": PersonCircle.FAMILY,
    "brother": PersonCircle.FAMILY,
    "sister": PersonCircle.FAMILY,
    "nan": PersonCircle.FAMILY,
    "grandad": PersonCircle.FAMILY,
    "aunt": PersonCircle.FAMILY,
    "uncle": PersonCircle.FAMILY,
    "cousin": PersonCircle.FAMILY,
    "foster_carer": PersonCircle.CARERS,
    "ex_foster_carer": PersonCircle.CARERS,
    "friend": PersonCircle.FRIENDS,
    "teacher": PersonCircle.PROFESSIONALS,
    "coach": PersonCircle.COMMUNITY,
    "youth_worker": PersonCircle.PROFESSIONALS,
    "social_worker": PersonCircle.PROFESSIONALS,
    "other": None,
}
LEAD_CONTACTS = (ContactStatus.LOST_TOUCH, ContactStatus.WOULD_LIKE_TO_FIND)


class PeopleStep(StrEnum):
    """My people's screens, and one question per field of someone."""

    LIST = "list"
    VIEW = "view"
    REMOVE = "remove"
    NAME = "name"
    RELATIONSHIP = "relationship"
    RELATIONSHIP_OTHER = "relationship_other"
    CIRCLE = "circle"
    CLOSENESS = "closeness"
    CONTACT = "contact"
    MAY_CONTACT = "may_contact"
    WISH = "wish"


S = PeopleStep
# The one declaration of the field order: adding someone asks these in turn (skipping what
# is known), Back walks them backwards, and the view screen offers Edit for each, then for
# their wish (only ever edited). "Someone else" (relationship_other) follows its answer.
ASKED = (S.NAME, S.RELATIONSHIP, S.CIRCLE, S.CLOSENESS, S.CONTACT, S.MAY_CONTACT)
EDITED = (*ASKED, S.WISH)
QUESTIONS = (*EDITED, S.RELATIONSHIP_OTHER)


class Draft(BaseModel):
    """The answers so far about someone; a skipped question is answered (None).

    Stored with only the fields answered, so a question not reached yet is told apart.
    """

    name: str | None = None
    relationship: str | None = None
    relationship_other: str | None = None
    circle: str | None = None
    closeness: str | None = None
    contact: str | None = None
    may_contact: str | None = None
    wish: str | None = None

    def answered(self, step: PeopleStep) -> bool:
        """Whether the question ``step`` has an answer (even a skipped one)."""
        return str(step) in self.model_fields_set


class Held(BaseModel):
    """Words kept while we ask whether they are a name or for their team."""

    text: str = ""
    id: int | None = None


class PeopleData(BaseModel):
    """The person on screen (and the list's page), or the draft being added or edited.

    Other modules keep a mark beside any screen's data (an open lead question, a worry the
    safety net saw): those keys are kept as they are, as the untyped dict kept them.
    """

    model_config = ConfigDict(extra="allow")

    person_id: int | None = None
    page: int = 0
    mode: Literal["add", "edit"] | None = None
    draft: Draft = Field(default_factory=Draft)
    held: Held | None = None


# --- pure helpers --------------------------------------------------------------------------
def clean_name(text: str, limit: int = MAX_NAME) -> tuple[str | None, str | None]:
    """Trim a name; returns (name, None) or (None, error text key)."""
    name = " ".join(text.split())
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        return None, "people.bad_name.empty"
    if len(name) > limit:
        return None, "people.bad_name.long"
    return name, None


def capitalised(name: str) -> str:
    """A name typed all in lower case, with capitals: "jade" -> "Jade", "mary-jane" -> "Mary-Jane".

    A name with any capital letter is kept exactly as typed ("DJ", "McKenzie", "de Souza"):
    only the phone's lazy lower case is tidied, never someone's own spelling.
    """
    if any(ch.isupper() for ch in name) or not any(ch.islower() for ch in name):
        return name
    return re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), name)


# Close people outside the professional circle a young person is encouraged to have.
AIM = 2


def strength_key(count: int) -> str:
    """The catalogue key telling a young person where they stand against the aim of two.

    The aim, not grammar, splits these keys; each but the first takes the count as a plural.
    """
    if count == 0:
        return "people.strength.none"
    return "people.strength.started" if count < AIM else "people.strength.reached"


def _field_label(ctx: Context, prefix: str, value: object) -> str:
    if value is None:
        return ctx.text("people.not_set")
    if isinstance(value, bool):
        return ctx.text("choices.yes" if value else "choices.no")
    raw = value.value if isinstance(value, Enum) else value
    return ctx.text(f"{prefix}.{raw}")


def describe_person(ctx: Context, person: Person) -> dict[str, str]:
    """A person's fields as words in the chat's language, for the view screen."""
    return {
        "name": person.name,
        "relationship": relationship_label(person, ctx.lang),
        "circle": _field_label(ctx, "circle", person.circle),
        "closeness": _field_label(ctx, "closeness", person.closeness),
        "contact": _field_label(ctx, "contact", person.contact),
        "may_contact": _field_label(ctx, "", person.may_contact),
        "wish": network_record.wish_label(person, ctx.lang),
        "safety": network_record.safety_label(person, ctx.lang),
    }


def _short(name: str) -> str:
    return name if len(name) <= NAME_IN_BUTTON else name[: NAME_IN_BUTTON - 1] + "…"


# --- entry points ----------------------------------------------------------------------------
def open_list(ctx: Context, page: int = 0) -> None:
    """Show My people at a page."""
    PEOPLE.go(ctx, S.LIST, PeopleData(page=page))


def start_add(ctx: Context, said: PersonWords | None = None) -> None:
    """Begin adding someone (unless the list is full).

    ``said`` is what they already told us ("add my nan"): only what is missing is asked.
    """
    assert ctx.case is not None
    if ctx.uow.people.count(ctx.case) >= MAX_PEOPLE:
        ctx.say("people.full", max=MAX_PEOPLE)
        open_list(ctx)
        return
    draft = _draft_from(said) if said is not None else Draft()
    _fill(ctx, PeopleData(mode="add", draft=Draft()), draft)


def _draft_from(said: PersonWords) -> Draft:
    """The fields a description gives: a name, and who they are (with their circle)."""
    found: dict[str, str] = {}
    if said.name:
        name, error = clean_name(said.name)
        if name is not None and error is None:
            found["name"] = capitalised(name)
    if said.relationship in RELATIONSHIP_CIRCLE:
        found["relationship"] = said.relationship
        circle = RELATIONSHIP_CIRCLE[said.relationship]
        if circle is not None:
            found["circle"] = circle.value
    return Draft(**found)


def _fill(ctx: Context, data: PeopleData, draft: Draft) -> None:
    """Take what is known of someone new and ask the first question still open."""
    PEOPLE.go(ctx, _first_missing(draft) or S.NAME, data.model_copy(update={"draft": draft}))


def _first_missing(draft: Draft) -> PeopleStep | None:
    """The first add-someone question not answered yet (None when all are)."""
    if not draft.name:
        return S.NAME
    return next((step for step in ASKED if not draft.answered(step)), None)


def _here(ctx: Context) -> PeopleStep:
    assert ctx.state is not None
    return PeopleStep(ctx.state.step)


# --- the list, one person, removing them ----------------------------------------------------
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
LIST_BUTTONS: Rows = [
    [("btn.prev", "prev"), ("btn.next", "next")],
    [("btn.add_person", "add")],
    [("btn.picture", "picture")],
    [("btn.back", "menu"), ("btn.menu", "menu")],
]
EDIT_LABELS = {
    S.NAME: "btn.edit_name",
    S.RELATIONSHIP: "btn.edit_relationship",
    S.CIRCLE: "btn.edit_circle",
    S.CLOSENESS: "btn.edit_closeness",
    S.CONTACT: "btn.edit_contact",
    S.MAY_CONTACT: "btn.edit_may_contact",
    S.WISH: "btn.edit_wish",
}
EDIT_ROWS = [
    [(EDIT_LABELS[step], f"edit:{step}") for step in EDITED[i : i + 2]]
    for i in range(0, len(EDITED), 2)
]
VIEW_BUTTONS: Rows = [
    *EDIT_ROWS,
    [("btn.remove", "remove")],
    [("btn.my_people", "back"), ("btn.menu", "menu")],
]
REMOVE_BUTTONS: Rows = [[("btn.remove_yes", "remove_yes"), ("btn.remove_no", "remove_no")]]


def _show_list(ctx: Context, data: PeopleData) -> None:
    assert ctx.case is not None
    total = ctx.uow.people.count(ctx.case)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(0, data.page), pages - 1)
    PEOPLE.store(ctx, data.model_copy(update={"page": page}))
    rows: list[list[tuple[str, str]]] = []
    labels: dict[str, str] = {}
    for person in ctx.uow.people.list(ctx.case, page * PAGE_SIZE, PAGE_SIZE):
        action = f"person:{person.id}"
        label_key = f"@{action}"
        labels[label_key] = f"{_short(person.name)} — {relationship_label(person, ctx.lang)}"
        rows.append([(label_key, action)])
    nav = page_buttons(page, pages)
    if nav:
        rows.append(nav)
    rows.append([("btn.add_person", "add")])
    if total:
        rows.append([("btn.picture", "picture")])
    rows.append([("btn.back", "menu"), ("btn.menu", "menu")])
    if total == 0:
        key, params = "people.list.empty", {}
    elif pages == 1:
        key, params = "people.list", {"count": total}
    else:
        key, params = "people.list.page", {"count": total, "page": page + 1, "pages": pages}
    ctx.ask(key, rows, labels=labels, **params)


def _show_view(ctx: Context, data: PeopleData) -> None:
    person = _person(ctx, data)
    if person is not None:
        words: dict[str, Any] = describe_person(ctx, person)
        ctx.ask("people.view", [list(row) for row in VIEW_BUTTONS], **words)


def _show_remove(ctx: Context, data: PeopleData) -> None:
    person = _person(ctx, data)
    if person is not None:
        ctx.ask("people.remove.ask", [list(row) for row in REMOVE_BUTTONS], name=person.name)


def _page(ctx: Context, data: PeopleData, action: str) -> None:
    open_list(ctx, data.page + (1 if action == "next" else -1))


def _add(ctx: Context, data: PeopleData, action: str) -> None:
    start_add(ctx)


def _picture(ctx: Context, data: PeopleData, action: str) -> None:
    send_picture(ctx)
    PEOPLE.show(ctx)


def _open_person(ctx: Context, data: PeopleData, action: str) -> None:
    person_id = int(action.removeprefix("person:"))
    PEOPLE.go(ctx, S.VIEW, PeopleData(person_id=person_id, page=data.page))


def _to_list(ctx: Context, data: PeopleData, action: str) -> None:
    open_list(ctx, data.page)


def _edit(ctx: Context, data: PeopleData, action: str) -> None:
    field = action.removeprefix("edit:")
    if field not in EDITED:
        PEOPLE.show(ctx)
        return
    PEOPLE.go(ctx, PeopleStep(field), data.model_copy(update={"mode": "edit", "draft": Draft()}))


def _remove(ctx: Context, data: PeopleData, action: str) -> None:
    assert ctx.case is not None
    person = _person(ctx, data)
    if person is None:
        return
    name = person.name
    ctx.uow.people.delete(person, ctx.now)
    ctx.audit("person_removed", ctx.case)
    ctx.say("people.removed", name=name)
    open_list(ctx, data.page)


# --- the questions -----------------------------------------------------------------------------
def _draft_name(ctx: Context, data: PeopleData) -> str:
    assert ctx.case is not None
    if data.draft.name:
        return data.draft.name
    person = ctx.uow.people.get(ctx.case, data.person_id) if data.person_id else None
    return person.name if person else ""


def _ask_name(ctx: Context, data: PeopleData) -> None:
    relationship = data.draft.relationship
    if data.mode == "add" and relationship in RELATIONSHIP_CIRCLE:
        # "my nan": ask her name, or she can just be "Nan".
        label = ctx.text(f"rel.{relationship}")
        ctx.ask(
            "people.ask.name.for",
            [[("@call", "skip")], BACK_AND_MENU],
            labels={"@call": ctx.text("btn.call_them", label=label)},
            relationship=label.lower(),
            label=label,
        )
        return
    key = "people.ask.name" if data.mode == "add" else "people.ask.name.edit"
    ctx.ask(key, [BACK_AND_MENU])


RELATIONSHIP_OPTIONS = [(f"rel.{rel}", f"set:{rel}") for rel in RELATIONSHIP_CIRCLE]
RELATIONSHIP_ROWS = [
    RELATIONSHIP_OPTIONS[i : i + 3] for i in range(0, len(RELATIONSHIP_OPTIONS), 3)
]
SKIP = [("btn.skip", "skip")]
CIRCLE_ROWS = [[(f"circle.{c.value}", f"set:{c.value}")] for c in PersonCircle]
CLOSENESS_ROWS = [[(f"closeness.{n}", f"set:{n}")] for n in (1, 2, 3)]
CONTACT_ROWS = [[(f"contact.{c.value}", f"set:{c.value}")] for c in ContactStatus]
YES_NO = [("btn.yes", "set:yes"), ("btn.no", "set:no"), ("btn.not_sure", "skip")]
WISH_ROWS = [[(f"btn.wish.{wish.value}", f"set:{wish.value}")] for wish in ContactWish]


def _ask_relationship(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    ctx.ask("people.ask.relationship", [*RELATIONSHIP_ROWS, SKIP, BACK_AND_MENU], name=name)


def _ask_relationship_other(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    ctx.ask("people.ask.relationship_other", [SKIP, BACK_AND_MENU], name=name)


def _ask_circle(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    relationship = data.draft.relationship
    inferred = RELATIONSHIP_CIRCLE.get(relationship) if relationship else None
    if inferred is not None and data.mode == "add":
        ctx.ask(
            "people.ask.circle.inferred",
            [[("btn.right", f"set:{inferred.value}")], *CIRCLE_ROWS, SKIP, BACK_AND_MENU],
            name=name,
            circle=ctx.text(f"circle.{inferred.value}"),
        )
    else:
        ctx.ask("people.ask.circle", [*CIRCLE_ROWS, SKIP, BACK_AND_MENU], name=name)


def _ask_closeness(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    ctx.ask("people.ask.closeness", [*CLOSENESS_ROWS, SKIP, BACK_AND_MENU], name=name)


def _ask_contact(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    ctx.ask("people.ask.contact", [*CONTACT_ROWS, SKIP, BACK_AND_MENU], name=name)


def _ask_may_contact(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    key = team_notes.may_contact_key(ctx.uow, ctx.case)
    ctx.ask(key, [YES_NO, BACK_AND_MENU], name=name)


def _ask_wish(ctx: Context, data: PeopleData) -> None:
    name = _draft_name(ctx, data)
    ctx.ask("people.ask.wish", [*WISH_ROWS, BACK_AND_MENU], name=name)


def _back(ctx: Context, data: PeopleData, action: str) -> None:
    """Editing: back to the person. Adding: the question before (the list from the name)."""
    if data.mode == "edit":
        PEOPLE.go(ctx, S.VIEW, PeopleData(person_id=data.person_id, page=data.page))
        return
    step = _here(ctx)
    if step == S.RELATIONSHIP_OTHER:
        previous = S.RELATIONSHIP
    elif step == S.NAME or step not in ASKED:
        open_list(ctx)
        return
    else:
        previous = ASKED[ASKED.index(step) - 1]
    PEOPLE.go(ctx, previous, data)


def _skip(ctx: Context, data: PeopleData, action: str) -> None:
    step = _here(ctx)
    if step == S.NAME:
        _name_skipped(ctx, data)
    else:
        _store(ctx, data, step, None)


def _set(ctx: Context, data: PeopleData, action: str) -> None:
    _store(ctx, data, _here(ctx), action.removeprefix("set:"))


def _name_skipped(ctx: Context, data: PeopleData) -> None:
    """No name given for "my nan": she is "Nan" in their list (in their words)."""
    relationship = data.draft.relationship
    if relationship not in RELATIONSHIP_CIRCLE or relationship == "other":
        reshow(ctx, PEOPLE, "people.name.needed")
        return
    _store(ctx, data, S.NAME, ctx.text(f"rel.{relationship}"))


# --- typed answers ---------------------------------------------------------------------------
def _team_talking(ctx: Context) -> bool:
    return ctx.case is not None and bool(support.talking_threads(ctx))


def _takes_name(ctx: Context, data: PeopleData, text: str) -> bool:
    """ "hi" or "can u help" at the name step is not a name: the language layer answers it."""
    if language.not_a_name(text):
        return False
    # While their team is talking to them, "yes 2 is fine thanks" is a reply; with no one to
    # send it to, this step checks it before saving it as a name.
    return language.name_verdict(text) == language.NAME or not _team_talking(ctx)


def _name_text(ctx: Context, data: PeopleData, text: str) -> None:
    if not _takes_name(ctx, data, text):
        if language.name_verdict(text) == language.UNSURE and not language.not_a_name(text):
            _ask_reply_or_name(ctx, data, text)
        else:
            reshow(ctx, PEOPLE, "lang.off_script")  # for their team: the engine sends it
    elif (
        any(ch.isalpha() for ch in text)  # "!!!" is refused as a name, not queried
        and language.name_verdict(text) == language.NOT_NAME
    ):
        _ask_is_it_a_name(ctx, data, text)
    else:
        _typed_name(ctx, data, text)


def _typed_name(ctx: Context, data: PeopleData, text: str) -> None:
    """A name, or a description ("my best mate Jay", "me nan"), or "idk"."""
    adding = data.mode == "add"
    said = language.read_person(text) if adding else PersonWords(name=text)
    known_relationship = data.draft.relationship
    if said.skip or (not adding and language.is_skip(text)):
        if adding and known_relationship:
            _name_skipped(ctx, data)
        else:
            reshow(ctx, PEOPLE, "people.name.needed")
        return
    same = language.relationship_of(said.name or "") == known_relationship
    if adding and known_relationship and said.relationship is None and same:
        _name_skipped(ctx, data)  # "just nan" for their nan: she is "Nan"
        return
    if said.relationship is None:
        name, error = clean_name(said.name or "")
        if error is not None:
            ctx.say(error, max=MAX_NAME)
            PEOPLE.show(ctx)
            return
        _store(ctx, data, S.NAME, capitalised(name or ""))
        return
    told = _draft_from(said).model_dump(exclude_unset=True)
    _fill(ctx, data, data.draft.model_copy(update=told))


def _hold(ctx: Context, data: PeopleData, text: str) -> None:
    held = Held(text=text, id=ctx.event.message_id)
    PEOPLE.store(ctx, data.model_copy(update={"held": held}))


def _ask_reply_or_name(ctx: Context, data: PeopleData, text: str) -> None:
    """Unsure whether words are a name or for their team: ask once, with two buttons."""
    threads = support.talking_threads(ctx)
    worker = relay.staff_name(ctx.uow, threads[0]) if threads else ""
    name = worker or ctx.text("support.your_team")
    _hold(ctx, data, text)
    ctx.ask(
        "answers.reply_or_name",
        [[("@send", "held:send")], [("btn.answers.its_a_name", "held:name")]],
        labels={"@send": ctx.text("btn.answers.send_to", name=name)},
        words=text[: NAME_IN_BUTTON * 2],
        name=name,
    )


def _ask_is_it_a_name(ctx: Context, data: PeopleData, text: str) -> None:
    """Words that don't look like a name, and no one to send them to: check, don't save."""
    _hold(ctx, data, text)
    ctx.ask(
        "answers.is_it_a_name",
        [[("btn.answers.its_a_name", "held:name")]],
        words=text[: NAME_IN_BUTTON * 2],
    )


def _held(ctx: Context, data: PeopleData, action: str) -> None:
    """Their answer to "a message for Sam, or a name?"."""
    held = data.held
    data = PeopleData.model_validate(data.model_dump(exclude_unset=True, exclude={"held"}))
    PEOPLE.store(ctx, data)
    if held is None:
        PEOPLE.show(ctx)
        return
    if action == "held:name":
        _typed_name(ctx, data, held.text)
        return
    sent = support.relay_held(ctx, held.id or None, held.text)
    if sent and ctx.state is not None and ctx.state.flow == FLOW:
        PEOPLE.still_asking(ctx)
    elif not sent:
        PEOPLE.show(ctx)


def _takes_relationship(ctx: Context, data: PeopleData, text: str) -> bool:
    return language.relationship_in(text) is not None or language.is_skip(text)


def _relationship_text(ctx: Context, data: PeopleData, text: str) -> None:
    relationship = language.relationship_in(text)
    if relationship is not None:
        _store(ctx, data, S.RELATIONSHIP, relationship)
    elif language.is_skip(text):
        _store(ctx, data, S.RELATIONSHIP, None)
    else:
        reshow(ctx, PEOPLE, "lang.off_script")


def _other_text(ctx: Context, data: PeopleData, text: str) -> None:
    if language.is_skip(text):
        _store(ctx, data, S.RELATIONSHIP_OTHER, None)
        return
    other, error = clean_name(text, MAX_OTHER)
    if error is not None:
        key = "people.bad_other.long" if error == "people.bad_name.long" else error
        ctx.say(key, max=MAX_OTHER)
        PEOPLE.show(ctx)
        return
    _store(ctx, data, S.RELATIONSHIP_OTHER, other)


def _takes_wish(ctx: Context, data: PeopleData, text: str) -> bool:
    return network_record.wish_of(text) is not None  # "nah", "dunno", "not him"


def _wish_text(ctx: Context, data: PeopleData, text: str) -> None:
    wish = network_record.wish_of(text)
    if wish is not None:
        _store(ctx, data, S.WISH, wish.value)
    else:
        reshow(ctx, PEOPLE, "lang.off_script")


# --- storing ---------------------------------------------------------------------------------
def _store(ctx: Context, data: PeopleData, step: PeopleStep, value: str | None) -> None:
    """Keep an answer: editing, save it; adding, ask the next open question or save them."""
    assert ctx.case is not None
    answer: dict[str, str | None] = {str(step): value}
    if step == S.RELATIONSHIP and value != "other":
        answer["relationship_other"] = None
    draft = data.draft.model_copy(update=answer)
    data = data.model_copy(update={"draft": draft})
    if data.mode == "edit":
        _save_edit(ctx, ctx.case, data, step)
        return
    if step == S.RELATIONSHIP and value == "other":
        following: PeopleStep | None = S.RELATIONSHIP_OTHER
    else:
        following = _first_missing(draft)
    if following is not None:
        PEOPLE.go(ctx, following, data)
    else:
        _save_new(ctx, ctx.case, draft)


def _save_new(ctx: Context, case: YoungPerson, draft: Draft) -> None:
    if ctx.uow.people.count(case) >= MAX_PEOPLE:
        ctx.say("people.full", max=MAX_PEOPLE)
        open_list(ctx)
        return
    person = Person(
        service_id=case.service_id,
        young_person_id=case.id or 0,
        name=draft.name or "",
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    _apply(person, draft)
    ctx.uow.people.add(case, person)
    ctx.audit("person_added", case)
    ctx.say("people.added", name=person.name)
    _say_strength(ctx, case)
    open_list(ctx)
    # Last, so the Send / Don't send question is what they see, not scrolled away.
    _maybe_lead(ctx, case, person)


def _save_edit(ctx: Context, case: YoungPerson, data: PeopleData, step: PeopleStep) -> None:
    person = _person(ctx, data)
    if person is None:
        return
    if step == S.RELATIONSHIP and data.draft.relationship == "other":
        PEOPLE.go(ctx, S.RELATIONSHIP_OTHER, data)
        return
    before = (person.circle, person.contact)
    blocked = network_record.blocks_lead(person)
    _apply(person, data.draft)
    person.updated_at = ctx.now
    ctx.uow.people.changed(person, ctx.now)
    ctx.audit("person_edited", case)
    ctx.say("people.wish.saved" if step == S.WISH else "people.saved")
    if step in (S.CIRCLE, S.CLOSENESS, S.CONTACT):
        _say_strength(ctx, case)
    PEOPLE.go(ctx, S.VIEW, PeopleData(person_id=person.id, page=data.page))
    unblocked = blocked and not network_record.blocks_lead(person)  # "no contact" no more
    if (person.circle, person.contact) != before or unblocked:
        _maybe_lead(ctx, case, person)  # last: the question they see


def _say_strength(ctx: Context, case: YoungPerson) -> None:
    count = close_people_count(ctx.uow.people.list(case))
    key = strength_key(count)
    if count:
        ctx.say_count(key, count)
    else:
        ctx.say(key)


def _maybe_lead(ctx: Context, case: YoungPerson, person: Person) -> None:
    """Lost touch with, or would like to find, a family member: offer the team a lead.

    They see what the note says (no names or words with sharing off) and choose.
    """
    if person.circle != PersonCircle.FAMILY or person.contact not in LEAD_CONTACTS:
        return
    team_notes.offer_lead(ctx, case, person)


def _person(ctx: Context, data: PeopleData) -> Person | None:
    """The person the screen is about, or go back to the list if they're gone."""
    assert ctx.case is not None
    person = ctx.uow.people.get(ctx.case, data.person_id) if data.person_id else None
    if person is None:
        ctx.say("people.gone")
        open_list(ctx, data.page)
    return person


def _apply(person: Person, draft: Draft) -> None:
    """Copy answered fields of a draft onto a person (skipped fields become unknown)."""
    for field, value in draft.model_dump(exclude_unset=True).items():
        if field == "name" and value:
            person.name = value
        elif field == "relationship":
            person.relationship = value
            if value != "other":
                person.relationship_other = None
        elif field == "relationship_other":
            person.relationship_other = value
        elif field == "circle":
            person.circle = PersonCircle(value) if value else None
        elif field == "closeness":
            person.closeness = int(value) if value else None
        elif field == "contact":
            person.contact = ContactStatus(value) if value else None
        elif field == "may_contact":
            person.may_contact = None if value is None else value == "yes"
        elif field == "wish":
            person.wish = ContactWish(value) if value else None


# --- the table -------------------------------------------------------------------------------
TO_LIST = To(S.LIST)
TO_VIEW = To(S.VIEW)
# Wherever an answer may lead: the next open question, "someone else", the person, the list.
AFTER_ANSWER: tuple[To | Open, ...] = (
    *(To(step) for step in QUESTIONS),
    TO_VIEW,
    TO_LIST,
)
ANSWER: Do[PeopleData] = Do(_set, leads_to=AFTER_ANSWER)
QUESTION_LEADS: Mapping[str, Lead[PeopleData]] = {
    "set:": ANSWER,
    "skip": Do(_skip, leads_to=AFTER_ANSWER),
    "back": Do(_back, leads_to=(*(To(step) for step in ASKED), TO_VIEW, TO_LIST)),
}
HELD_ROWS = [[("@send", "held:send")], [("btn.answers.its_a_name", "held:name")]]


class PeopleFlow(TableFlow[PeopleData]):
    """My people screens and the add/edit questions."""

    name = FLOW
    steps = PeopleStep
    start = S.LIST
    data_type = PeopleData
    table = {
        S.LIST: Step(
            buttons=LIST_BUTTONS,
            show=_show_list,
            leads={
                "prev": Do(_page, leads_to=(TO_LIST,)),
                "next": Do(_page, leads_to=(TO_LIST,)),
                "add": Do(_add, leads_to=AFTER_ANSWER),
                "picture": Do(_picture),
                "person:": Do(_open_person, leads_to=(TO_VIEW,)),
            },
        ),
        S.VIEW: Step(
            buttons=VIEW_BUTTONS,
            show=_show_view,
            leads={
                "edit:": Do(_edit, leads_to=tuple(To(step) for step in EDITED)),
                "remove": To(S.REMOVE),
                "back": Do(_to_list, leads_to=(TO_LIST,)),
            },
        ),
        S.REMOVE: Step(
            buttons=REMOVE_BUTTONS,
            show=_show_remove,
            leads={"remove_yes": Do(_remove, leads_to=(TO_LIST,)), "remove_no": TO_VIEW},
        ),
        S.NAME: Step(
            buttons=[*HELD_ROWS, [("@call", "skip")], BACK_AND_MENU],
            show=_ask_name,
            leads={**QUESTION_LEADS, "held:": Do(_held, leads_to=AFTER_ANSWER)},
            text=_name_text,
            takes_text=_takes_name,
            text_leads=AFTER_ANSWER,
        ),
        S.RELATIONSHIP: Step(
            buttons=[*RELATIONSHIP_ROWS, SKIP, BACK_AND_MENU],
            show=_ask_relationship,
            leads=QUESTION_LEADS,
            text=_relationship_text,
            takes_text=_takes_relationship,
            text_leads=AFTER_ANSWER,
        ),
        S.RELATIONSHIP_OTHER: Step(
            buttons=[SKIP, BACK_AND_MENU],
            show=_ask_relationship_other,
            leads=QUESTION_LEADS,
            text=_other_text,
            text_leads=AFTER_ANSWER,
        ),
        S.CIRCLE: Step(
            buttons=[[("btn.right", "set:")], *CIRCLE_ROWS, SKIP, BACK_AND_MENU],
            show=_ask_circle,
            leads=QUESTION_LEADS,
        ),
        S.CLOSENESS: Step(
            buttons=[*CLOSENESS_ROWS, SKIP, BACK_AND_MENU],
            show=_ask_closeness,
            leads=QUESTION_LEADS,
        ),
        S.CONTACT: Step(
            buttons=[*CONTACT_ROWS, SKIP, BACK_AND_MENU],
            show=_ask_contact,
            leads=QUESTION_LEADS,
        ),
        S.MAY_CONTACT: Step(
            buttons=[YES_NO, BACK_AND_MENU],
            show=_ask_may_contact,
            leads=QUESTION_LEADS,
        ),
        S.WISH: Step(
            buttons=[*WISH_ROWS, BACK_AND_MENU],
            show=_ask_wish,
            leads=QUESTION_LEADS,
            text=_wish_text,
            takes_text=_takes_wish,
            text_leads=AFTER_ANSWER,
        ),
    }
    common = {"menu": Open(FlowName.MENU)}

    def on_text(self, ctx: Context, text: str) -> None:
        """A screen that takes no typing (a button's words went elsewhere): the kind line."""
        if self.table[_here(ctx)].text is None:
            reshow(ctx, self, "lang.off_script")
            return
        super().on_text(ctx, text)

    def still_asking(self, ctx: Context) -> None:
        """After words went to their team from the name question: one short line asking it
        again, with its buttons."""
        if _here(ctx) == S.NAME:
            reshow(ctx, self, "answers.name.still", whole=False)

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """ "can i add ppl" or "people" at the name step: they are adding someone already."""
        if _here(ctx) != S.NAME or kind not in ("add", "people"):
            return False
        if kind == "add" and detail and not language.read_person(detail).skip:
            return False  # "add my nan": that person
        reshow(ctx, self, "answers.name.again", whole=False)
        return True


PEOPLE = PeopleFlow()
