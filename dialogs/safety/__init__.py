"""The safety net: spots signs of danger in a young person's free text.

:func:`assess` is the one entry point: rules (data in ``rules/<lang>.yaml``) and a small
learned model (``model_<lang>.json``) together give a :class:`SafetyVerdict` or ``None``.
"""

from dialogs.safety.detector import assess, assess_burst, assess_burst_span, warm_up
from dialogs.safety.verdict import CrisisCategory, SafetyLevel, SafetyVerdict

__all__ = [
    "CrisisCategory",
    "SafetyLevel",
    "SafetyVerdict",
    "assess",
    "assess_burst",
    "assess_burst_span",
    "warm_up",
]
