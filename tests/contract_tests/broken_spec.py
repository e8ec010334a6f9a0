"""Client factories the CLI tests load by `module:factory`."""

from __future__ import annotations

from contract_tests._adapter import ClientAdapter, Environment
from contract_tests.broken import BROKEN_CLIENTS


def constant_state(env: Environment) -> ClientAdapter:
    return BROKEN_CLIENTS["GC-AUTH-005"](env)


def raising(env: Environment) -> ClientAdapter:
    raise RuntimeError("no credentials configured")
