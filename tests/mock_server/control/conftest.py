"""Fixtures for the control plane: every control test runs both ways in, in process
(`MockControl`) and over HTTP (`RemoteControl` through the in-process transport)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.control import Control, MockControl, RemoteControl

BASE_URL = "http://127.0.0.1:8080"


@pytest.fixture
def app(state: MockState) -> Starlette:
    return create_app(state=state)


@pytest.fixture
def http(app: Starlette) -> Iterator[httpx.Client]:
    with httpx.Client(transport=InProcessTransport(app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture(params=["local", "remote"])
def control(request: pytest.FixtureRequest, state: MockState, http: httpx.Client) -> Control:
    if request.param == "local":
        return MockControl(state)
    return RemoteControl(BASE_URL, client=http)
