"""The suite's browser: it follows the mock's redirects and answers its sign-in page as a person
would, so a client may send any legal `prompt` (`login`, `consent`, `select_account`, none).

The mock shows its page for those prompts (docs/contract/auth.md A7, I1-I4): a form with a
hidden, signed transaction handle, a radio button per account and Accept / Deny buttons. The
browser reads the form, picks an account (the one the suite wants, else the one the page
pre-selected, else the scenario's default user), presses a button, and carries on with the
redirect that follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

MAX_HOPS = 6
"""Redirects and pages one sign-in may take before the browser gives up."""
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(slots=True)
class SignInPage:
    """The mock's interactive page, as a browser sees its form."""

    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    accounts: list[str] = field(default_factory=list)
    selected: str | None = None
    decisions: list[str] = field(default_factory=list)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: SignInPage | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and values.get("id") == "sign-in" and self.page is None:
            self.page = SignInPage(action=values.get("action", ""))
            self._in_form = True
            return
        if not self._in_form or self.page is None:
            return
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.page.hidden[values["name"]] = values.get("value", "")
        elif tag == "input" and values.get("type") == "radio" and values.get("name") == "user_id":
            self.page.accounts.append(values.get("value", ""))
            if "checked" in values:
                self.page.selected = values.get("value", "")
        elif tag == "button" and values.get("name") == "decision":
            self.page.decisions.append(values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def read_sign_in_page(response: httpx.Response) -> SignInPage | None:
    """The sign-in form of a 200 HTML answer, or None when the answer is something else."""
    if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
        return None
    reader = _FormReader()
    reader.feed(response.text)
    page = reader.page
    if page is None or not page.action or "tx" not in page.hidden:
        return None
    page.action = urljoin(str(response.url), page.action)
    return page


def choose_account(page: SignInPage, wanted: str | None, default_user_id: str) -> str | None:
    """The account a person signing in would pick: the one asked for, else the one the page
    offers first (the hinted or SSO user), else the scenario's default user."""
    for candidate in (wanted, page.selected, default_user_id):
        if candidate and candidate in page.accounts:
            return candidate
    return page.accounts[0] if page.accounts else None


def visit(
    browser: httpx.Client,
    url: str,
    *,
    stop_at: str,
    inside: str,
    default_user_id: str,
    user_id: str | None = None,
    decision: str = "accept",
) -> str | None:
    """Follow redirects from `url` and answer sign-in pages, until the browser is sent to a
    URL outside `inside` (the mock) or starting with `stop_at` (the client's redirect URI);
    that URL, or None when the mock stops on an error or a page the browser cannot answer."""
    for _ in range(MAX_HOPS):
        if url.startswith(stop_at) or not url.startswith(inside):
            return url
        response = browser.get(url)
        page = read_sign_in_page(response)
        if page is not None:
            account = choose_account(page, user_id, default_user_id)
            if account is None or decision not in page.decisions:
                return None
            form = {**page.hidden, "user_id": account, "decision": decision}
            response = browser.post(page.action, data=form)
        location = response.headers.get("location")
        if response.status_code not in _REDIRECTS or not location:
            return None
        url = urljoin(str(response.url), location)
    return None
