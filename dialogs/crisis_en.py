"""English tables for the safety-net matcher (:mod:`dialogs.crisis`).

Pure data: how English text-speak is normalised and which phrases are signs of danger.
Imported (and so registered) by :mod:`dialogs.crisis` on first use.

Patterns see the *normalised* text (see :func:`dialogs.crisis.normalise`): lower case,
contractions spelt out (``i am``, ``do not``, ``can not``, ``will not``), text-speak expanded
(``want to``, ``going to``, ``kill myself``), sentences separated by ``|``. Macros written
``<NAME>`` are spelt out by :func:`_x` before a pattern is compiled, and a negative look-ahead
that starts with a space, ``(?! (?:on|a))``, rejects whole words only (not "once", "again").

Rules are tried in list order; the first match wins, so medical emergencies come first,
then suicide and self-harm, immediate danger, abuse and homelessness. A few rules are placed
ahead of their category on purpose (being *told* to kill yourself is bullying, not intent).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from dialogs.safety.matcher import CrisisCategory, LanguagePack, Rule, register_language

__all__ = ["ENGLISH"]

MED = CrisisCategory.MEDICAL
SH = CrisisCategory.SELF_HARM
DNG = CrisisCategory.DANGER
AB = CrisisCategory.ABUSE
HOME = CrisisCategory.HOMELESS


def _trie(words: Iterable[str]) -> str:
    """One regex alternation for many words, factored on shared prefixes (much faster)."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return "(?:" + emit(root) + ")"


def _words(text: str) -> list[str]:
    """A word list written as text; ``_`` joins a phrase (``beat_up``)."""
    return [w.replace("_", " ") for w in text.split()]


_HURT_WORDS = _words(
    """
    slap slaps slapped slapping punch punches punched punching kick kicks kicked kicking
    smack smacks smacked smacking batter batters battered battering strangle strangles
    strangled strangling choke chokes choked choking throttle throttles throttled
    throttling headbutt headbutts headbutted shove shoves shoved shoving whip whips
    whipped whipping belt belts belted thump thumps thumped thumping lamp lamps lamped
    leathered hurt hurts hurting beat beats beating beaten hit hits hitting bash bashes
    bashed bashing burn burns burnt burned burning attack attacks attacked attacking
    stamp_on stamps_on stamped_on stamping_on spit_on spits_on spat_on drag drags dragged
    dragging scald scalds scalded pinch pinches pinched pinned pins grab grabs grabbed
    grabbing push pushes pushed pushing shake shakes shook shaking bite bites bit bitten
    abuse abuses abused abusing molest molests molested molesting rape rapes raped raping
    assault assaults assaulted assaulting batters beats_up beat_up beating_up beaten_up
    touch touches touched touching grope gropes groped groping strangled suffocate
    suffocates suffocated suffocating smother smothers smothered tie_up ties_up tied_up
    lock locks locked locking throw throws threw thrown throwing slam slams slammed
    slamming stab stabs stabbed stabbing cut cuts cutting
    """
)

_MACROS: dict[str, str] = {
    # medicines and how many of them
    "PILLS": (
        r"(?:pills?|tablets?|meds|medication|medicine|paracetamol|ibuprofen|aspirin|codeine"
        r"|co codamol|cocodamol|sertraline|fluoxetine|citalopram|antidepressants?|sleeping pills"
        r"|sleeping tablets|painkillers?|diazepam|xanax|xans|valium|insulin|lithium|quetiapine"
        r"|mirtazapine|amitriptyline|propranolol|tramadol|zopiclone|pregabalin|gabapentin"
        r"|oxycodone|morphine|methadone|benzos?|prescription|anti depressants?|iron tablets)"
    ),
    "QTY": (
        r"(?:too many|too much|loads(?: of)?|a load(?: of)?|lots(?: of)?|a lot(?: of)?"
        r"|a handful(?: of)?|handfuls(?: of)?|all(?: of)?(?: my| the| them| these| those| her"
        r"| his)?"
        r"|the whole|a whole|whole|every|the rest of(?: my| the)?|an overdose(?: of)?"
        r"|(?:a |one |two |three |four |\d+ )?(?:full |whole )?(?:packets?|box|boxes|bottles?"
        r"|strips?|packs?|tubs?|blister packs?)(?: of)?(?: my| the)?"
        r"|(?:[5-9]|[1-9]\d+)|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
        r"|thirty|forty|fifty|hundred|a hundred|double|triple)"
    ),
    # subjects that make "X hit me" / "X touched me" figurative, not an attack
    # the word before a violent verb, unless it makes the verb figurative ("it hit me")
    "NOT_IT": (
        r"(?:^|(?<=\| )|(?<=~ )|\b(?!(?:it|that|this|which|what|song|film|ball|news|reality"
        r"|grief|movie|show|cat|dog|puppy|kitten|sun|wave|wind|door|i|smell|book|message|heat"
        r"|question)\b)\w+ )"
    ),
    "BODY": (
        r"(?:face|head|eye|eyes|nose|mouth|lip|jaw|stomach|belly|ribs|throat|neck|chest|back"
        r"|privates|private parts|boobs|breasts|bum|bottom|arse|ass|crotch|genitals|willy|penis"
        r"|vagina|dick|thighs?|body|hair)"
    ),
    "SH_BODY": (
        r"(?:arms?|wrists?|thighs?|legs?|skin|stomach|belly|hips?|forearms?|body|ankles?|chest"
        r"|face|hands? on purpose|fingers? on purpose)"
    ),
    # violent verbs done *to* someone (a trie of _HURT_WORDS, below)
    "HURT_VERB": "",
    "SLEEP": r"(?:sleep|sleeping|slept|kip|kipping|kipped|spend the night|spending the night"
    r"|camping out|camped out|dossing|dossed|doss"
    r"|spent the night|stay the night|staying the night|stayed the night|sleep rough)",
    "PLACE": (
        r"(?:park|bus station|train station|station|car|van|bench|benches|stairwell|street"
        r"|streets|doorway|doorways|shop doorway|underpass|subway|bin shed|bin store|garage|alley"
        r"|alleyway|car park|multi storey|night bus|bus shelter|bus stop|phone box|woods|field"
        r"|graveyard|cemetery|playground|skate park|bridge|flyover|viaduct|tunnel"
        r"|squat|building site|stairs|stairway|corridor|a and e|hospital waiting room"
        r"|mcdonalds|laundrette|toilets|public toilets|tent|shed|back of a car|the cold"
        r"|the floor of a|someones floor|the canal|canal path|railway arches|arches)"
    ),
    # a past event that is over: "but she's fine now", "years ago"
    "RESOLVED": (
        r"(?:(?:but|and|now) (?:she|he|they|i|it|we|everyone|my \w+) (?:is|am|are|was|were|has"
        r" been|have been|seems|seemed|feels|felt|is all|are all) (?:fine|ok|okay|alright|all"
        r" right|sorted|better|safe|much better|recovered)(?! (?:\w+ing|until|till))"
        r"|(?:is|am|are) (?:fine|ok|okay|sorted|better|safe) now|years ago|last year|last month"
        r"|when i was (?:little|younger|young|a kid|small|\d+|in (?:year|primary|school)))"
    ),
    "SCARED": r"(?:scared|terrified|afraid|frightened|petrified|panicking|shaking|freaking out)",
    # jokes and banter: the cautious layer stays quiet
    "JOKE": r"lol|haha\w*|lmao|lmfao|rofl|jk|joking|joke|banter|xd",
    # told as over: the cautious layer stays quiet
    "PAST": (
        r"(?:used to|years ago|last year|when i was (?:little|younger|young|a kid|small|\d+"
        r"|in (?:year|primary|school))|clean for|(?:much )?better place now|doing (?:well|better"
        r"|good|fine|ok) now|(?:is|am|are) (?:fine|ok|okay|safe|better|sorted) now)"
    ),
}


def _whole_word_lookaheads(pattern: str) -> str:
    r"""``(?! X)`` -> ``(?!(?: X)\b)``: a negative look-ahead that starts with a space rejects
    whole words only, so ``(?! (?:on|a))`` does not also reject "once" or "again"."""
    out: list[str] = []
    i = 0
    while True:
        j = pattern.find("(?! ", i)
        if j < 0:
            out.append(pattern[i:])
            return "".join(out)
        depth, k = 0, j
        while True:
            c = pattern[k]
            if c == "\\":
                k += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(pattern[i:j])
        out.append("(?!(?:" + _whole_word_lookaheads(pattern[j + 3 : k]) + r")\b)")
        i = k + 1


_MACROS["HURT_VERB"] = _trie(_HURT_WORDS)
_HURT_KEYS = " ".join(sorted({words.split()[0] for words in _HURT_WORDS}))


def _x(pattern: str) -> str:
    for name, value in _MACROS.items():
        pattern = pattern.replace(f"<{name}>", value)
    return _whole_word_lookaheads(pattern)


# Words too common to be worth trying a rule for (a rule may still list one as a key).
_COMMON = frozenset(
    _words(
        """
        a about after again all am an and any are as at away back be been being but by can
        could did do does for from get go going got had has have he her here him his i if in
        into is it its just like me more much my no not now of off on one or our out over so
        some than that the their them then there they this to too up us very was we were what
        when which who will with would you your want wanted wants really still even ever never
        only also well way make made takes take taking took put say said says tell told let
        feel feeling felt think thinking thought know need keep keeps kept come coming came
        tonight today night day time she someone somebody everyone anyone nobody people flat
        room home house place where right down last next first mum dad mam mom sister brother
        boyfriend girlfriend mate mates friend friends family man men guy lads phone money bad
        again stuff thing things something anything everything anymore actually literally
        because cos school college work car door now before other yet
        """
    )
)
_NEGATIVE_LOOKAROUND = re.compile(r"\(\?<?!")
_LITERAL_WORD = re.compile(r"(?<![\\a-z])[a-z]+")


def _content_words(pattern: str) -> set[str]:
    """Literal words a pattern can match, outside negative look-arounds (for rule keys)."""
    kept: list[str] = []
    i = 0
    for m in _NEGATIVE_LOOKAROUND.finditer(pattern):
        if m.start() < i:
            continue
        kept.append(pattern[i : m.start()])
        depth, k = 0, m.start()
        while k < len(pattern):
            c = pattern[k]
            if c == "\\":
                k += 2
                continue
            depth += c == "("
            depth -= c == ")"
            k += 1
            if depth == 0:
                break
        i = k
    kept.append(pattern[i:])
    text = re.sub(r"\[[^\]]*\]", " ", "".join(kept))
    return {w for w in _LITERAL_WORD.findall(text) if w not in _COMMON and len(w) > 1}


def _r(
    rule_id: str,
    category: CrisisCategory | None,
    keys: str,
    pattern: str,
    *,
    unless: str | None = None,
    requires: str | None = None,
) -> Rule:
    """A rule; its keys are the listed ones plus the pattern's own uncommon words."""
    full = _x(pattern)
    all_keys = set(keys.split()) | _content_words(full)
    return Rule(
        rule_id,
        category,
        " ".join(sorted(all_keys)),
        full,
        _x(unless) if unless else None,
        _x(requires) if requires else None,
    )


# --------------------------------------------------------------------------- idioms
# Phrases that look dangerous but are not: neutralised ("~") before the rules run.

IDIOMS: tuple[Rule, ...] = (
    _r(
        "dying_to",
        None,
        "dying die",
        r"\bdying (?:to|for|of|from|laughing|inside|lol|over|at)\b|\bdie (?:of|from) "
        r"(?:embarrassment|boredom|laughter|laughing|shame|cringe|jealousy|excitement|heat"
        r"|hunger|thirst)\b|\bdie hard\b|\bdo or die\b|\bto die for\b|\bdie my\b|\bdying my\b"
        r"|\bdied laughing\b|\bdie laughing\b",
    ),
    _r(
        "dead_intensifier",
        None,
        "dead",
        r"\bdead (?:tired|jealous|excited|good|serious|gorgeous|end|funny|easy|nice|happy|proud"
        r"|bored|boring|hungry|cold|hot|busy|quiet|annoying|lucky|chuffed|keen|set|right|beat"
        r"|ringer|heat|weight|line|cute|fit|sweet|posh|loud|awkward|rude|sound|hard|fast|slow"
        r"|on|against|certain|late|early|proper|clever|smart|nervous|scared of|embarrassing"
        r"|embarrassed|bad|dodgy|long|expensive|cheap|far|close|near|simple|sure|stressed|buzzing"
        r"|gassed|lit|battery|phone|wifi|inside|silence)\b|\bdrop dead\b",
    ),
    _r(
        "kill_for",
        None,
        "kill killing killed kills",
        r"\b(?:kill|killed|killing|kills) (?:for|it|them|this exam|the lights|the vibe|time"
        r"|the mood|a pizza|a kebab|a burger)\b|\b(?:kill|killing|killed) (?:myself|me|himself"
        r"|herself|themselves) laughing\b|\bkilling me (?:lol|softly)\b",
    ),
    _r(
        "killing_myself_working",
        None,
        "killing kill killed",
        r"\b(?:killing|kill|killed) myself (?:trying to|to get|to finish|to make|working|revising"
        r"|studying|at work|at the gym|at training|with (?:work|revision|homework|training)"
        r"|running)\b",
    ),
    _r(
        "hit_me_up",
        None,
        "hit hits hitting",
        r"\bhit(?:s|ting)? (?:me|us|him|her|them) up\b|\bhit me (?:with (?:a|the|that|this|your"
        r"|some|those|them) (?:question|questions|song|songs|link|news|fact|facts|details|info"
        r"|message|text|tune|tunes|playlist|update|deets|address|number|pics|photos|meme|memes)"
        r"|back|on (?:snap|insta|whatsapp|here|discord|dm))\b",
    ),
    _r(
        "beat_me_at",
        None,
        "beat beats beaten",
        r"\bbeat(?:s|en)? (?:me|us) (?:at|in|on|to it|to the|by|again at|\d|all the time at)\b",
    ),
    _r(
        "stab_in_back",
        None,
        "stabbed stab stabbing",
        r"\bstab(?:bed|bing|s)? (?:me|him|her|us|you|them) in the back\b",
    ),
    _r(
        "shoot_me",
        None,
        "shoot shot",
        r"\b(?:shoot|shot) me (?:a|an|your)\b|\bshoot(?:ing)? myself in the foot\b"
        r"|\bshot down\b",
    ),
    _r(
        "overdose_on_fun",
        None,
        "overdosed overdose overdosing",
        r"\boverdos(?:e|ed|ing) on (?:chocolate|sugar|sweets|caffeine|coffee|netflix|tv|tiktok"
        r"|love|cake|pizza|food|crisps|haribo|easter eggs|energy drinks|red bull|monster|memes"
        r"|anime|music|vitamins|carbs|junk food|cheese|fun|work|homework|revision|christmas"
        r"|cuteness|drama|kpop|gaming|fifa|books|sleep|tea|biscuits|cookies)\b",
    ),
    _r(
        "suicide_terms",
        None,
        "suicide",
        r"\bsuicide (?:squad|prevention|awareness|bomb\w*|mission|doors?|run|runs|drill"
        r"|sprints?|shots?)\b",
    ),
    _r(
        "abuse_terms",
        None,
        "abuse",
        r"\b(?:substance|drug|drugs|alcohol|solvent|solvents|steroid|data|power|animal|elder"
        r"|verbal abuse in the game|racial) abuse\b|\babuse of (?:power|trust|process|position"
        r"|drugs|alcohol)\b",
    ),
    _r(
        "knife_kitchen",
        None,
        "knife blade",
        r"\b(?:cut|cutting|chop|chopping|spread|spreading|peel|peeling|slice|slicing|eat|eating"
        r"|open|opening|carve|carving|butter|buttering)(?: (?!me\b|myself\b|my\b|him\b|her\b)"
        r"\w+){1,4} with (?:a|the) (?:knife|blade)\b",
    ),
    _r(
        "touched_emotion",
        None,
        "touched",
        r"\b(?:really|truly|deeply|so|genuinely|very|was|am|felt|feel|i) touched\b"
        r"|\btouched (?:me|my heart) (?:so|deeply|a lot)\b",
    ),
    _r(
        "not_going_to_hurt_myself",
        None,
        "hurt harm kill cut suicidal",
        r"\b(?:i am not|i would never|i will never|i will not|i am never|i would not|never going"
        r" to|not going to) (?:going to |ever )?(?:hurt|harm|kill|cut) myself\b"
        r"|\bi am not suicidal\b",
        unless=r"\b(?:but|again|might|think i (?:will|might)|yet|unless|if)\b",
    ),
    _r(
        "used_to",
        None,
        "used",
        r"\bused to\b(?: (?!but\b)\w+){1,5}",
        unless=r"\b(?:again|relaps\w*|back|started|start|still|now i|but now|recently|tonight"
        r"|today|last night)\b",
    ),
    _r(
        "resolved_sentence",
        None,
        "clean better doing",
        r"[^|]*\b(?:clean for (?:\w+ )?(?:years?|months?)|(?:much |a lot )?better place now"
        r"|doing (?:well|better|really well|good|ok|okay) now)\b[^|]*",
        unless=r"\b(?:again|relaps\w*|still|but (?:now|then|today|tonight|last night|i want|i"
        r" am going|i feel))\b",
    ),
)


# --------------------------------------------------------------------------- rules

RULES: tuple[Rule, ...] = (
    # -- told to kill yourself: bullying (before the self-harm rules) -----------------
    _r(
        "ab.told_kys",
        AB,
        "kill",
        r"\b(?:telling|tell|told|tells|said|saying|says|say|messaging|texting|texted|messaged"
        r"|sending|sent|commenting|commented|shouting|shouted|shout|shouts)(?: me| that| at me)*"
        r"(?: i should| to| that i should| i ought to| go| and)* (?:go )?kill (?:yourself|urself"
        r"|myself)\b",
        unless=r"\bi (?:think|feel|know|said to myself) i should\b|\b(?:voices?|my head|my"
        r" brain|my thoughts|intrusive|inner voice|part of me)\b",
    ),
    # -- medical ----------------------------------------------------------------------
    _r(
        "med.burn_bad",
        MED,
        "burnt burned burn burns",
        r"\b(?:burnt|burned) (?:myself |my \w+ )?(?:really |very |so |quite )?badly\b"
        r"|\b(?:bad|severe|serious|big|deep) burns?\b|\bburns all over\b",
        unless=r"\b(?:sunburn|sun|toast|food|dinner|pizza|cake|cd|playlist|lol|haha)\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "med.overdosing_now",
        MED,
        "overdosing",
        r"\b(?:i am|i think i am|i might be|she is|he is|they are|is|are|think she is|think he"
        r" is|mate is|friend is) overdosing\b",
    ),
    _r(
        "med.taken_something",
        MED,
        "something",
        r"\b(?:taken|took|had|swallowed|drank|been given|given me|spiked with) something\b",
        requires=r"\b(?:feel (?:weird|strange|funny|really ill|sick|faint)|dizzy|heart|can not"
        r"|sick|vomit\w*|shaking|fitting|passed out|unconscious|not waking|will not wake|numb"
        r"|breath\w*|hallucinat\w*|collapsed|chest|too much|overdos\w*|help)\b",
        unless=r"\b(?:for my (?:headache|cold|period|hayfever|pain)|lol|haha)\b",
    ),
    _r(
        "med.bad_reaction",
        MED,
        "reaction",
        r"\b(?:severe|bad|really bad|serious|awful|terrible) (?:allergic )?reaction\b",
        unless=r"\b(?:to (?:the|my|his|her) (?:news|joke|message|text|post|video)|lol|haha)\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "med.overdose_taken",
        MED,
        "overdosed",
        r"\boverdosed\b",
    ),
    _r(
        "med.overdose_took",
        MED,
        "overdose",
        r"\b(?:took|taken|had|done|did|just took|having|i think i am having|think i took|have"
        r" had) (?:an |a massive |a big |another )?overdose\b",
    ),
    _r(
        "med.pills_taken",
        MED,
        "took taken necked swallowed downed popped ate eaten have",
        r"\b(?:took|taken|necked|swallowed|downed|popped|ate|eaten|had|have taken)(?: \w+){0,2}?"
        r" <QTY>(?: \w+){0,3}? <PILLS>\b",
        unless=r"\b(?:every (?:morning|day|night|evening)|as prescribed|like the doctor said"
        r"|on time|with food|for my (?:headache|period|cold|tooth|back|hayfever))\b",
    ),
    _r(
        "med.drink_and_pills",
        MED,
        "took taken swallowed necked popped",
        r"\b(?:drank|drunk|downed|had|been drinking)\b.*\b(?:took|taken|swallowed|necked|popped)"
        r" (?:\w+ ){0,3}<PILLS>\b|\b(?:took|taken|swallowed|necked|popped) (?:\w+ ){0,3}<PILLS>"
        r"\b.*\b(?:drank|drunk|downed|vodka|alcohol|wine|beer|spirits|cider|gin)\b",
        unless=r"\b(?:hangover|headache|for my head|morning after|the pill|contraceptive)\b",
    ),
    _r(
        "med.pills_bare",
        MED,
        "swallowed taken took necked popped",
        r"\b(?:swallowed|taken|took|necked|popped|downed) (?:some |a few |a bunch of |random"
        r" )?(?:pills|tablets)(?= \||$| and| to| because| cos| so| tonight| earlier| an hour"
        r"| just now| on purpose| i found| from)",
        unless=r"\b(?:every (?:morning|day|night)|for my|headache|prescribed|hayfever|period"
        r"|cold|flu|pain ?killers? for|doctor|gp|pharmacy|contraceptive|the pill)\b",
    ),
    _r(
        "med.poison",
        MED,
        "swallowed drank drunk ate eaten took taken had downed drinking swallowing",
        r"\b(?:swallowed|drank|drunk|ate|eaten|took|taken|had|downed|drinking|swallowing)"
        r"(?: some| a bit of| a load of| loads of| a bottle of| a whole bottle of| a capful of)?"
        r" (?:bleach|poison|antifreeze|anti freeze|battery|batteries|button battery|washing up"
        r" liquid|washing liquid|detergent|laundry pods?|tide pods?|cleaning (?:stuff|fluid"
        r"|products?|spray)|weed ?killer|rat poison|drain cleaner|white spirit|paint thinner"
        r"|something poisonous|lighter fluid|methanol|petrol|fairy liquid|dettol|domestos"
        r"|magnets)\b",
    ),
    _r(
        "med.alcohol",
        MED,
        "bottle",
        r"\b(?:drank|drunk|downed|necked|had)(?: a| an| the)? (?:whole|full|entire|litre)"
        r" (?:bottle|litre)(?: of (?:vodka|spirits|whisky|whiskey|gin|rum|tequila|sambuca|jager"
        r"|absinthe|wine|\w+))?",
        requires=r"\b(?:sick|vomit\w*|throwing up|passed out|can not|pass out|dizzy|collapsed"
        r"|unconscious|blacked out|wake|breathe|breathing|help|hospital)\b",
    ),
    _r(
        "med.breathing",
        MED,
        "breathe breath breathing",
        r"\b(?:can not|could not|unable to|struggling to|struggle to|hard to|trouble|difficulty"
        r"|difficult to|not able to|barely|can hardly|can barely|fighting to|gasping to)"
        r"(?: to)? (?:breath|breathe|breathing)\b"
        r"|\b(?:is not|not|stopped|stop|no longer|is barely|barely|has stopped|not really)"
        r" breathing\b"
        r"|\bshort(?:ness)? of breath\b|\bgasping for (?:air|breath)\b|\bcan not catch my breath\b",
        unless=r"\b(?:nose|cold|blocked|laughing|lol|mask|excited|smell|stinks?|perfume"
        r"|through my|hayfever|the heat|this heat|heat|so hot|humid|stuffy|jealous|cute|laugh"
        r"|laughed|laughs|funny|joke"
        r"|when i (?:run|exercise|do pe|go up|climb|swim)|running|after running|workout|gym"
        r"|pe lesson|stairs|hill)\b|\b<RESOLVED>\b"
        r"|\b(?:want|wish|wanted|wishing|need|like) (?:i could |to |i would |i would just "
        r"|to just )?"
        r"stop breathing\b",
    ),
    _r(
        "med.blue",
        MED,
        "blue",
        r"\b(?:turning|turned|gone|going|are|is) blue\b",
        requires=r"\b(?:lips|face|baby|breath\w*|he|she|skin|fingers|mate|friend)\b",
        unless=r"\b(?:hair|dye|dyed|paint|painted|nails|cold lol)\b",
    ),
    _r(
        "med.not_waking",
        MED,
        "wake waking respond responding unresponsive unconscious moving breathing move",
        r"(?<!\bi )\b(?:will not|is not|not|can not|could not|does not|did not|would not"
        r"|still not|never) (?:wake up|waking up|wake|waking|come round|coming round|respond"
        r"|responding|moving|move)\b(?! (?:early|on time|in time|in the morning|for school"
        r"|for college|for work|at \w+))"
        r"|\b(?:can not|could not|cannot) wake (?:him|her|them|my \w+|\w+) up\b"
        r"|\bunresponsive\b|\bunconscious\b|\bnot conscious\b",
        unless=r"\b(?:i (?:can not|could not|will not|do not|did not|never) wake up|alarm|mornings?"
        r"|on time|lie in|not responding to (?:my|me|texts|messages)|not respond(?:ing)? to)\b"
        r"|\b(?:wish|want to|wanna|hope|rather|pray) (?:that )?(?:i )?(?:could |would |just |will"
        r" )?(?:go to sleep and |sleep and |fall asleep and )?(?:never|not) wake\b|\b<RESOLVED>\b",
    ),
    _r(
        "med.collapse",
        MED,
        "collapsed collapsing fainted fainting passed passing blacked blacking out seizure"
        r" seizures seizing fitting convulsing convulsions fit fits choking chocking",
        r"\b(?:collapsed|collapsing|fainted|fainting|seizure|seizures|seizing|convulsing"
        r"|convulsions|(?:is|are|started|keeps?) fitting|(?:is|are|am|started|keeps|keep) having"
        r" (?:a )?fits?|(?:is|are|am|started|keeps?) (?:choking|chocking)(?! (?:me|him|her|us"
        r"|them))|choking on (?:food|something|a|his|her|my|the))\b"
        r"|\b(?:passed|passing|blacked|blacking|keeps passing|keep passing) out\b",
        unless=r"\b(?:nearly|almost|could have|would have|lol|haha|tent|chair|sofa|deal|plans?"
        r"|economy|shelf|cake|bouncy castle|passed out of|passing out of|passing out parade|slept"
        r"|shift|knackered|exhausted|in bed|on my bed|after (?:work|college|school|the gym)"
        r"|asleep|on the couch|seizure (?:meds|medication|free)|once|blood test|needles?"
        r"|injection|jab)\b|\b<RESOLVED>\b",
    ),
    _r(
        "med.bleeding",
        MED,
        "bleeding blood bleed cut bled gash gaping deep",
        r"\bbleed(?:ing)? (?:a lot|loads|heavily|badly|so much|really badly|really bad|everywhere"
        r"|like mad|non stop|nonstop|profusely|out|so bad|really heavily|through)\b"
        r"|\bbleeding\b(?: \w+){0,4} (?:will not|does not|can not|is not|not|won't) stop\b"
        r"|\b(?:will not|can not|could not|does not|not|is not|it will not) stop(?:ped)?"
        r" bleeding\b|\bbleeding (?:will not|does not|is not|not) stop\w*"
        r"|\bblood (?:everywhere|all over|pouring|gushing|is pouring|is gushing|spurting)"
        r"|\b(?:lost|losing) (?:a lot of |so much |loads of |too much )?blood\b"
        r"|\b(?:so much|loads of|a lot of|lots of|too much|a pool of|pools of) blood\b"
        r"|\bcut (?:myself |my \w+ )?(?:too|so|really|very|proper) deep\b"
        r"|\bbleeding (?:from|out of) (?:my|his|her|their|the) (?:head|neck|chest|stomach|mouth"
        r"|ears?|eyes?|wrists?|arms?|legs?|back)\b|\b(?:head|neck|chest|stomach|wrist|wrists)"
        r" (?:is |are |keeps |will not stop )?bleeding\b"
        r"|\bcovered in (?:my own )?blood\b|\bpouring (?:with )?blood\b|\bgushing (?:with )?blood\b"
        r"|\bbleeding out\b|\bgash\b|\bgaping (?:wound|cut|hole)\b|\bdeep (?:wound|gash)\b"
        r"|\b(?:coughing|vomiting|puking|throwing|being sick"
        r"|sick|spitting|weeing|peeing|pooing) (?:up )?blood\b|\bcut (?:too|so|really|very)"
        r" deep\b|\bdeep cuts?\b|\bcan see (?:the )?(?:fat|bone|tendon)\b|\bneed stitches\b"
        r"|\b(?:pregnant|miscarr\w*)\b.*\bbleed\w*|\bbleed\w*.*\bpregnant\b",
        unless=r"\bbut (?:it|they|that) (?:has |have )?stopped\b|\b(?:gave|give|giving|donat\w*"
        r"|film|game|horror|halloween|fake blood)\b",
    ),
    _r(
        "med.chest",
        MED,
        "chest heart",
        r"\bchest (?:really |so |very |badly |proper |is really |is so )?(?:pains?|hurts|is hurting"
        r"|is tight|feels tight|tight|is crushing|hurting|feels like it is being crushed)\b"
        r"|\bpains? in my chest\b|\b(?:having|had|is having|think i am having) a heart attack\b"
        r"|\bheart attack\b(?! when| at| lol)",
        unless=r"\b(?:nearly|almost|gave me a|give me a|giving me a|going to have a"
        r"|will have a|lol|haha|when i saw|bill|price|scare\w*|joke|jumped out)\b|\b<RESOLVED>\b",
    ),
    _r(
        "med.heart_drug",
        MED,
        "heart",
        r"\bheart (?:is )?(?:racing|pounding|going (?:mad|crazy|really fast|so fast|like mad)"
        r"|beating (?:so|really|too|super) fast|stopped|skipping beats|feels like it will stop"
        r"|hurts|is hurting)\b",
        requires=r"\b(?:took|taken|pills?|drugs?|party|drink|spiked|chest|breath\w*|dizzy"
        r"|faint\w*|pain|collapse\w*|numb|mdma|coke|ket|speed|can not)\b",
    ),
    _r(
        "med.stroke_numb",
        MED,
        "feel face slurred slurring stroke numb droopy drooping",
        r"\b(?:can not|cannot|could not) feel my (?:legs?|arms?|face|hands?|feet|foot|body|left"
        r"|right|side|fingers|lips|tongue)\b|\bface (?:has |is )?(?:gone |going |all )?(?:droopy"
        r"|drooping|numb|lopsided)\b|\bslurr(?:ed|ing)\b|\b(?:having|had|is having) a stroke\b"
        r"|\b(?:arm|leg|side|face) (?:has |is )?(?:gone |going )?numb\b",
        unless=r"\b(?:lol|gym|workout|leg day|squats|run|running|sat on|slept on|asleep|pins and"
        r" needles|cold hands|freezing hands"
        r"|dentist|cold|freezing|drunk lol)\b",
    ),
    _r(
        "med.allergy",
        MED,
        "allergic anaphylaxis anaphylactic epipen epi swelling swollen swallow throat tongue lips"
        " lip mouth airway face closing tightening",
        r"\ballergic reaction\b|\banaphyla\w*|\bepi ?pen\b|\b(?:throat|tongue|lips|lip|mouth"
        r"|airway|face) (?:is |are |has |have |keeps )?(?:swelling|swollen|swelled|closing"
        r"|closing up|tightening)\b|\bswelling up\b|\b(?:can not|cannot) swallow\b",
        unless=r"\b(?:last year|years ago|mild|hayfever|wisdom tooth|tooth|filling)\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "med.asthma",
        MED,
        "asthma inhaler",
        r"\basthma attack\b|\b(?:no|lost my|can not find my|forgot my|without (?:my|an)|need"
        r" my|empty) inhaler\b|\binhaler (?:is not|not|will not) (?:working|helping|help)\b",
        unless=r"\b(?:yesterday|last week|last year|earlier|fine now|ok now|okay now|better now"
        r"|years ago|at home lol)\b|\b<RESOLVED>\b",
    ),
    _r(
        "med.labour",
        MED,
        "waters labour contractions miscarriage miscarrying",
        r"\bwaters (?:have |has |just )?(?:broke|broken|gone|went)\b|\bin labour\b"
        r"|\bgoing into labour\b|\bcontractions\b|\bmiscarr(?:iage|ying)\b",
        unless=r"\b(?:last year|years ago|film|show|documentary|class|antenatal)\b",
    ),
    _r(
        "med.diabetes",
        MED,
        "sugar sugars hypo dka ketoacidosis diabetic glucose levels",
        r"\b(?:sugars?|blood sugar|bloods|levels|bg|glucose|bm) (?:are |is )?(?:really |very |so"
        r" |super |dangerously |too |way too )?(?:low|high)\b|\bhypo\b|\bdka\b|\bketoacidosis\b"
        r"|\bdiabetic (?:coma|emergency)\b",
        unless=r"\b(?:last week|yesterday|was fine|fine now|ok now|sugar free|low sugar|high"
        r" sugar (?:drinks?|diet|snacks?|food))\b",
    ),
    _r(
        "med.injury",
        MED,
        "stabbed shot slashed glassed knifed run hit knocked broke broken fractured snapped"
        r" dislocated",
        r"\b(?:been|got|get|getting|was|were|just been|have been|has been|is|am) (?:stabbed"
        r"|shot|slashed|glassed|knifed|run over|knocked (?:down|over) by)\b(?! (?:at|down))"
        r"|\b(?:stabbed|shot|slashed|glassed|knifed) (?:me|him|her|my (?:mate|friend|brother"
        r"|sister|boyfriend|girlfriend))\b(?! (?:a|an|the|dead|down|up))"
        r"|\bhit by (?:a |the )?(?:car|bus|van|lorry|truck|motorbike|motorcycle|bike|train|taxi"
        r"|moped|scooter)\b|\b(?:car|bus|van|lorry|truck|motorbike|moped|taxi) (?:hit|ran over"
        r"|knocked (?:me|him|her) over|ran into) (?:me|him|her)\b"
        r"|\b(?:broke|broken|fractured|snapped|dislocated) (?:my |his |her )?(?:arm|leg|wrist"
        r"|ankle|neck|back|hip|collarbone|ribs?|jaw|skull|elbow|knee|shoulder|spine|pelvis)\b"
        r"|\b(?:arm|leg|wrist|ankle|neck|back|hip|collarbone|ribs?|jaw|skull|elbow|knee|shoulder"
        r"|spine|pelvis|bone) (?:is|are|might be|could be|must be|looks|feels) (?:definitely )?"
        r"(?:broken|fractured|dislocated|snapped|sticking out)\b"
        r"|\band (?:got |been |was )?(?:stabbed|shot|glassed|slashed)\b",
        unless=r"\b(?:paintball|paintballing|laser tag|laser quest|airsoft|nerf|water gun|in the"
        r" game|fortnite|cod|call of duty|gta|photo|photoshoot|shot (?:loads|lots))\b"
        r"|\b(?:news|heard|apparently|rumour|article|in town|on tiktok|on insta|on the telly"
        r"|on tv)\b(?!.*\b(?:i|my|me|we)\b)|\b(?:last year|years ago|when i was (?:little"
        r"|young|a kid)|in the film"
        r"|in the game|healed|cast off|plaster off|nearly|almost|lol|haha)\b|\b<RESOLVED>\b",
    ),
    _r(
        "med.head_injury",
        MED,
        "head concussion",
        r"\b(?:hit|banged|bashed|smacked|cracked|knocked|whacked|fell on|landed on) my head\b"
        r"|\bconcussion\b|\bhead injury\b",
        requires=r"\b(?:badly|really hard|so hard|sick|dizzy|blurry|vomit\w*|throwing up|confused"
        r"|bleeding|blood|passed"
        r" out|black(?:ed)? out|can not see|double vision|concussion|unconscious|knocked out"
        r"|drowsy|faint\w*|ambulance|hospital|head injury|can not remember)\b",
        unless=r"\b<RESOLVED>\b",
    ),
    _r(
        "med.dying",
        MED,
        "dying die",
        r"\b(?:i think|i feel like|i really think|it feels like|feels like) i am (?:going to|gonna"
        r"|about to) die\b(?! (?:of|from|if|when|laughing))"
        r"|\b(?:i think i am|i feel like i am|i am|i might be|am i|i could be|i really think i am"
        r"|i think (?:my|he|she)(?: \w+)? is|i think they are|(?:he|she|they|my \w+) (?:is|are)"
        r" literally) dying\b(?! (?:to|for|of|laughing|inside|here|rn|over|at|from))",
        unless=r"\b(?:lol|lmao|haha|omg|jk|embarrassment|cringe|laughing|heat|hot|bored"
        r"|boredom|hunger|hungry|starving|thirsty|plant|battery|phone)\b",
    ),
    _r(
        "med.severe_pain",
        MED,
        "pain agony",
        r"\b(?:severe|unbearable|really bad|extreme|agonising|agonizing|excruciating|worst|so"
        r" much|crippling|horrendous|awful|terrible|sharp stabbing) pain\b"
        r"|\bin (?:so much )?agony\b",
        unless=r"\b(?:period pains? lol|tooth|teeth|wisdom|dentist|headache|migraine lol"
        r"|gym|workout|leg day|doms)\b",
    ),
    _r(
        "med.cant_stop",
        MED,
        "stop get stand move walk up",
        r"\b(?:can not|could not) stop (?:being sick|throwing up|vomiting|puking|shaking"
        r"|fitting|convulsing)\b|\b(?:can not|could not|unable to) (?:get up|stand up|stand"
        r"|walk|move)\b(?! (?:in the mornings?|for school|early|out of bed))",
        requires=r"\b(?:pain|hurts|fell|fall|fallen|fainted|collapsed|dizzy|sick|vomit\w*|ill"
        r"|poorly|unwell"
        r"|blood|bleeding|injur\w*|broke|broken|drunk|vodka|took|taken|pills|overdos\w*"
        r"|numb|hit|stairs|leg|back|head|can not feel)\b",
        unless=r"\b(?:lol|haha|laughing|gym|leg day|squats|workout|hangover lol|tired|lazy"
        r"|sofa|bed lol|bored)\b",
    ),
    _r(
        "med.about_to_faint",
        MED,
        "pass faint collapse black",
        r"\b(?:going to|gonna|about to|think i will|feel like i am going to|feel like i will"
        r"|might) (?:pass out|faint|collapse|black out)\b",
        requires=r"\b(?:shaking|dizzy|chest|breath\w*|heart|took|taken|blood|bleeding|pain"
        r"|sick|vomit\w*|pills|drink|spiked|can not see|numb|hot and cold)\b",
        unless=r"\b(?:lol|haha|tired|bored|boring|lecture|lesson|so hot|heat lol|hungry)\b",
    ),
    _r(
        "med.rash_fever",
        MED,
        "rash meningitis sepsis septic temperature fever",
        r"\brash (?:that|which)? ?(?:does not|will not|is not|does not|won't|not) (?:fade|go"
        r" away when|disappear when)\b|\bglass test\b|\bnon blanching\b|\bmeningitis\b"
        r"|\bsepsis\b|\bseptic\b"
        r"|\b(?:really high|very high|high|burning) (?:temperature|fever)\b.*\b(?:rash|confused"
        r"|floppy|stiff neck|can not (?:wake|stand|breathe|move)|fitting|blue|not responding"
        r"|light hurts)\b",
        unless=r"\b(?:jab|vaccine|vaccination|injection|awareness|leaflet|course|last year"
        r"|years ago|when i was)\b",
    ),
    _r(
        "med.ambulance",
        MED,
        "ambulance ambulances paramedic paramedics",
        r"\b(?:call|ring|phone|get|need|send|want|called|rang|phoned|waiting for|wait for"
        r"|calling|ringing) (?:an |the |a |me an |me a |us an )?(?:ambulance|paramedics?)\b",
        unless=r"\b(?:driver|drivers|service|job|career|course|training|volunteer)\b"
        r"|\b<RESOLVED>\b",
    ),
    # -- suicide and self-harm ------------------------------------------------------
    _r(
        "sh.keep_safe",
        SH,
        "safe danger dark thoughts way make something",
        r"\b(?:can not|could not|not able to|unable to|not sure i can|do not know if i can|do not"
        r" think i can|not going to be able to) keep (?:myself|me) safe\b"
        r"|\bnot safe (?:from|around|with) myself\b|\b(?:a )?danger to myself\b"
        r"|\bdark thoughts\b|\bthoughts (?:of|about) (?:hurting|harming|killing|ending|cutting"
        r"|burning) (?:myself|it|my life|things)\b"
        r"|\b(?:i have|i|just) (?:done|did) something (?:stupid|silly|bad|to myself|i regret"
        r"|really stupid|really bad)(?= \||$| to myself| and| tonight| again)"
        r"|\bno way out\b|\btoo (?:hard|much|painful|difficult) to (?:carry on|go on|keep going"
        r"|live|keep living|be alive)\b|\b(?:not going to|will not|do not think i will|may not"
        r"|might not) make it (?:through the night|through"
        r" tonight|to tomorrow|till morning|until morning)\b|\bbetter off (?:gone|not here|not"
        r" around|not alive)\b",
        unless=r"\b(?:lol|haha|maths|game|escape room|puzzle|level|exam|homework|like dye"
        r"|my hair|tattoo|piercing)\b",
    ),
    _r(
        "sh.suicide",
        SH,
        "suicide suicidal suicidally",
        r"\bsuicid(?:e|al|ally)\b(?<!\bdied by suicide)(?<!\bcommitted suicide)"
        r"|\b(?:i|me|myself|my (?:mate|friend|sister|brother|girlfriend|boyfriend|partner))\b.*"
        r"\b(?:died by|committed|attempted|attempt) suicide\b",
        unless=r"\b(?:documentary|film|movie|book|essay|lesson|assembly|training|course"
        r"|poster|campaign|statistics|research|article|podcast|song|album|game)\b"
        r"(?!.*\b(?:i am|i feel|i have|i want|i keep|me|myself|my)\b)",
    ),
    _r(
        "sh.kill_self",
        SH,
        "kill killing killed kil kills myself herself himself themselves themself yourself",
        r"\b(?:kill|killing|killed|kills|kil|end|ending|ended|top|topping|topped|off|offing"
        r"|offed|do|doing|did|delete|deleting|deleted|hang|hanging|hanged|stab|stabbing"
        r"|shoot|shooting|drown|drowning|poison|poisoning|suffocate|suffocating|gas|gassing"
        r"|electrocute|electrocuting|strangle|strangling|smother|smothering|overdose|starve"
        r"|starving|starved|unalive|unaliving|unalived|hurt|hurting|harm|harming|harmed"
        r"|injure|injuring|injured|cut|cutting|burn|burning|burnt|burned|scratch|scratching"
        r"|scratched|punch|punching|punched|hit|hitting|bite|biting|bit|slit|slitting|choke"
        r"|choking|starve|drown|throw|throwing|threw|fling|flinging|chuck|chucking|crash"
        r"|crashing|bash|bashing|bang|banging|bruise|bruising|destroy|destroying|ruin|ruining"
        r"|beat|beating|mutilate|mutilating|jump|jumping|lock) (?:myself|herself|himself"
        r"|themselves|themself)\b(?! (?:in|out|away|up|together|at the gym|to the limit"
        r"|to the max|silly|stupid|laughing|off the sofa|into|on the|for|with food|to sleep"
        r"|a))"
        r"|\b(?:want|wanted|wanting|going|gonna|ready|about|planning|plan|decided|thinking"
        r"|think|thought|like|need|needing|try|trying|tried|tempted|might|will|would|should"
        r"|could|to) (?:to )?(?:just )?(?:kill|end|top|off|hurt|harm) (?:yourself|urself)\b"
        r"|\b(?:done|do|did) myself in\b",
        unless=r"\b(?:by accident|accidentally|playing|football|rugby|netball|hockey|gym"
        r"|training|shaving|cooking|chopping|slicing|peeling|fell|fall|tripped|slipped|lifting"
        r"|at work|on the oven|on a can|on glass|paper cut|on the stove|straighteners|curling"
        r"|in the kitchen|skateboarding|skating|on my bike|trampoline)\b",
    ),
    _r(
        "sh.unalive",
        SH,
        "unalive unaliving unalived",
        r"\bunaliv(?:e|ing|ed)\b",
    ),
    _r(
        "sh.want_die",
        SH,
        "die died dead gone exist existing living disappear breathing",
        r"\b(?:want|wanted|wants|wanting|wish|wishing|wished|ready|deserve|deserves|deserved"
        r"|rather|prefer|longing|plan|planning|decided|need|trying|tried|tempted|hope|hoping"
        r"|like|should|just|might as well|better|time|chose|choose|choosing|hope i"
        r"|praying|pray) (?:to |i could |i would |i can |i could just |that i could |i |that i"
        r" |i will |i just |to just |to go and |to go |if i )?(?:just |simply |literally"
        r" |actually |really |fucking |fkn |quietly |peacefully |please )?(?:die|died|be dead"
        r"|be gone|not exist|stop existing|stop living|cease to exist|disappear forever"
        r"|disappear for good|stop breathing|disappear(?= \||$| completely| and never"
        r"| off the face| from"
        r" (?:this|the) (?:world|earth|planet)))\b(?! (?:of|for|from|my|her|his|their|your|the|it"
        r"|them"
        r"|this|that|in the game|in game|on stage|inside|than (?:eat|wear|watch|listen|sit|do"
        r"|go to (?:school|college|work|the gym|class|pe)|be seen|go out))\b)",
        unless=r"\b(?:cringe|embarrass\w*|wanted to die when)\b|\b(?:phone|battery|plant|laptop"
        r"|car|character|charger|game)\b (?:\w+ )?(?:wants?|is going|about|ready|needs?) to die\b"
        r"|^(?!.*\b(?:want|wanted|wants|wish|ready|deserve|should) to (?:just |really )?die\b)"
        r".*\b(?:lol|haha|lmao)\b",
    ),
    _r(
        "sh.wish_dead",
        SH,
        "dead born death dying alive thinking think thought thoughts feel feeling felt hate go die",
        r"\bwish (?:i|i was|i were|i could be|i am|i would be) (?:dead|not alive|not here|gone"
        r"|never born|not born|never been born|had never been born)\b"
        r"|\b(?:i was|i am|i were) (?:never|not) (?:born|alive)\b(?= \||$)"
        r"|\bshould (?:never|not) have been born\b|\bwish i had died\b"
        r"|\b(?:going to|gonna) die (?:tonight|today|soon)\b"
        r"|\bbetter off dead\b|\b(?:want|wanna|rather|like|going) (?:to )?be dead\b"
        r"|\b(?:think|thinking|thought|thoughts) (?:about|of|bout) (?:dying|death|being dead|my"
        r" death|my funeral|not being here|not existing|ending (?:it|things|my life|my own life"
        r"|everything)(?! (?:with|between))|killing myself|taking my (?:own )?life|suicide|jumping"
        r"|overdosing"
        r"|hanging myself|cutting|self harm\w*)\b"
        r"|\b(?:feel|feeling|felt) like dying\b|\bhate being alive\b|\bdeath (?:would be|is) (?:a"
        r" )?(?:relief|better|easier)\b|\bready to go\b(?= \||$)",
        unless=r"\b(?:cringe|embarrass\w*)\b|\b(?:phone|battery|plant|laptop)\b (?:\w+ )?(?:is"
        r" )?dying\b",
    ),
    _r(
        "sh.leave_world",
        SH,
        "heaven world earth out died",
        r"\b(?:want|wanna|wish|ready|need|going) (?:to )?(?:go to heaven|be in heaven|leave this"
        r" (?:world|earth|life)|be with (?:my )?(?:mum|dad|mam|nan|gran|grandad|brother|sister"
        r"|baby|friend|\w+) (?:in heaven|again in heaven|who died|up there)|join (?:my )?(?:mum"
        r"|dad|mam|nan|gran|grandad|brother|sister|baby|friend) (?:in heaven|up there|who died)"
        r"|not be in this world|be taken away from this world)\b"
        r"|\btake me (?:away )?(?:from|out of) this (?:world|earth|life)\b"
        r"|\b(?:want|need) out(?= \||$)(?=.*\b(?:too much|can not|life|everything|tired|done"
        r"|all of it|pain|hurts)\b)|\b(?:too much|can not (?:do|take) (?:it|this))\b.*\b(?:want"
        r"|need) out(?= \||$)",
        unless=r"\bout of (?:the|this|my|that) (?!life|world|earth|pain)\w+|\b(?:lol|haha)\b",
    ),
    _r(
        "sh.end_life",
        SH,
        "end ending ended life",
        r"\b(?:end|ending|ended) (?:it all|it|things|everything|my life|my own life|myself"
        r"|my existence|this life|all of this|this pain|the pain forever|my suffering|the suffering"
        r"|my pain|the pain)\b(?! (?:with|between|in my (?:back|knee|tooth|leg|arm|head)"
        r"|off|early|there|here|for (?:today|now|the day|good with|us)|on a|at|by|and (?:start"
        r"|move|go)|of the|in the|soon lol))"
        r"|\b(?:take|taking|took) my (?:own )?life\b",
        unless=r"\b(?:relationship|boyfriend|girlfriend|bf|gf|partner|contract|tenancy|lease"
        r"|phone contract|convo|conversation|argument|friendship|situationship|talking stage"
        r"|subscription|membership)\b"
        r"(?!.*\b(?:my life|it all|myself|kill|die|suicid\w*)\b)",
    ),
    _r(
        "sh.want_stop",
        SH,
        "stop end over",
        r"\b(?:want|need|wish|wanted|just want|wishing) (?:it all|everything|it|all of this"
        r"|this all|the pain|life|this pain|the thoughts|my life|all this|all of it|this life"
        r"|the voices) (?:all )?to (?:stop|end|be over|go away|just stop|just end|finish)\b"
        r"(?! \w+ing| for (?:a bit|today|the day)| soon so)",
        unless=r"\b(?:rain|raining|lesson|exam|exams|term|week|day|queue|noise|music|meeting"
        r"|film|lecture|shift|snow|heat|pain in my (?:tooth|knee|back))\b",
    ),
    _r(
        "sh.no_point",
        SH,
        "point reason live worth will living alive existing life tired sick done finished"
        " exhausted",
        r"\b(?:no|not any|not see the|not see any|what is the|whats the|lost the|lost all)"
        r" (?:point|reason|will) (?:in|to|of|for)? ?(?:me |my )?(?:living|live|life|being alive"
        r"|going on"
        r"|carrying on|existing|staying alive|being here|me being here|trying anymore|anything"
        r"|it all|waking up)\b"
        r"|\b(?:no|not any|not see the|not see any) point (?:anymore|any more|in anything|in"
        r" trying|in carrying on|in going on|to anything|to any of it)\b"
        r"|\blife (?:is|feels|seems) (?:so |just |completely |totally )?(?:pointless|meaningless"
        r"|not worth it|not worth living|hopeless)\b"
        r"|\bnothing (?:left )?to live for\b|\b(?:no|any|a) reason to (?:live|be alive|stay|go on"
        r"|carry on|keep going|wake up)\b|\b(?:not|is not|isnt|never) worth (?:living|it anymore"
        r"|being alive|the pain|carrying on|it any more)\b|\bwill to live\b"
        r"|\b(?:tired|sick|sick and tired|exhausted|done|finished|had enough|had it) (?:of|with)"
        r" (?:being alive"
        r"|living|life|existing|being here|it all|everything and everyone|everyone and"
        r" everything|this life|being me|my life|everything(?! (?:for|at|in) ))\b",
        unless=r"\b(?:lol|haha|lmao|homework lol|living with|living in|living at|living here"
        r"|living there)\b",
    ),
    _r(
        "sh.not_want_live",
        SH,
        "live alive exist here wake around do keep carry go be",
        r"\bnot (?:want|wish|wanting) to (?:be alive|exist|be around|be here (?:anymore|any"
        r" more|no more|any longer|at all|on this earth|in this world)|be here(?= \||$)"
        r"|live(?= \||$| (?:anymore|any more|no more|any longer|like this|at all|this life))"
        r"|wake up(?= \||$| (?:tomorrow|again|anymore|any more|ever|in the morning ever)))"
        r"|\bnot (?:be|going to be) alive\b|\bnot want to be on this earth\b"
        r"|\bnot want to (?:do this|do life|keep going|carry on|go on|be me) (?:anymore|any more"
        r"|any longer|no more)\b",
        unless=r"\bwake up (?:tomorrow|early)\b.*\b(?:lol|haha|exam|test|school|college|work"
        r"|monday)\b",
    ),
    _r(
        "sh.not_around",
        SH,
        "here around",
        r"\b(?:not|never) (?:be|going to be|gonna be) (?:here|around) (?:much longer|for much"
        r" longer|for long|tomorrow|anymore|any more)\b",
        unless=r"\b(?:at (?:college|school|work|uni|my \w+s?)|because|cos|busy|away|holiday"
        r"|trip|working|shift|appointment|this weekend|next week|moving|on leave|exam|test"
        r"|lol|haha)\b",
    ),
    _r(
        "sh.cant_go_on",
        SH,
        "on go carry keep take cope do live bothered",
        r"\b(?:can not|could not|unable to|not able to) (?:go on|carry on|keep going|keep"
        r" living|live like this|be bothered (?:to|with) (?:live|living|life|be alive|exist|carry"
        r" on|go on|wake up)|live with (?:this|the|these|myself|it|how i feel)(?: \w+){0,3}"
        r" (?:anymore|any more|any longer)|take (?:it|this|life|any more|anymore)|do (?:this|it"
        r"|life)"
        r" (?:anymore|any more|any longer|no more)|cope (?:anymore|any more|any longer|with"
        r" life|with living))\b(?! (?:the|a|an|holiday|my|that|this|with (?:the|my|this|that)"
        r"|to|about|at|for|tour|trips?|stage|tinder|instagram|insta|snap|tiktok|and do|mate"
        r"|without (?:food|sleep)|bus|train|it with|rides?|the trip))",
        unless=r"\bcan not (?:take|do|cope with|handle|stand|deal with|go on with)(?: it| this"
        r"| the|"
        r" my| any more| anymore| any longer)* (?:\w+ )?(?:homework|essay|assignment|exams?"
        r"|revision|course|job|shift|maths|english|college work|uni work|heat|game|level|wifi"
        r"|internet|bus|buses|train|trains|traffic|weather|noise|rain|queue|neighbours|music"
        r"|cold|phone|laptop|lesson|teacher|class|lecture|snow|waiting)\b|\b(?:lol|haha)\b",
    ),
    _r(
        "sh.burden",
        SH,
        "better happier easier off notice miss care",
        r"\b(?:better|happier|easier|fine) (?:off )?without me\b(?! (?:in the team|on the team"
        r"|at the party|in the group|playing))"
        r"|\bbetter off if i (?:was|were|am|had|just) ?(?:dead|gone|not here|not around|never"
        r" born|died|did not exist|disappeared|left)\b"
        r"|\bif i (?:was |were |am |had |just |had just )?(?:dead|gone|died|disappeared|killed"
        r" myself|not here|not around|did not exist|never existed|vanished|never born|ended it)\b",
        requires=r"\b(?:care|cared|miss|missed|notice|noticed|happier|better|relieved|cry"
        r"|sad|funeral|mourn|anyone|nobody|no one|everyone|without me|easier|simpler|world"
        r"|family|people|would)\b",
        unless=r"\bif i (?:was|were) (?:gone|not here) for (?:a|the|an) \w+\b",
    ),
    _r(
        "sh.nobody_miss",
        SH,
        "miss notice care",
        r"\b(?:nobody|no one|no body|noone|not one person|none of them|no one at all) (?:would"
        r"|will|is going to|gonna|would even|will even|would actually) (?:miss me|notice|care"
        r"|even notice|cry)\b(?= \||$| if i (?:was|were|am|died|disappeared|killed|went|left"
        r" for good|was gone|ended)| when i (?:am gone|die|am dead))",
    ),
    _r(
        "sh.methods_jump",
        SH,
        "jump jumping jumped throw throwing threw chuck fling step stepping walk walking run"
        r" running lie lay stand standing sitting sat stood edge ledge bridge roof rooftop",
        r"\b(?:jump|jumping|jumped|throw myself|throwing myself|threw myself|chuck myself"
        r"|fling myself|fall|let myself fall) (?:off|from) (?:a |the |that |this |my |our |an"
        r" )?(?:\w+ ){0,2}?(?:bridge|roof|rooftop|building|cliff|balcony|window|tower|block"
        r"|flats|multi storey|car park|top floor|ledge|edge|motorway bridge|overpass|pier"
        r"|cliffs)\b"
        r"|\b(?:jump|jumping|jumped|throw myself|throwing myself|threw myself|step|stepping"
        r"|walk|walking|run|running|lie down|lay down|lie|lay|get|stand|standing) (?:out )?(?:in"
        r" front of|under) (?:a |the |an |some )?(?:train|trains|bus|lorry|car|cars|truck|van"
        r"|traffic|tube|tram)\b"
        r"|\bwalk(?:ing)? (?:out )?into (?:the )?(?:traffic|road|motorway|sea|river|canal)\b"
        r"|\b(?:throw|throwing|threw) myself (?:in|into|off|out|down|under)\b"
        r"|\b(?:going to|want to|about to|ready to|will|might) jump(?= \||$| tonight| now"
        r"| right now| off)"
        r"|\b(?:i am|we are) (?:on|at) (?:the |a |this )?(?:edge|ledge|bridge|roof|rooftop"
        r"|railing|railings|cliff edge|cliff|top of (?:the|a) (?:car park|building|bridge|tower"
        r"|cliff|flats|multi storey|block))(?= \||$| right now| now| rn| tonight| again| and"
        r"| thinking| ready| about| looking| over| edge| alone)"
        r"|\b(?:standing|sitting|sat|stood|i am standing|i am sitting|i am sat|i am stood)"
        r" (?:on|at|by) (?:the |a |this )?(?:edge|ledge|bridge|roof|rooftop|railing|railings"
        r"|cliff edge|cliff|top of (?:the|a) (?:car park|building|bridge|tower|cliff|flats"
        r"|multi storey|block))\b(?! (?:into|to|in) town| party| bar| cafe| pub| restaurant"
        r"| with my| having| watching| eating)",
        unless=r"\b(?:trampoline|pool|swimming|swim|diving|bungee|parachute|skydiv\w*|fireworks"
        r"|holiday|into the (?:sea|water|lake|river|pool)|tombstoning|for fun|we jumped|dared me"
        r"|view|sunset|photos?|selfie|queue|drinks)\b",
    ),
    _r(
        "sh.methods_other",
        SH,
        "noose rope ligature pills tablets meds stockpile stockpiling hidden hiding saved saving"
        r" collected collecting hoarding ready razor razors blade blades knife",
        r"\bnoose\b|\bligature\b|\b(?:got|have|bought|found|tied|tying|get|getting|buy|buying"
        r"|made|make|making|hid|hidden) (?:a |the |some |myself a )?rope\b(?! (?:swing|course"
        r"|bridge|light|lights))"
        r"|\b(?:hidden|hiding|hid|saved|saving|stockpiled|stockpiling|collected|collecting"
        r"|hoarding|hoarded|stashed|stashing|kept|keeping) (?:up )?(?:my |some |all my |the"
        r" |loads of |enough )?<PILLS>\b"
        r"|\b<PILLS> (?:ready|lined up|saved up|saved|stashed|hidden|stockpiled|put aside)\b"
        r"|\b(?:got|have|bought|found|holding|sharpened) (?:a |the |my )?(?:razor|razors|blade"
        r"|blades|knife)\b.*\b(?:use it|use them|on my|cut|cutting|arms?|wrists?|thighs?|legs"
        r"|myself|tonight)\b"
        r"|\b(?:razor|blade|knife|glass|scissors|compass|pencil sharpener) (?:to|on|into|across)"
        r" my (?:arms?|wrists?|thighs?|legs?|skin|stomach|throat|neck)\b",
        unless=r"\b(?:shaving|shave|kitchen|cooking|chopping|skipping|climbing|tug of war"
        r"|boxing|gym|prescribed|every (?:morning|day|night))\b|\b(?:he|she|they|someone"
        r"|somebody|him|her|them|man|guy|lads?) (?:\w+ )?(?:put|held|holds|pressed|pulled|had"
        r"|has|holding|pushed)\b",
    ),
    _r(
        "sh.pills_intent",
        SH,
        "take taking neck necking swallow swallowing down downing pop popping overdose od",
        r"\b(?:take|taking|neck|necking|swallow|swallowing|down|downing|pop|popping|overdose"
        r" on|od on)(?: \w+){0,2}? <QTY>(?: \w+){0,3}? <PILLS>\b",
        unless=r"\b(?:every (?:morning|day|night|evening)|as prescribed|prescribed|with food"
        r"|on time|forgot to|remember to|need to take|have to take|supposed to take|told me to"
        r"|should i take|can i take|how many)\b",
    ),
    _r(
        "sh.pills_all",
        SH,
        "all lot tonight now once go",
        r"\b(?:take|taking|neck|necking|swallow|swallowing|down|downing) (?:them|it|these|those"
        r"|em) (?:all|tonight|now|at once|in one go)\b|\b(?:take|taking|neck|necking|swallow"
        r"|swallowing|down|downing) the (?:lot"
        r"|whole lot|whole (?:bottle|packet|box|pack|strip|tub))\b",
        requires=r"\b<PILLS>\b",
        unless=r"\b(?:prescribed|as prescribed|course of|antibiotics|doctor said|gp said"
        r"|pharmacist)\b",
    ),
    _r(
        "sh.overdose",
        SH,
        "overdose overdosing",
        r"\boverdos(?:e|ing)\b",
        unless=r"\b(?:documentary|film|awareness|naloxone|training|lesson|course|leaflet)\b",
    ),
    _r(
        "sh.self_harm",
        SH,
        "self harm harming harmed harms harmer injury injure injuring",
        r"\bself (?:harm|harmed|harming|harms|harmer|injure|injury|injured|injuring|hurt"
        r"|hurting|destruct\w*|mutilat\w*|inflicted)\b",
        unless=r"^(?!.*\b(?:i am|i have|i keep|i want|i need|i feel|i did|i do|myself|been self"
        r"|am self|my (?:arms?|legs?|wrists?)|again)\b).*\b(?:awareness|training|counsell\w*"
        r"|career|volunteer\w*|course|nurse|nursing|psychology|lesson|essay|dissertation|charity"
        r"|leaflet|poster|research)\b|\b(?:people|someone|students|young people|kids|patients"
        r"|those|anyone|children) who (?:self harm|sh)\b",
    ),
    _r(
        "sh.cutting",
        SH,
        "cut cutting cuts slit slitting slashed slashing scars scar relapsed relapse relapsing"
        " burning burnt burned burn scratching scratched scratch scarring scarred bruising"
        " bruised stabbing stabbed sliced carved carving slash",
        r"\b(?:been|started|start|keep|keeps|kept|stop|stopped|back to|relapsed|relapse|still"
        r"|i am|i was|urge to|urges to|want to|wanna|going to|thinking about|addicted to"
        r"|hiding my|hide my|and) cutting\b(?! (?:back|down|out|class|classes|school|college"
        r"|lessons?|my hair|hair|corners|it close|ties|off|in|the|people|onions|veg|paper"
        r"|grass|the grass|costs|sugar|carbs|people off|contact|a deal|edge|my fringe|my nails))"
        r"|\bcutting (?:again|myself|my (?:<SH_BODY>))\b"
        r"|\b(?:i|and|i have|have|i just|just|i went and|relapsed and) cut (?:again|tonight|last"
        r" night|deep|deeper|myself)\b|\brelaps(?:ed|e|ing) (?:on|with|into|and) (?:self harm"
        r"|cutting|cut|hurting myself|harming)\b"
        r"|\b(?:want to|need to|urge to|urges to|going to|about to|tempted to|desperate to"
        r"|itching to|trying not to) cut\b(?= \||$| again| tonight| so bad| really bad| rn"
        r"| right now| deep| deeper)"
        r"|\b(?:cut|slit|slitting|slash|slashed|slashing|sliced|carved|carving|burning|burnt"
        r"|burned|burn|scratching|scratched|scratch|scarring|scarred|bruising|bruised|stabbing"
        r"|stabbed) (?:up )?my (?:<SH_BODY>)\b|\bslit (?:my |your )?wrists?\b"
        r"|\bcuts? (?:\w+ ){0,3}(?:i did|i made|i gave|done) (?:to |on )?myself\b"
        r"|\b(?:covered in|fresh|new|hiding my|hide my) (?:cuts|scars)\b"
        r"|\bcuts (?:on|all over) my (?:<SH_BODY>)\b",
        unless=r"\b(?:shaving|by accident|accidentally|cooking|chopping|slicing|peeling"
        r"|on a (?:can|tin|nail|fence|glass)|paper cut|operation|surgery|fell|scooter|bike"
        r"|football|rugby|oven|iron|straighteners|curling|kettle|hob|stove|pan|tray|sun|sunburn"
        r"|sunbed|bramble|brambles|nettles|cat|dog|mosquito|bites?|eczema|tattoo|gym|netball"
        r"|<RESOLVED>)\b",
    ),
    _r(
        "sh.till_bleeds",
        SH,
        "till until til untill wall walls",
        r"\b(?:scratch|scratched|scratching|pick|picked|picking|bang|banged|banging|hit|hitting"
        r"|punch|punched|punching|pull|pulled|pulling|bite|bit|biting|rub|rubbed|rubbing|dig"
        r"|digging|dug)(?: \w+){0,5} (?:till|until|til|untill) (?:it|they|i|my \w+)(?: \w+)?"
        r" (?:bleeds?|bled|bleeding|bruised|bruises?|break|broke|numb|raw|can not feel)\b"
        r"|\bpunch(?:ing|ed|es)? (?:the |a |my )?walls?\b|\bbang(?:ing|ed|s)? my head (?:against"
        r"|on|off|into) (?:the |a |my )?(?:walls?|floor|door|table|desk)\b",
        unless=r"\b(?:mosquito|bites? lol|insect|itchy|eczema|scab lol)\b",
    ),
    _r(
        "sh.plan_goodbye",
        SH,
        "message goodbye goodbyes bye plan stupid silly drastic note notes letter letters read"
        " again",
        r"\b(?:this is|here is|this will be|consider this|this is probably|sending) my (?:last"
        r"|final) (?:message|text|msg|goodbye)\b(?! (?:for|before|till|until|of the day|today"
        r"|tonight|this))|\bgoodbye (?:everyone|everybody|all|world|forever|for good|cruel world"
        r"|for ever)\b|\b(?:said|saying|say|written|wrote|writing|write) my goodbyes?\b"
        r"|\bthis is goodbye\b|\bfinal goodbye\b"
        r"|\b(?:made|making|got|have|had|written|wrote|writing|write|worked out) (?:a|my|the) plan"
        r" (?:to|for how to|of how to|on how to|for when to|to finally) (?:die|end it|end my life"
        r"|kill myself|do it|take my life|jump|overdose|hang myself|go)\b"
        r"|\b(?:written|wrote|writing|write|left|leaving|leave) (?:a |my )?(?:goodbye|farewell"
        r"|suicide|last|final) (?:note|notes|letter|letters|message|messages|video)\b"
        r"|\b(?:written|wrote|writing|left|leaving) (?:goodbye |farewell |final )?(?:letters"
        r"|notes) (?:to|for) (?:everyone|my family|all of you|you all|everybody|the people i"
        r" love)\b"
        r"|\b(?:going to|gonna|might|will|about to|want to|could|scared i will|afraid i will"
        r"|feel like|tempted to|worried i will|i will) do something (?:stupid|silly|drastic"
        r"|dangerous|bad|i regret|i can not take back|to myself)\b(?! like\b)"
        r"|\bnever (?:see|hear from) me again\b|\bby the time you read this\b",
        unless=r"\b(?:birthday|party|cake|gift|present|exam|revision|project|essay|lol|haha"
        r"|holiday|summer|going away|new job|leaving do|farewell party|something (?:stupid|silly"
        r"|drastic) like|hair|tattoo|piercing|text (?:him|her)|shopping)\b",
    ),
    _r(
        "sh.never_wake",
        SH,
        "wake sleep",
        r"\b(?:never|not) (?:to )?wake up\b(?! (?:early|late|on time|in time|for|at|till|until"
        r"|before|when|with|in the morning for))"
        r"|\bsleep (?:forever|and (?:never|not) wake)\b",
        unless=r"^(?!.*\b(?:die|dead|again ever|and (?:never|not) wake)\b).*\b(?:alarm|lie in|lol"
        r"|haha|exam day|early|(?:so |really |dead )?(?:tired|knackered|exhausted|shattered"
        r"|sleepy)(?! of))\b",
    ),
    _r(
        "sh.give_up",
        SH,
        "give giving gave up",
        r"\b(?:give|giving|gave|given) up on (?:everything|life|living|myself|it all|the world"
        r"|being alive|me)\b(?! (?:at|in) (?:college|school|uni|work|the)\b)"
        r"|\b(?:feel like|want to|going to|about to|ready to|i am|just|i have|i have just)"
        r" (?:giving|give|given) up(?= \||$| now| tonight| completely)",
        unless=r"\b(?:smoking|vaping|drinking|sugar|chocolate|lent|diet|game|gym|lol|haha)\b",
    ),
    _r(
        "sh.starve",
        SH,
        "starve starving starved eaten eating purpose",
        r"\b(?:starve|starving|starved) myself\b|\b(?:not|have not|stopped) (?:eaten|eating)"
        r"(?: \w+){0,5} on purpose\b|\bon purpose\b.*\b(?:not eaten|not eating|stopped eating)\b",
    ),
    _r(
        "sh.on_purpose",
        SH,
        "purpose",
        r"\b(?:burn|burnt|burned|burning|cut|hurt|hit|punch|punched|scratch|scratched|bruise"
        r"|bruised|bang|banged)(?: \w+){0,4} on purpose\b",
        unless=r"\b(?:he|she|they|him|her|them|my (?:brother|sister|mate|friend)) (?:\w+ )?on"
        r" purpose\b|\b(?:accident|lol|haha|game|fifa|football)\b",
    ),
    _r(
        "sh.better_off_dead",
        SH,
        "dead ready",
        r"\b(?:be|being) better dead\b|\b(?:i am|i feel) (?:dead inside and )?ready to die\b",
    ),
    # -- exploitation, threats and control: abuse, checked before "danger" (except a threat
    # being made right now)
    _r(
        "ab.exploitation",
        AB,
        "made forced used told pressured making forcing using sell selling carry carrying"
        " deliver delivering move moving hold holding run running make makes hide hiding keep"
        " keeping store storing take taking bring bringing deal"
        r" drop dropping stash stashing deal dealing plug plugging county cuckoo cuckooed"
        r" cuckooing trap lines",
        r"\b(?:(?:making|make|makes|made|forcing|force|forces|forced|got|gets|getting|using|use"
        r"|uses|used|pressuring|pressured|telling|told|asking|asked|tricked|want|wants) me"
        r"|(?:being|been|was|were|get|getting|am) (?:made|forced|used|told|pressured|groomed))"
        r" (?:to )?(?:sell|selling|carry|carrying|deliver|delivering|move|moving|hold|holding|run"
        r"|running|drop|dropping|stash|stashing|deal|dealing|plug|plugging|store|storing|keep"
        r"|keeping|hide|hiding|take|taking|bring|bringing) (?:drugs|packages|parcels|bags|stuff"
        r"|weed|gear|food|things|coke|crack|ket|pills|phones?|money|cash|knives|a knife|a gun"
        r"|for (?:them|him|her)|it for|them|a bag|a package|a parcel|work)\b"
        r"|\b(?:making|make|makes|made|forcing|force|forces|forced|pressuring|pressured) me (?:to"
        r" )?(?:sell|deal|run|carry)(?= \||$| for| or)"
        r"|\bcounty lines\b|\bgoing country\b|\bcuckoo(?:ed|ing)\b|\btrap (?:house|phone)\b"
        r"|\btaken over my (?:flat|place|house)\b",
        unless=r"\b(?:part time job|my job|at work|shop|tesco|asda|deliveroo|uber eats|just eat"
        r"|moving house|moving flat|takeaway|bake sale|car boot|ebay|vinted|depop)\b",
    ),
    _r(
        "dng.threatening_now",
        DNG,
        "threatening threatened",
        r"\b(?:is|are|keeps|keep) threatening (?:to|me with)\b|\b(?:i am|am|we are|i am being"
        r"|being|getting|i keep getting|keep getting) threatened\b",
        unless=r"\b(?:evict|eviction|bailiff|landlord|court|fine|sue|bank|college|school"
        r"|teacher|lol|haha|share|post|leak|send|nudes|pics|photos|pictures|videos|tell)\b",
    ),
    _r(
        "ab.threats",
        AB,
        "threaten threatens threatened threatening threat threats",
        r"\bthreat(?:en|ens|ened|ening|s)? (?:me|us|my life|to (?:come round|come over|come to my"
        r"|find me|burn|kill|hurt|stab|beat|batter"
        r"|shoot|burn|rape|get|smash|leak|post|share|send|expose|kick|throw|take|report me"
        r"|tell|out|break|cut|acid|jump|knife|slap|hit|punch|lock|starve))"
        r"|\b(?:keeps?|been|is|are|was|were) threatening\b|\bthreatening (?:messages|texts"
        r"|calls|voice notes)\b|\bdeath threats?\b",
        unless=r"\b(?:evict|eviction|bailiff|debt collector|landlord threatened to (?:evict"
        r"|increase)|fine me|sue|court|dvla|council tax|bank|college threatened|school"
        r" threatened|teacher threatened|kick me off the course|exclude|exclusion|lol|haha)\b",
    ),
    _r(
        "ab.said_will_hurt",
        AB,
        "hurt kill stab beat batter smash shoot burn get hurt killed stabbed beaten battered"
        r" share post leak send",
        r"\b(?:said|says|say|told me|tells me|saying|promised|swore|warned me|texted|messaged)"
        r" (?:that )?(?:he|she|they|hed|shed|theyd|he would|she would|they would|hell|shell"
        r"|theyll|someone|people|i|ill|i would|i will) (?:\w+ )?(?:will|would|is going to"
        r"|are going to|going to|gonna|am going to|could|might)? ?(?:kill|hurt|stab|beat|batter"
        r"|smash|shoot|burn|get|share|post|leak|send|expose|rape|slash|jump|do) (?:me|my"
        r" (?:pics|photos|nudes|pictures|videos|family|mum|sister|brother)|them|everyone|it"
        r" to)\b"
        r"|\b(?:i will|ill|i would|i am going to|i will get) (?:get|be) (?:hurt|killed|stabbed"
        r"|beaten|battered|shot|jumped|done in|smashed|beaten up|in trouble with (?:him|them)"
        r")\b(?= if| unless| when)",
        unless=r"\b(?:lol|haha|late|forgot|tidy|room|mess|grades|results|exam|homework|fifa"
        r"|game|tickle|kidding|joke|jokes|xx)\b",
    ),
    _r(
        "ab.coercive",
        AB,
        "let feed food phone money eat starves starving",
        r"\b(?:will not|does not|would not|never|not|refuses to|refused to) let me (?:leave"
        r" (?:the|my|his|her|their) (?:house|room|flat|home)|see my (?:friends"
        r"|mates|family)|out of (?:his|her|their) sight|have my phone|have any money|have money"
        r"|eat|go to the toilet|sleep|use the toilet|talk to anyone|contact anyone)\b"
        r"|\b(?:does not|will not|would not|never|not|refuses to|refuse to|stopped) (?:feed"
        r"|feeding|feeds|give me food|let me eat|give me any food) (?:me|us)?\b"
        r"|\b(?:starves|starving|starved) (?:me|us)\b|\bno food (?:as a|for) punishment\b"
        r"|\b(?:takes|took|taking|keeps|keeping|controls|controlling|checks|checking|smashed"
        r"|smashes) my (?:phone|money|wages|pay|benefits|universal credit|pip|bank card|card"
        r"|passport|id)\b.*\b(?:will not let|not allowed|control\w*|won't let|leave|scared"
        r"|threat\w*|hits?|punish\w*)\b"
        r"|\b(?:controls|controlling) (?:me|everything i do|who i see|where i go|what i)\b",
        unless=r"\b(?:carers?|foster \w+|mum|dad|nan) (?:will not|does not|would not) let me"
        r" (?:go|stay|have) (?:to|out|at|a)\b|\b(?:curfew|grounded|party|sleepover|festival"
        r"|concert|diet|fasting|ramadan|lent|lol|haha)\b",
    ),
    # -- immediate danger -----------------------------------------------------------
    _r(
        "dng.weapon",
        DNG,
        "knife knives machete gun guns blade weapon bat hammer crowbar axe shank acid pistol"
        r" firearm knifepoint gunpoint",
        r"\b(?:has|have|got|with|holding|waving|pulled|pulling|pull|pulls|carrying|brandishing"
        r"|pointing|pointed|grabbed|came at me with|coming at me with|threatening me with"
        r"|threatened me with|chasing me with|chased me with|had|flashed|showed me|armed with)"
        r" (?:a |an |his |her |their |the |out a |out his |out her |out their |out the |out an"
        r" |some )?(?:big |massive |kitchen |huge |massive )?(?:knife|knives|machete|gun|guns"
        r"|blade|weapon|weapons|baseball bat|bat|hammer|crowbar|axe|shank|acid|pistol|firearm"
        r"|shotgun|rifle|screwdriver)\b(?! (?:set|block|sharpener|and fork|drawer|crime|show"
        r"|range|skills|in (?:the|a) (?:game|film)|emoji|tattoo|for (?:cooking|my flat|the"
        r" kitchen)))"
        r"|\b(?:knife|blade|gun|machete|weapon|bat|hammer|acid|screwdriver) (?:to|at|against|on)"
        r" (?:me|my|our)\b|\b(?:at|held at) (?:knifepoint|gunpoint|knife point|gun point)\b"
        r"|\bthere is (?:a|someone with a|a man with a|a guy with a|people with) (?:gun|knife"
        r"|machete|weapon|knives|guns)\b",
        unless=r"\b(?:fortnite|cod|call of duty|game|gaming|film|movie|kitchen|cooking|chef"
        r"|butter|bread|cake|pizza|dinner|fork|spoon|sharp as|nerf|water gun|gun show|glue"
        r" gun|cricket|baseball game|rounders|softball|diy|woodwork|builder|tools?)\b"
        r"(?!.*\b(?:me|my throat|scared|terrified|threat\w*|kill|stab|hurt)\b)",
    ),
    _r(
        "dng.threat_kill",
        DNG,
        "stab shank shoot slash kidnap rape acid batter jump murder kill get hurt do beat smash"
        r" merk find",
        r"\b(?:going to|gonna|will|would|want to|wants to|trying to|tried to|try to|about to"
        r"|threatened to|threatening to|coming to|promised to|plan to|planning to|out to|said"
        r" (?:he|she|they) would|hell|shell|theyll|they will) (?:stab|shank|shoot|slash|kidnap"
        r"|rape|acid|batter|jump|murder|merk|kill|get|hurt|do|beat up|smash|beat|find|break)"
        r" (?:me|us)\b(?! (?:a |an |up for|at (?:fifa|football)))(?: up)?",
        requires=r"\b(?:stab|shank|shoot|slash|kidnap|rape|acid|batter|merk|jump|<SCARED>"
        r"|knife|gun|weapon|threat\w*|said|says|saying|told|really|serious|not joking|actually"
        r"|help|hiding|hide|gang|outside|door|police|drunk|angry|violent|owe|dealer|lads|men"
        r"|locked|banging|shouting|screaming|if i tell|if i do not|if i go|if i leave"
        r"|if i stop)\b",
        unless=r"\b(?:lol|haha|lmao|late|forgot|forget|finds out about (?:the|my) (?:party"
        r"|tattoo|piercing|hair|grades?)|sees my room|when (?:she|he|they|mum|dad) sees?"
        r"|if i fail|results|grades|homework|exam|exams|test|room|tidy|mess|phone bill|bill"
        r"|spent|fifa|football|game|match|tickle|hug|joke|jokes|kidding|xx|x|nan|grandad|grandma"
        r"|pick me up|picking me up|lift|from (?:the )?(?:station|school|college|work|airport))\b",
    ),
    _r(
        "dng.following",
        DNG,
        "following followed follows follow stalking stalker stalked stalks chased chasing chase",
        r"\b(?:following|followed|follows|follow) me\b(?! (?:on|back|in the group|around the shop"
        r" lol))|\b(?:stalking|stalks|stalked) me\b|\b(?:i have|i have got|got|have) a stalker\b"
        r"|\bbeing (?:stalked|followed|watched|chased)\b|\b(?:got|get|getting|been|was|were)"
        r" chased\b|\bchasing (?:me|after me)\b|\bchased me\b",
        unless=r"\b(?:on|in|via) (?:insta|instagram|tiktok|twitter|snap|snapchat|socials|ig|youtube"
        r"|twitch|spotify|facebook|threads|x)\b|\bfollow(?:s|ed|ing)? (?:me )?(?:on|back)\b"
        r"|\b(?:online|account|tig|tag|hide and seek|lol|haha)\b|\b(?:dog|puppy|cat|kitten"
        r"|geese|goose|swan|seagull|bee|wasp|pigeon|little brother|little sister|kids) (?:\w+"
        r" )?(?:follows|following|followed|chased|chasing|keeps)\b",
    ),
    _r(
        "dng.break_in",
        DNG,
        "break breaking broke broken burglar burglars intruder intruders inside house flat room"
        r" downstairs upstairs kick kicking kicked force forcing door get getting",
        r"\b(?:trying to|tried to|try to|going to|about to|is|are|has|have|just) (?:break|breaking"
        r"|broke|broken|get|getting|kick|kicking|force|forcing) (?:in|into|down the door|the door"
        r" down|the door in|my door|in my door)\b|\bbroke(?:n)? in(?:to)? (?:my|our|the)"
        r" (?:flat|house|room|home|place)\b|\bbreak(?:ing)? into (?:my|our|the) (?:flat|house"
        r"|room|home|place|car)\b|\bburglars?\b|\bintruders?\b|\bbreak in\b(?= \||$)"
        r"|\b(?:someone|somebody|a man|a guy|some guy|a stranger|strangers|a woman|people|men"
        r"|some men|some lads) (?:is |are )?(?:in|inside|downstairs in|upstairs in|hiding in)"
        r" (?:my|the|our) (?:house|flat|room|home|bedroom|building|kitchen|hallway)\b",
        unless=r"\b(?:lol|film|movie|game|break in (?:the|lessons?|class)|lunch|tea break"
        r"|has a key|landlord|plumber|electrician|engineer|my (?:mates?|friends?) (?:is|are))\b",
    ),
    _r(
        "dng.scared_of_them",
        DNG,
        "scared terrified afraid frightened petrified panicking shaking",
        r"\b<SCARED> (?:that |cos |because |coz )?(?:he|she|they|someone|somebody|my \w+|people"
        r"|the \w+) (?:is|are|will|has|have|might|could|keeps?|is going to|are going to"
        r"|going to|gonna|knows|knows where)\b(?! (?:not|never|be (?:annoyed|cross|mad|angry"
        r"|upset|disappointed|sad)))"
        r"|\b<SCARED> (?:to go|of going|to be|of being) (?:back )?(?:home|back|in|inside|there"
        r"|alone with (?:him|her|them)|near (?:him|her|them))\b"
        r"|\b<SCARED> (?:he|she|they) (?:will|would|is going to|are going to|might) (?:find|see"
        r"|hurt|kill|get|come)\b",
        unless=r"\b(?:not (?:scared|afraid)|spiders?|exams?|interview|results|the dark|heights"
        r"|clowns|horror|judge|judging|laugh|laughing|think i am|upset|disappointed|mad at me"
        r"|annoyed|i failed|fail)\b",
    ),
    _r(
        "dng.coming",
        DNG,
        "coming after back round over here outside downstairs waiting door garden yard drive"
        " driveway hallway stairwell corridor house flat kitchen",
        r"\b(?:he|she|they|gang|lads|boys|guys|people|men|someone|somebody|dealers?|my ex|him"
        r"|them) (?:is |are |has |have |still )?(?:coming (?:back|for me|after me|to get me"
        r"|round|over|here|to my)|after me|out to get me|hunting me|looking for me with)\b"
        r"|\b(?:he|she|they|someone|somebody|my ex|my dad|my stepdad|people|men|a man|some men"
        r"|some lads|lads|there is a man|there is someone|there is somebody|there are people"
        r"|there are men|there is a stranger|there is a guy) (?:is |are )?(?:outside|downstairs|at"
        r" the door|at my door|here|back|in the house|in my house|in the flat|waiting|in (?:the"
        r"|my|our) (?:garden|back garden|yard|drive|driveway|hallway|stairwell|corridor|house"
        r"|flat|kitchen))\b",
        requires=r"\b(?:<SCARED>|help|hide|hiding|drunk|angry|knife|gun|kill|hurt|threat\w*"
        r"|gang|dealer|owe|police|lock|door|please|danger|violent|out to get|hunting)\b",
        unless=r"\b(?:pick (?:me )?up|picking me up|lift|collect|for tea|for dinner|for christmas"
        r"|to visit|lol)\b",
    ),
    _r(
        "dng.outside",
        DNG,
        "outside",
        r"\b(?:he|she|they|someone|somebody|my ex|a man|a guy|some guy|some man|men|some men"
        r"|lads|some lads|a gang|people|strangers|a stranger|his mates|him|them) (?:is |are"
        r" |keeps |keep |has been |have been |still )?(?:standing |waiting |hanging around"
        r" |parked |sat |sitting |lurking |coming )?outside my (?:house|flat|door|window|room"
        r"|home|place|hostel|bedroom window|front door|building)\b",
        unless=r"\b(?:delivery|parcel|postman|amazon|uber|taxi|pizza|lol|haha|to pick me up"
        r"|picking me up|for the party|waiting for me to come out for|social worker|coordinator"
        r"|<RESOLVED>)\b",
    ),
    _r(
        "dng.lost",
        DNG,
        "lost",
        r"\b(?:i am|i am so|i am really|we are|i got|i have got|got) lost\b",
        requires=r"\b(?:<SCARED>|dark|alone|night|do not know where|no idea where|phone (?:is"
        r" )?(?:dying|dead|on \d+)|help|strangers?|no money|no battery|no signal)\b",
        unless=r"\b(?:lol|haha|lesson|lecture|maths|homework|film|game|book|plot|question"
        r"|conversation|in thought|in my thoughts|in the music)\b",
    ),
    _r(
        "dng.found_me",
        DNG,
        "found tracked",
        r"\b(?:he|she|they|my ex|my dad|my stepdad|the gang|them|him|people|someone) (?:has |have"
        r" |finally |just )?(?:found|tracked|tracked down) (?:me|where i am|my new (?:address|flat"
        r"|place|school|college|number))\b",
        requires=r"\b(?:<SCARED>|help|hide|hiding|ran away|run away|moved|threat\w*|hurt|kill"
        r"|police|again|outside|coming|danger)\b",
        unless=r"\b(?:lol|haha|hide and seek|game|birth (?:mum|dad|family)|family finder|family"
        r" tracing|on facebook lol)\b",
    ),
    _r(
        "dng.after_me",
        DNG,
        "after hunting coming",
        r"\b(?:he|she|they|gang|gangs|lads|boys|guys|people|men|someone|somebody|dealers?|my ex"
        r"|him|them|a gang|some lads|some men) (?:is |are |still |now )?(?:after me|out to get"
        r" me|hunting (?:me|for me)|coming (?:for|after) me|coming to get me)(?= \||$| and| now"
        r"| again| with| because| cos| tonight| for (?:money|what))",
        unless=r"\b(?:queue|line|register|list|rota|pick (?:me )?up|picking me up|lift|collect|lol"
        r"|haha|tig|tag|game)\b",
    ),
    _r(
        "dng.police",
        DNG,
        "police 999 911 112 cops feds",
        r"\b(?:call|ring|phone|get|need|send|want|calling|ringing|fetch|contact) (?:the |a |an"
        r" |me the |us the )?(?:police|999|911|112|cops|feds)\b(?! (?:station|officer as a"
        r" career|as a career|about (?:my|a|the) (?:stolen|lost|bike|phone|car)))"
        r"|\b(?:can you|can u|could you|please|pls) (?:call|ring|phone|get) (?:999|911|police"
        r"|the police)\b|\b(?:999|911)\b(?! (?:is|was) (?:for|busy|a))",
        unless=r"\b(?:join|joining|career|course|officer as|work for|uniform|cadets|volunteer"
        r"|report (?:my|a) (?:lost|stolen)|lost property|stolen (?:bike|phone|wallet|purse)"
        r"|should i call the police about (?:my|the|a) (?:noise|neighbour|parking)|crime number"
        r"|statement|court)\b",
    ),
    _r(
        "dng.fire_gas",
        DNG,
        "fire flames alight burning smoke gas leak monoxide",
        r"\b(?:house|flat|home|room|kitchen|building|block|bedroom|hostel|place|hallway"
        r"|stairwell|bins?|everything|door|curtains|wall|car|landing|stairs|roof) (?:is |are"
        r" |was |has |has caught |caught |now |just |just caught )?(?:on fire|in flames|alight"
        r"|burning|catching fire)\b(?! (?:lol|down the))"
        r"|\bthere is (?:a )?fire\b(?! (?:alarm|drill|pit|in (?:his|her|their) eyes|place|exit"
        r"|door|extinguisher|station|engine|work|works|fighter|safety|test|on the telly))"
        r"|\b(?:caught|catching|set|setting|started|starting|lit) (?:on )?fire (?:to|in)? ?(?:my"
        r"|the|our|this|his|her)? ?(?:flat|house|home|room|kitchen|building|door|car|bedroom"
        r"|hostel|place|bin|bins)?\b(?! (?:pit|drill))|\bfire in (?:my|the|our|this) (?:flat"
        r"|house|kitchen|room|building|block|hallway|home|bedroom|hostel|stairwell)\b"
        r"|\bsmoke (?:everywhere|coming (?:in|under|through|from)|filling)\b|\bfull of smoke\b"
        r"|\b(?:smell|smells|smelling|smelt) (?:of )?gas\b|\bgas leak\w*\b|\bleaking gas\b"
        r"|\bcarbon monoxide\b|\bco alarm\b",
        unless=r"\b(?:fire drill|drill|bonfire|fireworks?|bbq|barbecue|campfire|fire pit|fire alarm"
        r" test|on fire (?:today|at|in)|is fire|was fire|gas station|gas bill|gas meter|gas prices"
        r"|gas top up|lol|haha)\b",
    ),
    _r(
        "dng.trapped",
        DNG,
        "locked trapped held stuck kidnapped abducted hostage captive out know where let hiding",
        r"\b(?:locked|trapped|stuck|shut|held|kept|keeping me) (?:in|inside|up in|in here|in a"
        r" room)\b.*\b(?:can not|cannot|could not|unable to|not) (?:get out|escape|leave)\b"
        r"|\b(?:can not|cannot|could not) (?:get out|escape)\b(?! (?:of (?:bed|the habit|my head"
        r"|this rut|it|this contract|the group|my contract|the chat|going)|the feeling))"
        r"|\b(?:kidnapped|abducted|held hostage|held captive|held against my will|taken against"
        r" my will|kept prisoner|being held|trafficked)\b"
        r"|\b(?:took|taken|take|drove|driven|brought) me (?:somewhere|to a house|to a flat|away"
        r"|to (?:a|some) (?:place|house|flat))\b.*\b(?:do not know|no idea|scared|will not"
        r"|can not|help)\b"
        r"|\b(?:do not|no) (?:know|idea) where i am\b(?! (?:going|heading|at with|in life"
        r"|supposed|meant))"
        r"|\b(?:will not|would not|did not|do not|does not|wont|never) let (?:me|us) (?:out"
        r"|go|leave)(?= \||$| (?:and|of the (?:car|house|flat|room|van)|home|out|the (?:car"
        r"|house|flat|room|van)|tonight|now))"
        r"|\b(?:i am|we are|i am stuck and|i am locked in and) trapped(?= \||$| and| help"
        r"| please| here| in here| inside| in (?:my|a|the|his|her|their|this|some) (?:room|house"
        r"|flat|car|van|cellar|basement|shed|cupboard|boot|garage|toilet|bathroom|attic|loft"
        r"|bedroom))"
        r"|\b(?:got|have|has|keep|keeps|kept|keeping|had) (?:got )?(?:me|us) (?:locked|trapped"
        r"|tied|shut) (?:in|up|inside|down)\b"
        r"|\b(?:i am|am|been|currently|now|still|we are) hiding (?:from|in|under|behind|inside)"
        r" (?:him|her|them|my \w+|the \w+|a \w+|some \w+|people|someone)\b"
        r"|\b(?:i am|we are|i am still|still) hiding(?= \||$| now| right now| rn)"
        r"|\bhiding from (?:him|her|them|my (?:dad|stepdad|mum|ex|boyfriend|partner|husband"
        r"|carer|brother|uncle))\b"
        r"|\b(?:i am|am|been|got|being) (?:locked|trapped|stuck) (?:in|inside) (?:a|the|his|her"
        r"|their|some|this) (?:room|car|van|house|flat|cellar|basement|shed|cupboard|boot|garage"
        r"|toilet|bathroom|attic|loft)\b",
        unless=r"\b(?:locked in (?:for|on|to|with) (?:this|the|my|revision|studying|exams?)"
        r"|(?:i am|we are|i am so|i am fully) locked in(?= \||$)|stuck in (?:a |the )?(?:traffic"
        r"|lift|elevator|queue|meeting|lesson|lecture"
        r"|detention|car park|contract)|stuck on|escape room|toilet roll|out of bed|the habit|the"
        r" group|the chat|gc|feel trapped|feeling trapped|trapped in (?:this|my) (?:body|life|head"
        r"|job)|trapped wind|lol|haha)\b",
    ),
    _r(
        "dng.attacked",
        DNG,
        "attacked attacking attack mugged mugging robbed robbing ambushed ambushing held shot grab"
        " take drag pull snatch force bundle push trying tried try tries attempted grabbed hit"
        " punched kicked threw thrown throwing smashed brick bricks rock rocks stone stones"
        " bottle watching",
        r"\b(?:being|getting|been|got|was|were|just been|just got|am being) (?:attacked|mugged"
        r"|robbed|ambushed|held up|stabbed at|shot at)\b(?! (?:on|into|in|off|over|up"
        r" (?:and|to)|onto|at) (?:the|a|my) (?:trampoline|bed|sofa|pool|queue|bandwagon|bus|train"
        r"|call|chance|wall|fence|river|sea|stage))"
        r"|\b(?:attacking|mugging|robbing|ambushing) (?:me|us)\b"
        r"|\b(?:some guy|some man|a man|a guy|a stranger|some lads|a gang|some woman|a group"
        r"|these lads|some people|some men|some boys|some girls|a lad|random (?:guy|man|lads"
        r"|people))"
        r" (?:just )?(?:grabbed|attacked|hit|punched|kicked|jumped|stabbed at|chased|followed"
        r"|pushed|dragged|cornered|surrounded|robbed|mugged) (?:me|us)\b"
        r"|\b(?:threw|thrown|throwing|smashed|put|lobbed) (?:a |some |an )?(?:brick|bricks|rock"
        r"|rocks|stone|stones|bottle|bottles|something|petrol bomb|firework|fireworks|egg|eggs)"
        r" (?:through|at|into|in) (?:my|our|the) (?:window|windows|door|house|flat|car|letterbox)\b"
        r"|\b(?:someone|somebody|a man|a guy|he|they|people|a car|a van|some guy|some men) (?:is"
        r" |are |keeps |keep |has been |have been )?(?:watching|staking out|sitting outside)"
        r" (?:me|my (?:flat|house|window|room|home|place|building))\b"
        r"|\b(?:tried|trying|try|tries|attempted) to (?:grab|take|drag|pull|snatch|force|bundle"
        r"|push|get) (?:me|us)(?: into| in| away| off| out)?\b(?! to\b)",
        unless=r"\b(?:panic|heart|asthma|anxiety|shark|dog|zombie) attacks?\b|\b(?:titan|game"
        r"|fifa|fortnite|lol|haha|penalty|referee|we got robbed|robbed at the|bookies|casino"
        r"|rip off|ripped off|halloween|mischief night|trick or treat)\b|\brobbed (?:us|me)"
        r" (?:blind|of (?:a|the) (?:goal|win|penalty|point|draw))\b|\b<RESOLVED>\b",
    ),
    _r(
        "dng.door",
        DNG,
        "door window windows outside waiting turned turning turns showed showing shows",
        r"\b(?:banging|kicking|hammering|pounding|smashing|bashing|knocking)(?: \w+)? (?:on|at"
        r"|in|down) (?:my|the|our) (?:door|window|windows|front door|bedroom door)\b"
        r"|\b(?:turned|turning|turns|showed|showing|shows|keeps turning|keeps showing|keep"
        r" turning) up (?:at|to|outside) my (?:door|flat|house|window|room|home|place|hostel"
        r"|work|college|school)\b"
        r"|\b(?:outside|at|by) my (?:door|flat|house|window|room|home|place|hostel|bedroom"
        r" window|front door)\b|\boutside my (?:work|college|school)\b"
        r"|\bwaiting (?:outside |round the corner |at the gate )?for me\b",
        requires=r"\b(?:<SCARED>|will not leave|won't go|will not go|knife|gun|weapon"
        r"|shouting|screaming|banging|kicking|hammering|pounding|smashing|threat\w*|kill|hurt"
        r"|stab|shank|get me|waiting|watching|help|police|drunk|angry|ex|gang|lads|men|man"
        r"|keeps?|again|hiding|hide)\b",
        unless=r"\b(?:delivery|parcel|postman|amazon|uber|taxi|pizza|mum|dad|nan|mate|friend"
        r"|friends|mates|boyfriend|girlfriend|music|party|lol|haha|neighbours? (?:music|party"
        r"|diy)|builders|workmen|drilling)\b(?!.*\b(?:<SCARED>|will not leave|threat\w*|kill"
        r"|hurt|knife|gun|stab)\b)",
    ),
    _r(
        "dng.smashing",
        DNG,
        "smashing smashed smash smashes trashing wrecking throwing",
        r"\b(?:smashing|smashes|smashed|trashing|trashed|wrecking|wrecked|throwing|breaking)"
        r" (?:up )?(?:the place|the house|the flat|my room|things|stuff|everything|the door"
        r"|doors|windows|the windows|my door|plates|the kitchen|it all|furniture|the tv|chairs"
        r"|the room|my stuff|my things)(?: up)?(?: around)?\b",
        requires=r"\b(?:he|she|they|him|her|them|dad|mum|stepdad|boyfriend|partner|ex|carer"
        r"|brother|drunk|angry|raging|kicking off|<SCARED>|hiding|help)\b",
        unless=r"\b(?:clearing out|decluttering|tidying|moving|lol|haha|game|fifa|gym|interview"
        r"|exam|test|it at)\b",
    ),
    _r(
        "dng.spiked",
        DNG,
        "spiked spiking spike drink drinks drugged",
        r"\b(?:spiked|spiking)\b|\b(?:been|got|was|being|get|getting|i am) drugged\b|\bdrugged"
        r" (?:me|my drink|us)\b|\b(?:put|slipped|added|dropped|poured|tipped) (?:something"
        r"|summat|stuff|a pill|pills|drugs|powder|something weird|something dodgy|something"
        r" strange) (?:in|into) (?:my|our|her|his|me and my mates) (?:drink|drinks|glass|cup"
        r"|food|bottle|can|pint)\b",
        unless=r"\b(?:hair|collar|shoes|heels|price|prices|temperature|fever|sales|numbers"
        r"|traffic|volleyball|punch bowl|eggnog|lemonade lol|views)\b",
    ),
    _r(
        "dng.owe_dealer",
        DNG,
        "owe owes owed live address",
        r"\b(?:know|knows|found out|find out|found|finding out|got|have|has|worked out) (?:where"
        r" i live|where i am staying|where i stay|my address)\b"
        r"|\bowe (?:my |a |the |some |these )?(?:dealer|dealers|gang|people|lads|them|him|guys"
        r"|loan shark)\b(?: \w+){0,3}\b(?:money|cash|debt)?",
        unless=r"\b(?:social worker|coordinator|personal adviser|pa|council|post|delivery"
        r"|parcel|birthday card|family finder|friend|mate|nan|college|school|bank|dvla|doctor"
        r"|gp|dentist|my new|letter|fiver|tenner|quid|a pound|pounds|lol|haha|a drink|a favour"
        r"|an apology|a pint|a lift)\b(?!.*\b(?:<SCARED>|threat\w*|hurt|kill|dealer|gang"
        r"|coming)\b)",
    ),
    _r(
        "dng.kill_me_threat",
        DNG,
        "kill hurt murder",
        r"\b(?:he|she|they|someone|somebody|my (?:ex|boyfriend|girlfriend|partner|husband"
        r"|stepdad|step dad|stepmum|pimp|dealer)|hes|shes|they are|he is|she is|this man|this guy"
        r"|a man|some guy|people|lads|the gang) (?:\w+ )?(?:is )?(?:going to|gonna|will|wants to"
        r"|is trying to|tried to|might|is about to|is actually going to|is really going to)"
        r" (?:kill|hurt|murder) me\b",
        unless=r"\b(?:lol|haha|lmao|late|forgot|forget|when (?:she|he|they) (?:sees?|finds? out)"
        r"|finds? out (?:about|that i)|if i fail|results|grades|homework|exam|test|room|mess|bill"
        r"|joke|jokes|kidding|tickl\w*|car|spoil\w*|surprise|borrowed|broke his|broke her"
        r"|crashed|lost his|lost her)\b",
    ),
    _r(
        "dng.kill_me_family",
        DNG,
        "kill hurt murder",
        r"\b(?:my (?:dad|mum|mam|mom|carer|foster \w+|brother|sister|uncle|cousin|nan|gran"
        r"|grandad|flatmate|housemate|landlord|mate|friend)) (?:\w+ )?(?:is )?(?:going to|gonna"
        r"|will|wants to|is trying to|tried to|might|is about to) (?:kill|hurt|murder) me\b",
        requires=r"\b(?:<SCARED>|knife|gun|threat\w*|really|serious|not joking|actually|help"
        r"|hiding|hide|drunk|angry|violent|please|police|door|outside|said|says|told|again)\b",
        unless=r"\b(?:lol|haha|lmao|late|forgot|forget|when (?:she|he|they) (?:sees?|finds? out)"
        r"|finds? out (?:about|that i)|if i fail|results|grades|homework|exam|test|room|mess|bill"
        r"|joke|jokes|kidding|tickl\w*|spoil\w*|surprise)\b",
    ),
    # -- abuse --------------------------------------------------------------------------
    _r(
        "ab.thrown_at",
        AB,
        "throw throws threw throwing chucks chucked chucking lobs lobbed hurls hurled",
        r"\b(?:throw|throws|threw|throwing|chucks|chucked|chucking|lobs|lobbed|hurls|hurled)"
        r"(?: \w+){1,3} at (?:me|my head|my face|us)\b",
        unless=r"\b(?:ball|balls|snowballs?|pillows?|sweets|confetti|frisbee|water balloons?"
        r"|paper aeroplanes?|questions|jobs|work|money lol|lol|haha|game|fifa)\b",
    ),
    _r(
        "ab.money",
        AB,
        "money wages pay benefits earnings cash",
        r"\b(?:keep|keeps|keeping|kept|take|takes|taking|took|steal|steals|stole|stealing|have"
        r"|has) (?:all |all of |most of |half of |half |every penny of )?my (?:money|wages|pay"
        r"|benefits|earnings|cash|universal credit|pip|bank card|card)\b",
        requires=r"\b(?:making me|make me|makes me|made me|forcing|forced|force|work|working"
        r"|owe|debt|scared|hits?|hurt|threat\w*|will not let|not allowed|control\w*|sell|deal)\b",
        unless=r"\b(?:bank|landlord|rent|council|bills?|direct debit|savings account|lol)\b",
    ),
    _r(
        "ab.sexual",
        AB,
        "raped rape raping rapes rapist molested molest molesting molests assaulted assault"
        r" sexually sexual groomed grooming groom nudes nude naked blackmail blackmailed"
        r" blackmailing blackmails sextortion sextorted exploited exploiting exploitation"
        r" exploit trafficked inappropriately inappropriate forced forces forcing touched touch"
        r" pimp pimped pimping pimps sold sells selling sell passed passes passing pass pays"
        r" paid pay paying made"
        " touches touching groped",
        r"\b(?:raped|raping|rapes|rapist|molest\w*|sextort\w*|trafficked)\b"
        r"|\bpimp(?:ed|ing|s)? (?:me|us|out)\b|\b(?:being|been|was|get|getting) pimped\b"
        r"|\b(?:sold|sells|selling|sell|passed|passes|passing|pass) me (?:to|around|round|for)\b"
        r"|\b(?:pays|paid|pay|paying) me (?:for sex|to have sex|to sleep with|for stuff|to do"
        r" stuff|for pics|for nudes)\b|\bmade me sleep with\b"
        r"|\bforc(?:ed|es|ing) (?:himself|herself|themselves|themself) on (?:me|us)\b"
        r"|\brape\b(?! (?:seed|field|oil))"
        r"|\bsexual(?:ly)? (?:assault\w*|abuse\w*|abusing|exploit\w*|touched|harass\w*)\b"
        r"|\b(?:i was|i got|i have been|been|got|was|being|he|she|they|someone|somebody|man)"
        r" (?:\w+ )?assaulted\b|\bassaulted me\b"
        r"|\b(?:being|been|was|were|got|get|getting|is|are) (?:groomed|exploited|blackmailed)\b"
        r"|\b(?:grooming|groomed|exploiting|exploited|blackmailing|blackmailed|blackmails) me\b"
        r"|\bblackmail\w*\b|\b(?:nudes|nude (?:pics?|photos?|pictures?|selfies?|videos?)|naked"
        r" (?:pics?|pictures?|photos?|selfies?|videos?))\b"
        r"|\b(?:touch(?:es|ed|ing)?|grop(?:e|es|ed|ing)|feel(?:s|ing)? me up|felt me up)"
        r" (?:me )?(?:inappropriately|down there|where (?:he|she|they) (?:should not|shouldnt))\b"
        r"|\bsexual (?:abuse|assault|exploitation)\b|\b(?:child|criminal) exploitation\b"
        r"|\bsexually exploited\b",
        unless=r"\b(?:documentary|lesson|training|awareness|course|article|news|film|movie"
        r"|book|podcast|assembly|pshe|campaign|statistics|dog|puppy|horse|beard|salon|groomer"
        r"|pet|cat|chess)\b(?!.*\b(?:me|i was|i got|i have been|my)\b)",
    ),
    _r(
        "ab.forced",
        AB,
        "forced forces force forcing made makes make making",
        r"\b(?:forc(?:e|es|ed|ing)|made|makes|make|making|pressured|pressures|pressuring"
        r"|pressure) me (?:to )?(?:have sex|sleep with|do (?:things|stuff|sexual \w+|sex|it|that"
        r"|what (?:he|she|they) wants?)(?! (?:for|at|in|round|around) (?:the|my|school|college"
        r"|work|home)| (?:the|my) (?:dishes|washing|homework|chores))|into (?:sex|bed|having"
        r" sex|doing (?:things|stuff))|touch (?:him|her|them|his|it)|watch (?:porn|videos|him)"
        r"|send (?:nudes|pics|photos|pictures|videos)|suck|kiss (?:him|her|them)|give (?:him|her"
        r"|them) (?:head|oral)|take (?:drugs|pills|coke|ket)|drink (?:until|till)|strip|undress"
        r"|get naked|take my clothes off)\b",
        unless=r"\b(?:do the|do my|do homework|do chores|do work experience|lol|haha)\b",
    ),
    _r(
        "ab.forced_bare",
        AB,
        "forced",
        r"\b(?:he|she|they|someone|somebody|him|a man|a guy|my \w+) forced (?:me|himself"
        r"|herself)(?= \||$| and| last| when| at| after| on)",
        unless=r"\b(?:lol|haha|to eat|to go|to do (?:my|the)|to tidy|to come|to apply)\b",
    ),
    _r(
        "ab.gifts",
        AB,
        "gives give gave giving buys bought buying",
        r"\b(?:gives|give|gave|giving|buys|bought|buying|sends|sent) me (?:free )?(?:stuff|money"
        r"|gifts|presents|drugs|weed|alcohol|booze|drink|vapes|fags|cigarettes|a phone|phone"
        r"|credit|clothes|trainers|lifts|rides|food|cash|coke|pills)\b",
        requires=r"\b(?:man|men|guy|guys|older|bloke|lads|stranger|adult|wants me to|come to his"
        r"|go to his|his flat|his house|his car|their flat|secret|meet|in return|owe|sex|pics"
        r"|nudes|sleep with|stay over|do stuff|do things|favour|favours)\b",
        unless=r"\b(?:my (?:dad|mum|nan|grandad|uncle|aunt|brother|sister|carer|foster \w+"
        r"|social worker|worker|coordinator|pa|boss|manager)|birthday|christmas|for my birthday"
        r"|pocket money|wages|payday|food bank|charity|lol)\b",
    ),
    _r(
        "ab.did_to_me",
        AB,
        "stuff things",
        r"\b(?:did|does|do|doing|done|made me do) (?:stuff|things|sexual things|bad things|weird"
        r" things|horrible things) (?:to me|i (?:did not|do not) want|to my body|with me that)\b"
        r"|\b(?:stuff|things) (?:i did not want to do|i did not want|i do not want to do)\b",
        unless=r"\b(?:chores|homework|college|school|work experience|lol)\b",
    ),
    _r(
        "ab.hurts_family",
        AB,
        _HURT_KEYS,
        r"\b(?:he|she|they|him|stepdad|step dad|dad|boyfriend|partner|husband|her boyfriend|his"
        r" girlfriend|mums boyfriend|mums partner|dads girlfriend|dads partner|uncle|brother)"
        r"(?: \w+)? <HURT_VERB> (?:my (?:mum|mam|mom|sister|little sister|brother|little brother"
        r"|baby|son|daughter|kids|children|nan|gran|mother)|her and (?:me|us)|them and (?:me|us)"
        r"|all of us|us all)\b",
        unless=r"\b(?:at (?:fifa|football|cards|chess|monopoly|a game|the game)|in (?:a|the)"
        r" (?:race|game|match)|lol|haha|play fight\w*|tickl\w*|joke|joking)\b",
    ),
    _r(
        "ab.rough",
        AB,
        "rough handsy exposed flashed wanking touches sexual explicit",
        r"\b(?:is|gets|get|getting|was|so|really|too) rough with me\b|\bhandsy\b"
        r"|\bexposed (?:himself|herself|themselves)\b|\bflashed (?:me|himself|his)\b"
        r"|\b(?:wanking|masturbating) in front of me\b|\btouch(?:es|ed|ing)? me up\b"
        r"|\b(?:sexual|explicit|dirty|naked) (?:messages|texts|pics|photos|pictures|videos"
        r"|comments|snaps|dms)\b(?! (?:in|at) (?:the|a) (?:lesson|assembly|talk))",
        unless=r"\b(?:documentary|lesson|course|awareness|article|news|film|assembly|pshe"
        r"|rugby|football|game|play fight\w*|lol|haha)\b",
    ),
    _r(
        "ab.harassed",
        AB,
        "alone messaging texting following harassing harassed",
        r"\b(?:will not|does not|would not|never) leave me alone\b|\b(?:harassing|harassed"
        r"|harasses)"
        r" me\b|\bbeing harassed\b",
        requires=r"\b(?:man|men|guy|older|he|him|they|ex|keeps?|messag\w*|texting|following"
        r"|<SCARED>|threat\w*|online|stranger)\b",
        unless=r"\b(?:little (?:brother|sister)|cat|dog|puppy|lol|haha|mum|dad|nan)\b",
    ),
    _r(
        "ab.hit",
        AB,
        _HURT_KEYS,
        r"<NOT_IT>\b<HURT_VERB>(?: (?:her|him|my \w+|us|my \w+ \w+|the kids) and)? (?:me|us)\b"
        r"(?! (?:out|off|to (?!the |my |his |her |a )|towards|into (?:applying|doing|going|trying"
        r"|studying)|to (?:do|eat|be|go|work|study|try|get|make|keep|improve|revise)"
        r"|towards|forward|along|back to|into (?:doing|trying|going)|under the bus|off guard"
        r"|a (?:text|look|message|dm|party|surprise|ball|bone|lifeline|curveball|line|smile"
        r"|line|link|pic|photo|email)|with (?:a|the|this|that|your) (?:question|song|news|link"
        r"|fact|info)|down the aisle|in as|in on|on the (?:shoulder|back) to|emotionally lol))"
        r"|(?:^|(?<=\| )|(?<=~ )|\b(?!(?:i|mum|dad|she|he)\b)\w+ )(?:slap|slaps|slapped|punch"
        r"|punches|punched|kick|kicks|kicked|smack|smacks|smacked|hit|hits|strangle|strangled"
        r"|grab|grabs|grabbed|choke|chokes|choked|pull|pulls|pulled|burn|burnt|burned|stamped"
        r" on|stamps on|headbutted|scratched|squeezed|twisted|bit) my <BODY>\b(?! (?:on|when i"
        r"|playing|at|by accident))",
        unless=r"\b(?:lol|haha|lmao|jk|joke|joking|play fight\w*|play fighting|playing|game"
        r"|fifa|football|rugby|boxing|sparring|training|gym|pe|tickl\w*|pillow fight|tag|it hurts"
        r" me to|it really hurt\w* me|hurt my feelings|hurts? me (?:to|when i)|the sun|sunburn"
        r"|hayfever|massage|physio|dentist|nurse|doctor|jab|vaccine|injection|blood test|bee"
        r"|wasp|nettles?|mosquito|my (?:dog|cat|puppy|kitten|hamster|rabbit)|years ago"
        r"|when i was (?:little|young|younger|a kid|small|a child)|(?:ok|fine|safe|better) now)\b"
        r"(?!.*\b(?:abus\w*|scared|every day|all the time|again|bruises?|bleeding|blood"
        r"|threat\w*|hurts me (?:when|every)|when (?:he|she|they) (?:is|are|gets?|drinks?)"
        r"|drunk)\b)",
    ),
    _r(
        "ab.beaten",
        AB,
        "beaten beat jumped battered hit hurt slapped punched kicked smacked strangled choked",
        r"\b(?:i|i was|i got|i get|i have been|been|being|getting|get|got|keep getting) (?:beaten"
        r"|beat|battered|jumped|hit|hurt|slapped|punched|kicked|smacked|strangled|choked) (?:up"
        r"|at home|badly|black and blue|with|every|all the time"
        r"|regularly|by my|by (?:him|her|them|some|these|those|a gang|lads|boys))\b"
        r"|\bjumped (?:me|us)\b"
        r"|\b(?:got|get|getting|been|was|were|keep getting) jumped\b(?! (?:on|into|in|off|over"
        r"|onto) (?:the|a|my) (?:trampoline|bed|sofa|pool|queue|bandwagon|bus|train|call"
        r"|chance|wall|fence|river|sea|stage))",
        unless=r"\b(?:\d+ ?\d*|fifa|game|match|football|league|cup|team|final|semi|tournament"
        r"|chess|race|quiz|penalties|lol|haha|fine|bill|ticket|charge|fee|parking|penalty"
        r"|sanction|ban|question|questions|reality|truth|news|wave|ball|traffic|rain|cold)\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "ab.abusive",
        AB,
        "abusive abuse abused abuses abusing abuser violent violence dv",
        r"\babus(?:ive|ed|es|ing|er|e)\b|\b(?:domestic|physical|emotional|sexual|family"
        r"|parental) (?:violence|abuse)\b|\bdv\b"
        r"|\b(?:gets?|getting|got|is|are|was|were|becomes?|turns?|goes|went|be|being|can be"
        r"|when he is|when she is|when they are) (?:really |so |very |quite |proper )?violent\b",
        unless=r"\b(?:documentary|lesson|course|training|awareness|article|news|film|movie"
        r"|book|podcast|assembly|pshe|game|games|video games?|show|series|campaign|statistics"
        r"|helpline (?:number|poster)|verbal abuse in|abuse of|referee|ref)\b"
        r"(?!.*\b(?:me|my|i am|i was|i have)\b)",
    ),
    _r(
        "ab.locked_in",
        AB,
        "locks locked locking lock",
        r"\b(?:locks|locked|locking|lock|keeps|kept) me (?:in|up|inside|in my room|in the (?:room"
        r"|cupboard|shed|house|flat|cellar|basement|garden))\b",
        unless=r"\b(?:lol|haha|by accident|accidentally|joke|locks me in (?:the )?(?:game"
        r"|match))\b",
    ),
    _r(
        "ab.comes_at_night",
        AB,
        "room bed bedroom night pics photos pictures videos pic photo picture video dick cock"
        " shower changed undress",
        r"\b(?:comes?|coming|came|gets?|getting|got|sneaks?|sneaking|creeps?|creeping|climbs?"
        r"|climbing) (?:in|into|in to) (?:my|our) (?:room|bed|bedroom)\b(?: \w+){0,4}? (?:at"
        r" night|when (?:i am|everyone is) (?:asleep|sleeping|alone)|when no one|drunk|and"
        r" touches|and gets in)\b"
        r"|\b(?:watches|watching) me (?:in the shower|get changed|undress|sleep|in the bath)\b"
        r"|\b(?:sends|sent|sending|send|keeps sending|showed|shows|showing) me (?:pics|photos"
        r"|pictures|videos|a pic|a photo|a picture|a video) of (?:his|her) (?:\w+ )?(?:privates"
        r"|dick"
        r"|penis|willy|body|naked)\b|\b(?:dick|cock) pics?\b",
        unless=r"\b(?:cat|dog|puppy|kitten|little (?:brother|sister)|baby|nightmare|lol)\b",
    ),
    _r(
        "ab.bullied",
        AB,
        "bullied bullying bullies bully",
        r"\b(?:being|getting|get|keep getting|still being|am) bullied\b(?! (?:in the past"
        r"|at primary|years ago|when i was))|\b(?:bully|bullies|bullying|bullied) (?:me|us)\b",
        unless=r"\b(?:used to|was bullied|years ago|in the past|at primary|when i was (?:little"
        r"|younger|a kid)|documentary|film|awareness|anti bullying|lesson|lol)\b",
    ),
    _r(
        "ab.forced_marriage",
        AB,
        "marry marriage fgm cut",
        r"\b(?:forced|forcing|force|making|make|made) (?:me )?(?:to )?(?:marry|marriage|get"
        r" married)\b|\bforced marriage\b|\bfgm\b|\b(?:want|wants) to cut me\b",
        unless=r"\b(?:documentary|lesson|course|awareness|article|news|film|book)\b"
        r"(?!.*\b(?:me|my)\b)",
    ),
    _r(
        "ab.sextortion",
        AB,
        "send sent share post leak leaked pics pictures photos videos",
        r"\b(?:send|sent|sending) (?:him |her |them |you )?(?:pics|pictures|photos|a pic|a"
        r" picture|a photo|videos?|a video|snaps|more)\b"
        r"|\b(?:leaked|leak|share|post|posting|sharing|spread|spreading|show|showing) (?:my|the)"
        r" (?:pics|pictures|photos|nudes|videos?)\b|\brevenge porn\b",
        requires=r"\b(?:share|sharing|post|posting|leak|leaking|leaked|everyone|or else|if i (?:do"
        r" not|dont|will not|stop|tell)|threat\w*|expose|exposing|send them to|blackmail\w*"
        r"|money|pay|older|man|men|nudes|naked|private|without my|revenge porn)\b",
        unless=r"\b(?:holiday|birthday|cat|dog|food|insta|cv|homework|wedding|graduation"
        r"|party pics)\b(?!.*\b(?:naked|nudes|private|threat\w*|or else|blackmail\w*)\b)",
    ),
    _r(
        "ab.asking_pics",
        AB,
        "pics photos pictures nudes naked videos snaps pic photo picture",
        r"\b(?:man|guy|men|bloke|adult|someone|stranger|strangers|he|they|people|lad|lads|boy"
        r"|boys|teacher|coach|carer|uncle|stepdad|him)\b(?: \w+){0,4} (?:asking|asks|asked|wants"
        r"|wanted|pressuring|pressured|begging|begs|keeps asking|on at|pestering|messaging|dming"
        r"|dmd|texting)(?: me)?(?: \w+)? (?:for|to send|to take|to show) (?:me )?(?:pics|photos"
        r"|pictures|nudes|naked \w+|videos|snaps|a pic|a photo|a picture|a video|more pics)\b",
        unless=r"\b(?:of (?:my|the|your|our) (?:new |)(?:flat|room|dog|cat|cake|food|outfit|dress"
        r"|hair|nails|holiday|garden|work|art|drawing|car|baby|certificate|results|form|id"
        r"|passport)|for (?:the|my|a) (?:form|id|passport|college|application|yearbook|team"
        r"|website|newsletter)|mum|dad|nan|social worker|coordinator|personal adviser|pa|lol)\b",
    ),
    _r(
        "ab.consent",
        AB,
        "hands stop consent consensual said no kept",
        r"\b(?:put|puts|putting|laid|lays|laying|got|gets) (?:his|her|their) hands (?:on|round"
        r"|around) (?:me|my (?:neck|throat|body))\b"
        r"|\b(?:did not|would not|wouldnt|never) stop when i (?:said|told him|told her|asked"
        r"|begged|was crying|said no|said stop)\b"
        r"|\bi said (?:no|stop)\b(?: \w+){0,2} (?:but )?(?:he|she|they) (?:still|kept|carried on"
        r"|did it anyway|did not stop|would not stop|forced|made me)\b"
        r"|\b(?:without my consent|did not consent|i did not consent|was not consensual|not"
        r" consensual|could not consent|too drunk to consent|was asleep when he)\b",
        unless=r"\b(?:tickl\w*|game|lol|haha|talking|singing|music|texting|messaging)\b",
    ),
    _r(
        "ab.secret",
        AB,
        "tell secret",
        r"\b(?:says|said|told me|tells me|makes me promise|made me promise|warned me|keeps"
        r" saying) (?:not to|to not|never to|i can not|i must not|i should not|i am not allowed"
        r" to|i better not|i had better not) tell (?:anyone|anybody|my|mum|dad|no one|nobody|the"
        r" police|my carers?|social worker|people)\b|\bour (?:little )?secret\b",
        requires=r"\b(?:man|men|guy|older|online|meet|touch\w*|him|he|adult|teacher|coach|uncle"
        r"|stepdad|step dad|carer|boyfriend|gift|gifts|money|pics|photos|hurt|hits?|bruises)\b",
        unless=r"\b(?:surprise|party|birthday|present|gift for|secret santa|crush|exam"
        r"|answers|spoilers?|lol|haha)\b",
    ),
    _r(
        "ab.older_contact",
        AB,
        "older man men guy guys",
        r"\b(?:older|old) (?:man|men|guy|guys|bloke|lads|boys)\b.*\b(?:nudes|pics|photos|meet"
        r" up|meet me|gifts|money|drink|drugs|sex|touch\w*|keep it secret|secret|hotel|flat"
        r"|car|girlfriend|boyfriend)\b"
        r"|\b(?:\d\d|thirty|forty|fifty) ?(?:yr|year|years|yo) old (?:man|guy|bloke)\b.*\b(?:nudes"
        r"|pics|photos|meet|gifts|money|sex|secret|dating|seeing|messaging|asking)\b",
        unless=r"\b(?:my (?:dad|uncle|grandad|grandpa|teacher|coach|boss|social worker)"
        r"|documentary|film)\b(?!.*\b(?:nudes|sex|secret)\b)",
    ),
    # -- homelessness ---------------------------------------------------------------
    _r(
        "home.no_one_will",
        HOME,
        "take put stay full shelter hostel night cold walking sitting placement",
        r"\b(?:no one|nobody|no body|noone|none of my (?:mates|friends|family)) (?:will|would"
        r"|can|is going to) (?:take me in|let me stay|put me up|have me|give me a bed)\b"
        r"|\b(?:night shelter|shelter|hostel|refuge|foyer)s? (?:is |are |was )?(?:full|all full"
        r"|closed|has no (?:beds|room|space|spaces))\b|\bno (?:beds|spaces|room) (?:at|in) the"
        r" (?:hostel|shelter|night shelter|refuge)\b"
        r"|\b(?:walking|wandering|walked|walk) (?:around|about|the streets|round) (?:\w+ )?all"
        r" night\b|\b(?:sitting|sat|stuck|staying|stay) (?:in|at|on|outside) (?:a |the )?(?:\w+"
        r" ){1,2}all night\b(?<!\bin bed all night)|\bout in the cold (?:tonight|all night|with"
        r" nowhere|again)\b|\boutside all night\b"
        r"|\bplacement (?:has )?(?:ended|broken down|broke down|finished|fallen through)"
        r" (?:today|tonight|this morning)\b",
        unless=r"\b(?:party|festival|gaming|game|revising|revision|studying|club|rave|film"
        r"|movie|netflix|concert|gig|lol|haha|up all night|in bed|on my phone|talking|chatting"
        r"|<RESOLVED>)\b",
    ),
    _r(
        "home.nowhere",
        HOME,
        "nowhere anywhere somewhere place bed roof home",
        r"\bnowhere(?: to| i can| for me to| else to| safe to| at all to)? (?:sleep|stay|go|live"
        r"|kip|crash|sleeping|staying|going|living|turn|call home|spend the night|stay the night"
        r"|lay my head|put my head down|rest tonight)\b(?! (?:to (?:park|sit"
        r"|eat|study|charge|hang)|with this|on (?:a |the )?(?:weekends?|monday|tuesday|wednesday"
        r"|thursday|friday|saturday|sunday|holiday|my birthday|christmas|new year)))"
        r"|\b(?:got|have|had|with|am|i have|left with|stuck with) nowhere\b(?= \||$| tonight"
        r"| to (?:sleep|stay|go|live|kip|crash|turn)| else| at all)"
        r"|\b(?:not|never) (?:have|got|got a|have a|have got) (?:anywhere|any where|a place"
        r"|somewhere|a bed|a home|a roof|a room|anywhere safe|any place"
        r"|a safe place)(?: else)?(?: (?:to"
        r" |2 )?(?:sleep|stay|go|live|kip|crash)| for (?:tonight|the night)| tonight|(?= \||$))"
        r"|\bno (?:place|where|bed|home|roof|room|house|flat|fixed abode|safe place)(?: \w+)?"
        r" (?:to|for|2) (?:sleep|stay|go|live|kip|crash|tonight|the night)\b"
        r"|\bno (?:bed|place|room|roof|home) (?:for me )?(?:for )?(?:tonight|to go to)\b"
        r"|\bno roof over my head\b|\bno fixed abode\b|\bnot got a home\b|\bno home\b(?= \||$)",
        unless=r"\bnowhere to go (?:on|at|for|this) (?:a |the )?(?:weekends?|monday|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday|holiday|my birthday|christmas|new year"
        r"|half term|lunch|evening)\b|\b(?:going nowhere|getting nowhere|lol|haha|nowhere near"
        r"|nowhere to be seen|out of nowhere|came from nowhere)\b",
    ),
    _r(
        "home.homeless",
        HOME,
        "homeless homelessness",
        r"\bhomeless\b(?! (?:ish|people|person|man|men|woman|women|charity|charities|shelter"
        r"|shelters|guy|lady|folk|kids?|young people|services?|team|outreach|project|hostel"
        r"|prevention|officer|application|assessment|unit|department|community))"
        r"|\b(?:homeless (?:application|assessment|unit|officer|team|department|hostel)"
        r"|homelessness)\b.*\b(?:tonight|nowhere|no where|kicked|evicted|turned me away"
        r"|can not help|will not help|no bed)\b",
        unless=r"\b(?:documentary|volunteer\w*|charity|fundraiser|fundraising|gave|give|giving"
        r"|donate\w*|watched|film|essay|project on|sponsored sleep ?out|sleep out|helping"
        r"|help the|for the homeless|to the homeless|the homeless)\b"
        r"(?!.*\b(?:i am|i will be|i have been|me|my)\b)|\b<RESOLVED>\b|\b(?:now (?:has|have|got)"
        r"|used to be homeless|was homeless (?:when|for|as|last|years))\b"
        r"|\b(?:worried|worry|worrying|scared|afraid|frightened|terrified|anxious|nervous|risk"
        r"|might|could|may|in case|what if|when i leave care|next (?:month|year)|in (?:a few"
        r" )?(?:weeks|months)|one day|someday|not want to) (?:\w+ ){0,4}(?:be |become |becoming"
        r" |being |end up |ending up |go |going )?homeless\b(?!.*\b(?:tonight|now|nowhere)\b)",
    ),
    _r(
        "home.rough",
        HOME,
        "rough streets street sofa couch surfing surf surfed",
        r"\b(?:sleeping|sleep|slept|sleeps|kipping|living|been) rough\b|\brough sleep\w*\b"
        r"|\b(?:i am|living|sleeping|sleep|slept|end up|ended up|ending up|been|be|out|now|left"
        r"|put|thrown|kicked|chucked|going to be|stuck|back|staying|stay|stayed) on the streets?"
        r"\b(?! (?:party|food|art|dance|style|market|parking|outside|near|by|opposite|at|round"
        r"|across|behind|next|in front|corner|where|with my (?:mates|friends|boyfriend|girlfriend"
        r"|mum|dad|sister|brother)|waiting|of))"
        r"|\b(?:sofa|couch|sofa |couch )(?:surf\w*|hopping|hop\w*)\b|\bstreet homeless\b",
        unless=r"\b(?:documentary|charity|volunteer\w*|fundraiser|sponsored|film|game"
        r"|protest\w*|march\w*|campaign\w*|leaflet\w*)\b",
    ),
    _r(
        "home.sleep_place",
        HOME,
        "sleep sleeping slept kip kipping kipped night spend spending spent living live lived"
        " camping camped dossing dossed doss staying stuck outside",
        r"\b(?:living|live|lived|been living|staying) (?:in|on|under) (?:a |the |my"
        r" |an )?(?:tent|car|van|streets?|doorway|stairwell|squat|park|bus station|train station"
        r"|underpass|bin shed|shed|woods|bench|car park|garage)\b(?! (?:park|road|street|lane"
        r"|avenue|close|drive|view|centre|for (?:the|a) (?:day|afternoon)|while|with))"
        r"|\b<SLEEP> (?:in|at|on|under|by|outside|round|behind) (?:a |the |my |an |some |this"
        r" |our |someones )?(?:\w+ )?<PLACE>\b"
        r"|\b(?:sleep|sleeping|slept|kip|kipping|stay|staying|stuck) (?:outside|out|outdoors"
        r"|in the street|in the cold|on the street)\b(?: \w+){0,3}? ?(?:tonight|tn|again"
        r"|last night|right now|now|all night|for (?:a|the|\w+) (?:nights?|days?|weeks?))?",
        unless=r"\b(?:festival|camping|camp|scouts|guides|holiday|road trip|fell asleep|fall"
        r" asleep|falling asleep|lol|haha|for fun|trip|glamping|dofe|duke of edinburgh"
        r"|sleepover|stargazing|in the garden for fun|garden party|sponsored|charity|on the way"
        r"|journey|drive|drove|motorway|ferry|flight|plane|airport|long way"
        r"|sleep ?out for|hammock|tent at|bbq|on the bus (?:home|to|after)|on the train"
        r"|on the coach|out late|out till|stay out|staying out|stayed out|out with|out at"
        r"|slept in (?:late|till|until)|sleep in (?:late|till|until|tomorrow)|sleeping in"
        r" (?:late|till|until))\b",
    ),
    _r(
        "home.kicked_out",
        HOME,
        "kicked chucked thrown threw booted turfed kick chuck throw boot kicking chucking"
        r" throwing locked locks locking lock shut shuts",
        r"\b(?:kicked|kick|kicking|kicks|chucked|chuck|chucking|chucks|thrown|threw|throw"
        r"|throwing|throws|booted|boot|booting|turfed|put|forced|locked|locks|locking|lock|shut"
        r"|shuts) (?:me|us)"
        r" (?:\w+ )?out\b(?! of (?:the |my |our |a |this |that )?(?:\w+ )?(?:group|chat|gc"
        r"|class|lesson|school|college|uni|lecture|exam|team|squad|game|match|pub|club|bar"
        r"|nightclub|party|shop|library|cinema|cup|competition|tournament|league|band|server"
        r"|lobby|discord|whatsapp|course|gym|pool|meeting|car|queue|fifa|race|round|quiz"
        r"|contest|show|lessons|classroom|canteen|stadium|ground|call|lecture|kitchen|garden"
        r"|living room|lounge|bathroom|toilet|bedroom for)\b)"
        r"|\b(?:kicked|chucked|thrown|booted|turfed) out (?:of|from) (?:my |the |our |his |her"
        r" )?(?:home|house|flat|placement|accommodation|hostel|lodgings|foster (?:home"
        r"|placement)|supported (?:housing|lodgings)|place|digs|mums|dads|nans)\b"
        r"|(?:^|\| )(?:just |been |got |i have been |i got |i was |i am being )?(?:kicked|chucked"
        r"|thrown|booted) out(?= \||$| again| tonight| today)"
        r"|\b(?:got|been|was|were|get|getting|being|have been|has been|just got|i am being) (?:\w+"
        r" )?(?:kicked|chucked|thrown|booted|turfed|put|locked) out\b(?! (?:of|from) (?:the"
        r" |my |our |a |this |that )?(?:\w+ )?(?:group|chat|gc|class|lesson|school|college|uni"
        r"|lecture|exam|team|squad|game|match|pub|club|bar|nightclub|party|shop|library|cinema"
        r"|cup|competition|tournament|league|band|server|lobby|discord|whatsapp|course|gym"
        r"|pool|meeting|car|queue|fifa|race|round|quiz|contest|show|lessons|classroom|canteen"
        r"|stadium|ground|call|account|instagram|insta|snap|app|phone|laptop)\b)",
        unless=r"\b(?:at closing|closing time|last orders|for talking|for being loud|lol|haha"
        r"|bouncer|locked out of my (?:account|instagram|insta|phone|laptop|email|app|snap))\b"
        r"|\bout of (?:the |my |our |a |this |that )?(?:\w+ )?(?:cinema|club|pub|nightclub|bar"
        r"|party|class|lesson|team|group|chat|game|library|shop|match|gym|pool)\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "home.evicted",
        HOME,
        "evicted evicting eviction evict",
        r"\b(?:evicted|evicting|evict(?:s)? (?:me|us))\b|\beviction\b.*\b(?:today|tonight"
        r"|tomorrow|now|nowhere|no where|bailiffs?|this week|out by)\b",
        unless=r"\b(?:big brother|love island|the show|game|documentary|last year|years ago"
        r"|evicted from (?:the )?(?:house|show|villa) lol)\b|\b<RESOLVED>\b",
    ),
    _r(
        "home.get_out",
        HOME,
        "out leave back return allowed welcome let locks changed",
        r"\b(?:get|got|go|getting|leave|clear) out and (?:not|never|do not|don't) (?:come back"
        r"|come home|return|show my face)\b"
        r"|\b(?:told|telling|tells|said) me to (?:get out|leave|pack my (?:bags|stuff|things)|go"
        r" and not come back|never come back|find somewhere else|go and never)\b(?= \||$| and"
        r"| for good| tonight| now| of (?:the|my|his|her|their) (?:house|flat|home|place)| the"
        r" (?:house|flat)| home| or| today| forever| by)"
        r"|\bnot (?:allowed|welcome|let) (?:back|home|back home|to come back|to come home|in"
        r" the house|back in|in)\b(?! (?:the|to|into) (?:class|college|school|lesson|group"
        r"|chat|club|pub|shop|gym|game|team))"
        r"|\b(?:will not|would not|does not|did not|wont|refuses to) let me (?:back )?in\b"
        r"|\bchanged the locks\b|\b(?:said|says|told me|tells me|saying) (?:that )?i (?:can not"
        r"|cannot|am not allowed to|will never|must not|could not|am not to) (?:come|go) (?:back"
        r" )?(?:home|back|in)\b|\b(?:was|been|got|being|i was|i have been|i got) told to (?:get"
        r" out|leave|pack my (?:bags|stuff|things)|go)\b(?= \||$| and| tonight| now| today| by"
        r"| of (?:the|my) (?:house|flat|home|placement)| my (?:accommodation|flat|placement"
        r"|hostel|house|room|home|lodgings|digs))|\b(?:have|got|need|told) to (?:leave"
        r"|move out of|get out of)"
        r" (?:my|the|this) (?:placement|flat|hostel|house|room|home|accommodation|lodgings"
        r"|place) (?:tonight|today|now|right now|immediately|by tonight)\b"
        r"|\b(?:locked out)\b(?! of (?:my |the )?(?:instagram|insta|account|acc|phone|snap"
        r"|snapchat|tiktok|email|laptop|icloud|bank|app|game|fortnite|xbox|ps5|computer|car))"
        r".*\b(?:tonight|nowhere|no where|all night|can not get in|no keys?|will not let me"
        r"|sleep|freezing|cold|nobody|no one)\b",
        unless=r"\b(?:out of|leave|get out of) (?:the |my |this |our )?(?:class|lesson|classroom"
        r"|shop"
        r"|group|chat|game|pub|club|party|bar|meeting|room|kitchen|lounge|car|bathroom)\b"
        r"|\b(?:teacher|detention|lol|haha)\b|\b<RESOLVED>\b",
    ),
    _r(
        "home.need_bed",
        HOME,
        "somewhere bed place sleep stay accommodation housing night put",
        r"\b(?:need|needing|looking for|find|finding|get|nowhere|no|anywhere|got|have|want|is"
        r" there) (?:somewhere|a place|anywhere|a bed|a room|a roof) (?:to (?:sleep|stay|kip"
        r"|crash)|for (?:the night|tonight))(?: \w+){0,2} (?:tonight|right now|now|tn|asap"
        r"|the night)\b"
        r"|\bneed (?:a bed|a place to (?:stay|sleep)|somewhere to (?:stay|sleep)) tonight\b"
        r"|\b(?:find|need|get|have to find|got to find) (?:somewhere|a place|a bed|anywhere)"
        r" (?:\w+ )?tonight\b|\bstay (?:somewhere|anywhere) tonight\b"
        r"|\b(?:need|needing|looking for|get|getting|find|finding|apply for|asking for|ask for)"
        r" (?:some )?(?:emergency (?:accommodation|housing|hostel|bed|placement|shelter)|a night"
        r" shelter|a hostel bed|a bed for (?:tonight|the night)|a bed tonight)\b"
        r"|\bput me up (?:tonight|for the night|for a night|for a few nights)\b"
        r"|\bwhere (?:do|will|can|should|am|shall|would|am i going to|am i gonna) i (?:going"
        r" to |gonna )?(?:sleep|stay|go|kip|crash)(?: \w+)? tonight\b"
        r"|\b(?:no bed|nowhere) (?:tonight|for tonight)\b",
        unless=r"\b(?:festival|holiday|trip|hotel booking|airbnb|for my (?:mum|dad|mate|friend"
        r"|nan|sister|brother)|sleepover|lol)\b",
    ),
    _r(
        "home.turned_away",
        HOME,
        "turned turn turning turns refused council hostel shelter housing refuge foyer",
        r"\b(?:turned|turn|turning|turns|sent|refused) (?:me|us) away\b"
        r"|\b(?:council|hostel|shelter|housing|refuge|foyer) (?:\w+ )?(?:refused|will not"
        r" (?:help|house|take)|can not (?:help|house|take)|said no|turned me down|has no (?:beds"
        r"|rooms|space))\b",
        unless=r"\b(?:club|bar|pub|nightclub|bouncer|party|gig|concert|festival|interview|job|uni"
        r"|college|course|gym|doctor|gp|dentist) (?:\w+ )?(?:turned|sent|refused)\b|\blol\b"
        r"|\b<RESOLVED>\b",
    ),
    _r(
        "home.cant_go_home",
        HOME,
        "home back",
        r"\b(?:can not|could not|unable to) go (?:back )?home\b(?: \w+){0,3} (?:tonight|ever"
        r"|anymore|again)\b|\b(?:can not|could not) go (?:back )?(?:home|there)\b.*\bnowhere\b",
        unless=r"\b(?:train|trains|bus|buses|strike|snow|flood|flight|traffic|lol)\b",
    ),
    # -- last: general pleas and fears (a more specific rule above names the category)
    _r(
        "dng.not_safe",
        DNG,
        "safe unsafe danger life safety",
        r"\b(?:i am|i do|feel|feeling|i have|we are|i|am|me|i will) not (?:feel(?:ing)? )?"
        r"(?:very |really |totally |at all |completely )?safe\b"
        r"|\bnot safe (?:at|in|here|there|with|around|for me|anymore|any more|at all|to go"
        r"|going home|tonight|now)\b|\bnot safe\b(?= \||$)|\b(?:feel|feeling|felt|i am|it is)"
        r" (?:so |really |very )?unsafe\b|\bin danger\b(?! of (?:\w+ing|failing|losing))"
        r"|\b(?:scared|afraid|fear|fearing|terrified|frightened) for my (?:life|safety)\b",
        unless=r"\b(?:i am safe|i feel safe|safe now|am safe now|is it (?:not )?safe|not in danger"
        r"|not safe for work|nsfw|not safe to (?:eat|drink|drive|swim|use|walk on)|in danger of"
        r"|endangered|safe space|safe word)\b|\bunsafe (?:\w+ ){0,4}(?:sometimes"
        r"|when it is busy)\b",
    ),
    _r(
        "dng.scared_bare",
        DNG,
        "terrified petrified scared frightened afraid",
        r"\b(?:i am|i am so|i am really|i am actually|i am genuinely|i am literally|i am very|so"
        r"|really|i am absolutely|i am fucking|i feel) (?:terrified|petrified|scared|frightened"
        r"|afraid)(?= \||$| help| please| right now| rn| and alone| and on my own)",
        unless=r"\b(?:lol|haha|film|horror|spiders?|exams?|results|interview|dentist|jab"
        r"|injection|test)\b",
    ),
    _r(
        "dng.help_now",
        DNG,
        "help sos emergency",
        r"(?:^|\| )(?:please |pls |someone |somebody |anyone |plz )*help(?: me)?(?: please| now"
        r"| someone| quick| quickly| asap| pls| help| urgently| urgent| me| please please)+"
        r"(?= \||$)"
        r"|(?:^|\| )(?:please |pls |someone |somebody |anyone )+help(?: me)?(?= \||$)"
        r"|\bhelp (?:me )?(?:please |pls )?(?:he|she|they|someone|somebody|there|hes|shes"
        r"|theyre|i am being|i am trapped|i am locked|i am scared|i am terrified|i am not"
        r" safe|i am in danger) (?:is|are|has|have|will|keeps?|got|coming|outside|here|trying"
        r"|going|after|attacking|following|being|scared|terrified|trapped|locked|safe|in)\b"
        r"|\bsos\b|\bmayday\b|\bsend help\b|\bneed help (?:now|right now|asap|urgently"
        r"|quick|please now)\b|\b(?:it is|this is|there is|having|have|got) an emergency\b"
        r"|(?:^|\| )emergency(?= \||$)",
        unless=r"\b(?:with (?:my|the|a|this|that|some)|homework|form|forms|cv|application"
        r"|essay|maths|tax|contact|emergency (?:tax|contact|fund|dentist|passport|number)"
        r"|help me (?:find|with|understand|choose|pick|fill|sort|apply|write|get)"
        r"|lol|haha|fifa|game)\b",
    ),
    # -- the cautious layer: broad combinations of risk concepts, tried last ----------
    # Written for phrasings the narrow rules above do not list. Each needs two concepts
    # in one sentence (self + harm, person + hurting me, fear + threat, no bed + when,
    # body + emergency) and stays quiet on jokes and events told as over.
    _r(
        "cx.sh_method",
        SH,
        "ways painless tablets pills paracetamol takes method methods rope noose razor razors"
        " blade blades tracks railway sea river canal carve carved carving",
        r"\b(?:ways?|how) to (?:die|go|end it|end my life|kill myself|do it)\b"
        r"|\bpainless (?:ways?|death|way out|method)\b"
        r"|\bhow many <PILLS> (?:it )?(?:takes?|would|to|does it)\b"
        r"|\b(?:hidden|hide|hiding|bought|buy|got|have|keep|kept|looking at|stashed) (?:a |some"
        r" |my |the )?(?:razors?|blades?|rope|noose|sharpeners?|ligature)\b"
        r"|\b(?:train )?tracks?\b.*\b(?:calling|keep thinking|jump|lie|lying|stand)\b"
        r"|\b(?:walk|walking|walked|swim|swimming) into the (?:sea|river|canal|traffic|lake)\b"
        r"|\bcarv(?:e|ed|ing) (?:into|in|up) my\b",
        unless=r"\b(?:<JOKE>|rope swing|skipping rope|climbing|shaving|shaver)\b|\b<PAST>\b",
    ),
    _r(
        "cx.sh_urge",
        SH,
        "cut cutting relapse relapsed urge urges sh harm burning bothered alive permanently"
        " disappear exist living plan goodbye need giving",
        r"\b(?:need|needs|urge|urges|want|wanting|going) to (?:cut|burn myself|hurt myself"
        r"|harm myself)\b"
        r"|\b(?:relapsed?|relapsing)\b(?:\W+\w+){0,4} (?:cut|cutting|sh|self harm\w*|burn\w*)\b"
        r"|\bcut again\b|\b(?:sh|self harm|harm|cutting) (?:is|has been|keeps) (?:getting )?"
        r"(?:worse|bad|back|out of control)\b"
        r"|\bgiving (?:away (?:all )?my (?:stuff|things)|(?:all )?my (?:stuff|things) away)\b"
        r"|\b(?:disappear|vanish|go away) (?:permanently|for good|forever and ever)\b"
        r"|\b(?:out of|end) (?:this|my) life\b"
        r"|\b(?:bothered|want to keep|point in|reason to keep) (?:living|being alive|existing)"
        r"|\bwhy am i (?:even |still )?(?:alive|here|living|breathing)\b"
        r"|\b(?:see|seeing) myself (?:making it|being alive|being here|alive)\b"
        r"|\b(?:have|got|made) a plan\b.*\b(?:tonight|do it|end|goodbye|going to do)\b"
        r"|\b(?:way out|escape)\b(?:\W+\w+){0,3} (?:dying|death|die|dead|suicide)\b"
        r"|\bwill not need (?:it|them|any of it)\b.*\b(?:going|gone)\b",
        unless=r"\b(?:<JOKE>|hair|fringe|grass|nails|costs?|down on|cards|deal)\b|\b<PAST>\b",
    ),
    _r(
        "cx.sh_others",
        SH,
        "wants end life kill die suicide jump",
        r"\b(?:she|he|they|mate|friend|bestie|girlfriend|boyfriend|sister|brother|cousin"
        r"|partner) (?:\w+ ){0,3}(?:wants?|going|trying|tried|threaten\w*) to (?:end (?:her|his"
        r"|their) life|kill (?:herself|himself|themselves)|die|jump|overdose|take (?:her|his"
        r"|their) (?:own )?life)\b",
        unless=r"\b(?:<JOKE>)\b|\b<PAST>\b",
    ),
    _r(
        "cx.sh_hope_die",
        SH,
        "hope wish",
        r"\b(?:hope|wish|praying) (?:i|that i) (?:get hit|got hit|get run over|crash|die|do not"
        r" wake|never wake|was dead|were dead|just die|get killed|drop dead)\b",
        unless=r"\b(?:<JOKE>)\b",
    ),
    _r(
        "cx.ab_threat",
        AB,
        "break threatened threaten threatening secret sextort sextorting sextortion blackmail"
        " blackmailing leathers leathered pics nudes owe",
        r"\b(?:said|says|saying|told me|threatened|threatens|threatening) (?:that )?(?:he|she"
        r"|they|he will|she will|they will)? ?(?:will |would |is going to |are going to )?(?:break"
        r" my|hurt me|kill me|batter me|stab me|do me in|beat me|smash my|burn)\b"
        r"|\bif i (?:tell|told|say|said) (?:anyone|anybody|someone|a teacher|the police)\b"
        r"|\b(?:keep|keeping) (?:a |it )?secret\b.*\b(?:did|does|do|touch\w*|happened) (?:to"
        r" me)?"
        r"|\bwhat (?:he|she|they) (?:did|does|do|done) to me\b"
        r"|\bsextort\w*|\bblackmail\w*"
        r"|\b(?:leathers|leathered|lathers|batters|wallops|walloped|belts|belted) me\b"
        r"|\bmakes? me (?:send|take) (?:him|her|them) (?:pics|photos|nudes|pictures|videos)\b"
        r"|\b(?:send|sent) (?:him|her|them) (?:nudes|pics)\b.*\b(?:or|threat\w*|makes?|forced)\b"
        r"|\bowe (?:him|them|her)\b.*\b(?:work it off|make me|making me|pay it back by)\b",
        unless=r"\b(?:<JOKE>|surprise|party|present|birthday)\b|\b<PAST>\b",
    ),
    _r(
        "cx.dng_threat",
        DNG,
        "threatened outside found looking car home do round come kill",
        r"\b(?:i|just|been|got|was|am being|keep getting) (?:just )?(?:got )?threatened\b"
        r"|\b(?:they are|he is|she is|theyre|hes|shes|they) (?:\w+ )?outside(?= \||$| now| again"
        r"| my| the)"
        r"|\b(?:he|she|they) (?:has|have|had|is|are) found me\b"
        r"|\b(?:he|she|they) (?:is|are|keep|keeps) (?:looking|searching|hunting) for me\b"
        r"|\b(?:will not|would not|refuses to|is not going to) (?:take me home|let me (?:out|go"
        r"|leave|off|home))\b"
        r"|\b(?:come|coming) (?:round|over|here|back) (?:to|and) (?:do me in|kill me|hurt me"
        r"|batter me|stab me|get me|sort me out)\b|\bdo me in\b",
        unless=r"\b(?:<JOKE>|waiting for|picking me up|pick me up|lift|taxi is|uber is"
        r"|delivery|parcel|food)\b|\b<PAST>\b",
    ),
    _r(
        "cx.dng_plea",
        DNG,
        "help send someone come quick",
        r"(?:^|\| )(?:please |pls |plz )?(?:help|help help|send someone|send somebody"
        r"|someone come|come quick|please come)(?: please| pls| now| quick)*(?= \||$)",
    ),
    _r(
        "cx.home_nobed",
        HOME,
        "stairwells stairwell bus buses bench benches placement council house lodgings back"
        " hostel spent",
        r"\b(?:sleeping|slept|kipping|kip|dossing|living|spent (?:last night|the night|the"
        r" nights?|nights)|spending (?:the )?nights?) (?:\w+ ){0,2}(?:on|in|at|under) (?:a |the"
        r" |my )?(?:stairwells?|night bus(?:es)?|bus(?:es)?|benche?s?|park|streets?|doorways?"
        r"|car|station|tent|bridge)\b"
        r"|\b(?:placement|lodgings|tenancy|foster placement) (?:has |just )?(?:broke|broken|ended"
        r"|collapsed) down\b.*\b(?:nowhere|no where|tonight|no bed|nothing)\b"
        r"|\b(?:council|housing|they) (?:said|say|says) (?:they )?(?:can not|will not|could not)"
        r" (?:house|help|accommodate|place|find anywhere for) me\b"
        r"|\b(?:will not|would not|wont) (?:have|take|let) me back\b"
        r"|\btold (?:me )?to leave (?:the |my )?(?:supported lodgings|lodgings|hostel|placement"
        r"|flat|house|accommodation|foyer)\b",
        unless=r"\b(?:<JOKE>|festival|camping|holiday|trip|drive|journey|way home|on the way"
        r"|for fun)\b|\b<PAST>\b",
    ),
    _r(
        "cx.sh_signs",
        SH,
        "goodbye note nearly almost forever funeral purpose die reason finished here",
        r"\bsorry for everything\b.*\b(?:goodbye|bye|love you all)\b"
        r"|\bgoodbye (?:message|text|note|letter)\b.*\b(?:not|is not|isnt) (?:answering|replying"
        r"|picking up)\b"
        r"|\b(?:wrote|written|writing|write) (?:my|a|her|his) (?:suicide )?note\b"
        r"|\b(?:nearly|almost) (?:did it|went through with it|jumped|ended it)\b"
        r"|\bstop (?:feeling|existing|breathing)(?: \w+)? (?:forever|for good|permanently)\b"
        r"|\bmy own funeral\b|\b(?:crash|drive) (?:my|the) car\b.*\bon purpose\b"
        r"|\b(?:drink|drinking|take|taking) (?:\w+ )?(?:till|until) i (?:die|pass out and die"
        r"|am dead|stop breathing)\b"
        r"|\bno (?:reason|point) (?:for me )?to (?:live|be alive|keep going|be here|carry on)\b"
        r"|\b(?:do not|dont) think i will (?:be here|be around|make it)\b(?! for| to| at| in"
        r" time)",
        unless=r"\b(?:<JOKE>|hair|holiday|away|trip|busy|work|shift)\b|\b<PAST>\b",
    ),
    _r(
        "cx.ab_more",
        AB,
        "headlock kiss shower bathroom photos pics nudes sex",
        r"\bheadlock\b.*\b(?:would not|will not|wouldnt) let (?:go|me go)\b"
        r"|\b(?:trying|tries|tried|keeps trying) to (?:kiss|touch|undress|get in bed with) me\b"
        r"|\b(?:coming|comes|came|walking|walks) in(?:to)? (?:the bathroom|my room|my bedroom)\b"
        r".*\b(?:shower|bath|changing|naked|undressed|getting dressed|asleep)\b"
        r"|\b(?:asking|asks|asked|wants|begging) (?:me )?for (?:photos|pics|nudes|pictures"
        r"|videos)\b"
        r"|\bsex with (?:a man|him|her|them|someone|some guy|an older \w+) for (?:somewhere"
        r"|money|a place|drugs|a bed|food|a room)\b",
        unless=r"\b(?:<JOKE>|passport|instagram|yearbook|school photos|photos of the (?:flat"
        r"|room))\b|\b<PAST>\b",
    ),
    _r(
        "cx.dng_more",
        DNG,
        "handle outside behind downstairs windows call",
        r"\b(?:trying|tried|rattling|tries) (?:the )?(?:door )?handle\b"
        r"|\b(?:my ex|he|she|they|someone|a man|some guy|some man) (?:is|are) outside with\b"
        r"|\b(?:walking|following) (?:behind )?me everywhere\b"
        r"|\bhear (?:someone|somebody|people|footsteps|a man) (?:downstairs|in my flat|in the"
        r" house|in my house|in the flat|upstairs)\b.*\b(?:alone|on my own|nobody|no one)\b"
        r"|\bsmashing my (?:windows?|door|car)\b"
        r"|(?:^|\| )please call (?:someone|somebody|for help|the police|999)(?= \||$)",
        unless=r"\b(?:<JOKE>|cinema|queue|pub)\b|\b<PAST>\b",
    ),
    _r(
        "cx.home_more",
        HOME,
        "home roofless places",
        r"\b(?:do not|dont|no longer) have a home\b|\broofless\b"
        r"|\brun out of (?:places|sofas|mates|friends) to (?:stay|sleep|kip)\b",
        unless=r"\b(?:<JOKE>|for my|for the)\b|\b<PAST>\b",
    ),
    _r(
        "cx.med_more",
        MED,
        "foaming air sense allergic took",
        r"\bfoaming at the mouth\b|\bcan not (?:get|get any) (?:air|breath)\b"
        r"|\bhit (?:his|her|my) head\b.*\b(?:not making sense|confused|being sick|sleepy"
        r"|drowsy)\b"
        r"|\b(?:ate|eaten|eating|had) (?:\w+ )*(?:nuts|peanuts?|prawns|shellfish|sesame|egg)\b"
        r".*\ballergic\b|\ballergic\b.*\b(?:ate|eaten) (?:\w+ )*(?:nuts|peanuts?|prawns)\b"
        r"|\b(?:think|worried|scared) i (?:took|have taken|had) too (?:much|many)\b(?! on)",
        unless=r"\b(?:<JOKE>|referee|angry|fuming)\b|\b<PAST>\b",
    ),
    _r(
        "cx.sh_wish",
        SH,
        "want wish going ready need deserve should tempted thinking",
        r"\b(?:i|me)\b[^|]{0,12}\b(?:want|wish|going|ready|need|deserve|should|tempted"
        r"|thinking about|thinking of|feel like|might)\b(?! not)[^|]{0,25}\b(?:die|be dead"
        r"|end it|end everything|end myself|not exist|be gone for good|hurt myself|kill myself"
        r"|harm myself|cut myself|cut again|overdose|jump off|hang myself|top myself|not be"
        r" here|disappear for good)\b(?! (?:with|if|when|for|of))",
        unless=r"\b(?:<JOKE>|hair|dye|of embarrassment|laughing|would never|will never|am not"
        r" going|not going to)\b|\b<PAST>\b",
    ),
    _r(
        "cx.ab_person_hurts",
        AB,
        _HURT_KEYS,
        r"\b<HURT_VERB> me\b(?! (?:to|into|towards|forward|on|along|up))",
        requires=r"\b(?:he|she|they|dad|mum|mam|stepdad|stepmum|step dad|step mum|boyfriend|bf"
        r"|girlfriend|partner|carer|brother|sister|uncle|aunt|cousin|grandad|man|lads|gang"
        r"|someone|ex|fella|husband|wife|foster \w+|staff)\b",
        unless=r"\b(?:<JOKE>|hurt my feelings|feelings|game|fifa|football|rugby|boxing|play\w*"
        r"|accident|accidentally|by mistake|tickl\w*|up on|beat me at|beat me to)\b|\b<PAST>\b",
    ),
    _r(
        "cx.dng_scared_of_person",
        DNG,
        "scared terrified afraid frightened petrified",
        r"\b(?:scared|terrified|afraid|frightened|petrified)\b[^|]{0,30}\b(?:he|she|they|him"
        r"|them|someone|somebody|man|men|guy|lads|ex|dad|stepdad|boyfriend|partner)\b"
        r"[^|]{0,30}\b(?:hurt|kill|hit|come|coming|find|do|get|attack|touch|back|outside)\b",
        unless=r"\b(?:<JOKE>|film|horror|exam|exams|interview|test|results|angry|disappointed"
        r"|judge|think|tell|find out|upset|mad at|dentist)\b|\b<PAST>\b",
    ),
    _r(
        "cx.med_body",
        MED,
        "throat lips tongue pass faint diabetic hypo pain burned burnt boiling deep confused",
        r"\bthroats? (?:is |keeps )?(?:closing|swelling|tight)"
        r"|\b(?:lips?|tongue|face|mouth) (?:is |are |keeps? )?(?:tingling|swelling|swelled"
        r"|swollen|going numb|blue)\b"
        r"|\b(?:going to|gonna|about to|think i will|might) (?:pass out|faint|collapse)\b"
        r"|\bdiabetic\b.*\b(?:shaking|confused|hypo|not making sense|passed out|sweating"
        r"|can not)\b"
        r"|\b(?:severe|unbearable|agonising|really bad|excruciating) (?:\w+ )?pain\b"
        r"|\b(?:burned|burnt|scalded) (?:really |very |so )?(?:bad|badly)\b|\bboiling water\b"
        r"|\b(?:cut|cuts|wound|gash|slash)\b.*\b(?:really|very|too|so) deep\b",
        unless=r"\b(?:<JOKE>|period|pasta|shaving)\b|\b<PAST>\b",
    ),
)


# --------------------------------------------------------------------------- normalising

CHAR_MAP: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "&": " and ",
    "+": " and ",
    "\U0001f602": " lol ",  # face with tears of joy
    "\U0001f923": " lol ",  # rolling on the floor laughing
    "\U0001f480": " lol ",  # skull: "I'm dead" (laughing)
    "\U0001f606": " lol ",
    "\U0001f605": " lol ",
    "\U0001f61c": " lol ",
    "\U0001f61d": " lol ",
    "\U0001f92a": " lol ",
    "\U0001f52a": " knife ",
    "\U0001f5e1": " knife ",
    "\U0001f48a": " pills ",
    "\U0001f52b": " gun ",
    "\U0001fa78": " blood ",
    "\U0001faa2": " rope ",
    "\u26b0": " coffin ",
    "\U0001f6a8": " emergency ",
    "\U0001f198": " sos ",
    "\U0001f691": " ambulance ",
    "\U0001f693": " police ",
    "\U0001f694": " police ",
    "\U0001f46e": " police ",
}

PRE_SUBS: tuple[tuple[str, str], ...] = (
    # apostrophe forms whose bare spelling is a different word (she'll / shell, he'd / hed)
    (r"\b(he|she|they|we|you|i|it|someone|that|there|who)'ll\b", r"\1 will"),
    (r"\b(he|she|they|we|you|i|it|someone|who)'d\b", r"\1 would"),
    (r"\bsa'?d\b(?= (?:at|by|me|when|last|in|on|and|her|him))|\bsa'd\b", "sexually assaulted"),
    (r"\bo\.?d'?(?:ed|d)\b|\bod'ing\b", "overdosed"),
    (r"\bs/h\b", "sh"),
    (
        r"\b(\w+)'s (?=on fire|been|gone|got|not|going|gonna|coming|outside|here|there|dead"
        r"|dying|bleeding|unconscious|having|taking|trying|broken|in (?:my|the|a)|at (?:my|the)"
        r"|after|after me|back|drunk|really|so|threatening|following|hitting|hurting|kicking"
        r"|smashing|banging|overdosed|collapsed|fitting|choking|passed|stopped|just|still"
        r"|locked|trapped|stuck|burning|flooding|full)",
        r"\1 is ",
    ),
    (r"\bw/(?=\s|\w)", "with "),
    (r"\b(\d+)\s*(?:yrs?|years?|y/?o)\s*old\b", r"\1 year old"),
)

TOKEN_MAP: dict[str, str] = {
    # contractions (apostrophes are dropped before this lookup)
    "im": "i am",
    "iam": "i am",
    "ive": "i have",
    "youre": "you are",
    "youve": "you have",
    "youll": "you will",
    "youd": "you would",
    "hes": "he is",
    "shes": "she is",
    "hed": "he would",
    "theyre": "they are",
    "theyve": "they have",
    "theyll": "they will",
    "theyd": "they would",
    "weve": "we have",
    "its": "it is",
    "thats": "that is",
    "whats": "what is",
    "wheres": "where is",
    "theres": "there is",
    "whos": "who is",
    "someones": "someone is",
    "somebodys": "somebody is",
    "everyones": "everyone is",
    "nobodys": "nobody is",
    "cant": "can not",
    "cannot": "can not",
    "carnt": "can not",
    "cnt": "can not",
    "kant": "can not",
    "dont": "do not",
    "dnt": "do not",
    "doesnt": "does not",
    "dosnt": "does not",
    "didnt": "did not",
    "didn": "did not",
    "isnt": "is not",
    "aint": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "wont": "will not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "mustnt": "must not",
    "couldve": "could have",
    "shouldve": "should have",
    "wouldve": "would have",
    "ima": "i am going to",
    "imma": "i am going to",
    "ama": "i am going to",
    # text-speak
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "r": "are",
    "b": "be",
    "n": "and",
    "v": "very",
    "wat": "what",
    "wot": "what",
    "dat": "that",
    "da": "the",
    "tha": "the",
    "wiv": "with",
    "wit": "with",
    "jus": "just",
    "jst": "just",
    "nuthin": "nothing",
    "nothin": "nothing",
    "sum1": "someone",
    "some1": "someone",
    "sumone": "someone",
    "sumbody": "somebody",
    "no1": "no one",
    "noone": "no one",
    "nobdy": "nobody",
    "every1": "everyone",
    "any1": "anyone",
    "ne1": "anyone",
    "pls": "please",
    "plz": "please",
    "plx": "please",
    "pleez": "please",
    "plis": "please",
    "pleas": "please",
    "rn": "right now",
    "tn": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "2nyt": "tonight",
    "tonite": "tonight",
    "tonyt": "tonight",
    "tnite": "tonight",
    "tonigth": "tonight",
    "2day": "today",
    "2moro": "tomorrow",
    "2mora": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "tomoz": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "nite": "night",
    "nyt": "night",
    "tho": "though",
    "thru": "through",
    "coz": "because",
    "cos": "because",
    "bc": "because",
    "bcos": "because",
    "becos": "because",
    "bcuz": "because",
    "ppl": "people",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "bff": "best friend",
    "m8": "mate",
    "m8s": "mates",
    "idk": "i do not know",
    "idc": "i do not care",
    "dunno": "do not know",
    "wanna": "want to",
    "wana": "want to",
    "wna": "want to",
    "wanaa": "want to",
    "wannna": "want to",
    "wnna": "want to",
    "wanto": "want to",
    "wnt": "want",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "gna": "going to",
    "gnna": "going to",
    "gon": "going to",
    "finna": "going to",
    "tryna": "trying to",
    "gotta": "got to",
    "hafta": "have to",
    "lemme": "let me",
    "gimme": "give me",
    "outta": "out of",
    "kinda": "kind of",
    "bout": "about",
    "abt": "about",
    "bouta": "about to",
    "boutta": "about to",
    "cud": "could",
    "wud": "would",
    "shud": "should",
    "av": "have",
    "hv": "have",
    "hve": "have",
    "gt": "got",
    "b4": "before",
    "ded": "dead",
    "dyin": "dying",
    "kno": "know",
    "knw": "know",
    "nt": "not",
    "rly": "really",
    "srsly": "seriously",
    "lil": "little",
    "nomore": "no more",
    "hlp": "help",
    "halp": "help",
    "hse": "house",
    "fone": "phone",
    "pix": "pics",
    "haha": "lol",
    "hahaha": "lol",
    "hahahaha": "lol",
    "lmao": "lol",
    "lmfao": "lol",
    "rofl": "lol",
    "jk": "lol",
    "xd": "lol",
    # self-harm and crisis slang
    "kms": "kill myself",
    "kmss": "kill myself",
    "kys": "kill yourself",
    "ctb": "kill myself",
    "sh": "self harm",
    "shing": "self harming",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "selfharmed": "self harmed",
    "sewerslide": "suicide",
    "od": "overdose",
    "oding": "overdosing",
    "oded": "overdosed",
    "overdoes": "overdosed",
    "ovadose": "overdose",
    "sa": "sexual assault",
    "cse": "child exploitation",
    "cce": "criminal exploitation",
    "meself": "myself",
    "miself": "myself",
    "mself": "myself",
    "myslf": "myself",
    "maself": "myself",
    "urself": "yourself",
    "yaself": "yourself",
    "yourslef": "yourself",
    "hisself": "himself",
    "ambo": "ambulance",
    "ambz": "ambulance",
    "amblance": "ambulance",
    "feds": "police",
    "cops": "police",
    "coppers": "police",
    "popo": "police",
    "paras": "paracetamol",
    "paracet": "paracetamol",
    "antideps": "antidepressants",
    "shanked": "stabbed",
    "merked": "stabbed",
    "kil": "kill",
    "kiled": "killed",
    "dieing": "dying",
    "diein": "dying",
    "hitz": "hits",
    "hitin": "hitting",
    "hiting": "hitting",
    "touchd": "touched",
    "tuched": "touched",
    "touchs": "touches",
    "tuches": "touches",
    "rapd": "raped",
    "raepd": "raped",
    "smak": "smack",
    "smaks": "smacks",
    "smakd": "smacked",
    "slapt": "slapped",
    "punchd": "punched",
    "kickd": "kicked",
    "hurted": "hurt",
    "stabed": "stabbed",
    "stabbd": "stabbed",
    "groomd": "groomed",
    "molestd": "molested",
    "abussed": "abused",
    "abued": "abused",
    "assaultd": "assaulted",
    "breeth": "breathe",
    "breethe": "breathe",
    "breave": "breathe",
    "brethe": "breathe",
    "seizer": "seizure",
    "seazure": "seizure",
    "pils": "pills",
    "tablits": "tablets",
    "slef": "self",
    "mysef": "myself",
    "myslef": "myself",
    "killd": "killed",
    "nowere": "nowhere",
    "noware": "nowhere",
    "nowhre": "nowhere",
    "nowear": "nowhere",
    "anywere": "anywhere",
    "homeles": "homeless",
    "breth": "breath",
    "bleedin": "bleeding",
}

POST_SUBS: tuple[tuple[str, str], ...] = (
    (
        r"\bdye\b(?! (?:my|her|his|their|your|it|them|the|hair|clothes|shoes|a|some|this|that|job"
        r"|pack|kit|box|colour))",
        "die",
    ),
    (r"\b2 (?=sleep|stay|go|live|die|be|kill|end|do|hurt|me|kip|crash)", "to "),
    (r"\bno (?:where|were|wer|wear)\b", "nowhere"),
    (r"\b(?:2|to) (many|much)\b", r"too \1"),
    (r"\b(have|has|had|i|i have|been|ive) bin\b", r"\1 been"),
    (r"\bany where\b", "anywhere"),
    (r"\bsome where\b", "somewhere"),
    (r"\b(?:my|me|mi) self\b", "myself"),
    (r"\bany more\b", "anymore"),
    (r"\bk m s\b", "kill myself"),
    (r"\bk y s\b", "kill yourself"),
    (r"\bsewer (?:slide|side)\b", "suicide"),
    (r"\bun alive\b", "unalive"),
    (r"\bself delete\b|\bself deleting\b", "kill myself"),
    (r"\bover dos(e|ed|ing)\b", r"overdos\1"),
    (r"\bcan not\b(?= breath| breathe)", "can not"),
)

LEXICON: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "always",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "away",
        "back",
        "be",
        "because",
        "been",
        "before",
        "being",
        "best",
        "better",
        "big",
        "bit",
        "both",
        "but",
        "by",
        "came",
        "can",
        "come",
        "could",
        "day",
        "did",
        "do",
        "does",
        "done",
        "down",
        "each",
        "even",
        "ever",
        "every",
        "feel",
        "feeling",
        "feels",
        "fell",
        "felt",
        "few",
        "find",
        "fine",
        "first",
        "for",
        "from",
        "full",
        "get",
        "gets",
        "getting",
        "give",
        "go",
        "goes",
        "going",
        "gone",
        "good",
        "got",
        "great",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "him",
        "his",
        "home",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "just",
        "keep",
        "keeps",
        "kept",
        "know",
        "last",
        "left",
        "less",
        "let",
        "life",
        "like",
        "little",
        "live",
        "long",
        "look",
        "looks",
        "lot",
        "made",
        "make",
        "many",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "need",
        "needs",
        "never",
        "new",
        "next",
        "no",
        "not",
        "now",
        "of",
        "off",
        "often",
        "oh",
        "ok",
        "okay",
        "old",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "people",
        "place",
        "put",
        "really",
        "right",
        "said",
        "same",
        "saw",
        "say",
        "see",
        "seen",
        "she",
        "should",
        "since",
        "so",
        "some",
        "soon",
        "still",
        "such",
        "sure",
        "take",
        "tell",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "thing",
        "things",
        "think",
        "this",
        "those",
        "though",
        "through",
        "time",
        "to",
        "today",
        "too",
        "took",
        "two",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "way",
        "we",
        "well",
        "went",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "year",
        "yes",
        "yet",
        "you",
        "your",
        "feel",
        "fell",
        "feet",
        "fee",
        "free",
        "tree",
        "see",
        "seem",
        "seen",
        "need",
        "deed",
        "keep",
        "kept",
        "sleep",
        "sleeps",
        "sleepy",
        "slept",
        "week",
        "weeks",
        "cool",
        "pool",
        "fool",
        "food",
        "good",
        "wood",
        "hood",
        "mood",
        "book",
        "look",
        "took",
        "cook",
        "hook",
        "room",
        "soon",
        "moon",
        "noon",
        "boot",
        "root",
        "door",
        "poor",
        "floor",
        "flood",
        "blood",
        "bleed",
        "bleeds",
        "bled",
        "speed",
        "speech",
        "meet",
        "meeting",
        "sweet",
        "street",
        "streets",
        "three",
        "agree",
        "green",
        "sheep",
        "steep",
        "sheet",
        "feed",
        "fees",
        "sees",
        "feeling",
        "feelings",
        "still",
        "will",
        "well",
        "hell",
        "shell",
        "sell",
        "tell",
        "bell",
        "fill",
        "kill",
        "skill",
        "hill",
        "till",
        "mill",
        "pill",
        "pills",
        "spill",
        "chill",
        "grill",
        "drill",
        "ill",
        "all",
        "call",
        "fall",
        "hall",
        "ball",
        "tall",
        "small",
        "wall",
        "walls",
        "stall",
        "doll",
        "roll",
        "troll",
        "dull",
        "full",
        "pull",
        "bull",
        "add",
        "odd",
        "egg",
        "off",
        "buzz",
        "jazz",
        "mess",
        "less",
        "miss",
        "kiss",
        "boss",
        "loss",
        "toss",
        "pass",
        "mass",
        "class",
        "glass",
        "grass",
        "dress",
        "press",
        "stress",
        "across",
        "shall",
        "funny",
        "sunny",
        "happy",
        "sorry",
        "worry",
        "hurry",
        "carry",
        "marry",
        "merry",
        "berry",
        "cherry",
        "apple",
        "bottle",
        "little",
        "middle",
        "puzzle",
        "letter",
        "better",
        "butter",
        "matter",
        "bitter",
        "summer",
        "dinner",
        "winner",
        "runner",
        "killer",
        "kitten",
        "mitten",
        "written",
        "bitten",
        "gotten",
        "forgotten",
        "happen",
        "happened",
        "common",
        "coffee",
        "toffee",
        "college",
        "bottom",
        "button",
        "cotton",
        "rubbish",
        "rabbit",
        "carrot",
        "arrow",
        "narrow",
        "tomorrow",
        "borrow",
        "sorrow",
        "follow",
        "hollow",
        "allow",
        "fellow",
        "yellow",
        "pillow",
        "willow",
        "swallow",
        "swallowed",
        "shallow",
        "wallet",
        "ballet",
        "bullet",
        "pretty",
        "totally",
        "really",
        "actually",
        "usually",
        "finally",
        "literally",
        "basically",
        "honestly",
        "seriously",
        "stopped",
        "stopping",
        "shopping",
        "dropped",
        "dropping",
        "hopping",
        "popping",
        "topping",
        "mapping",
        "wrapping",
        "clapping",
        "slapped",
        "grabbed",
        "robbed",
        "stabbed",
        "rubbed",
        "dragged",
        "bragged",
        "hugged",
        "dugged",
        "begged",
        "tagged",
        "logged",
        "jogged",
        "digging",
        "hitting",
        "sitting",
        "getting",
        "letting",
        "setting",
        "putting",
        "cutting",
        "betting",
        "fitting",
        "knitting",
        "quitting",
        "splitting",
        "gutting",
        "shutting",
        "running",
        "winning",
        "beginning",
        "spinning",
        "planning",
        "scanning",
        "banning",
        "thinning",
        "swimming",
        "trimming",
        "slimming",
        "humming",
        "drumming",
        "coming",
        "becoming",
        "summing",
        "talking",
        "walking",
        "stalking",
        "chalking",
        "willing",
        "filling",
        "killing",
        "billing",
        "spilling",
        "drilling",
        "thrilling",
        "chilling",
        "telling",
        "selling",
        "yelling",
        "spelling",
        "smelling",
        "dwelling",
        "swelling",
        "shelling",
        "feeling",
        "peeling",
        "reeling",
        "kneeling",
        "wheeling",
        "sleeping",
        "keeping",
        "weeping",
        "creeping",
        "sweeping",
        "seeping",
        "beeping",
        "needing",
        "feeding",
        "bleeding",
        "breeding",
        "reading",
        "leading",
        "pleading",
        "speeding",
        "weeding",
        "seeding",
        "amused",
        "amusing",
        "abuser",
        "abusers",
        "breaching",
        "breather",
        "breathes",
        "breathed",
        "homeliness",
        "painted",
        "tainted",
        "fainted",
        "sainted",
        "dwell",
    ]
)

FUZZY_TARGETS: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "myself",
    "herself",
    "himself",
    "themselves",
    "yourself",
    "overdose",
    "overdosed",
    "overdosing",
    "homeless",
    "paracetamol",
    "ambulance",
    "unconscious",
    "breathe",
    "breathing",
    "bleeding",
    "seizure",
    "strangled",
    "abusive",
    "sexually",
    "assaulted",
    "unalive",
    "unaliving",
    "threatened",
    "threatening",
    "collapsed",
    "kidnapped",
    "blackmailed",
    "blackmailing",
    "antidepressants",
    "anymore",
    "nowhere",
    "tonight",
    "anywhere",
    "somewhere",
    "evicted",
    "molested",
    "unresponsive",
    "strangling",
    "suffocating",
    "tablets",
)

FUZZY_EXCLUDE: frozenset[str] = frozenset(
    [
        "amused",
        "amusing",
        "abuser",
        "talking",
        "stalking",
        "breeding",
        "breaching",
        "breather",
        "breathes",
        "breathed",
        "homeliness",
        "tables",
        "cables",
        "fables",
        "labels",
        "harping",
        "farming",
        "warming",
        "charming",
        "harmony",
        "arming",
        "tonights",
        "tonight",
        "evinced",
        "convicted",
        "everywhere",
        "nowhere",
        "somewhere",
        "anywhere",
        "myself",
        "thyself",
        "herself",
        "himself",
    ]
)

ENGLISH = LanguagePack(
    code="en",
    rules=RULES,
    idioms=IDIOMS,
    char_map=CHAR_MAP,
    pre_subs=PRE_SUBS,
    token_map=TOKEN_MAP,
    post_subs=POST_SUBS,
    fuzzy_targets=FUZZY_TARGETS,
    fuzzy_exclude=FUZZY_EXCLUDE,
    lexicon=LEXICON,
)

register_language(ENGLISH)
