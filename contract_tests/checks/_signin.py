"""Checks of the user sign-in, refresh and sign-out (GC-AUTH-001 to 004, GC-CODE, GC-REFRESH,
GC-USER, GC-SIGNOUT); what must be new at every sign-in is in `_state`."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .._adapter import Capability
from ..harness._session import Blocked, Session
from ._base import (
    APP_TOKEN,
    GET_LUCKY,
    GROOVE_SCOPE,
    LOOKUP,
    PAST_EXPIRY,
    PROFILE,
    TOKEN_PATH,
    USER_TOKEN_LIFETIME,
    Skipped,
    blocked_by_other_rule,
    check,
    expect,
    expect_ok,
    first,
    is_user_path,
    on_path,
    query_of,
    reached,
)


def _need(s: Session, capability: Capability) -> None:
    if not s.has(capability):
        raise Skipped(f"no {capability.value} capability")


def _authorize_base(s: Session) -> str:
    return f"{s.env.auth_url}/oauth20_authorize.srf"


def _without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


@check("GC-AUTH-001")
def authorize_endpoint(s: Session) -> None:
    _need(s, Capability.USER_SIGN_IN)
    url = s.authorize_url()
    params = query_of(url)
    base = _without_query(url)
    expect(base == _authorize_base(s), _authorize_base(s), base)
    client_id = first(params, "client_id")
    expect(client_id == s.env.client_id, f"client_id={s.env.client_id}", repr(client_id))
    response_type = first(params, "response_type")
    expect(response_type == "code", "response_type=code", repr(response_type))


@check("GC-AUTH-002")
def authorize_redirect_uri(s: Session) -> None:
    _need(s, Capability.USER_SIGN_IN)
    redirect = first(query_of(s.authorize_url()), "redirect_uri")
    expect(redirect == s.env.redirect_uri, f"redirect_uri={s.env.redirect_uri}", repr(redirect))


@check("GC-AUTH-003")
def authorize_groove_scope(s: Session) -> None:
    _need(s, Capability.USER_SIGN_IN)
    scope = first(query_of(s.authorize_url()), "scope") or ""
    expect(GROOVE_SCOPE in scope.split(), f"{GROOVE_SCOPE} in scope", repr(scope))


@check("GC-AUTH-004")
def authorize_offline_access(s: Session) -> None:
    _need(s, Capability.REFRESH)
    scope = first(query_of(s.authorize_url(offline_access=True)), "scope") or ""
    expect("offline_access" in scope.split(), "offline_access in scope", repr(scope))


@check("GC-CODE-001")
def code_redeemed_once(s: Session) -> None:
    _need(s, Capability.USER_SIGN_IN)
    url = s.authorize_url()
    callback = s.browse(url)
    if callback is None or "code=" not in callback:
        raise Blocked("the mock gave no code for the client's authorize URL")
    mark = s.mark()
    outcome = s.do({"op": "finish_sign_in", "callback_url": callback})
    records = on_path(s.wire(mark), TOKEN_PATH)
    reached("GC-CODE-001", records, "the redemption")
    challenged = first(query_of(url), "code_challenge") is not None
    if (
        s.env.is_public_client
        and challenged
        and any("code_verifier" not in r.form for r in records)
    ):
        raise Blocked("blocked by GC-AUTH-007: the redemption carries no code_verifier")
    expect(len(records) == 1, "one redemption of the code", f"{len(records)}", records)
    r = records[0]
    expect(r.method == "POST", "POST", r.method, [r])
    grant = first(r.form, "grant_type")
    expect(grant == "authorization_code", "grant_type=authorization_code", repr(grant), [r])
    redirect = first(r.form, "redirect_uri")
    sent = first(query_of(url), "redirect_uri")
    expect(redirect == sent, f"redirect_uri={sent}", repr(redirect), [r])
    if r.status != 200:
        blocked_by_other_rule(s, "GC-CODE-001", "the redemption")
    expect(r.status == 200, "the code accepted", f"{r.status} {r.error_code}", [r])
    expect_ok(s, outcome, "GC-CODE-001", "finish_sign_in")


def _refresh_round(s: Session) -> None:
    """Expire the user token and make calls until the client refreshes."""
    s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
    mark = s.mark()
    outcome = s.do(PROFILE)
    if not outcome.get("ok"):
        outcome = s.do(PROFILE)  # a client may renew on the next call instead of retrying
    records = s.wire(mark)
    refreshes = on_path(records, TOKEN_PATH)
    reached("GC-REFRESH-001", refreshes, "the refresh")
    expect(bool(refreshes), "a refresh once the user token expired", "none", records)
    for r in refreshes:
        grant = first(r.form, "grant_type")
        expect(grant == "refresh_token", "grant_type=refresh_token", repr(grant), [r])
    _judge_rotation(s)
    for r in refreshes:
        if r.status != 200:
            blocked_by_other_rule(s, "GC-REFRESH-001", "the refresh")
        expect(r.status == 200, "the refresh accepted", f"{r.status} {r.error_code}", [r])
    expect_ok(s, outcome, "GC-REFRESH-001", "the call after the refresh")


def _judge_rotation(s: Session) -> None:
    """Over the whole run, whenever the client renewed: every refresh carried the refresh
    token issued last before it (a client may refresh at any call, early or late)."""
    latest: str | None = None
    issued: set[str] = set()
    for r in on_path(s.wire(), TOKEN_PATH):
        if first(r.form, "grant_type") == "refresh_token":
            used = first(r.form, "refresh_token")
            seen = "an older one" if used in issued else "one never issued"
            expect(used == latest, "the latest refresh token", seen, [r])
        new = r.issued.get("refresh_token") if r.status == 200 else None
        if new is not None:
            latest = new
            issued.add(new)


@check("GC-REFRESH-001", settings={"refresh_rotation": "revoke-old"})
def refresh_rotates(s: Session) -> None:
    _need(s, Capability.REFRESH)
    mark = s.mark()
    s.sign_in(offline_access=True)
    if not any("refresh_token" in r.issued for r in s.wire(mark)):
        raise Blocked("the sign-in got no refresh token (was offline_access asked for?)")
    s.require(PROFILE, "the profile call after sign-in")
    for _ in range(2):
        _refresh_round(s)


@check("GC-USER-001")
def user_token_on_user_endpoints(s: Session) -> None:
    _need(s, Capability.USER_SIGN_IN)
    if s.has(Capability.APP_TOKEN):
        s.require(APP_TOKEN, "get_app_token")
        s.require(LOOKUP, "a catalog lookup with the app token")
    s.do(PROFILE)  # nobody signed in yet: the client has only its app token
    s.sign_in()
    s.do(PROFILE)
    s.do({"op": "browse_collection", "type": "tracks", "max_items": 5})
    if s.has(Capability.STREAMING):
        s.do({"op": "stream", "track_id": GET_LUCKY})
    if s.has(Capability.SIGN_OUT):
        s.do({"op": "sign_out"})
        s.do(PROFILE)  # signed out: again only the app token
    calls = [e for e in s.journal() if e.side == "api" and is_user_path(e.path)]
    if not calls:
        raise Blocked("no call reached a user endpoint: nothing to judge")
    for e in calls:
        kind = e.token_kind or ""
        expect(
            "app" not in kind,
            "the user token, and no call at all while nobody is signed in",
            f"an app token on journal entry #{e.seq} {e.method} {e.path}",
        )


@check("GC-SIGNOUT-001")
def sign_out_forgets(s: Session) -> None:
    _need(s, Capability.SIGN_OUT)
    _need(s, Capability.USER_SIGN_IN)
    s.sign_in(offline_access=s.has(Capability.REFRESH))
    s.require(PROFILE, "the profile call after sign-in")
    held = {fp for r in on_path(s.wire(), TOKEN_PATH) for fp in r.issued.values()}
    outcome = s.require({"op": "sign_out"}, "sign_out")
    logout = outcome.get("data", {}).get("logout_url")
    if isinstance(logout, str):
        s.browse(logout)
    mark = s.mark()
    s.do(PROFILE)
    s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
    s.do(PROFILE)
    for r in s.wire(mark):
        used = set(r.credentials) | set(r.form.get("refresh_token", []))
        expect(not used & held, "no token of the signed-out user", "one of them sent", [r])


@check("GC-SIGNOUT-002")
def sign_out_url(s: Session) -> None:
    _need(s, Capability.SIGN_OUT)
    _need(s, Capability.USER_SIGN_IN)
    s.sign_in()
    signed_in_with = first(query_of(s.last_authorize_url), "redirect_uri")
    outcome = s.require({"op": "sign_out"}, "sign_out")
    logout = outcome.get("data", {}).get("logout_url")
    expect(isinstance(logout, str), "a logout URL in data.logout_url", "none")
    assert isinstance(logout, str)
    base = f"{s.env.auth_url}/oauth20_logout.srf"
    expect(_without_query(logout) == base, base, _without_query(logout))
    params = query_of(logout)
    expect(first(params, "client_id") == s.env.client_id, "the client_id", "another or none")
    redirect = first(params, "redirect_uri")
    expect(redirect == signed_in_with, "the sign-in's redirect_uri", repr(redirect))
