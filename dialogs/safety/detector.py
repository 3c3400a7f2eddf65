"""Rules and model together: one verdict per message (or per burst of messages).

1. The rules (``rules/<lang>/rules.yaml``) say what a safeguarding lead has written down.
2. The model (``model_<lang>.json``) reads the words and the rules' verdict together and
   gives the probability of danger: at or above its ``high`` threshold that is a HIGH
   verdict (an URGENT alert), at or above ``unsure`` a check-in. It has learnt from the
   corpora where a rule's words usually mean something else ("shoot me a text").
3. The rules' ``unsure`` phrases ("help", "im scared") ask for a check-in: ahead of the
   model when the message is short (nothing else in it to judge by), after it otherwise,
   including when the model overrules a rule that matched.
4. The rules' ``later`` phrases set a category's signs in the future ("out next month",
   "when i turn 18"): nowhere to sleep *next month* is a support need, not tonight's
   emergency, so that category's rule matches and model probability count for nothing
   (any other danger in the message still counts).

Without a trained model, a rule match is a HIGH verdict on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs.safety import matcher
from dialogs.safety.model import Model, load_model
from dialogs.safety.verdict import CrisisCategory, SafetyLevel, SafetyVerdict

__all__ = ["Detector", "assess", "assess_burst", "assess_burst_span", "warm_up"]

MODEL_RULE = "model"
# A message this short that only says something worrying gets a check-in, whatever the
# model thinks: the model has learnt that "scared" is often danger, but it can't know.
SHORT_WORDS = 5
# The model alone never judges a message shorter than this: one or two words ("he", "idk")
# are too little evidence, and the short dangerous ones ("kms", "sos") are in the rules.
MODEL_MIN_WORDS = 3
# Below this many words the model alone may ask ("Are you safe?") but not raise an URGENT
# alert: "i keep thinking about it" could be anything, and a check-in lets them say.
MODEL_ALERT_MIN_WORDS = 6


class Detector:
    """One language's net; ``model`` may be replaced (the benchmark scores other models)."""

    def __init__(self, lang: str = "en", model: Model | None = None, *, use_model: bool = True):
        self.lang = lang
        self.model = model if model is not None or not use_model else load_model(lang)
        thresholds = self.model.thresholds if self.model is not None else {}
        self.high = thresholds.get("high", 0.9)
        self.unsure = thresholds.get("unsure", 0.7)

    def assess(self, text: str) -> SafetyVerdict | None:
        """Check one free-text message; ``None`` when it shows no sign of danger."""
        if not text or not text.strip():
            return None
        hit = matcher.detect(text, self.lang)
        later = matcher.detect_later(text, self.lang)
        if hit is not None and hit.category in later:
            hit = None
        words = len(text.split())
        short = words <= SHORT_WORDS
        if hit is None and short:
            worry = matcher.detect_unsure(text, self.lang)
            if worry is not None:
                # "im scared", "help me pls": too little to go on, so ask rather than alarm.
                return SafetyVerdict(SafetyLevel.UNSURE, worry.category, worry.rule, 0.0)
        if self.model is None or (hit is None and words < MODEL_MIN_WORDS):
            if hit is not None:
                return SafetyVerdict(SafetyLevel.HIGH, hit.category, hit.rule, 1.0)
        else:
            found = self.model.predict(text, self.lang, hit).without(c.value for c in later)
            danger = found.danger
            if danger >= self.unsure:
                level = SafetyLevel.HIGH if danger >= self.high else SafetyLevel.UNSURE
                if hit is not None:
                    return SafetyVerdict(level, hit.category, hit.rule, round(danger, 4))
                if words < MODEL_ALERT_MIN_WORDS:
                    level = SafetyLevel.UNSURE
                category = CrisisCategory(found.category)
                return SafetyVerdict(level, category, MODEL_RULE, round(danger, 4))
        if hit is None and short:
            return None  # its check-in phrases were looked for above
        # Also when the model read a rule's words in another sense ("wish that car hit me"
        # is not an injury): a check-in phrase in the message still counts.
        worry = matcher.detect_unsure(text, self.lang)
        if worry is not None:
            return SafetyVerdict(SafetyLevel.UNSURE, worry.category, worry.rule, 0.0)
        return None

    def assess_burst(self, messages: Sequence[str]) -> SafetyVerdict | None:
        """Check the last message, then it joined to the ones just before it.

        Young people split a thought over several bubbles ("i want to" + "end it"); the
        joined text counts only when it says more than the last message alone.
        """
        return self.assess_burst_span(messages)[0]

    def assess_burst_span(self, messages: Sequence[str]) -> tuple[SafetyVerdict | None, int]:
        """:meth:`assess_burst`, also saying how many of the last messages it took (0 when
        nothing was found), so that only those words are quoted to the team."""
        if not messages:
            return None, 0
        found = self.assess(messages[-1])
        if found is not None and found.high:
            return found, 1
        for start in range(len(messages) - 2, -1, -1):
            joined = self.assess(" ".join(messages[start:]))
            if joined is not None and (found is None or joined.high):
                return joined, len(messages) - start
        return found, 1 if found is not None else 0


_DETECTORS: dict[str, Detector] = {}


def _detector(lang: str) -> Detector:
    found = _DETECTORS.get(lang)
    if found is None:
        code = matcher.language_of(lang)  # "en-GB" and unknown languages -> "en"
        found = _DETECTORS.get(code) or Detector(code)
        _DETECTORS[lang] = _DETECTORS[code] = found
    return found


def warm_up(lang: str = "en") -> None:
    """Load a language's rules and model now (a few hundred ms), not on the first message."""
    _detector(lang).assess("warm up")


def assess(text: str, lang: str = "en") -> SafetyVerdict | None:
    """Check one free-text message for signs of danger; ``None`` when there are none."""
    return _detector(lang).assess(text)


def assess_burst(messages: Sequence[str], lang: str = "en") -> SafetyVerdict | None:
    """Check a burst of messages sent close together (see :meth:`Detector.assess_burst`)."""
    return _detector(lang).assess_burst(messages)


def assess_burst_span(
    messages: Sequence[str], lang: str = "en"
) -> tuple[SafetyVerdict | None, int]:
    """The verdict on a burst and how many of its last messages it rests on."""
    return _detector(lang).assess_burst_span(messages)
