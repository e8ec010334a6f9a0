"""The pages' fixtures: a client that follows no redirect, a mock that wants an admin key."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pages_support import pages_client

from mock_server import MockState, Settings


@pytest.fixture
def remote_settings() -> Settings:
    """A mock bound to every interface, as on a shared machine: the control plane wants a key."""
    return Settings(host="0.0.0.0", admin_key="k" * 24)


@pytest.fixture
def browser_client(state: MockState) -> Iterator[httpx.Client]:
    """No redirects followed: the tests look at each step."""
    with pages_client(state) as http:
        yield http
