"""A young person's people as a GEDCOM 5.5.1 file, for genogram tools (Genopro and others).

Pure: people in, text out; nothing is logged and nothing is written here (the caller sends
or saves the text where it was asked to).

The family is inferred from how the young person described each person:

* mum and dad are the parents of the young person's birth family (``FAM``), with every
  brother and sister as a full sibling (the category does not say half or step: a NOTE on
  each says so);
* "someone else" described as a *half* brother or sister shares one parent with the young
  person, but which one is not recorded: they are children, with the young person, of a
  stand-in "shared parent" (never of the named mum or dad);
* step-parents and step-siblings are linked to the young person by ``ASSO`` only, with
  step-siblings as children of the step-parent when there is exactly one;
* nan and grandad, aunts, uncles and cousins: which side of the family is not recorded,
  so they hang off a stand-in parent ("mum or dad, side not recorded"), with cousins
  children of a stand-in aunt or uncle. Each further grandparent couple is a side of its own.

Stand-ins are ``INDI`` records named as such, with a NOTE saying they are not real people.
Anyone else (friends, carers, workers, family whose place is not known, a second mum) is
an ``INDI`` linked to the young person by ``ASSO`` with their relationship as ``RELA``.
Every person's contact, closeness, part of life, safety and the young person's wish are
in a NOTE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import zip_longest

from dialogs.cases import network_record
from dialogs.cases.person_words import relationship_label
from dialogs.core import language
from dialogs.core.answers import words_of
from dialogs.texts import DEFAULT_LANGUAGE, t
from storage.models import Person, PersonCircle, YoungPerson

VERSION = "5.5.1"
NOTE_CHUNK = 200  # characters per NOTE line before CONC (lines stay under 255)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
PARENTS = {"mum": "F", "dad": "M"}
SIBLINGS = {"brother": "M", "sister": "F"}
GRANDPARENTS = {"nan": "F", "grandad": "M"}
PARENTS_SIBLINGS = {"aunt": "F", "uncle": "M"}


@dataclass
class _Indi:
    xref: str
    name: str
    sex: str = "U"
    born: date | None = None
    notes: list[str] = field(default_factory=list)
    famc: list[str] = field(default_factory=list)
    fams: list[str] = field(default_factory=list)
    asso: list[tuple[str, str]] = field(default_factory=list)  # (xref, relation)


@dataclass
class _Fam:
    xref: str
    husb: _Indi | None = None
    wife: _Indi | None = None
    children: list[_Indi] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Tree:
    """Individuals and families, numbered in the order they are made."""

    def __init__(self, lang: str) -> None:
        self.lang = lang  # the notes' language: the reader's
        self.people: list[_Indi] = []
        self.families: list[_Fam] = []

    def indi(self, name: str, sex: str = "U", *notes: str) -> _Indi:
        made = _Indi(xref=f"@I{len(self.people) + 1}@", name=name, sex=sex, notes=list(notes))
        self.people.append(made)
        return made

    def stand_in(self, name_key: str, note_key: str) -> _Indi:
        lang = self.lang
        return self.indi(t(name_key, lang), "U", t(note_key, lang), t("geno.note.stand_in", lang))

    def family(self, parents: Sequence[_Indi], children: Sequence[_Indi], *notes: str) -> _Fam:
        fam = _Fam(xref=f"@F{len(self.families) + 1}@", notes=list(notes))
        for parent in parents:
            # A man as HUSB, a woman as WIFE; someone of unknown sex takes the free place.
            if parent.sex == "M" and fam.husb is None:
                fam.husb = parent
            elif parent.sex == "F" and fam.wife is None:
                fam.wife = parent
            elif parent.sex == "U" and fam.husb is None:
                fam.husb = parent
            elif parent.sex == "U" and fam.wife is None:
                fam.wife = parent
            else:  # pragma: no cover - callers give at most one of each
                continue
            parent.fams.append(fam.xref)
        for child in children:
            fam.children.append(child)
            child.famc.append(fam.xref)
        self.families.append(fam)
        return fam


SEXES = {**PARENTS, **SIBLINGS, **GRANDPARENTS, **PARENTS_SIBLINGS, "cousin": "U"}


def place_of(person: Person) -> tuple[str, str]:
    """(place, sex): a relationship key, or half_sibling, step_parent, step_sibling,
    other_family or other (not family); sex M, F or U, as the relationship says."""
    relationship = person.relationship
    other = "other_family" if person.circle == PersonCircle.FAMILY else "other"
    if relationship == "other" and person.relationship_other:
        # "half sister", "step-dad": their own words say more than the category.
        said = person.relationship_other
        base = language.relationship_of(said) or ""
        words = words_of(said)
        half = any(word.startswith("half") for word in words)
        step = any(word.startswith("step") for word in words)
        sex = SEXES.get(base, "U")
        if base in SIBLINGS and half:
            return "half_sibling", sex
        if base in SIBLINGS and step:
            return "step_sibling", sex
        if base in PARENTS and step:
            return "step_parent", sex
        return other, "U"
    if relationship is not None and relationship in SEXES:
        return relationship, SEXES[relationship]
    return other, "U"


def _value(prefix: str, value: object, lang: str) -> str:
    if value is None:
        return t("geno.note.unknown", lang)
    raw = getattr(value, "value", value)
    return t(f"{prefix}.{raw}", lang)


def person_note(person: Person, lang: str = DEFAULT_LANGUAGE) -> str:
    """What the young person (and the team) recorded about someone, in one line, in ``lang``."""
    wish = person.wish.value if person.wish else "none"
    return t(
        "geno.note.person",
        lang,
        relationship=relationship_label(person, lang),
        circle=_value("circle", person.circle, lang),
        contact=_value("contact", person.contact, lang),
        closeness=_value("closeness", person.closeness, lang),
        safety=network_record.staff_safety_label(person.safety, lang),
        wish=t(f"wish.staff.{wish}", lang),
    )


def _build(case: YoungPerson, people: Sequence[Person], lang: str) -> _Tree:
    tree = _Tree(lang)
    centre = tree.indi(case.first_name or case.reference, "U", t("geno.note.centre", lang))
    centre.born = case.date_of_birth
    groups: dict[str, list[tuple[Person, _Indi]]] = {}
    for person in people:
        kind, sex = place_of(person)
        made = tree.indi(person.name, sex, person_note(person, lang))
        groups.setdefault(kind, []).append((person, made))

    def linked(kind: str, note_key: str | None = None) -> None:
        """Everyone of this kind linked to the young person by ASSO (and a NOTE)."""
        for person, made in groups.get(kind, []):
            centre.asso.append((made.xref, relationship_label(person, DEFAULT_LANGUAGE)))
            if note_key is not None:
                made.notes.append(t(note_key, lang))

    # The birth family: the first mum and dad, and every brother and sister.
    mums = [made for _, made in groups.get("mum", [])]
    dads = [made for _, made in groups.get("dad", [])]
    siblings = [made for kind in SIBLINGS for _, made in groups.get(kind, [])]
    for made in siblings:
        made.notes.append(t("geno.note.full_sibling", lang))
    parents = [*dads[:1], *mums[:1]]
    if parents or siblings:
        tree.family(parents, [centre, *siblings], t("geno.note.birth_family", lang))
    for _, made in [*groups.get("mum", [])[1:], *groups.get("dad", [])[1:]]:
        made.notes.append(t("geno.note.extra_parent", lang))
    for person, made in [*groups.get("mum", [])[1:], *groups.get("dad", [])[1:]]:
        centre.asso.append((made.xref, relationship_label(person, DEFAULT_LANGUAGE)))

    # Half-siblings share a parent with the young person: which one is not recorded.
    halves = [made for _, made in groups.get("half_sibling", [])]
    if halves:
        shared = tree.stand_in("geno.name.shared_parent", "geno.note.half_sibling")
        for made in halves:
            made.notes.append(t("geno.note.half_sibling", lang))
        tree.family([shared], [centre, *halves], t("geno.note.half_sibling", lang))

    # Step family: linked by ASSO; whose partner or child they are is not recorded.
    step_parents = [made for _, made in groups.get("step_parent", [])]
    step_siblings = [made for _, made in groups.get("step_sibling", [])]
    linked("step_parent", "geno.note.step")
    linked("step_sibling", "geno.note.step")
    if step_siblings:
        parent = (
            step_parents[0]
            if len(step_parents) == 1
            else tree.stand_in("geno.name.step_parent", "geno.note.step")
        )
        tree.family([parent], step_siblings, t("geno.note.step", lang))

    # Grandparents, aunts, uncles and cousins: the side of the family is not recorded.
    nans = [made for _, made in groups.get("nan", [])]
    grandads = [made for _, made in groups.get("grandad", [])]
    aunts = [made for kind in PARENTS_SIBLINGS for _, made in groups.get(kind, [])]
    cousins = [made for _, made in groups.get("cousin", [])]
    couples = [[p for p in pair if p is not None] for pair in zip_longest(grandads, nans)] or (
        [[]] if aunts or cousins else []
    )
    for index, couple in enumerate(couples):
        for made in couple:
            made.notes.append(t("geno.note.side", lang))
        side = tree.stand_in("geno.name.side_parent", "geno.note.side")
        if len(couples) > 1:
            side.name = f"{side.name} {index + 1}"  # each side its own, to tell them apart
        tree.family([side], [centre], t("geno.note.side", lang))
        children = [side]
        if index == 0:
            for made in aunts:
                made.notes.append(t("geno.note.side", lang))
            children += aunts
            if cousins:
                between = tree.stand_in("geno.name.cousin_parent", "geno.note.cousin")
                children.append(between)
                for made in cousins:
                    made.notes.append(t("geno.note.cousin", lang))
                tree.family([between], cousins, t("geno.note.cousin", lang))
        tree.family(couple, children, t("geno.note.grandparents", lang))

    # Everyone else: friends, carers, workers, and family whose place is not known.
    linked("other_family", "geno.note.other_family")
    linked("other")
    return tree


# --- writing --------------------------------------------------------------------------------
def _clean(text: str) -> str:
    """One printable line; a leading "@" is doubled, so it is never read as a pointer."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    line = " ".join(printable.split())
    return "@" + line if line.startswith("@") else line


def _date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


NAME_SLASH = "\u2215"  # "∕": a "/" in a name would mark a surname in GEDCOM


def _name(text: str) -> str:
    """The name whole, as given names, with an empty surname ("Nan Rose //")."""
    return f"{_clean(text).replace('/', NAME_SLASH) or '?'} //"


def _note(level: int, text: str) -> list[str]:
    """A NOTE line, continued with CONC so no line is too long (never split at a space)."""
    clean = _clean(text)
    parts: list[str] = []
    while len(clean) > NOTE_CHUNK:
        cut = NOTE_CHUNK
        while cut > 1 and (clean[cut - 1] == " " or clean[cut] == " "):
            cut -= 1
        parts.append(clean[:cut])
        clean = clean[cut:]
    parts.append(clean)
    lines = [f"{level} NOTE {parts[0]}"]
    lines += [f"{level + 1} CONC {part}" for part in parts[1:]]
    return lines


def write(
    case: YoungPerson,
    people: Sequence[Person],
    now: datetime,
    submitter: str,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The GEDCOM 5.5.1 text of the young person's people (UTF-8, LF line ends), its notes
    in ``lang`` (the reader's: a coordinator's in their private chat)."""
    tree = _build(case, people, lang)
    lines = [
        "0 HEAD",
        "1 SOUR LIFELINKS",
        "2 NAME Lifelinks",
        "1 DEST ANY",
        f"1 DATE {_date(now.date())}",
        "1 SUBM @U1@",
        f"1 FILE {_clean(case.reference)}.ged",
        "1 GEDC",
        f"2 VERS {VERSION}",
        "2 FORM LINEAGE-LINKED",
        "1 CHAR UTF-8",
        *_note(1, t("geno.note.head", lang, ref=case.reference)),
        "0 @U1@ SUBM",
        f"1 NAME {_clean(submitter) or 'Lifelinks'}",
    ]
    for indi in tree.people:
        lines += [f"0 {indi.xref} INDI", f"1 NAME {_name(indi.name)}", f"1 SEX {indi.sex}"]
        if indi.born is not None:
            lines += ["1 BIRT", f"2 DATE {_date(indi.born)}"]
        lines += [f"1 FAMC {xref}" for xref in indi.famc]
        lines += [f"1 FAMS {xref}" for xref in indi.fams]
        for xref, relation in indi.asso:
            lines += [f"1 ASSO {xref}", f"2 RELA {_clean(relation)[:25] or '?'}"]
        for note in indi.notes:
            lines += _note(1, note)
    for fam in tree.families:
        lines.append(f"0 {fam.xref} FAM")
        if fam.husb is not None:
            lines.append(f"1 HUSB {fam.husb.xref}")
        if fam.wife is not None:
            lines.append(f"1 WIFE {fam.wife.xref}")
        lines += [f"1 CHIL {child.xref}" for child in fam.children]
        for note in fam.notes:
            lines += _note(1, note)
    lines.append("0 TRLR")
    return "\n".join(lines) + "\n"
