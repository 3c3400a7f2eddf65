"""My people: add, list, view, edit and remove the people who matter to a young person.

Steps of the ``people`` flow: ``list``, ``view``, ``remove``, and one step per field
(``name``, ``relationship``, ``relationship_other``, ``circle``, ``closeness``, ``contact``,
``may_contact``; and ``wish``, their own wish for contact, only edited). ``data["mode"]``
is ``add`` (walk every field, then save) or ``edit`` (one field of ``data["person_id"]``,
then back to that person).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from dialogs import language, network_record, relay, support, team_notes
from dialogs.context import Context
from dialogs.flow import page_buttons, reshow
from dialogs.language import PersonWords
from dialogs.registry import FlowName
from dialogs.texts import t
from storage.models import ContactStatus, ContactWish, Person, PersonCircle, YoungPerson

FLOW = "people"
PAGE_SIZE = 8
MAX_PEOPLE = 200
MAX_NAME = 64
MAX_OTHER = 64
NAME_IN_BUTTON = 24
HELD = "held"  # words kept while we ask whether they are a name or for their team

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
FIELD_STEPS = ("name", "relationship", "circle", "closeness", "contact", "may_contact")
LEAD_CONTACTS = (ContactStatus.LOST_TOUCH, ContactStatus.WOULD_LIKE_TO_FIND)


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


def close_people_count(people: Sequence[Person]) -> int:
    """People outside the professional circle who are close or very close and in touch."""
    return sum(
        1
        for p in people
        if p.circle != PersonCircle.PROFESSIONALS
        and p.closeness in (1, 2)
        and p.contact == ContactStatus.IN_TOUCH
    )


# Close people outside the professional circle a young person is encouraged to have.
AIM = 2


def strength_key(count: int) -> str:
    """The catalogue key telling a young person where they stand against the aim of two.

    The aim, not grammar, splits these keys; each but the first takes the count as a plural.
    """
    if count == 0:
        return "people.strength.none"
    return "people.strength.started" if count < AIM else "people.strength.reached"


def relationship_label(person: Person) -> str:
    """How the young person described who someone is."""
    if person.relationship == "other" and person.relationship_other:
        return person.relationship_other
    if person.relationship:
        return t(f"rel.{person.relationship}")
    return t("people.not_set")


def _field_label(prefix: str, value: Any) -> str:
    if value is None:
        return t("people.not_set")
    if isinstance(value, bool):
        return t("choices.yes" if value else "choices.no")
    raw = value.value if hasattr(value, "value") else value
    return t(f"{prefix}.{raw}")


def describe_person(person: Person) -> dict[str, str]:
    """A person's fields as words, for the view screen."""
    return {
        "name": person.name,
        "relationship": relationship_label(person),
        "circle": _field_label("circle", person.circle),
        "closeness": _field_label("closeness", person.closeness),
        "contact": _field_label("contact", person.contact),
        "may_contact": _field_label("", person.may_contact),
        "wish": network_record.wish_label(person),
        "safety": network_record.safety_label(person),
    }


def _short(name: str) -> str:
    return name if len(name) <= NAME_IN_BUTTON else name[: NAME_IN_BUTTON - 1] + "…"


# --- entry points ----------------------------------------------------------------------------
def open_list(ctx: Context, page: int = 0) -> None:
    """Show My people at a page."""
    ctx.goto(FLOW, "list", {"page": page})
    PeopleFlow().show(ctx)


def start_add(ctx: Context, said: PersonWords | None = None) -> None:
    """Begin adding someone (unless the list is full).

    ``said`` is what they already told us ("add my nan"): only what is missing is asked.
    """
    assert ctx.case is not None
    if ctx.uow.people.count(ctx.case) >= MAX_PEOPLE:
        ctx.say("people.full", max=MAX_PEOPLE)
        open_list(ctx)
        return
    draft = _draft_from(said) if said is not None else {}
    ctx.goto(FLOW, "name", {"mode": "add", "draft": {}})
    PeopleFlow()._fill(ctx, draft)


def _draft_from(said: PersonWords) -> dict[str, Any]:
    """The fields a description gives: a name, and who they are (with their circle)."""
    draft: dict[str, Any] = {}
    if said.name:
        name, error = clean_name(said.name)
        if name is not None and error is None:
            draft["name"] = capitalised(name)
    if said.relationship in RELATIONSHIP_CIRCLE:
        draft["relationship"] = said.relationship
        circle = RELATIONSHIP_CIRCLE[said.relationship]
        if circle is not None:
            draft["circle"] = circle.value
    return draft


class PeopleFlow:
    """My people screens and the add/edit questions."""

    name = FLOW

    # --- showing ---------------------------------------------------------------------------
    def show(self, ctx: Context) -> None:
        """Show the current screen or question."""
        assert ctx.state is not None and ctx.case is not None
        step = ctx.state.step
        if step == "list":
            self._show_list(ctx, ctx.case)
        elif step in ("view", "remove"):
            person = self._person(ctx)
            if person is None:
                return
            if step == "view":
                words = describe_person(person)
                ctx.ask(
                    "people.view",
                    _view_buttons(),
                    name=words["name"],
                    relationship=words["relationship"],
                    circle=words["circle"],
                    closeness=words["closeness"],
                    contact=words["contact"],
                    may_contact=words["may_contact"],
                    wish=words["wish"],
                    safety=words["safety"],
                )
            else:
                ctx.ask(
                    "people.remove.ask",
                    [[("btn.remove_yes", "remove_yes"), ("btn.remove_no", "remove_no")]],
                    name=person.name,
                )
        else:
            self._ask_field(ctx, step)

    def _show_list(self, ctx: Context, case: YoungPerson) -> None:
        assert ctx.state is not None
        total = ctx.uow.people.count(case)
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(max(0, int(ctx.state.data.get("page", 0))), pages - 1)
        ctx.state.data["page"] = page
        people = ctx.uow.people.list(case, page * PAGE_SIZE, PAGE_SIZE)
        rows: list[list[tuple[str, str]]] = []
        labels: dict[str, str] = {}
        for person in people:
            action = f"person:{person.id}"
            label_key = f"@{action}"
            labels[label_key] = f"{_short(person.name)} — {relationship_label(person)}"
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

    def _ask_field(self, ctx: Context, step: str) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        name = self._draft_name(ctx)
        skip = [("btn.skip", "skip")]
        back = [("btn.back", "back"), ("btn.menu", "menu")]
        if step == "name":
            relationship = data.get("draft", {}).get("relationship")
            if data.get("mode") == "add" and relationship in RELATIONSHIP_CIRCLE:
                # "my nan": ask her name, or she can just be "Nan".
                label = t(f"rel.{relationship}")
                ctx.ask(
                    "people.ask.name.for",
                    [[("@call", "skip")], back],
                    labels={"@call": t("btn.call_them", label=label)},
                    relationship=label.lower(),
                    label=label,
                )
                return
            key = "people.ask.name" if data.get("mode") == "add" else "people.ask.name.edit"
            ctx.ask(key, [back])
        elif step == "relationship":
            options = [(f"rel.{rel}", f"set:{rel}") for rel in RELATIONSHIP_CIRCLE]
            rows = [options[i : i + 3] for i in range(0, len(options), 3)]
            ctx.ask("people.ask.relationship", [*rows, skip, back], name=name)
        elif step == "relationship_other":
            ctx.ask("people.ask.relationship_other", [skip, back], name=name)
        elif step == "circle":
            inferred = self._inferred_circle(ctx)
            rows = [[(f"circle.{c.value}", f"set:{c.value}")] for c in PersonCircle]
            if inferred is not None and data.get("mode") == "add":
                ctx.ask(
                    "people.ask.circle.inferred",
                    [[("btn.right", f"set:{inferred.value}")], *rows, skip, back],
                    name=name,
                    circle=t(f"circle.{inferred.value}"),
                )
            else:
                ctx.ask("people.ask.circle", [*rows, skip, back], name=name)
        elif step == "closeness":
            rows = [[(f"closeness.{n}", f"set:{n}")] for n in (1, 2, 3)]
            ctx.ask("people.ask.closeness", [*rows, skip, back], name=name)
        elif step == "contact":
            rows = [[(f"contact.{c.value}", f"set:{c.value}")] for c in ContactStatus]
            ctx.ask("people.ask.contact", [*rows, skip, back], name=name)
        elif step == "may_contact":
            yes_no = [("btn.yes", "set:yes"), ("btn.no", "set:no"), ("btn.not_sure", "skip")]
            ctx.ask(team_notes.may_contact_key(ctx.uow, ctx.case), [yes_no, back], name=name)
        elif step == "wish":
            rows = [[(f"btn.wish.{wish.value}", f"set:{wish.value}")] for wish in ContactWish]
            ctx.ask("people.ask.wish", [*rows, back], name=name)

    # --- buttons ---------------------------------------------------------------------------
    def on_choice(self, ctx: Context, action: str) -> None:
        """Act on a button of the current screen."""
        assert ctx.state is not None and ctx.case is not None
        step = ctx.state.step
        if action == "menu":
            ctx.open(FlowName.MENU)
        elif step == "list":
            self._list_choice(ctx, action)
        elif step == "view":
            self._view_choice(ctx, action)
        elif step == "remove":
            self._remove_choice(ctx, ctx.case, action)
        elif action == "back":
            self._back(ctx)
        elif action.startswith("held:") and step == "name":
            self._held(ctx, action)
        elif action == "skip" and step == "name":
            self._name_skipped(ctx)
        elif action == "skip":
            self._store(ctx, step, None)
        elif action.startswith("set:"):
            self._store(ctx, step, action.removeprefix("set:"))

    def _list_choice(self, ctx: Context, action: str) -> None:
        assert ctx.state is not None
        page = int(ctx.state.data.get("page", 0))
        if action in ("prev", "next"):
            open_list(ctx, page + (1 if action == "next" else -1))
        elif action == "add":
            start_add(ctx)
        elif action == "picture":
            from dialogs.pictures.picture import send_picture

            send_picture(ctx)
            self.show(ctx)
        elif action.startswith("person:"):
            ctx.goto(FLOW, "view", {"person_id": int(action.split(":")[1]), "page": page})
            self.show(ctx)

    def _view_choice(self, ctx: Context, action: str) -> None:
        assert ctx.state is not None
        data = dict(ctx.state.data)
        if action == "back":
            open_list(ctx, int(data.get("page", 0)))
        elif action == "remove":
            ctx.goto(FLOW, "remove", data)
            self.show(ctx)
        elif action.startswith("edit:"):
            field = action.removeprefix("edit:")
            ctx.goto(FLOW, field, {**data, "mode": "edit", "draft": {}})
            self.show(ctx)

    def _remove_choice(self, ctx: Context, case: YoungPerson, action: str) -> None:
        assert ctx.state is not None
        data = dict(ctx.state.data)
        person = self._person(ctx)
        if person is None:
            return
        if action == "remove_yes":
            name = person.name
            ctx.uow.people.delete(person, ctx.now)
            ctx.audit("person_removed", case)
            ctx.say("people.removed", name=name)
            open_list(ctx, int(data.get("page", 0)))
        else:
            ctx.goto(FLOW, "view", data)
            self.show(ctx)

    def _back(self, ctx: Context) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        if data.get("mode") == "edit":
            ctx.goto(FLOW, "view", {"person_id": data["person_id"], "page": data.get("page", 0)})
            self.show(ctx)
            return
        order = ["name", "relationship", "circle", "closeness", "contact", "may_contact"]
        step = ctx.state.step
        if step == "relationship_other":
            previous = "relationship"
        elif step == "name" or step not in order:
            open_list(ctx)
            return
        else:
            previous = order[order.index(step) - 1]
        ctx.goto(FLOW, previous, dict(data))
        self.show(ctx)

    # --- text ------------------------------------------------------------------------------
    def takes_text(self, ctx: Context, text: str) -> bool:
        """Names, who someone is, and the 'someone else' words are typed here.

        "hi" or "can u help" at the name step is not a name: the language layer answers it.
        """
        step = ctx.state.step if ctx.state is not None else ""
        if step == "name":
            if language.not_a_name(text):
                return False
            # While their team is talking to them, "yes 2 is fine thanks" is a reply; with
            # no one to send it to, this step checks it before saving it as a name.
            return language.name_verdict(text) == language.NAME or not _team_talking(ctx)
        if step == "relationship":
            return language.relationship_in(text) is not None or language.is_skip(text)
        if step == "wish":
            return network_record.wish_of(text) is not None  # "nah", "dunno", "not him"
        return step == "relationship_other"

    def on_text(self, ctx: Context, text: str) -> None:
        """Names and the 'someone else' description are typed; elsewhere, nudge kindly."""
        assert ctx.state is not None
        step = ctx.state.step
        if step == "name" and not self.takes_text(ctx, text):
            if language.name_verdict(text) == language.UNSURE and not language.not_a_name(text):
                self._ask_reply_or_name(ctx, text)
            else:
                reshow(ctx, self, "lang.off_script")  # for their team: the engine sends it
        elif (
            step == "name"
            and any(ch.isalpha() for ch in text)  # "!!!" is refused as a name, not queried
            and language.name_verdict(text) == language.NOT_NAME
        ):
            self._ask_is_it_a_name(ctx, text)
        elif step == "name":
            self._typed_name(ctx, text)
        elif step == "relationship" and language.relationship_in(text) is not None:
            self._store(ctx, "relationship", language.relationship_in(text))
        elif step == "relationship" and language.is_skip(text):
            self._store(ctx, "relationship", None)
        elif step == "wish" and network_record.wish_of(text) is not None:
            wish = network_record.wish_of(text)
            self._store(ctx, "wish", wish.value if wish is not None else None)
        elif step == "relationship_other" and language.is_skip(text):
            self._store(ctx, "relationship_other", None)
        elif step == "relationship_other":
            other, error = clean_name(text, MAX_OTHER)
            if error is not None:
                key = "people.bad_other.long" if error == "people.bad_name.long" else error
                ctx.say(key, max=MAX_OTHER)
                self.show(ctx)
                return
            self._store(ctx, "relationship_other", other)
        else:
            reshow(ctx, self, "lang.off_script")

    def _typed_name(self, ctx: Context, text: str) -> None:
        """A name, or a description ("my best mate Jay", "me nan"), or "idk"."""
        assert ctx.state is not None
        adding = ctx.state.data.get("mode") == "add"
        said = language.read_person(text) if adding else PersonWords(name=text)
        if said.skip or (not adding and language.is_skip(text)):
            if adding and ctx.state.data.get("draft", {}).get("relationship"):
                self._name_skipped(ctx)
            else:
                reshow(ctx, self, "people.name.needed")
            return
        known_relationship = ctx.state.data.get("draft", {}).get("relationship")
        same = language.relationship_of(said.name or "") == known_relationship
        if adding and known_relationship and said.relationship is None and same:
            self._name_skipped(ctx)  # "just nan" for their nan: she is "Nan"
            return
        if said.relationship is None:
            name, error = clean_name(said.name or "")
            if error is not None:
                ctx.say(error, max=MAX_NAME)
                self.show(ctx)
                return
            self._store(ctx, "name", capitalised(name or ""))
            return
        known = ctx.state.data.get("draft", {})
        self._fill(ctx, {**known, **_draft_from(said)})

    def _ask_reply_or_name(self, ctx: Context, text: str) -> None:
        """Unsure whether words are a name or for their team: ask once, with two buttons."""

        assert ctx.state is not None
        threads = support.talking_threads(ctx)
        worker = relay.staff_name(ctx.uow, threads[0]) if threads else ""
        name = worker or t("support.your_team")
        ctx.state.data = {**ctx.state.data, HELD: {"text": text, "id": ctx.event.message_id}}
        ctx.ask(
            "answers.reply_or_name",
            [[("@send", "held:send")], [("btn.answers.its_a_name", "held:name")]],
            labels={"@send": t("btn.answers.send_to", name=name)},
            words=text[: NAME_IN_BUTTON * 2],
            name=name,
        )

    def _ask_is_it_a_name(self, ctx: Context, text: str) -> None:
        """Words that don't look like a name, and no one to send them to: check, don't save."""
        assert ctx.state is not None
        ctx.state.data = {**ctx.state.data, HELD: {"text": text, "id": ctx.event.message_id}}
        ctx.ask(
            "answers.is_it_a_name",
            [[("btn.answers.its_a_name", "held:name")]],
            words=text[: NAME_IN_BUTTON * 2],
        )

    def _held(self, ctx: Context, action: str) -> None:
        """Their answer to "a message for Sam, or a name?"."""

        assert ctx.state is not None
        held = ctx.state.data.get(HELD)
        ctx.state.data = {k: v for k, v in ctx.state.data.items() if k != HELD}
        if not isinstance(held, dict):
            self.show(ctx)
            return
        text = str(held.get("text") or "")
        if action == "held:name":
            self._typed_name(ctx, text)
            return
        message_id = held.get("id")
        sent = support.relay_held(ctx, int(message_id) if message_id else None, text)
        if sent and ctx.state is not None and ctx.state.flow == FLOW:
            self.still_asking(ctx)
        elif not sent:
            self.show(ctx)

    def still_asking(self, ctx: Context) -> None:
        """After words went to their team from a question that waits for typing: one short
        line asking it again, with its buttons."""
        assert ctx.state is not None
        if ctx.state.step == "name":
            reshow(ctx, self, "answers.name.still", whole=False)

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """ "can i add ppl" or "people" at the name step: they are adding someone already."""
        assert ctx.state is not None
        if ctx.state.step != "name" or kind not in ("add", "people"):
            return False
        if kind == "add" and detail and not language.read_person(detail).skip:
            return False  # "add my nan": that person
        reshow(ctx, self, "answers.name.again", whole=False)
        return True

    def _name_skipped(self, ctx: Context) -> None:
        """No name given for "my nan": she is "Nan" in their list."""
        assert ctx.state is not None
        relationship = ctx.state.data.get("draft", {}).get("relationship")
        if relationship not in RELATIONSHIP_CIRCLE or relationship == "other":
            reshow(ctx, self, "people.name.needed")
            return
        self._store(ctx, "name", t(f"rel.{relationship}"))

    def _fill(self, ctx: Context, draft: dict[str, Any]) -> None:
        """Take what is known of someone new and ask the first question still open."""
        assert ctx.state is not None
        data = {**ctx.state.data, "draft": draft}
        ctx.goto(FLOW, _first_missing(draft), data)
        self.show(ctx)

    # --- storing ---------------------------------------------------------------------------
    def _store(self, ctx: Context, step: str, value: str | None) -> None:
        assert ctx.state is not None and ctx.case is not None
        data = dict(ctx.state.data)
        draft = dict(data.get("draft", {}))
        draft[step] = value
        if step == "relationship" and value != "other":
            draft["relationship_other"] = None
        data["draft"] = draft
        if data.get("mode") == "edit":
            self._save_edit(ctx, ctx.case, data, step)
            return
        if step == "relationship" and value == "other":
            following = "relationship_other"
        else:
            following = _first_missing(draft)
        if following:
            ctx.goto(FLOW, following, data)
            self.show(ctx)
        else:
            self._save_new(ctx, ctx.case, draft)

    def _save_new(self, ctx: Context, case: YoungPerson, draft: dict[str, Any]) -> None:
        if ctx.uow.people.count(case) >= MAX_PEOPLE:
            ctx.say("people.full", max=MAX_PEOPLE)
            open_list(ctx)
            return
        person = Person(
            service_id=case.service_id,
            young_person_id=case.id or 0,
            name=draft["name"],
            created_at=ctx.now,
            updated_at=ctx.now,
        )
        _apply(person, draft)
        ctx.uow.people.add(case, person)
        ctx.audit("person_added", case)
        ctx.say("people.added", name=person.name)
        self._say_strength(ctx, case)
        open_list(ctx)
        # Last, so the Send / Don't send question is what they see, not scrolled away.
        self._maybe_lead(ctx, case, person)

    def _save_edit(self, ctx: Context, case: YoungPerson, data: dict[str, Any], step: str) -> None:
        person = self._person(ctx)
        if person is None:
            return
        draft = data["draft"]
        if step == "relationship" and draft.get("relationship") == "other":
            ctx.goto(FLOW, "relationship_other", data)
            self.show(ctx)
            return
        before = (person.circle, person.contact)
        blocked = network_record.blocks_lead(person)
        _apply(person, draft)
        person.updated_at = ctx.now
        ctx.uow.people.changed(person, ctx.now)
        ctx.audit("person_edited", case)
        ctx.say("people.wish.saved" if step == "wish" else "people.saved")
        if step in ("circle", "closeness", "contact"):
            self._say_strength(ctx, case)
        ctx.goto(FLOW, "view", {"person_id": person.id, "page": data.get("page", 0)})
        self.show(ctx)
        unblocked = blocked and not network_record.blocks_lead(person)  # "no contact" no more
        if (person.circle, person.contact) != before or unblocked:
            self._maybe_lead(ctx, case, person)  # last: the question they see

    def _say_strength(self, ctx: Context, case: YoungPerson) -> None:
        count = close_people_count(ctx.uow.people.list(case))
        key = strength_key(count)
        if count:
            ctx.say_count(key, count)
        else:
            ctx.say(key)

    def _maybe_lead(self, ctx: Context, case: YoungPerson, person: Person) -> None:
        """Lost touch with, or would like to find, a family member: offer the team a lead.

        They see what the note says (no names or words with sharing off) and choose.
        """
        if person.circle != PersonCircle.FAMILY or person.contact not in LEAD_CONTACTS:
            return
        team_notes.offer_lead(ctx, case, person)

    # --- lookups ---------------------------------------------------------------------------
    def _person(self, ctx: Context) -> Person | None:
        """The person the screen is about, or go back to the list if they're gone."""
        assert ctx.state is not None and ctx.case is not None
        person_id = ctx.state.data.get("person_id")
        person = ctx.uow.people.get(ctx.case, int(person_id)) if person_id else None
        if person is None:
            ctx.say("people.gone")
            open_list(ctx, int(ctx.state.data.get("page", 0)))
        return person

    def _draft_name(self, ctx: Context) -> str:
        assert ctx.state is not None and ctx.case is not None
        draft = ctx.state.data.get("draft", {})
        if draft.get("name"):
            return str(draft["name"])
        person_id = ctx.state.data.get("person_id")
        person = ctx.uow.people.get(ctx.case, int(person_id)) if person_id else None
        return person.name if person else ""

    def _inferred_circle(self, ctx: Context) -> PersonCircle | None:
        assert ctx.state is not None
        relationship = ctx.state.data.get("draft", {}).get("relationship")
        return RELATIONSHIP_CIRCLE.get(relationship) if relationship else None


def _team_talking(ctx: Context) -> bool:

    return ctx.case is not None and bool(support.talking_threads(ctx))


def _first_missing(draft: dict[str, Any]) -> str:
    """The first add-someone question not answered yet ("" when all are)."""
    if not draft.get("name"):
        return "name"
    return next((step for step in FIELD_STEPS if step not in draft), "")


def _view_buttons() -> list[list[tuple[str, str]]]:
    return [
        [("btn.edit_name", "edit:name"), ("btn.edit_relationship", "edit:relationship")],
        [("btn.edit_circle", "edit:circle"), ("btn.edit_closeness", "edit:closeness")],
        [("btn.edit_contact", "edit:contact"), ("btn.edit_may_contact", "edit:may_contact")],
        [("btn.edit_wish", "edit:wish")],
        [("btn.remove", "remove")],
        [("btn.my_people", "back"), ("btn.menu", "menu")],
    ]


def _apply(person: Person, draft: dict[str, Any]) -> None:
    """Copy answered fields of a draft onto a person (skipped fields become unknown)."""
    for field, value in draft.items():
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
