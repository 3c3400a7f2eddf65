"""Languages: Telegram's language_code mapped to a catalogue, the language stored on young
people and staff (migration 0015, both backends), spoken back to them, the consent version
per language, and the emergency numbers per country."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

import dialogs.texts.emergency
from dialogs.core.clock import FakeClock
from dialogs.core.consent_text import consent_text_version
from dialogs.core.context import Context, reader_language
from dialogs.core.events import Event, EventKind
from dialogs.engine import Engine
from dialogs.staff.admin import AdminError, add_staff, create_invite, create_service, link_group
from dialogs.texts import DEFAULT_LANGUAGE, t
from dialogs.texts.emergency import countries, names, numbers
from dialogs.texts.language_codes import language_for, language_name, locale_name, understood
from dialogs.young import milestones
from storage.db import Database
from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.milestones import DAY, Milestone
from storage.models import (
    ConsentEvent,
    GroupPurpose,
    OutboxMessage,
    Staff,
    StaffRole,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.pseudo_locale import PSEUDO, PSEUDO_CONSENT_VERSION, pseudo
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

ALEX = 5001
SAM = 1001


# --- Telegram's language_code → a catalogue -------------------------------------------------
@pytest.mark.parametrize(
    ("code", "have", "expected"),
    [
        (None, {"en"}, "en"),
        ("", {"en"}, "en"),
        ("en", {"en"}, "en"),
        ("en-GB", {"en"}, "en"),
        ("pt-br", {"en", "pt", "pt_BR"}, "pt_BR"),
        ("pt-BR", {"en", "pt", "pt_BR"}, "pt_BR"),
        ("pt-br", {"en", "pt"}, "pt"),
        ("pt", {"en", "pt_BR"}, "en"),  # a regional catalogue is not the whole language's
        ("uk", {"en"}, "en"),  # no catalogue yet: English
        ("../en", {"en"}, "en"),
        ("x" * 40, {"en"}, "en"),
        ("sr-latn-rs", {"en", "sr_Latn_RS"}, "sr_Latn_RS"),
    ],
)
def test_telegram_language_codes_map_to_a_catalogue(
    code: str | None, have: set[str], expected: str
) -> None:
    assert language_for(code, have) == expected


def test_locale_names_are_the_folders_form() -> None:
    assert locale_name("pt-br") == "pt_BR"
    assert locale_name("zh-hant-tw") == "zh_Hant_TW"
    assert locale_name("EN") == "en"


def test_with_english_only_every_code_reads_english() -> None:
    assert {language_for(code) for code in ("en", "fr", "pt-br", "ar", None)} == {"en"}


def test_a_language_is_named_in_its_own_words() -> None:
    assert language_name("en") == "English"
    assert language_name("pt_BR") == "Português (Brasil)"
    assert language_name("cy") == "Cymraeg"
    assert language_name("qq") == "qq"  # unknown to CLDR: its code


def test_a_typed_language_is_understood() -> None:
    for typed in ("english", "English", " ENGLISH! "):
        assert understood(typed) == "en", typed
    for typed in ("klingon", "", "menu", "yes please", "no", "en"):
        assert understood(typed) is None, typed


def test_a_typed_language_is_understood_in_either_tongue(pseudo_language: str) -> None:
    for typed in ("Cymraeg", "cymraeg", "welsh", "Welsh!"):
        assert understood(typed) == pseudo_language, typed
    assert language_for("cy-GB") == pseudo_language


# --- consent version per language -----------------------------------------------------------
def test_the_consent_version_follows_the_language(pseudo_language: str) -> None:
    assert consent_text_version() == consent_text_version("en") == "en-2026-11"
    assert consent_text_version(pseudo_language) == PSEUDO_CONSENT_VERSION
    assert consent_text_version("fr") == "en-2026-11"  # not translated: the English shown


# --- emergency numbers per country ----------------------------------------------------------
GENERAL = (
    "• In danger right now? Call 999\n"
    "• Samaritans: call 116 123, free, day or night\n"
    "• Text SHOUT to 85258, free, day or night\n"
    "• Childline (under 19): 0800 1111"
)


def test_the_uk_numbers_read_as_before() -> None:
    assert t("crisis.numbers.general") == GENERAL
    assert t("crisis.numbers.general", country="GB") == GENERAL
    assert t("crisis.numbers.general", country="ZZ") == GENERAL  # unknown: the UK's
    assert "Call 999, then press 55 on a mobile" in t("crisis.numbers.danger")
    assert "Police, not an emergency: 101" in t("crisis.numbers.abuse")


def test_no_number_is_written_into_a_sentence() -> None:
    from dialogs.texts import catalogue

    for key, template in catalogue("en").every_form().items():
        for number in numbers().values():
            if len(number) > 3:  # "999", "111", "55" are also parts of dates and times
                assert number not in template, f"{key} writes {number} itself"


def test_every_country_lists_every_number() -> None:
    for country in countries():
        assert set(numbers(country)) == names(), country


def test_a_country_picks_its_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = dialogs.texts.emergency.COUNTRIES.read_text()
    irish = {
        **numbers("GB"),
        "emergency": "112",
        "samaritans": "116 123",
        "childline": "1800 66 66 66",
    }
    data += "\n[IE]\n" + "".join(f'{name} = "{number}"\n' for name, number in irish.items())
    (tmp_path / "countries.toml").write_text(data)
    monkeypatch.setattr(dialogs.texts.emergency, "COUNTRIES", tmp_path / "countries.toml")
    dialogs.texts.emergency._all.cache_clear()
    try:
        irish_text = t("crisis.numbers.general", country="IE")
        assert "Call 112" in irish_text and "1800 66 66 66" in irish_text
        assert t("crisis.numbers.general") == GENERAL
    finally:
        dialogs.texts.emergency._all.cache_clear()


# --- storage and the migration ---------------------------------------------------------------
def test_the_language_is_stored_on_cases_and_staff(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now())
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        [sam] = uow.staff.memberships(SAM)
        assert case is not None and case.language is None and sam.language is None
        service = uow.services.by_slug("kent")
        assert service is not None and service.country == "GB"
        case.language, sam.language = "pt_BR", "pl"
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        [sam] = uow.staff.memberships(SAM)
        assert case is not None and (case.language, sam.language) == ("pt_BR", "pl")


def test_migration_0015_adds_the_languages_and_back(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0014")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service (id, slug, name, review_every_days, min_age, created_at, "
                "quiet_start_hour, quiet_end_hour, urgent_response_minutes, "
                "normal_response_minutes, work_start_hour, work_end_hour) "
                "VALUES (1, 'kent', 'Kent', 90, 16, '2026-01-01 00:00:00', 21, 9, 60, 480, 9, 17)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO young_person (id, service_id, reference, status, created_at, "
                "unreachable) VALUES (1, 1, 'KENT-1', 'active', '2026-01-01 00:00:00', false)"
            )
        )
    upgrade(db, "0015")
    with db.engine.begin() as conn:
        assert conn.execute(text("SELECT language FROM young_person")).scalar_one() is None
        assert conn.execute(text("SELECT country FROM service")).scalar_one() is None
        conn.execute(text("UPDATE young_person SET language = 'pt_BR'"))
        assert conn.execute(text("SELECT language FROM young_person")).scalar_one() == "pt_BR"
        for table in ("staff", "outbox"):
            conn.execute(text(f"SELECT language FROM {table}")).all()
    downgrade(db, "0014")
    assert current_revision(db) == "0014"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT reference FROM young_person")).scalar_one() == "KENT-1"
    upgrade(db)
    assert current_revision(db) == head_revision(db)
    db.dispose()


# --- the language of an update ----------------------------------------------------------------
def _event(chat_type: str = "private", code: str | None = None) -> Event:
    chat = ALEX if chat_type == "private" else -100
    return Event(1, EventKind.TEXT, chat, ALEX, chat_type=chat_type, language_code=code)


def test_an_update_is_answered_in_the_readers_language(pseudo_language: str) -> None:
    case = YoungPerson(service_id=1, reference="KENT-1", language=pseudo_language)
    english = YoungPerson(service_id=1, reference="KENT-2")
    staff = Staff(service_id=1, telegram_user_id=SAM, name="Sam", language=pseudo_language)
    assert reader_language(_event(code="en"), case) == pseudo_language  # stored beats the app
    assert reader_language(_event(code=pseudo_language), english) == "en"
    assert reader_language(_event(code=pseudo_language), None) == pseudo_language  # not known
    assert reader_language(_event(code="fr"), None) == "en"
    assert reader_language(_event(), None, [staff]) == pseudo_language
    assert reader_language(_event("supergroup", pseudo_language), None, [staff]) == "en"
    gone = YoungPerson(service_id=1, reference="KENT-3", language="xx")  # catalogue removed
    assert reader_language(_event(), gone) == DEFAULT_LANGUAGE


@pytest.fixture
def kent(db: Database, clock: FakeClock):  # type: ignore[no-untyped-def]
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), clock.now(), coordinator_telegram_id=SAM
        )
    return Engine(db, clock), invite


def test_joining_takes_the_telegram_language(kent, db: Database, pseudo_language: str) -> None:
    engine, invite = kent
    alex = Chat(engine, ALEX, language_code="cy-GB")
    welcome, question = alex.command("start", invite.code)
    assert welcome.text == t("welcome", PSEUDO, name="Alex", service="Kent Lifelong Links")
    assert question.text == t("consent.use.ask", PSEUDO) != t("consent.use.ask")
    assert [b.label for b in question.buttons[0]] == [t("btn.yes", PSEUDO), t("btn.no", PSEUDO)]
    alex.press(t("btn.yes", PSEUDO))
    alex.language_code = "en"  # their app changed: what they chose with us stays
    alex.press(t("btn.no", PSEUDO))
    labels = [b.label for row in alex.last[-1].buttons for b in row]
    assert t("btn.people", PSEUDO) in labels and t("btn.data", PSEUDO) in labels
    assert t("btn.people", PSEUDO) == pseudo("My people") != "My people"
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None and case.language == PSEUDO
        versions = {row.text_version for row in uow.session.exec(select(ConsentEvent))}
    assert versions == {PSEUDO_CONSENT_VERSION}


def test_an_unknown_app_language_joins_in_english(kent, db: Database) -> None:
    engine, invite = kent
    alex = Chat(engine, ALEX, language_code="tlh")
    welcome, _ = alex.command("start", invite.code)
    assert welcome.text == t("welcome", name="Alex", service="Kent Lifelong Links")
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None and case.language == "en"


def test_staff_get_their_language_when_they_first_write(
    kent, db: Database, pseudo_language: str
) -> None:
    engine, _ = kent
    sam = Chat(engine, SAM, language_code=pseudo_language)
    sam.command("help")
    with unit_of_work(db) as uow:
        [member] = uow.staff.memberships(SAM)
        assert member.language == pseudo_language
    sam.language_code = "en"
    sam.command("help")
    with unit_of_work(db) as uow:
        [member] = uow.staff.memberships(SAM)
        assert member.language == pseudo_language  # kept: set once


def test_deleting_everything_forgets_the_language(kent, db: Database) -> None:
    engine, invite = kent
    alex = Chat(engine, ALEX, language_code="en")
    alex.command("start", invite.code)
    alex.press("Yes")
    alex.press("No")
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    with unit_of_work(db) as uow:
        [case] = uow.session.exec(select(YoungPerson)).all()
        assert case.first_name is None and case.language is None


def test_the_context_speaks_its_language(kent, db: Database, pseudo_language: str) -> None:
    with unit_of_work(db) as uow:
        ctx = Context(uow, _event(code=pseudo_language), FakeClock().now(), None, None)
        ctx.say("help.text")
        assert ctx.replies[0].text == t("help.text", pseudo_language)
        assert "116 123" in ctx.replies[0].text  # the numbers, in the language's sentence


def test_a_service_is_given_a_country_with_known_numbers(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        service = create_service(uow, "kent", "Kent", clock.now(), 90, 16, country="gb")
        assert service.country == "GB"
        with pytest.raises(AdminError, match="no emergency numbers are known for country 'FR'"):
            create_service(uow, "paris", "Paris", clock.now(), 90, 16, country="FR")


def test_a_milestone_goes_in_the_stored_language_and_its_card_in_english(
    db: Database, clock: FakeClock, pseudo_language: str
) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        link_group(uow, "kent", GroupPurpose.COORDINATORS, -100500, now)
        invite = create_invite(uow, "kent", "Alex", date(2008, 12, 8), now)
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None
        case.telegram_user_id, case.language = ALEX, pseudo_language
        birthday = date(2026, 12, 8)
        milestones.queue(uow, case, Milestone(18, DAY, birthday, birthday), now, now)
    with unit_of_work(db) as uow:
        rows = {row.chat_id: row for row in uow.session.exec(select(OutboxMessage))}
    assert rows[ALEX].text == t("milestone.18.day", pseudo_language) != t("milestone.18.day")
    labels = [label for row in json.loads(rows[ALEX].buttons) for label, _ in row]
    assert labels == [t(key, pseudo_language) for key, _ in milestones.BUTTONS]
    card = rows[-100500].text  # the team's card: English, the service's language
    assert "They have had a message about what changes" in card and "8 December 2026" in card
