"""The language layer: what free text means (tables), and what each screen does with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from dialogs.commands import Audience, suggestions
from dialogs.core import language
from dialogs.core.clock import FakeClock
from dialogs.core.events import EventKind, Reply
from dialogs.core.language import Intent, PersonWords
from dialogs.engine import Engine
from storage.db import Database
from storage.models import Person, SupportRequest
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent

COMMANDS_YP = suggestions(Audience.YOUNG_PERSON)
COMMANDS_STAFF = suggestions(Audience.STAFF)

ALEX = 5001
SAM = 1001
GROUP = -100500

# --- what a message means ------------------------------------------------------------------
INTENTS: list[tuple[str, Intent | None]] = [
    # greetings, with caps, punctuation, repeated letters and emoji
    *[
        (text, Intent("greeting"))
        for text in ["hi", "Hi!", "hey", "HEY", "hiya", "yo", "hello??", "Hellooooo", "hiii 👋"]
    ],
    *[(text, Intent("greeting")) for text in ["good morning", "Good Morning!", "hey hey", "sup"]],
    # menu, back, cancel without a slash
    *[
        (text, Intent("menu"))
        for text in ["menu", "Menu.", "MAIN MENU", "home", "mneu", "menu pls"]
    ],
    *[(text, Intent("menu")) for text in ["take me to the menu", "go home", "start again"]],
    *[(text, Intent("back")) for text in ["back", "go back", "Back!"]],
    *[(text, Intent("cancel")) for text in ["stop", "cancel", "exit", "Cancel!!", "quit", "nvm"]],
    # don't know / skip
    *[(text, Intent("skip")) for text in ["idk", "IDK", "i dont know", "i don't know", "dunno"]],
    *[(text, Intent("skip")) for text in ["not sure", "no idea", "skip", "pass", "idk tbh"]],
    # thanks
    *[(text, Intent("thanks")) for text in ["thanks", "ty", "cheers", "thx 👍", "Thank you!"]],
    *[(text, Intent("thanks")) for text in ["thank u", "thnx", "cheers mate", "ok thanks", "👍"]],
    *[(text, Intent("thanks")) for text in ["tysm", "thanks so much", "thnaks"]],
    # help, and a person
    *[(text, Intent("help")) for text in ["help", "can u help", "can you help me?", "hlep"]],
    *[(text, Intent("help")) for text in ["hi can u help", "what can you do", "help pls"]],
    *[(text, Intent("talk")) for text in ["i want to talk to someone", "can i talk to sam"]],
    *[(text, Intent("talk")) for text in ["speak to my worker", "i wanna talk 2 a real person"]],
    *[(text, Intent("talk")) for text in ["can sum1 call me", "can i speak to someone pls"]],
    # the main things the bot does
    ("add my nan", Intent("add", "my nan")),
    ("i want to add someone", Intent("add", "someone")),
    ("Add Jay my best mate", Intent("add", "Jay my best mate")),
    ("can i add a new person", Intent("add", "a new person")),
    *[(text, Intent("people")) for text in ["see my people", "my people", "people", "ppl list"]],
    *[(text, Intent("plan")) for text in ["my plan", "show me the plan", "plan", "review my plan"]],
    *[(text, Intent("picture")) for text in ["my picture", "show my pic", "ecomap"]],
    *[(text, Intent("data")) for text in ["download my data", "send me my data", "export"]],
    *[(text, Intent("privacy")) for text in ["my data", "what do you know about me", "my info"]],
    *[(text, Intent("delete")) for text in ["delete my data", "delete everything", "forget me"]],
    *[(text, Intent("privacy")) for text in ["privacy", "who can see my stuff", "sharing"]],
    # ask for support, with the category already chosen
    ("i need help with money", Intent("support", "money")),
    ("need help w money plz", Intent("support", "money")),
    ("im skint", Intent("support", "money")),
    ("money", Intent("support", "money")),
    ("moneyy problems", Intent("support", "money")),
    ("struggling with rent", Intent("support", "housing")),
    ("i need somewhere to live", Intent("support", "housing")),
    ("i need food", Intent("support", "food")),
    ("help with college", Intent("support", "education_work")),
    ("need help finding a job", Intent("support", "education_work")),
    ("i need to see a doctor", Intent("support", "health")),
    ("can u help me see my family", Intent("support", "family_contact")),
    # feelings
    ("feel really low", Intent("feeling", "low")),
    ("im sad", Intent("feeling", "low")),
    ("so lonely", Intent("feeling", "lonely")),
    ("i fel so lonley", Intent("feeling", "lonely")),
    ("just feel really low and on my own tbh", Intent("feeling", "lonely")),
    ("stressed", Intent("feeling", "stressed")),
    ("sooo stresssed", Intent("feeling", "stressed")),
    ("😭😭😭", Intent("feeling", "low")),
    ("😡", Intent("feeling", "angry")),
    ("bad day", Intent("feeling", "bad_day")),
    ("had a rough day tbh", Intent("feeling", "bad_day")),
    # not any of those
    ("my dad hit me", None),
    ("stop it", None),
    ("what", None),
    ("?", None),
    ("Nan", None),
    ("Jay", None),
    ("i am not sad", None),
    ("i dont want to talk to anyone", None),
    ("plant", None),
    ("yes 2 is fine", None),
    ("Привет, как дела", None),
    ("こんにちは", None),
    ("🙂🙂", None),
    ("", None),
    ("   ", None),
    ("x" * 5000, None),
    ("hello " * 2000, None),
]


@pytest.mark.parametrize(("text", "expected"), INTENTS)
def test_what_a_message_means(text: str, expected: Intent | None) -> None:
    assert language.understand(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("menu", "menu"),
        ("Menu!", "menu"),
        ("MAIN MENU", "menu"),
        ("cancel", "cancel"),
        ("stop", "stop" and "cancel"),
        ("Stop.", "cancel"),
        ("exit", "cancel"),
        ("back", "back"),
        ("stop it", None),
        ("menu of the day", None),
        ("please stop calling me", None),
        ("Nan", None),
    ],
)
def test_only_a_command_said_alone_is_a_command(text: str, expected: str | None) -> None:
    assert language.command_word(text) == expected


# --- how people are described ----------------------------------------------------------------
PEOPLE: list[tuple[str, PersonWords]] = [
    ("my dad", PersonWords(relationship="dad")),
    ("me nan", PersonWords(relationship="nan")),
    ("my nana", PersonWords(relationship="nan")),
    ("My Nanna", PersonWords(relationship="nan")),
    ("ma da", PersonWords(relationship="dad")),
    ("my mam", PersonWords(relationship="mum")),
    ("my best mate Jay", PersonWords(name="Jay", relationship="friend")),
    ("jay my best mate", PersonWords(name="jay", relationship="friend")),
    ("Jay, my bestie", PersonWords(name="Jay", relationship="friend")),
    ("my foster carer Linda", PersonWords(name="Linda", relationship="foster_carer")),
    ("my foster mum linda", PersonWords(name="linda", relationship="foster_carer")),
    ("my old foster carer Pam", PersonWords(name="Pam", relationship="ex_foster_carer")),
    ("my step-dad Dave", PersonWords(name="Dave", relationship="dad")),
    ("my sis", PersonWords(relationship="sister")),
    ("my bro Kai", PersonWords(name="Kai", relationship="brother")),
    ("my cuz", PersonWords(relationship="cousin")),
    ("my gf", PersonWords(relationship="friend")),
    ("my PA", PersonWords(relationship="social_worker")),
    ("my personal adviser Priya", PersonWords(name="Priya", relationship="social_worker")),
    ("my social worker", PersonWords(relationship="social_worker")),
    ("my football coach", PersonWords(relationship="coach")),
    ("my teacher Mr Khan", PersonWords(name="Mr Khan", relationship="teacher")),
    ("aunty sue", PersonWords(name="aunty sue", relationship="aunt")),
    ("Auntie Bev", PersonWords(name="Auntie Bev", relationship="aunt")),
    ("uncle bob", PersonWords(name="uncle bob", relationship="uncle")),
    ("Nan", PersonWords(name="Nan")),
    ("dad", PersonWords(name="dad")),
    ("  Nan 👵  ", PersonWords(name="Nan 👵")),
    ("Jay", PersonWords(name="Jay")),
    ("Jay Smith", PersonWords(name="Jay Smith")),
    ("Ty", PersonWords(name="Ty")),
    ("jo-anne", PersonWords(name="jo-anne")),
    ("my dad hit me", PersonWords(relationship="dad")),
    *[
        (text, PersonWords(skip=True))
        for text in ["idk", "dunno", "skip", "none", "IDK!", "no idea"]
    ],
    *[(text, PersonWords(skip=True)) for text in ["not sure", "i don't know", "nobody"]],
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_how_someone_is_described(text: str, expected: PersonWords) -> None:
    assert language.read_person(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nan", "nan"),
        ("my nan", "nan"),
        ("she's my aunty", "aunt"),
        ("hes my best mate", "friend"),
        ("Best mate", "friend"),
        ("bestie", "friend"),
        ("foster carer", "foster_carer"),
        ("teacher", "teacher"),
        ("my PA", "social_worker"),
        ("hi", None),
        ("Jay", None),
        ("she is lovely", None),
    ],
)
def test_who_someone_is(text: str, expected: str | None) -> None:
    assert language.relationship_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi", True),
        ("hello??", True),
        ("thanks", True),
        ("can u help", True),
        ("i need help with money", True),
        ("what do i put?", True),
        ("menu", True),
        ("Nan", False),
        ("Ty", False),
        ("Joy", False),
        ("Jay Smith", False),
        ("my best mate Jay", False),
        ("me nan", False),
        ("idk", False),  # the name step itself says kindly that it needs a name
    ],
)
def test_what_is_not_a_name(text: str, expected: bool) -> None:
    assert language.not_a_name(text) is expected


@pytest.mark.parametrize(
    ("typed", "known", "expected"),
    [
        ("mneu", COMMANDS_YP, "menu"),
        ("strat", COMMANDS_YP, "start"),
        ("hlep", COMMANDS_YP, "help"),
        ("peple", COMMANDS_YP, "people"),
        ("plna", COMMANDS_YP, "plan"),
        ("MENU", COMMANDS_YP, "menu"),
        ("caseloda", COMMANDS_STAFF, "caseload"),
        ("newcse", COMMANDS_STAFF, "newcase"),
        ("xyzzy", COMMANDS_YP, None),
        ("q", COMMANDS_YP, None),
        ("case", COMMANDS_YP, None),
    ],
)
def test_the_closest_command(typed: str, known: tuple[str, ...], expected: str | None) -> None:
    assert language.closest_command(typed, known) == expected


# --- through the engine ----------------------------------------------------------------------
class Talk(Chat):
    """The chat driver, plus what the bot can't read (a voice note, a sticker).

    Each message comes a few minutes after the last, so the safety net reads it alone
    (one burst of "add someone" + "idk" is a different thing to read).
    """

    clock: FakeClock

    def text(self, text: str) -> list[Reply]:
        self.clock.advance(timedelta(minutes=3))
        return super().text(text)

    def media(self, kind: str) -> list[Reply]:
        return self._send(kind=EventKind.MEDIA, media_kind=kind, message_id=77)

    def sticker(self) -> list[Reply]:
        return self._send(kind=EventKind.OTHER, media_kind="sticker", message_id=78)


@pytest.fixture
def engine(db: Database, clock: FakeClock) -> Engine:
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, clock.now())
    engine = Engine(db, clock)
    engine.invite_code = invite.code  # type: ignore[attr-defined]
    return engine


@pytest.fixture
def alex(engine: Engine, clock: FakeClock) -> Talk:
    chat = Talk(engine, ALEX)
    chat.clock = clock
    chat.command("start", engine.invite_code)  # type: ignore[attr-defined]
    chat.press("Yes")
    chat.press("No")
    assert chat.keys()[-1] == "menu.title"
    return chat


def people(db: Database) -> list[Person]:
    with unit_of_work(db) as uow:
        found = list(uow.session.exec(select(Person)).all())
        uow.session.expunge_all()
        return found


def only_reply(chat: Chat) -> Reply:
    assert len(chat.last) == 1, chat.keys()
    return chat.last[0]


MENU_BUTTONS = ["My people", "My plan", "Ask for support", "My requests", "My data", "Help"]


def test_hello_at_the_menu_is_one_short_message_with_the_menu(alex: Talk) -> None:
    alex.text("hiya!!")
    reply = only_reply(alex)
    assert reply.key == "lang.hello" and "Hi" in reply.text
    assert "What would you like to do?" in reply.text  # the menu's short title, once
    assert all(label in alex.labels() for label in MENU_BUTTONS)


def test_off_script_at_help_does_not_repeat_the_long_help(alex: Talk) -> None:
    alex.press("Help")
    help_text = only_reply(alex).text
    alex.text("what")
    reply = only_reply(alex)
    assert reply.key == "lang.off_script"
    assert help_text not in reply.text and len(reply.text.split()) < 20
    assert "Talk to someone" in alex.labels() and "⬅ Back" in alex.labels()
    alex.press("⬅ Back")  # the buttons work
    assert alex.keys() == ["menu.title"]


def test_menu_back_cancel_and_thanks_without_a_slash(alex: Talk) -> None:
    alex.press("My people")
    alex.text("Menu")
    assert alex.keys() == ["menu.title"]
    alex.press("My people")
    alex.press("➕ Add someone") if "➕ Add someone" in alex.labels() else alex.text("add someone")
    assert alex.keys()[-1] == "people.ask.name"
    alex.text("cancel")
    assert alex.keys() == ["menu.title"]
    alex.text("thx 👍")
    assert alex.keys() == ["lang.thanks"] and alex.said == "You're welcome 😊"


def test_misspelt_commands_get_the_closest(alex: Talk) -> None:
    alex.command("mneu")
    assert alex.keys() == ["lang.did_you_mean"] and "/menu" in alex.said
    alex.command("hlep")
    assert "/help" in alex.said
    alex.command("zzzzzz")
    assert alex.keys()[0] == "nudge.unknown_command"


def test_i_need_help_with_money_opens_support_with_money_chosen(alex: Talk, db: Database) -> None:
    alex.press("My plan")
    alex.text("i need help with money pls")
    reply = only_reply(alex)
    assert reply.key == "support.ask.describe_more" and "Money" in reply.text
    alex.text("I can't pay my gas bill")
    assert alex.keys() == ["support.ask.more"]
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(SupportRequest)).all() == []  # not sent yet


def test_stop_it_inside_a_description_is_just_words(alex: Talk) -> None:
    alex.text("i need help with housing")
    alex.text("stop it")
    assert alex.keys() == ["support.ask.more"]
    alex.press("Start my message again")
    alex.text("stop")  # said alone: a command, even here
    assert alex.keys() == ["menu.title"]


def test_idk_skips_where_there_is_a_skip(alex: Talk, db: Database) -> None:
    alex.text("idk")  # the menu has no skip: a kind line and the menu again
    assert only_reply(alex).key == "lang.skip.none" and "My people" in alex.labels()
    alex.text("add my nan")
    assert alex.keys() == ["people.ask.name.for"] and "nan's name" in alex.said
    alex.text("idk")  # no name: she is "Nan"
    assert alex.keys()[-1] == "people.ask.closeness"
    alex.text("dunno")
    assert alex.keys()[-1] == "people.ask.contact"
    alex.text("not sure")
    assert alex.keys()[-1].startswith("people.ask.may_contact")  # .private: sharing is off
    alex.press("Yes")
    [nan] = people(db)
    assert (nan.name, nan.relationship, nan.circle.value if nan.circle else None) == (
        "Nan",
        "nan",
        "family",
    )
    assert nan.contact is None and nan.closeness is None and nan.may_contact is True


def test_names_are_never_idk(alex: Talk, db: Database) -> None:
    alex.text("add someone")
    assert alex.keys() == ["people.ask.name"]
    for text in ("idk", "dunno", "skip", "none"):
        alex.text(text)
        assert alex.keys() == ["people.name.needed"], text
    alex.text("Nan")  # a name, said alone
    assert alex.keys() == ["people.ask.relationship"] and "Who is Nan to you?" in alex.said
    alex.text("she's my nan")
    assert alex.last[-1].key.startswith("people.ask.circle")
    assert people(db) == []


@pytest.mark.parametrize(
    ("typed", "name", "relationship", "asks"),
    [
        ("my best mate Jay", "Jay", "friend", "people.ask.closeness"),
        ("jay my best mate", "Jay", "friend", "people.ask.closeness"),
        ("my foster carer Linda", "Linda", "foster_carer", "people.ask.closeness"),
        ("aunty sue", "Aunty Sue", "aunt", "people.ask.closeness"),
        ("me nan", None, "nan", "people.ask.name.for"),
        ("my dad", None, "dad", "people.ask.name.for"),
        ("Nan", "Nan", None, "people.ask.relationship"),
    ],
)
def test_a_description_fills_in_what_it_says(
    alex: Talk, typed: str, name: str | None, relationship: str | None, asks: str
) -> None:
    alex.press("My people")
    alex.press("➕ Add someone") if "➕ Add someone" in alex.labels() else alex.text("add")
    alex.text(typed)
    assert alex.keys()[-1] == asks
    if name is not None:
        assert name in alex.said
    if asks == "people.ask.name.for":
        alex.text("Dave")
        assert alex.keys()[-1] == "people.ask.closeness" and "Dave" in alex.said


def test_hi_at_the_name_step_is_not_a_name(alex: Talk, db: Database) -> None:
    alex.text("add someone")
    alex.text("hi")
    reply = only_reply(alex)
    assert reply.key == "lang.hello" and "What do you call them?" in reply.text
    alex.text("can u help")
    assert alex.keys() == ["help.text"]
    assert people(db) == []


def test_me_nan_at_the_relationship_step(alex: Talk) -> None:
    alex.text("add someone")
    alex.text("Pat")
    alex.text("me nan")
    assert alex.keys()[-1] == "people.ask.circle.inferred"
    alex.press("⬅ Back")
    alex.text("idk")  # the relationship step has Skip
    assert alex.keys()[-1] == "people.ask.circle"
    alex.press("⬅ Back")
    alex.text("hello")
    reply = only_reply(alex)
    assert reply.key == "lang.hello" and "Who is Pat to you?" in reply.text
    assert "Mum" in alex.labels() and "Skip" in alex.labels()


def test_feelings_get_a_warm_answer_and_talk_to_someone(alex: Talk, db: Database) -> None:
    alex.text("so lonely")
    reply = only_reply(alex)
    assert reply.key == "lang.feeling.lonely" and "lonely" in reply.text
    assert "Got it" not in reply.text
    assert alex.labels()[0] == "Talk to someone" and "My people" in alex.labels()
    alex.press("Talk to someone")
    with unit_of_work(db) as uow:
        [talk] = uow.session.exec(select(SupportRequest)).all()
        assert talk.kind.value == "talk"


def test_i_want_to_talk_to_someone_opens_the_talk_path(alex: Talk, db: Database) -> None:
    alex.press("My data")
    alex.text("can i talk to sam")
    assert alex.keys() == ["support.reply.ask"]
    with unit_of_work(db) as uow:
        [talk] = uow.session.exec(select(SupportRequest)).all()
        assert talk.kind.value == "talk"


@pytest.mark.parametrize(
    ("typed", "screen"),
    [
        ("see my people", "people.list.empty"),
        ("my data", "who.text"),
        ("download my data", "data.menu"),
        ("can u help", "help.text"),
        ("home", "menu.title"),
    ],
)
def test_main_intents_go_there(alex: Talk, typed: str, screen: str) -> None:
    alex.press("Help")
    alex.text(typed)
    assert alex.keys()[-1] == screen


def test_voice_notes_and_stickers_get_a_kind_line_and_the_buttons(alex: Talk) -> None:
    alex.media("voice")
    reply = only_reply(alex)
    assert reply.key == "lang.media.voice" and "voice notes" in reply.text
    assert "My people" in alex.labels()
    alex.sticker()
    assert only_reply(alex).key == "lang.media.sticker" and "My people" in alex.labels()
    alex.text("i need help with food")
    alex.media("voice")  # describing a request: voice notes are taken
    assert alex.keys() == ["support.ask.more"]


def test_strange_text_is_handled_kindly(alex: Talk) -> None:
    for text in ("x" * 5000, "Привет", "🙂🙂🙂", "\u200b", "?!?!"):
        alex.text(text)
        assert only_reply(alex).key == "lang.off_script", text


def test_the_phrase_data_is_all_words() -> None:
    """YAML reads a bare yes/no/on/off as true/false: every phrase must stay a word."""
    from importlib import resources

    import yaml

    raw = yaml.safe_load(
        resources.files("dialogs.texts").joinpath("language_en.yaml").read_text("utf-8")
    )

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                assert isinstance(key, str), key
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        else:
            assert isinstance(node, str), node

    walk(raw)
