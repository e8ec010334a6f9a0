"""The `flow` fixture of the authorization server tests (helpers in auth_support.py)."""

from __future__ import annotations

import httpx
import pytest
from auth_support import Flow

from mock_server import MockState


@pytest.fixture
def flow(client: httpx.Client, state: MockState) -> Flow:
    return Flow(client, state)
