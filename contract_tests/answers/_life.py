"""The life events of the inventory: a second user, sign-out and sign-in again, a restart.

Each returns the last step and an outcome that is not ok, with the reason in `detail`, when
the client did not carry on as the new situation requires.
"""

from __future__ import annotations

from .._adapter import Capability, Outcome, Step
from ..checks._base import GET_LUCKY, PROFILE, Skipped, first, prepare_call, query_of
from ..harness._session import Session
from ._inventory import Answer
from ._provoke import Provoked, _sign_in, scenario


def _failed(why: str) -> Outcome:
    return {"ok": False, "detail": why}


def _profile_users(s: Session, since: int) -> list[str | None]:
    return [e.user_id for e in s.journal() if e.seq > since and e.path.endswith("/profile")]


@scenario("second_user")
def second_user(s: Session, answer: Answer) -> Provoked:
    """One user signs in, signs out, another signs in on the same client: the calls after
    are the second user's."""
    if not (s.has(Capability.USER_SIGN_IN) and s.has(Capability.SIGN_OUT)):
        raise Skipped("the client does not sign users in and out")
    others = [u.id for u in s.env.users if u.id != s.env.default_user_id]
    if not others:
        raise Skipped("the scenario has one user")
    _sign_in(s)
    s.require({"op": "sign_out"}, "sign_out")
    since = max((entry.seq for entry in s.journal()), default=0)
    mark = s.mark()
    s.sign_in(offline_access=s.has(Capability.REFRESH), user_id=others[0])
    outcome = s.do(PROFILE)
    users = _profile_users(s, since)
    if outcome.get("ok") and users and users[-1] != others[0]:
        outcome = _failed(f"the profile after the second sign-in was user {users[-1]}'s")
    return Provoked(PROFILE, outcome, s.wire(mark), True)


@scenario("sign_out_and_in")
def sign_out_and_in(s: Session, answer: Answer) -> Provoked:
    """Sign in, sign out, sign in again: the second sign-in works and has a state of its own."""
    if not (s.has(Capability.USER_SIGN_IN) and s.has(Capability.SIGN_OUT)):
        raise Skipped("the client does not sign users in and out")
    _sign_in(s)
    first_state = first(query_of(s.last_authorize_url), "state")
    s.require({"op": "sign_out"}, "sign_out")
    mark = s.mark()
    _sign_in(s)
    outcome = s.do(PROFILE)
    if first(query_of(s.last_authorize_url), "state") == first_state:
        outcome = _failed("the second sign-in sent the first one's state")
    return Provoked(PROFILE, outcome, s.wire(mark), True)


@scenario("restart")
def restart(s: Session, answer: Answer) -> Provoked:
    """The program restarts: a new adapter on the same mock makes its calls again (a client
    with only a user token signs the user in again: the adapter protocol has no storage to
    persist tokens in)."""
    step = prepare_call(s)
    s.restart()
    mark = s.mark()
    if step is PROFILE:
        _sign_in(s)
    outcome = s.do(step)
    if not outcome.get("ok"):
        outcome = _failed(f"the first call after a restart failed: {outcome.get('detail', '')}")
    return Provoked(step, outcome, s.wire(mark), True)


@scenario("restart_with_persisted_tokens")
def restart_with_persisted_tokens(s: Session, answer: Answer) -> Provoked:
    """A signed-in user's program restarts: with the tokens it kept in `env.storage_dir` it
    calls the API again without a new sign-in, and keeps its clientInstanceId."""
    if not (s.has(Capability.PERSISTENCE) and s.has(Capability.USER_SIGN_IN)):
        raise Skipped("the client does not keep a signed-in user across restarts")
    _sign_in(s)
    streaming = s.has(Capability.STREAMING)
    preview: Step = {"op": "preview", "track_id": GET_LUCKY}
    if streaming:
        s.require(preview, "a preview")
    s.restart()
    mark = s.mark()
    outcome = s.do(PROFILE)
    if streaming:
        s.do(preview)
    records = s.wire(mark)
    if not outcome.get("ok"):
        outcome = _failed(f"the profile after a restart failed: {outcome.get('detail', '')}")
    elif streaming and len(_instance_ids(s)) != 1:
        outcome = _failed("the clientInstanceId changed with the restart")
    return Provoked(PROFILE, outcome, records, True)


def _instance_ids(s: Session) -> set[str]:
    return {
        value
        for r in s.wire()
        if r.path.lower().endswith("/preview")
        for value in r.query.get("clientInstanceId", [])
    }
