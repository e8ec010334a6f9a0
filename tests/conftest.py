"""Fixtures for our own tests: a fresh mock per test, talked to in process."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport

BASE_URL = "http://127.0.0.1:8080"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def state(settings: Settings) -> MockState:
    return MockState(settings)


@pytest.fixture
def client(state: MockState) -> Iterator[httpx.Client]:
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url=BASE_URL) as http:
        yield http
