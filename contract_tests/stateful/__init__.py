"""A Hypothesis state machine that drives a Groove client through random sequences of steps,
interleaved with server events, and checks the contract after every step.

Client steps go through your adapter (`ClientAdapter`, the same one the suite uses): catalog and
user calls, reading every page, previews and streams, getting an app token, signing in (with and
without `offline_access`, and once with a forged callback), signing out. Server events go
through the mock's control plane: the clock moved past a token's expiry, consent withdrawn, the
Music Pass ended, the refresh token revoked, and 429, 503, token and client errors queued for the
next step. After each client step the wire tap and the mock's journal are checked against the
rule catalogue (`contract_tests.rules`); a breach fails the run with the rule ID, the requests
involved, and a script that `replay()` runs again. Hypothesis then shrinks the sequence and
prints the shortest one it found.

    from contract_tests.stateful import machine_for
    TestMyClient = machine_for(my_factory).TestCase   # collected by pytest

or `run_machine(my_factory)` inside a test.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from .._adapter import ClientFactory
from ._driver import APP_CALLS, USER_CALLS, ContractBroken, Driver, run_script

__all__ = ["ClientMachine", "ContractBroken", "machine_for", "replay", "run_machine"]

STEP_COUNT = 12
"""Actions per run: enough for sign-in, expiry, renewal and a second renewal to meet."""

_THROTTLES = st.sampled_from(
    [
        ("TOO_MANY_REQUESTS", 1, 1),  # one 429 that asks for a second's wait
        ("SERVICE_UNAVAILABLE", 0, 1),
        ("TOO_MANY_REQUESTS", 0, 8),  # a 429 that persists
    ]
)
_CLIENT_ERRORS = st.sampled_from(
    ["CATALOG_NO_RESULT", "INVALID_INPUT_PARAMETER", "COLLECTION_CONCURRENT_UPDATE"]
)
_ANY_CALL = st.sampled_from(["lookup", "profile", "browse_collection"])


class ClientMachine(RuleBasedStateMachine):
    """The machine for the client `factory` builds (set by `machine_for`)."""

    factory: ClassVar[ClientFactory]
    public: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.driver = Driver(type(self).factory, public=type(self).public)

    def teardown(self) -> None:
        self.driver.close()

    @initialize(app=st.booleans(), sign_in=st.sampled_from(["no", "plain", "offline"]))
    def start(self, app: bool, sign_in: str) -> None:
        if app:
            self.driver.app_token()
        if sign_in != "no":
            self.driver.sign_in(offline=sign_in == "offline")

    # client steps ------------------------------------------------------------------------

    @rule(name=st.sampled_from(APP_CALLS))
    def catalog_call(self, name: str) -> None:
        self.driver.call(name)

    @rule(name=st.sampled_from(USER_CALLS))
    def user_call(self, name: str) -> None:
        self.driver.call(name)

    @rule(name=st.sampled_from(["all_catalog_pages", "all_collection_pages"]))
    def read_every_page(self, name: str) -> None:
        self.driver.call(name)

    @rule()
    def play(self) -> None:
        self.driver.call("preview")
        self.driver.call("stream")

    @rule()
    def get_app_token(self) -> None:
        self.driver.app_token()

    @precondition(lambda self: self.driver.can_sign_in)
    @rule(offline=st.booleans())
    def sign_in(self, offline: bool) -> None:
        self.driver.sign_in(offline=offline)

    @precondition(lambda self: self.driver.can_sign_in)
    @rule()
    def sign_in_with_forged_callback(self) -> None:
        self.driver.sign_in(tampered=True)

    @rule()
    def sign_out_then_call(self) -> None:
        # A signed-out client that still shows a user page must not reach for old tokens.
        self.driver.sign_out()
        self.driver.call("profile")

    # server events, each met by the call that follows ---------------------------------------

    @rule(kind=st.sampled_from(["app", "user"]))
    def token_expires(self, kind: str) -> None:
        self.driver.expire(kind)
        self.driver.call("lookup" if kind == "app" else "profile")

    @rule()
    def consent_revoked(self) -> None:
        self.driver.revoke_consent()
        self.driver.call("profile")

    @rule()
    def music_pass_ended(self) -> None:
        self.driver.end_music_pass()
        self.driver.call("stream")

    @rule()
    def refresh_token_revoked(self) -> None:
        self.driver.revoke_refresh_token()
        self.driver.call("profile")

    @rule(throttle=_THROTTLES, name=_ANY_CALL)
    def throttled(self, throttle: tuple[str, int, int], name: str) -> None:
        error, retry_after, times = throttle
        self._fault_then_call(error, retry_after, times, name)

    @rule(times=st.sampled_from([1, 4]), name=_ANY_CALL)
    def token_refused(self, times: int, name: str) -> None:
        self._fault_then_call("INVALID_AUTHORIZATION_HEADER", None, times, name)

    @rule(error=_CLIENT_ERRORS, name=_ANY_CALL)
    def client_error(self, error: str, name: str) -> None:
        self._fault_then_call(error, None, 1, name)

    def _fault_then_call(self, error: str, retry_after: int | None, times: int, name: str) -> None:
        self.driver.fault(error, retry_after, times)
        self.driver.call(name)
        self.driver.control.clear_faults()  # the call may have been skipped (a capability)


def machine_for(factory: ClientFactory, *, public: bool = False) -> type[ClientMachine]:
    """A `ClientMachine` subclass for one client; its `.TestCase` is a pytest-collectable test.
    `public` runs the client as a public (PKCE) client, as the suite's public app."""
    name = f"{getattr(factory, '__name__', 'Client')}Machine"
    attributes: dict[str, Any] = {"factory": staticmethod(factory), "public": public}
    machine = cast(type[ClientMachine], type(name, (ClientMachine,), attributes))
    machine.TestCase.settings = machine_settings()
    return machine


def machine_settings(base: settings | None = None) -> settings:
    """The profile's settings, with a bounded run length and no deadline (a step may wait out
    a Retry-After)."""
    parent = base or settings()
    return settings(
        parent,
        stateful_step_count=STEP_COUNT,
        deadline=None,
        suppress_health_check=[*parent.suppress_health_check, HealthCheck.too_slow],
    )


def run_machine(
    factory: ClientFactory, *, public: bool = False, settings: settings | None = None
) -> None:
    """Run the machine on one client; raises `ContractBroken` (via Hypothesis) on a breach."""
    machine = machine_for(factory, public=public)
    run_state_machine_as_test(machine, settings=machine_settings(settings))


def replay(factory: ClientFactory, script: list[dict[str, Any]], *, public: bool = False) -> None:
    """Run a script printed by a failure again, step by step; raises the same `ContractBroken`."""
    driver = Driver(factory, public=public)
    try:
        run_script(driver, script)
    finally:
        driver.close()
