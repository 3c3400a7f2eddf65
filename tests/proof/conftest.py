"""The proof suite: quick samples in ``make test``, everything under ``make proof``.

``make proof`` sets ``LIFELINKS_PROOF=1``: Hypothesis runs many more examples, and the tests
marked ``proof`` (the full isolation matrix over HTTP, the scans on both frameworks) run;
without it they are skipped and a quick sample of each runs instead.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

from tests.e2e.conftest import framework, kent, run_bot, standin, team  # noqa: F401

PROOF = os.environ.get("LIFELINKS_PROOF", "") not in ("", "0")

_COMMON = {
    "deadline": None,
    "derandomize": not PROOF,  # the quick sample is the same every run; proof explores
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,
}
settings.register_profile("quick", max_examples=12, **_COMMON)
settings.register_profile("proof", max_examples=400, **_COMMON)
settings.load_profile("proof" if PROOF else "quick")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the heavy ``proof`` tests unless ``make proof`` asked for them."""
    if PROOF:
        return
    skip = pytest.mark.skip(reason="heavy: runs under make proof (LIFELINKS_PROOF=1)")
    for item in items:
        if item.get_closest_marker("proof") is not None:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """End the run with the fault matrix's table, when any of its cells ran."""
    faults = sys.modules.get("tests.proof.faults")
    if faults is not None and faults.RESULTS:
        terminalreporter.section("fault matrix (tests/proof/test_faults.py)")
        terminalreporter.write_line(faults.table())
