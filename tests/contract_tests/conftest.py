"""Fixtures for the contract suite's own tests (pytester comes from the root conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from contract_tests._adapter import ClientFactory
from contract_tests._runner import SuiteReport, run_suite
from contract_tests.broken import BROKEN_CLIENTS, BROKEN_VARIANTS
from contract_tests.harness._hosting import InProcessHost
from contract_tests.harness._session import SessionOptions
from contract_tests.reference_client import make_adapter

REFERENCE = "reference"


@pytest.fixture(scope="session")
def suite_reports() -> dict[str, SuiteReport]:
    """The whole suite run on the reference client and on every broken client, keyed by
    "reference", the rule ID a client breaks, or a variant's class name. Each run sleeps
    through GC-RATE-001's Retry-After; in threads those sleeps overlap, so all of it takes
    seconds."""
    clients: dict[str, ClientFactory] = {REFERENCE: make_adapter, **BROKEN_CLIENTS}
    clients.update({name: factory for name, (_, factory) in BROKEN_VARIANTS.items()})
    options = SessionOptions(step_timeout=10.0)  # loaded machines: steps wait 1 to 2 s

    def run(name: str) -> tuple[str, SuiteReport]:
        return name, run_suite(clients[name], client=name, options=options)

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return dict(pool.map(run, clients))


@pytest.fixture(scope="session")
def reference_report(suite_reports: dict[str, SuiteReport]) -> SuiteReport:
    return suite_reports[REFERENCE]


@pytest.fixture
def host() -> Iterator[InProcessHost]:
    """A mock in process for one test, closed after it."""
    host = InProcessHost()
    try:
        yield host
    finally:
        host.close()
