"""The pages in a real browser (headless Chromium through Playwright), used as a person would:
the mock on 127.0.0.1 (port 0), the browser clicking, choosing and typing.

Every test here is a browser test, so they share one browser (`module_browser`). Each test
asks for `served` before `page`: the page (and the inspector's long-poll) closes
first, so the server stops at once."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from mock_server._server import RunningServer
from tests.browser_support import PHONE, screenshot

DEMO_APP = "000000004C1B7E2A"
DEMO_SECRET = "gr00ve+Demo/Secret="
WEB_CALLBACK = "http://localhost:3000/callback"
SEARCH = "/1/content/music/search"


@pytest.fixture
def browser(module_browser: Browser) -> Browser:
    return module_browser


def _app_token(server: RunningServer) -> str:
    answer = httpx.post(
        server.auth_url + "/accesstoken.srf",
        data={
            "grant_type": "client_credentials",
            "client_id": DEMO_APP,
            "client_secret": DEMO_SECRET,
            "scope": "app.music.xboxlive.com",
        },
    )
    token: str = answer.json()["access_token"]
    return token


def test_sign_in_page_pick_a_user_consent_land_on_the_callback(served, page: Page):
    """The web app's own callback (localhost:3000) is played by the browser's router: the
    page under test is the mock's, the landing is where the app would read its code."""
    landed: list[str] = []

    def app_callback(route: Route) -> None:
        landed.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<h1>The app's callback</h1>")

    page.route(re.compile("^" + re.escape(WEB_CALLBACK)), app_callback)
    query = (
        f"client_id={DEMO_APP}&response_type=code&redirect_uri={WEB_CALLBACK}"
        "&scope=MicrosoftMediaServices.GrooveApiAccess&state=s-123456789abcdef&prompt=consent"
    )
    page.goto(f"{served.auth_url}/oauth20_authorize.srf?{query}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Demo web player")
    page.get_by_label("Ben Trial").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The app's callback")
    assert len(landed) == 1
    assert re.search(r"[?&]code=[^&]+", landed[0])
    assert "state=s-123456789abcdef" in landed[0]
    (decision,) = served.state.journal.query(path="/ppsecure/post.srf$")
    assert decision.user_id == "7c2e0b9d41f8a356"


def test_sign_in_page_works_from_the_keyboard(served, page: Page):
    page.route(
        re.compile("^" + re.escape(WEB_CALLBACK)),
        lambda route: route.fulfill(status=200, body="back"),
    )
    query = (
        f"client_id={DEMO_APP}&response_type=code&redirect_uri={WEB_CALLBACK}"
        "&scope=MicrosoftMediaServices.GrooveApiAccess&state=s-123456789abcdef&prompt=consent"
    )
    page.goto(f"{served.auth_url}/oauth20_authorize.srf?{query}")
    page.get_by_label("Ada Paid").focus()
    page.keyboard.press("ArrowDown")  # radio group: the next account
    expect(page.get_by_label("Ben Trial")).to_be_checked()
    page.keyboard.press("Tab")  # out of the group, on to Accept
    page.keyboard.press("Tab")  # Deny
    expect(page.get_by_role("button", name="Deny")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("^" + re.escape(WEB_CALLBACK) + r"\?error=access_denied"))


def test_landing_page_sign_in_link_end_to_end(served, page: Page):
    page.goto(served.auth_url + "/")
    expect(page).to_have_title("groove-mock")
    expect(page.get_by_text(DEMO_SECRET)).to_be_visible()  # loopback: shown, as the banner does
    screenshot(page, "landing")
    page.get_by_role("link", name="Sign in as a user").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Demo web player")
    page.get_by_label("Cleo Free").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed in")
    expect(page.locator("#signed-in-user")).to_contain_text("Cleo Free")
    rows = page.locator("#tokens tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("user")
    expect(rows.nth(1)).to_contain_text("(in 59 min)")  # expiry by the mock clock
    expect(rows.nth(2)).to_contain_text("refresh")
    shown = page.locator("code.fingerprint").all_inner_texts()
    known = served.state.tokens.claims_by_fingerprint()
    assert {known[p].user_id for p in shown[1:]} == {"9e3d6a0f2c7b1845"}
    assert "EwA" not in page.content()
    screenshot(page, "signed-in")


def test_inspector_shows_a_request_made_after_it_opened(served, page: Page):
    token = _app_token(served)
    page.goto(served.auth_url + "/_mock/ui")
    expect(page.locator("#live")).to_contain_text("Live")
    before = page.locator("#entries > li").count()
    httpx.get(
        served.auth_url + SEARCH,
        params={"q": "adele", "accessToken": f"Bearer {token}"},
    )
    newest = page.locator("#entries > li").first
    expect(newest).to_contain_text(SEARCH)
    expect(page.locator("#entries > li")).to_have_count(before + 1)
    expect(newest).to_have_class(re.compile(r"\bviolated\b"))
    expect(newest.locator(".violations")).to_contain_text("GC-CRED-002")
    expect(newest.locator(".violations")).to_contain_text("Fix: Send 'Authorization: Bearer")
    newest.locator("summary").focus()  # from the keyboard: a row is a <details>
    page.keyboard.press("Enter")
    expect(newest.locator(".detail")).to_contain_text("Decoded token claims")
    expect(newest.locator(".detail")).to_contain_text("app.music.xboxlive.com")
    assert token not in page.content()
    screenshot(page, "inspector")


def test_inspector_filters_as_you_choose(served, page: Page):
    token = _app_token(served)
    bearer = {"Authorization": f"Bearer {token}"}
    httpx.get(served.auth_url + SEARCH, params={"q": "a"}, headers=bearer)
    page.goto(served.auth_url + "/_mock/ui")
    expect(page.locator("#live")).to_contain_text("Live")
    httpx.get(served.auth_url + SEARCH, params={"q": "b", "accessToken": f"Bearer {token}"})
    expect(page.locator("#entries > li")).to_have_count(3)
    page.get_by_label("Violation", exact=True).select_option("any")
    expect(page.locator("#entries > li:visible")).to_have_count(1)
    expect(page.locator("#entries > li:visible")).to_contain_text("GC-CRED-002")
    assert "violation=any" in page.url
    page.get_by_label("Violation", exact=True).select_option("")
    page.get_by_label("Path starts with").fill("/accesstoken")
    expect(page.locator("#entries > li:visible")).to_have_count(1)
    expect(page.locator("#entries > li:visible")).to_contain_text("POST")


def test_inspector_side_panel_and_phone_width(served, page: Page):
    page.set_viewport_size(PHONE)
    served.control.freeze()
    page.goto(served.auth_url + "/_mock/ui")
    expect(page.locator("#side")).to_contain_text("(frozen)")
    served.control.inject(path="/1/*", error="SERVICE_UNAVAILABLE")
    httpx.get(served.auth_url + "/oauth20_desktop.srf")  # a new entry refreshes the panel
    expect(page.locator("#side")).to_contain_text("SERVICE_UNAVAILABLE")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone: no sideways scrolling


def test_inspector_without_script_still_lists_and_filters(browser, served):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        token = _app_token(served)
        httpx.get(served.auth_url + SEARCH, params={"q": "b", "accessToken": f"Bearer {token}"})
        page.goto(served.auth_url + "/_mock/ui")
        expect(page.locator("#entries > li")).to_have_count(2)
        page.get_by_label("Violation", exact=True).select_option("any")
        page.get_by_role("button", name="Filter").click()
        expect(page.locator("#entries > li:visible")).to_have_count(1)
        page.locator("#entries > li:visible summary").click()
        expect(page.locator("#entries > li:visible .detail")).to_contain_text("Token kind")
    finally:
        context.close()


def test_landing_page_at_phone_width(served, page: Page):
    page.set_viewport_size(PHONE)
    page.goto(served.auth_url + "/")
    expect(page.get_by_role("link", name="Sign in as a user").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # wide tables scroll in their own box, the page does not
