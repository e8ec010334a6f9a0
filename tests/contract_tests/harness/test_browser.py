"""The suite's browser answers the mock's sign-in page as a person would, for every legal
`prompt`, so a client that sends one is judged instead of blocked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from contract_tests.harness._browser import SignInPage, choose_account, read_sign_in_page
from contract_tests.harness._hosting import InProcessHost
from contract_tests.harness._session import Session
from contract_tests.reference_adapter import ReferenceAdapter


@pytest.fixture
def session() -> Iterator[Session]:
    host = InProcessHost()
    session = Session(host, ReferenceAdapter)
    try:
        yield session
    finally:
        session.close()
        host.close()


def _authorize(session: Session, **extra: str) -> str:
    url = session.authorize_url()
    return f"{url}&{urlencode(extra)}" if extra else url


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("prompt", [None, "none", "login", "consent", "select_account"])
def test_every_legal_prompt_ends_in_a_code(session: Session, prompt: str | None) -> None:
    url = _authorize(session, prompt=prompt) if prompt else _authorize(session)
    callback = session.browse(url)
    assert callback is not None and callback.startswith(session.env.redirect_uri)
    assert "code" in _query(callback)
    session.require({"op": "finish_sign_in", "callback_url": callback}, "finish_sign_in")
    pages = [r for r in session.wire() if r.path == "/ppsecure/post.srf"]
    assert len(pages) == (1 if prompt in ("login", "consent", "select_account") else 0)


def test_the_interactive_mode_is_answered_too(session: Session) -> None:
    session.state.settings = session.state.settings.replace(sign_in="interactive")
    session.sign_in()
    assert session.do({"op": "profile"})["ok"]
    assert [r.path for r in session.wire()].count("/ppsecure/post.srf") == 1


def test_the_browser_signs_in_the_user_the_suite_asks_for(session: Session) -> None:
    other = next(u for u in session.env.users if u.id != session.env.default_user_id)
    callback = session.browse(_authorize(session, prompt="select_account"), user_id=other.id)
    assert callback is not None
    session.require({"op": "finish_sign_in", "callback_url": callback}, "finish_sign_in")
    session.require({"op": "profile"}, "profile")
    users = {e.user_id for e in session.journal() if e.path.endswith("/profile")}
    assert users == {other.id}


def test_deny_sends_access_denied_with_the_state(session: Session) -> None:
    url = _authorize(session, prompt="consent")
    callback = session.browse(url, decision="deny")
    assert callback is not None
    assert _query(callback)["error"] == ["access_denied"]
    assert _query(callback)["state"] == _query(url)["state"]


def test_an_error_page_stops_the_browser(session: Session) -> None:
    url = f"{session.env.auth_url}/oauth20_authorize.srf?client_id=nobody"
    assert session.browse(url) is None


def test_an_answer_that_is_not_the_sign_in_form_is_not_read_as_one() -> None:
    request = httpx.Request("GET", "http://mock.test/x")
    html = httpx.Response(200, html="<form id='other'><input type=hidden name=tx></form>")
    html.request = request
    assert read_sign_in_page(html) is None
    text = httpx.Response(200, text="<form id='sign-in' action='/p'></form>", request=request)
    assert read_sign_in_page(text) is None


def test_the_account_a_person_would_pick() -> None:
    page = SignInPage(action="/p", hidden={"tx": "t"}, accounts=["a", "b", "c"], selected="b")
    assert choose_account(page, "c", "a") == "c"
    assert choose_account(page, None, "a") == "b"
    assert choose_account(page, "nobody", "a") == "b"
    page.selected = None
    assert choose_account(page, None, "c") == "c"
    assert choose_account(page, None, "zz") == "a"
    assert choose_account(SignInPage(action="/p"), None, "a") is None
