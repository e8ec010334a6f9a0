"""`GET /_mock/ui`: the journal inspector, rendered by the server (the script is tested in a
browser, test_pages_in_browser.py)."""

from __future__ import annotations

import re

import httpx
import pytest
from pages_support import pages_client
from starlette.datastructures import QueryParams

from mock_server import MockState
from mock_server._journal import JournalEntry
from mock_server.pages._inspector import Filters, violation_rules

DEMO_APP = "000000004C1B7E2A"
DEMO_SECRET = "gr00ve+Demo/Secret="
SEARCH = "/1/content/music/search"


def _app_token(client: httpx.Client) -> str:
    answer = client.post(
        "/accesstoken.srf",
        data={
            "grant_type": "client_credentials",
            "client_id": DEMO_APP,
            "client_secret": DEMO_SECRET,
            "scope": "app.music.xboxlive.com",
        },
    )
    assert answer.status_code == 200
    token: str = answer.json()["access_token"]
    return token


def _rows(page: str) -> list[str]:
    return re.findall(r'<li class="entry[^"]*" id="entry-(\d+)"', page)


def test_rows_newest_first_with_violation_rule_and_fix(client: httpx.Client):
    token = _app_token(client)
    client.get(SEARCH, params={"q": "adele"}, headers={"Authorization": f"Bearer {token}"})
    client.get(SEARCH, params={"q": "adele", "accessToken": f"Bearer {token}"})
    page = client.get("/_mock/ui")
    assert page.status_code == 200
    assert _rows(page.text) == ["3", "2", "1"]
    flagged = page.text.split('id="entry-3"', 1)[1].split("</li></ul></li>", 1)[0]
    assert "violated" in page.text.split('id="entry-3"', 1)[0].rsplit("<li", 1)[1]
    assert "GC-CRED-002" in flagged
    assert "Send &#x27;Authorization: Bearer &lt;access_token&gt;&#x27;" in flagged
    assert "credential-not-in-header" in flagged


def test_no_token_or_secret_in_clear(client: httpx.Client):
    token = _app_token(client)
    client.get(SEARCH, params={"q": "x"}, headers={"Authorization": f"Bearer {token}"})
    page = client.get("/_mock/ui").text
    assert token not in page
    assert DEMO_SECRET not in page
    assert "Decoded token claims" in page  # the claims of the verified token, by fingerprint
    assert "app.music.xboxlive.com" in page


def test_request_values_are_escaped(client: httpx.Client):
    client.get("/1/<script>alert(1)</script>", params={"<b>": "1"})
    page = client.get("/_mock/ui").text
    assert "<script>alert" not in page
    assert "/1/&lt;script&gt;alert(1)&lt;/script&gt;?&lt;b&gt;" in page


def test_data_for_the_script_cannot_close_its_tag(client: httpx.Client):
    config = client.get("/_mock/ui").text.split('id="inspector-config">', 1)[1]
    assert "</script>" in config
    assert "<" not in config.split("</script>", 1)[0]


def test_filters_from_the_form_hide_the_other_rows(client: httpx.Client):
    token = _app_token(client)
    client.get(SEARCH, params={"q": "x", "accessToken": f"Bearer {token}"})
    client.get("/oauth20_desktop.srf")
    page = client.get("/_mock/ui", params={"violation": "any"}).text
    hidden = re.findall(r'id="entry-(\d+)"[^>]*hidden>', page)
    assert hidden == ["3", "1"]
    assert '<option value="any" selected>' in page
    assert "1 of 3" in page


@pytest.mark.parametrize(
    ("query", "status", "violations", "path", "kept"),
    [
        ({}, 200, [], "/x", True),
        ({"status": "4xx"}, 401, [], "/x", True),
        ({"status": "4xx"}, 200, [], "/x", False),
        ({"status": "401"}, 401, [], "/x", True),
        ({"status": "401"}, 403, [], "/x", False),
        ({"status": "dropped"}, 0, [], "/x", True),
        ({"status": "teapot"}, 200, [], "/x", True),  # not a status filter: ignored
        ({"violation": "any"}, 200, [], "/x", False),
        ({"violation": "any"}, 200, ["no-credential"], "/x", True),
        ({"violation": "no-credential"}, 200, ["unknown-token"], "/x", False),
        ({"path": "/1/CONTENT"}, 200, [], "/1/content/x", True),
        ({"path": "/1/user"}, 200, [], "/1/content/x", False),
    ],
)
def test_filters(query, status, violations, path, kept):
    entry = JournalEntry(seq=1, time=0.0, method="GET", path=path, query_names=())
    entry.status = status
    entry.violations = list(violations)
    assert Filters.of(QueryParams(query)).keeps(entry) is kept


def test_every_violation_the_mock_records_names_its_rule():
    from mock_server.auth import Violation

    rules = violation_rules()
    assert rules["credential-not-in-header"]["rule"] == "GC-CRED-002"
    assert {v.value for v in Violation} & set(rules)
    assert all(rule["fix"] for rule in rules.values())


def test_entry_detail_and_side_panel(state: MockState, client: httpx.Client):
    client.get("/oauth20_desktop.srf")
    detail = client.get("/_mock/ui/entries/1")
    assert detail.status_code == 200
    assert "<dt>Request</dt><dd>GET /oauth20_desktop.srf</dd>" in detail.text
    assert client.get("/_mock/ui/entries/99").status_code == 404
    client.post("/_mock/faults", json={"path": "/1/*", "error": "SERVICE_UNAVAILABLE"})
    client.post("/_mock/clock/freeze", json={})
    side = client.get("/_mock/ui/side").text
    assert "SERVICE_UNAVAILABLE" in side
    assert "(frozen)" in side


def test_script_is_served_by_the_mock(client: httpx.Client):
    script = client.get("/_mock/ui/inspector.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "/_mock/journal/tail" in script.text
    page = client.get("/_mock/ui").text
    assert '<script src="/_mock/ui/inspector.js" defer></script>' in page
    assert "http://" not in re.sub(r'(href|value)="http://127\.0\.0\.1:8080[^"]*"', "", page)


def test_inspector_is_under_the_control_plane_access(remote_settings):
    with pages_client(MockState(remote_settings)) as http:
        assert http.get("/_mock/ui").status_code == 401
        assert http.get("/_mock/ui/inspector.js").status_code == 401
        assert http.get("/_mock/ui", headers={"X-Admin-Key": "k" * 24}).status_code == 200
