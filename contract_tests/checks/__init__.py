"""The checks: one function per rule of the catalogue (`contract_tests.rules`), each driving
the client through a `Session` and judging what reached the mock.

`_base` holds the registry (`CHECKS`, filled by the `@check` decorator) and the helpers the
checks share; the checks themselves are grouped by the part of the contract they judge:
`_tokens` (token requests, the credential on calls), `_lifetimes` (how long tokens are kept),
`_signin` (sign-in, refresh, sign-out), `_state` (state and PKCE), `_calls` (retries, rate
limits, paging, streams) and `_writes` (collection and playlist writes). Importing the package
registers every check.
"""

from __future__ import annotations

from . import _calls, _lifetimes, _signin, _state, _tokens, _writes  # noqa: F401 - they register
from ._base import CHECKS, CheckSpec, Skipped, check

__all__ = ["CHECKS", "CheckSpec", "Skipped", "check"]
