"""The autouse warnings gate in conftest really fails a test that logs an unexpected warning."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = (Path(__file__).parent / "conftest.py").read_text(encoding="utf-8")


def test_logged_warning_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import logging
        def test_noisy():
            logging.getLogger("weasyprint").warning("Font not subset")
        def test_quiet():
            logging.getLogger("weasyprint").info("fine")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=1)
    assert "unexpected warnings logged: Font not subset" in result.stdout.str()
