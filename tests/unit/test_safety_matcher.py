"""The safety-net matcher: corpora, named examples, categories, normalisation and speed.

Corpora are ``POS<TAB>category<TAB>message`` / ``NEG<TAB>-<TAB>message`` lines (``#`` starts a
comment). The tuning corpus is what the English tables were tuned on; the held-out corpus was
written by someone who never saw the matcher and must never be used for tuning.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dialogs.safety import matcher as crisis
from dialogs.safety.matcher import (
    CrisisCategory,
    CrisisMatch,
    LanguagePack,
    Rule,
    detect,
    normalise,
)

DATA = Path(__file__).resolve().parents[1] / "data"
TUNING = DATA / "crisis_tuning_en.txt"
HELDOUT = DATA / "crisis_heldout_en.txt"
# written for the cautious layer, each measured as unseen before it was tuned on
EXTRAS = sorted(DATA.glob("crisis_extra_*.txt"))

MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.05

Row = tuple[bool, str, str]  # (positive?, category or "-", message)


def load(path: Path) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t", 2)
        # never show the line itself: the held-out messages must stay unseen
        assert len(parts) == 3, f"{path.name}:{number}: expected three tab-separated fields"
        kind = parts[0].strip().upper()
        assert kind in ("POS", "NEG"), f"{path.name}:{number}: kind must be POS or NEG"
        rows.append((kind == "POS", parts[1].strip(), parts[2]))
    return rows


@dataclasses.dataclass
class Score:
    positives: int
    negatives: int
    caught: int
    false_alarms: int
    right_category: int

    @property
    def recall(self) -> float:
        return self.caught / self.positives

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.negatives

    def __str__(self) -> str:
        return (
            f"{self.positives} positive, {self.negatives} negative: "
            f"recall {self.recall:.1%} ({self.caught}/{self.positives}), "
            f"false alarms {self.false_alarm_rate:.1%} ({self.false_alarms}/{self.negatives}), "
            f"category agrees {self.right_category}/{self.positives}"
        )


def score(rows: list[Row]) -> Score:
    s = Score(0, 0, 0, 0, 0)
    for positive, category, message in rows:
        found = detect(message)
        if positive:
            s.positives += 1
            s.caught += found is not None
            s.right_category += found is not None and found.category.value == category
        else:
            s.negatives += 1
            s.false_alarms += found is not None
    return s


# --------------------------------------------------------------------------- corpora


def test_tuning_corpus_is_big_enough_and_well_formed() -> None:
    rows = load(TUNING)
    categories = {c.value for c in CrisisCategory}
    assert sum(p for p, _, _ in rows) >= 150
    assert sum(not p for p, _, _ in rows) >= 150
    assert all(c in categories for p, c, _ in rows if p)


def test_tuning_corpus_recall_and_false_alarms() -> None:
    s = score(load(TUNING))
    print(f"\ntuning corpus: {s}")
    assert s.recall >= MIN_RECALL
    assert s.false_alarm_rate <= MAX_FALSE_ALARMS


@pytest.mark.parametrize("path", EXTRAS, ids=lambda p: p.name)
def test_extra_corpus_recall_and_false_alarms(path: Path) -> None:
    rows = load(path)
    assert sum(p for p, _, _ in rows) >= 100
    assert sum(not p for p, _, _ in rows) >= 100
    s = score(rows)
    print(f"\n{path.name}: {s}")
    assert s.recall >= MIN_RECALL
    assert s.false_alarm_rate <= MAX_FALSE_ALARMS


# The goal on unseen messages is MIN_RECALL (95 %); the rules do not reach it yet (83.4 % on
# the held-out corpus, false alarms 1.0 %; see the note). Until they do, this floor
# stops any change from making it worse: raise it with every improvement, drop it at 95 %.
HELDOUT_RECALL_FLOOR = 0.83


@pytest.mark.skipif(not HELDOUT.exists(), reason="no held-out corpus")
def test_heldout_corpus_recall_and_false_alarms() -> None:
    s = score(load(HELDOUT))
    print(f"\nheld-out corpus: {s}")
    assert s.recall >= HELDOUT_RECALL_FLOOR
    assert s.false_alarm_rate <= MAX_FALSE_ALARMS


# --------------------------------------------------------------------------- named examples

# The issue's own examples, and the idioms it names as not a crisis.
NAMED_POSITIVES = [
    ("kms", CrisisCategory.SUICIDE),
    ("I just want to unalive myself", CrisisCategory.SUICIDE),
    ("i want to die", CrisisCategory.SUICIDE),
    ("he hits me", CrisisCategory.ABUSE),
    ("nowhere to sleep tonight", CrisisCategory.HOMELESS),
]

NAMED_NEGATIVES = [
    "I'm dying to see my nan",
    "this homework is killing me",
    "i could murder a kebab",
    "dead tired",
    "my phone died",
    "I hit the gym",
    "she hit me up on snap",
    "sleepover tonight",
    "i'm ending things with my girlfriend",
    "i want to end my tenancy",
    "i feel so sad today",
    "i'm really lonely",
    "so stressed about exams",
]


@pytest.mark.parametrize(("message", "category"), NAMED_POSITIVES)
def test_named_examples_alarm(message: str, category: CrisisCategory) -> None:
    found = detect(message)
    assert found is not None
    assert found.category is category


@pytest.mark.parametrize("message", NAMED_NEGATIVES)
def test_idioms_and_ordinary_feelings_do_not_alarm(message: str) -> None:
    assert detect(message) is None


# Written for these tests (not from either corpus): more idioms and everyday uses of
# alarming words that must stay quiet.
MORE_NEGATIVES = [
    "i nearly killed myself laughing",
    "i was so embarrassed i wanted to die",
    "i'd rather die than go to school",
    "i'm going to die if i don't get tickets",
    "i want to dye my hair red",
    "omg i'm dying 😂😂",
    "lmao im dead",
    "my mate stabbed me in the back",
    "my sister beat me at monopoly",
    "the bus nearly hit me lol",
    "he pushed me to apply for uni",
    "i got shot in paintball",
    "i can't breathe through my nose with this cold",
    "i had a panic attack but i'm ok now",
    "nearly had a heart attack when i saw the bill",
    "i overdosed on chocolate at easter lol",
    "i took two paracetamol for my headache",
    "i cut myself shaving lol",
    "i burnt my arm on the oven",
    "i jumped off the wall and hurt my ankle",
    "i'm on the bridge course at college",
    "hang on a sec",
    "i'm worried about becoming homeless when i leave care",
    "i slept in the car on the way to wales",
    "we got kicked out of the cinema for laughing",
    "i'm locked out of my instagram",
    "i have nowhere to go on saturday, all my mates are busy",
    "he's following me on twitter",
    "my nan is coming to get me at 5",
    "my mum will kill me if i'm late",
    "i'm scared of spiders",
    "the fire alarm went off, it was just a drill",
    "can you help me with my CV",
    "this is my last message for today, night!",
    "i don't want to live in birmingham",
    "i can't go on the trip because of money",
    "we watched a film about suicide in pshe",
    "my friend fainted in PE last week but she's fine",
    "i broke my arm when i was 7",
]


@pytest.mark.parametrize("message", MORE_NEGATIVES)
def test_everyday_uses_of_alarming_words_do_not_alarm(message: str) -> None:
    assert detect(message) is None


# --------------------------------------------------------------------------- categories

SH, AB, DNG, HOME, MED = (
    # suicide and self-harm, abuse and exploitation: either is right for these cases
    frozenset({CrisisCategory.SUICIDE, CrisisCategory.SELF_HARM}),
    frozenset({CrisisCategory.ABUSE, CrisisCategory.EXPLOITATION}),
    CrisisCategory.DANGER,
    CrisisCategory.HOMELESS,
    CrisisCategory.MEDICAL,
)

# Clear cases: the category is not in doubt. Most are written for these tests.
CLEAR_CASES = [
    # plans and intent: self-harm
    ("gonna kms fr", SH),
    ("k.m.s", SH),
    ("about to k m s ngl", SH),
    ("i wanna diiiie", SH),
    ("i wanna d1e", SH),
    ("im going to kill myslef", SH),
    ("having sucidal thoughts again", SH),
    ("sewer slide is looking real good rn", SH),
    ("i want to end it all", SH),
    ("thinking of ending things", SH),
    ("i want to overdose", SH),
    ("gonna take all my pills tonight", SH),
    ("i've been cutting my arms", SH),
    ("i relapsed with sh", SH),
    ("i'm going to jump off a building", SH),
    ("everyone would be better off without me", SH),
    ("nobody would miss me if i died", SH),
    ("i just want to go to sleep and never wake up", SH),
    ("my mate said she's going to kill herself", SH),
    ("the voices are telling me to kill myself", SH),
    ("i don't think i can keep myself safe tonight", SH),
    # someone hurting them: abuse
    ("my foster dad hits me", AB),
    ("my stepdad keeps hitting me", AB),
    ("my boyfriend slapped me", AB),
    ("my uncle touches me", AB),
    ("i got r*ped at a party", AB),
    ("he forced me to have sex", AB),
    ("these older lads are making me sell drugs for them", AB),
    ("he says if i dont send pics hell share them with everyone", AB),
    ("my foster carer locks me in my room", AB),
    ("people at college keep telling me to kys", AB),
    ("i'm being made to carry drugs", AB),
    ("my stepdad hits my mum", AB),
    # immediate danger
    ("someone is following me", DNG),
    ("he's outside my door with a knife", DNG),
    ("someone's trying to break in", DNG),
    ("my flat is on fire", DNG),
    ("i can smell gas everywhere", DNG),
    ("i think someone put something in my drink", DNG),
    ("please call the police", DNG),
    ("i'm not safe at home", DNG),
    ("help im scared hes going to kill me", DNG),
    # nowhere to sleep tonight
    ("got kicked out and have nowhere to stay tonight", HOME),
    ("mum chucked me out", HOME),
    ("no where 2 sleep", HOME),
    ("im homless", HOME),
    ("sleeping at the bus station", HOME),
    ("i've been sleeping rough for a week", HOME),
    ("my landlord changed the locks", HOME),
    ("nobody will take me in and the night shelter is full", HOME),
    # medical emergencies, including overdoses and cuts that already happened
    ("i cant breath", MED),
    ("i took too many pills", MED),
    ("i took 20 paracetamol an hour ago", MED),
    ("i overdoes on my meds", MED),
    ("i cut too deep and it wont stop bleeding", MED),
    ("my mate collapsed and isn't waking up", MED),
    ("my friend is having a seizure", MED),
    ("call an ambulance", MED),
    ("i've been stabbed", MED),
    ("allergic reaction my throat is swelling", MED),
    ("i think i'm overdosing", MED),
]


@pytest.mark.parametrize(("message", "category"), CLEAR_CASES)
def test_clear_cases_get_the_right_category(message: str, category: CrisisCategory) -> None:
    found = detect(message)
    assert found is not None, message
    expected = category if isinstance(category, frozenset) else {category}
    assert found.category in expected, (message, found)


def test_intent_is_self_harm_but_an_overdose_taken_is_medical() -> None:
    assert detect("im gonna take an overdose") == CrisisMatch(CrisisCategory.SUICIDE, "sh.overdose")
    found = detect("i took an overdose")
    assert found is not None and found.category is MED


def test_rule_ids_are_unique_and_every_rule_has_a_category() -> None:
    from dialogs.safety.rulebook import load_pack

    english = load_pack("en")
    ids = [r.id for r in english.rules]
    assert len(ids) == len(set(ids))
    assert all(r.category is not None for r in english.rules)
    assert all(r.category is None for r in english.idioms)
    found = detect("he hits me")
    assert found is not None and found.rule in ids


# --------------------------------------------------------------------------- API


def test_empty_and_blank_text_is_not_a_crisis() -> None:
    assert detect("") is None
    assert detect("   \n ") is None


def test_unknown_languages_and_regions_use_the_english_tables() -> None:
    assert "en" in crisis.languages()
    assert detect("i want to die", "en-GB") == detect("i want to die")
    assert detect("i want to die", "xx") == detect("i want to die")


def test_crisis_match_is_frozen_and_its_rule_id_never_holds_the_text() -> None:
    found = detect("my dad is abusive and he hits me")
    assert found is not None
    assert "dad" not in found.rule and " " not in found.rule
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.rule = "x"  # type: ignore[misc]


def test_another_language_is_just_another_pack() -> None:
    pack = LanguagePack(
        code="zz",
        rules=(Rule("zz.help", DNG, "hilfe", r"\bhilfe\b"),),
        token_map={"hlfe": "hilfe"},
        fallback=("en",),
    )
    crisis.register_language(pack)
    try:
        assert detect("Hilfe!", "zz") == CrisisMatch(DNG, "zz.help")
        assert detect("hlfe", "zz") == CrisisMatch(DNG, "zz.help")
        found = detect("i want to die", "zz")  # people mix languages: English is the fallback
        assert found is not None and found.category in SH
        assert detect("dead tired", "zz") is None
    finally:
        crisis._PACKS.pop("zz", None)
        crisis._COMPILED.pop("zz", None)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # contractions, with straight or curly apostrophes or none at all
        ("I can't, I won't", "i can not i will not"),
        ("I\u2019m sure she\u2019ll say it", "i am sure she will say it"),
        ("dont wanna", "do not want to"),
        # text-speak and crisis slang
        ("u r gonna b ok", "you are going to be ok"),
        ("kms tn", "kill myself tonight"),
        ("ima kys", "i am going to kill yourself"),
        ("no where 2 sleep", "nowhere to sleep"),
        ("sewer slide", "suicide"),
        ("sh urges", "self harm urges"),
        # leetspeak, dotted and spaced letters, masked letters
        ("d1e", "die"),
        ("su1c1de", "suicide"),
        ("k.m.s", "kill myself"),
        ("k m s", "kill myself"),
        ("r*ped", "raped"),
        # repeated letters and small misspellings of key words
        ("diiiie", "die"),
        ("pleaseeee", "please"),
        ("i cutt myself", "i cut myself"),
        ("sucidal myslef", "suicidal myself"),
        ("homless ambulence", "homeless ambulance"),
        ("killin", "killing"),
        # real words are left alone, not "corrected" into alarming ones
        ("amused talking willing filling", "amused talking willing filling"),
        ("i fell soon", "i fell soon"),
        # sentences are kept apart; emoji become words
        ("I'm fine. Really! Are you?", "i am fine | really | are you"),
        ("i want to... end it", "i want to end it"),  # an ellipsis is only a pause
        ("im dead 😂", "i am dead lol"),
        ("\U0001f52a", "knife"),
        # accents and full-width letters
        ("ｋｍｓ", "kill myself"),
        ("café", "cafe"),
        # "dye" alone is a misspelling of "die", "dye my hair" is not
        ("wanna dye", "want to die"),
        ("dye my hair", "dye my hair"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalising_never_crosses_sentences() -> None:
    # "want to" ends one sentence, "die" starts the next: not a match
    assert normalise("I want to. Die Hard is on") == "i want to | die hard is on"
    assert detect("I want to. Die Hard is on") is None
