"""The root of the error tree (see `mock_server._errors`)."""

from __future__ import annotations

from typing import ClassVar


class MockError(Exception):
    """Base of every error the mock turns into an HTTP answer."""

    status_code: ClassVar[int] = 500
    description: ClassVar[str] = "Internal server error"
