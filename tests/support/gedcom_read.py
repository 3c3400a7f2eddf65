"""Read a GEDCOM file back with two independent libraries, python-gedcom and ged4py, into
the same plain shape, so a test checks the names, links and notes each of them sees; and
the family the GEDCOM tests write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ged4py.parser import GedcomReader
from gedcom.element.element import Element
from gedcom.element.individual import IndividualElement
from gedcom.parser import Parser

from storage.models import (
    ContactStatus,
    ContactWish,
    Person,
    PersonCircle,
    PersonSafety,
)


@dataclass
class ReadBack:
    """What a library read: every individual by name, and who their parents are."""

    names: dict[str, str] = field(default_factory=dict)  # xref -> name
    parents: dict[str, set[str]] = field(default_factory=dict)  # name -> parents' names
    notes: dict[str, list[str]] = field(default_factory=dict)  # name -> notes
    asso: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # name -> (name, rela)
    sex: dict[str, str] = field(default_factory=dict)  # name -> M / F / U
    families: int = 0

    def children_of(self, name: str) -> set[str]:
        """Everyone this person is a parent of."""
        return {child for child, parents in self.parents.items() if name in parents}


def _child(element: Element, tag: str) -> list[Element]:
    return [c for c in element.get_child_elements() if c.get_tag() == tag]


def with_python_gedcom(path: Path) -> ReadBack:
    """Read with python-gedcom."""
    parser = Parser()
    parser.parse_file(str(path), False)
    read = ReadBack()
    people = [e for e in parser.get_root_child_elements() if isinstance(e, IndividualElement)]
    for person in people:
        first, last = person.get_name()
        read.names[person.get_pointer()] = " ".join(part for part in (first, last) if part)
    for person in people:
        name = read.names[person.get_pointer()]
        read.parents[name] = {
            " ".join(p for p in parent.get_name() if p) for parent in parser.get_parents(person)
        }
        read.notes[name] = [note.get_multi_line_value() for note in _child(person, "NOTE")]
        read.asso[name] = {
            (read.names[asso.get_value()], _child(asso, "RELA")[0].get_value())
            for asso in _child(person, "ASSO")
        }
        read.sex[name] = _child(person, "SEX")[0].get_value()
    read.families = sum(1 for e in parser.get_root_child_elements() if e.get_tag() == "FAM")
    return read


def with_ged4py(path: Path) -> ReadBack:
    """Read with ged4py (the families read from the FAM records themselves)."""
    read = ReadBack()
    with GedcomReader(str(path)) as reader:
        people = list(reader.records0("INDI"))
        for person in people:
            read.names[person.xref_id] = person.name.format()
        for person in people:
            name = read.names[person.xref_id]
            read.parents.setdefault(name, set())
            read.notes[name] = [note.value for note in person.sub_tags("NOTE")]
            read.asso[name] = {
                (read.names[asso.value], asso.sub_tag_value("RELA"))
                for asso in person.sub_tags("ASSO", follow=False)
            }
            read.sex[name] = person.sex
        for family in reader.records0("FAM"):
            read.families += 1
            parents = {
                read.names[record.xref_id]
                for record in (family.sub_tag("HUSB"), family.sub_tag("WIFE"))
                if record is not None
            }
            for child in family.sub_tags("CHIL"):
                read.parents[read.names[child.xref_id]] |= parents
    return read


NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def person(
    name: str,
    relationship: str | None,
    circle: PersonCircle | None = PersonCircle.FAMILY,
    other: str | None = None,
    **fields: object,
) -> Person:
    return Person(
        service_id=1,
        young_person_id=1,
        name=name,
        relationship=relationship,
        relationship_other=other,
        circle=circle,
        created_at=NOW,
        updated_at=NOW,
        **fields,
    )


def family() -> list[Person]:
    return [
        person("Mum Jo", "mum", contact=ContactStatus.IN_TOUCH, closeness=1, wish=ContactWish.WANT),
        person(
            "Dave",
            "dad",
            contact=ContactStatus.LOST_TOUCH,
            safety=PersonSafety.NOT_SAFE,
            wish=ContactWish.NO_CONTACT,
        ),
        person("Kai", "brother"),
        person("Mia 🌸", "sister", closeness=2),
        person("Lou", "other", other="half sister"),
        person("Rob", "other", other="half-brother"),
        person("Steve", "other", other="step dad"),
        person("Tia", "other", other="step sister"),
        person("Nan Betty", "nan", safety=PersonSafety.SAFE),
        person("Grandad Ron", "grandad"),
        person("Aunt Sue", "aunt"),
        person("Uncle Pete", "uncle"),
        person("Cuz Liam", "cousin"),
        person("Cara", "mum"),  # a second mum: how she is related is not recorded
        person("Great Aunt May", "other", other="nans sister"),
        person("Jay @home / Jay2", "friend", PersonCircle.FRIENDS),
        person("Pat", "foster_carer", PersonCircle.CARERS),
        person("Mr Khan", "teacher", PersonCircle.PROFESSIONALS),
    ]
