"""The test suites; the drivers, seeding and helpers they share live in ``tests.support``."""

import pytest

# Before anything imports them, so the asserts in shared helpers say what they compared.
pytest.register_assert_rewrite("tests.support")
