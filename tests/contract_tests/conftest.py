"""Fixtures for the contract suite's own tests."""

from __future__ import annotations

import pytest

from contract_tests._runner import SuiteReport, run_suite
from contract_tests.reference_client import make_adapter


@pytest.fixture(scope="session")
def reference_report() -> SuiteReport:
    """The whole suite run once against the reference client."""
    return run_suite(make_adapter, client="reference")
