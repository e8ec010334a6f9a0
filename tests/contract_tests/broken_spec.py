"""Client factories the CLI and plugin tests load by `module:factory`."""

from __future__ import annotations

from contract_tests._adapter import ClientAdapter, Environment, Outcome, Step
from contract_tests.broken import BROKEN_CLIENTS
from contract_tests.reference_adapter import ReferenceAdapter


def constant_state(env: Environment) -> ClientAdapter:
    return BROKEN_CLIENTS["GC-AUTH-005"](env)


def raising(env: Environment) -> ClientAdapter:
    raise RuntimeError("no credentials configured")


class _Typo(ReferenceAdapter):
    capabilities = frozenset({"app_token", "teleport", "refresh"})


def typo_capabilities(env: Environment) -> ClientAdapter:
    """A typo and a made-up name: without a check, every rule would be skipped."""
    return _Typo(env)


class _AppTokenOnly(ReferenceAdapter):
    capabilities = frozenset({"app-token"})


def app_token_only(env: Environment) -> ClientAdapter:
    return _AppTokenOnly(env)


class _Crashing(_AppTokenOnly):
    def perform(self, step: Step) -> Outcome:
        raise ValueError("adapter crashed")


def crashing(env: Environment) -> ClientAdapter:
    """Builds fine, then raises in every step."""
    return _Crashing(env)


class _NoCapabilities:
    """Forgot `capabilities`: perform and close are there."""

    def perform(self, step: Step) -> Outcome:
        return {"ok": True}

    def close(self) -> None:
        pass


def no_capabilities(env: Environment) -> ClientAdapter:
    return _NoCapabilities()  # type: ignore[return-value]


def secret_in_query(env: Environment) -> ClientAdapter:
    """Sends its client secret in the query string (GC-TOKEN-002): a failure with requests."""
    return BROKEN_CLIENTS["GC-TOKEN-002"](env)
