"""`groove_allow_violations` names violations the mock records; a typo is refused in one line."""

from __future__ import annotations

import pytest


def test_an_unknown_allowed_violation_fails_the_test_in_one_line(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
import pytest


@pytest.mark.groove_allow_violations("multiple-credential")
def test_typo(groove_mock):
    pass


@pytest.mark.groove_allow_violations("multiple-credentials")
def test_known(groove_mock):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*groove_allow_violations: unknown violation 'multiple-credential' (known: *"]
    )
