"""The request journal through the control plane: filters, limit, clear and the cursor that
`journal --follow` reads by, both ways in, plus the HTTP API's refusals."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from mock_server import JournalEntry, MockState
from mock_server.control import Control
from mock_server.control._errors import ControlError

WEB_APP = "000000004C1B7E2A"
ADA = "4a1f9c2e7b3d5068"


def _traffic(http: httpx.Client, control: Control) -> str:
    """Four requests: no token, a user token, an app token, and an auth-side call."""
    user = control.user_token(ADA)
    app = control.app_token(WEB_APP)
    http.get("/1/content/music/spotlight?country=US&language=en")
    http.get("/1/user/music/profile", headers={"Authorization": user.authorization})
    http.get("/1/content/music/spotlight", headers={"Authorization": app.authorization})
    http.post("/accesstoken.srf", data={"grant_type": "client_credentials"})
    return user.token


def test_the_journal_lists_requests_oldest_first(control: Control, http: httpx.Client):
    _traffic(http, control)
    entries = control.journal()
    assert [e.path for e in entries] == [
        "/1/content/music/spotlight",
        "/1/user/music/profile",
        "/1/content/music/spotlight",
        "/accesstoken.srf",
    ]
    assert all(isinstance(e, JournalEntry) for e in entries)
    assert entries[0].query_names == ("country", "language")
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)


def test_entries_never_hold_a_token_in_clear(control: Control, http: httpx.Client):
    token = _traffic(http, control)
    as_text = repr([e.to_json() for e in control.journal()])
    assert token not in as_text
    profile = control.journal(path="/1/user/music/profile$")[0]
    assert profile.token_fingerprint is not None
    assert profile.token_fingerprint not in token


@pytest.mark.parametrize(
    ("filters", "paths"),
    [
        ({"path": "/1/"}, ["spotlight", "profile", "spotlight"]),
        ({"path": "/1/CONTENT/music/spotlight$"}, ["spotlight", "spotlight"]),
        ({"path": "/1/content/music/spot$"}, []),
        ({"method": "post"}, ["accesstoken.srf"]),
        ({"side": "auth"}, ["accesstoken.srf"]),
        ({"token_kind": "app"}, ["spotlight"]),
        ({"user_id": ADA}, ["profile"]),
        ({"client_id": WEB_APP, "token_kind": "user"}, ["profile"]),
        ({"violation": "no-credential"}, ["spotlight"]),
        ({"error_code": "ACCESS_TOKEN_MISSING"}, ["spotlight"]),
        ({"status": 401, "path": "/1/"}, ["spotlight"]),
    ],
)
def test_journal_filters(
    control: Control, http: httpx.Client, filters: dict[str, object], paths: list[str]
):
    _traffic(http, control)
    found = control.journal(**filters)  # type: ignore[arg-type]
    assert [e.path.rsplit("/", 1)[-1] for e in found] == paths


def test_since_and_limit(control: Control, http: httpx.Client):
    _traffic(http, control)
    first, second, *_ = control.journal()
    assert [e.seq for e in control.journal(since=second.seq)] == [
        e.seq for e in control.journal()[2:]
    ]
    newest = control.journal(limit=2)
    assert [e.seq for e in newest] == [e.seq for e in control.journal()[-2:]]
    assert control.journal(since=first.seq, limit=1)[0].path == "/accesstoken.srf"


def test_clear_empties_the_journal(control: Control, http: httpx.Client):
    _traffic(http, control)
    assert control.clear_journal() == 4
    assert control.journal() == []
    http.get("/1/x")
    assert len(control.journal()) == 1


def test_control_requests_are_not_journaled(control: Control, http: httpx.Client):
    control.status()
    control.journal()
    http.get("/_mock/health")
    assert control.journal() == []


def test_violations_lists_only_entries_that_broke_a_rule(control: Control, http: httpx.Client):
    _traffic(http, control)
    assert [e.violations for e in control.violations()] == [["no-credential"]]


def test_tail_reads_each_entry_once_by_cursor(control: Control, http: httpx.Client):
    http.get("/1/a")
    page = control.tail_journal()
    assert [e.path for e in page.entries] == ["/1/a"]
    http.get("/1/b")
    http.get("/1/c")
    page = control.tail_journal(page.cursor)
    assert [e.path for e in page.entries] == ["/1/b", "/1/c"]
    again = control.tail_journal(page.cursor)
    assert (again.entries, again.cursor) == ([], page.cursor)


def test_tail_filters_but_still_moves_the_cursor_past_other_entries(
    control: Control, http: httpx.Client
):
    http.get("/1/a")
    http.post("/accesstoken.srf")
    page = control.tail_journal(side="auth")
    assert [e.path for e in page.entries] == ["/accesstoken.srf"]
    assert control.tail_journal(page.cursor, side="auth").entries == []


def test_tail_waits_for_the_next_entry(control: Control, http: httpx.Client):
    cursor = control.tail_journal().cursor
    timer = threading.Timer(0.1, lambda: http.get("/1/later"))
    timer.start()
    started = time.perf_counter()
    page = control.tail_journal(cursor, wait=5)
    timer.join()
    assert [e.path for e in page.entries] == ["/1/later"]
    assert time.perf_counter() - started < 4


def test_tail_gives_up_after_wait(control: Control):
    started = time.perf_counter()
    page = control.tail_journal(control.tail_journal().cursor, wait=0.1)
    assert page.entries == []
    assert 0.1 <= time.perf_counter() - started < 2


def test_the_cursor_does_not_miss_a_slow_request_that_started_first(state: MockState):
    """Sequence numbers are taken at the start of a request, entries appended at its answer:
    the cursor follows the appends, so a slow request is still read once."""
    journal = state.journal
    slow = JournalEntry(seq=journal.next_seq(), time=0, method="GET", path="/slow", query_names=())
    fast = JournalEntry(seq=journal.next_seq(), time=0, method="GET", path="/fast", query_names=())
    journal.append(fast)
    entries, cursor = journal.read_after(0)
    assert [e.path for e in entries] == ["/fast"]
    journal.append(slow)
    entries, cursor = journal.read_after(cursor)
    assert [e.path for e in entries] == ["/slow"]
    journal.clear()
    assert journal.read_after(cursor) == ([], cursor)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"status": "abc"}, "status must be an integer"),
        ({"status": 1000}, "status must be between 0 and 599"),
        ({"since": -1}, "since must be between 0"),
        ({"limit": 0}, "limit must be between 1"),
        ({"side": "control"}, "side must be one of api, auth"),
        ({"path": ""}, "path must be a non-empty string"),
    ],
)
def test_bad_filters_are_refused(control: Control, bad: dict[str, object], message: str):
    with pytest.raises(ControlError, match=message):
        control.journal(**bad)  # type: ignore[arg-type]


def test_the_http_journal_refuses_unknown_and_repeated_parameters(http: httpx.Client):
    unknown = http.get("/_mock/journal", params={"stauts": "401"})
    assert unknown.status_code == 400
    assert "unknown field 'stauts'" in unknown.json()["message"]
    repeated = http.get("/_mock/journal?status=401&status=200")
    assert repeated.status_code == 400
    assert "given more than once" in repeated.json()["message"]
    bad_cursor = http.get("/_mock/journal/tail", params={"cursor": "x"})
    assert (bad_cursor.status_code, bad_cursor.json()["error"]) == (400, "bad_request")
    too_long = http.get("/_mock/journal/tail", params={"wait": "61"})
    assert too_long.status_code == 400


def test_the_http_journal_shapes(http: httpx.Client):
    http.get("/1/x?q=1")
    listed = http.get("/_mock/journal", params={"path": "/1/"})
    assert listed.status_code == 200
    assert listed.headers["Cache-Control"] == "no-store"
    (entry,) = listed.json()
    assert {"seq", "path", "status", "error_code", "fault", "violations"} <= set(entry)
    tail = http.get("/_mock/journal/tail").json()
    assert set(tail) == {"cursor", "entries", "closed"}
    assert http.delete("/_mock/journal").json() == {"cleared": 1}


def test_tail_with_a_limit_pages_oldest_first_and_loses_nothing(
    control: Control, http: httpx.Client
):
    """A follower paging with `limit` reads every entry once: the cursor stops right after
    the last entry it was given, never past ones it was not."""
    for name in ("a", "b", "c", "d", "e"):
        http.get(f"/1/{name}")
    read: list[str] = []
    cursor = 0
    for _ in range(5):
        page = control.tail_journal(cursor, limit=2)
        read += [entry.path for entry in page.entries]
        cursor = page.cursor
    assert read == ["/1/a", "/1/b", "/1/c", "/1/d", "/1/e"]
    assert control.tail_journal(cursor, limit=2).entries == []


def test_tail_with_a_limit_and_a_filter_resumes_after_the_last_match(
    control: Control, http: httpx.Client
):
    http.post("/accesstoken.srf")
    http.get("/1/a")
    http.post("/accesstoken.srf")
    http.get("/1/b")
    first = control.tail_journal(limit=1, side="api")
    assert [e.path for e in first.entries] == ["/1/a"]
    second = control.tail_journal(first.cursor, limit=1, side="api")
    assert [e.path for e in second.entries] == ["/1/b"]
    assert control.tail_journal(second.cursor, side="api").entries == []


def test_the_http_tail_limit_returns_the_oldest_new_entries(http: httpx.Client):
    for name in ("a", "b", "c"):
        http.get(f"/1/{name}")
    page = http.get("/_mock/journal/tail", params={"cursor": 0, "limit": 1}).json()
    assert [e["path"] for e in page["entries"]] == ["/1/a"]
    rest = http.get("/_mock/journal/tail", params={"cursor": page["cursor"]}).json()
    assert [e["path"] for e in rest["entries"]] == ["/1/b", "/1/c"]
