"""`groove-mock scenario`, `token` and `journal` through `main([...])`: offline and against a
running mock, and every error as one line on stderr with exit code 2."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock_server import MockState, Settings, TokenKind
from mock_server._server import RunningServer, start_server
from mock_server.cli import _tools as tools
from mock_server.cli import main
from tests.readme_sections import readme_section

WEB_APP, DESKTOP_APP = "000000004C1B7E2A", "000000004C1B7E2B"
ADA, CLEO = "4a1f9c2e7b3d5068", "9e3d6a0f2c7b1845"
SPOTLIGHT = "/1/content/music/spotlight"


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with start_server(Settings(port=0)) as running:
        yield running


@pytest.fixture
def mock(server: RunningServer) -> RunningServer:
    server.control.reset()
    return server


@pytest.fixture(scope="module")
def web() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROOVE_MOCK_URL", raising=False)
    monkeypatch.delenv("GROOVE_MOCK_ADMIN_KEY", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line_error(err: str, text: str, command: str | None) -> None:
    assert err.count("\n") == 1, err
    prefix = f"groove-mock {command}" if command else "groove-mock"
    assert err.startswith(f"{prefix}: error: "), err
    assert text in err


# scenario -------------------------------------------------------------------------------------


def test_scenario_json_offline(capsys: pytest.CaptureFixture[str]):
    code, out, err = _run(capsys, "scenario", "--json", "--port", "9000", "--api-port", "9001")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [app["client_id"] for app in document["apps"]][:2] == [WEB_APP, DESKTOP_APP]
    assert document["default_user"] == ADA
    assert document["urls"]["auth"] == "http://127.0.0.1:9000"
    assert document["urls"]["api"] == "http://127.0.0.1:9001"
    assert document["urls"]["token"] == "http://127.0.0.1:9000/oauth20_token.srf"
    assert document["urls"]["app_token"] == "http://127.0.0.1:9000/accesstoken.srf"


def test_scenario_text_shows_the_demo_credentials(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(capsys, "scenario")
    assert code == 0
    assert "gr00ve+Demo/Secret=" in out
    assert "http://localhost:3000/callback" in out
    assert f"{ADA}  Ada Paid" in out
    assert "NOT enrolled" in out


def test_scenario_of_a_custom_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"users": [{"id": "u1", "name": "U", "email": "u@x"}], "apps": []}))
    code, out, _ = _run(capsys, "scenario", "--json", "--scenario", str(path))
    assert code == 0
    assert [u["id"] for u in json.loads(out)["users"]] == ["u1"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "line 1 column 2: not valid JSON"),
        ('{"users": []}', "apps: must be a list"),
        (
            '{"apps": [], "users": [{"id": "u", "name": "U", "email": "e", "country": "USA"}]}',
            "users[0].country: must be a 2-letter code",
        ),
    ],
)
def test_a_bad_scenario_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = _run(capsys, "scenario", "--scenario", str(path))
    assert (code, out) == (2, "")
    _one_line_error(err, f"{path}: {message}", "scenario")


def test_scenario_of_a_running_mock(mock: RunningServer, capsys: pytest.CaptureFixture[str]):
    mock.control.put_user(CLEO, music_pass=True)
    code, out, _ = _run(capsys, "scenario", "--json", "--url", mock.auth_url)
    assert code == 0
    document = json.loads(out)
    assert document["urls"]["auth"] == mock.auth_url
    assert {u["id"]: u["music_pass"] for u in document["users"]}[CLEO] == "paid"


# token ----------------------------------------------------------------------------------------


def test_an_offline_user_token_works_on_a_mock_with_the_same_key(
    capsys: pytest.CaptureFixture[str],
):
    code, out, _ = _run(capsys, "token", "--user", CLEO, "--signing-key", "shared-key")
    assert code == 0
    token = out.strip()
    assert out.count("\n") == 1
    claims = MockState(Settings(signing_key="shared-key")).tokens.decode(token)
    assert claims is not None
    assert (claims.kind, claims.user_id) == (TokenKind.USER, CLEO)
    assert MockState(Settings(signing_key="another-key")).tokens.decode(token) is None


def test_an_offline_app_token_as_json_with_scope_and_lifetime(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(
        capsys,
        "token",
        "--app",
        DESKTOP_APP,
        "--scope",
        "app.music.xboxlive.com",
        "--lifetime",
        "90",
        "--json",
        "--signing-key",
        "k",
    )
    assert code == 0
    minted = json.loads(out)
    assert (minted["kind"], minted["client_id"], minted["expires_in"]) == ("app", DESKTOP_APP, 90)
    assert minted["scopes"] == ["app.music.xboxlive.com"]


def test_a_default_app_token_and_a_bad_one(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(capsys, "token", "--app", "--json", "--signing-key", "k")
    assert (code, json.loads(out)["client_id"]) == (0, WEB_APP)
    code, out, _ = _run(
        capsys, "token", "--user", "--bad", "expired", "--json", "--signing-key", "k"
    )
    assert code == 0
    assert json.loads(out)["flavor"] == "expired"
    assert json.loads(out)["expires_in"] < 0


def test_a_token_from_a_running_mock_works_there(
    mock: RunningServer, web: httpx.Client, capsys: pytest.CaptureFixture[str]
):
    code, out, _ = _run(capsys, "token", "--user", ADA, "--url", mock.auth_url)
    assert code == 0
    profile = web.get(
        mock.api_url + "/1/user/music/profile", headers={"Authorization": f"Bearer {out.strip()}"}
    )
    assert profile.status_code == 200


def test_the_url_can_come_from_the_environment(
    mock: RunningServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setenv("GROOVE_MOCK_URL", mock.auth_url)
    code, out, _ = _run(capsys, "token", "--app")
    assert code == 0
    assert out.startswith("Eg")


def test_token_asks_the_default_url_as_journal_does(
    mock: RunningServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """No --url, no key: the mock `make serve` starts (http://127.0.0.1:8080, as the README
    says), stood in for by this test's mock."""
    documented = readme_section("Run the mock, and steer it from your tests")
    assert f"`--url` defaults to `$GROOVE_MOCK_URL`, else `{tools.DEFAULT_URL}`" in documented
    monkeypatch.setattr(tools, "DEFAULT_URL", mock.auth_url)
    code, out, _ = _run(capsys, "token", "--app")
    assert code == 0
    assert out.startswith("Eg")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--user", "--url", "http://x", "--signing-key", "k"], "not both"),
        (["--user", "nobody", "--signing-key", "k"], "unknown user 'nobody'"),
        (["--app", "nope", "--signing-key", "k"], "unknown app 'nope'"),
        (["--app", "--client", WEB_APP, "--signing-key", "k"], "--client is for user tokens"),
        (["--user", "--bad", "expired", "--lifetime", "5", "--signing-key", "k"], "--bad takes"),
        (["--user", "--lifetime", "0", "--signing-key", "k"], "lifetime must be between 1"),
        (["--user", "--bad", "stale", "--signing-key", "k"], "invalid choice: 'stale'"),
        (["--signing-key", "k"], "one of the arguments --app --user is required"),
        (["--user", "--app", "--signing-key", "k"], "not allowed with argument"),
    ],
)
def test_token_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
):
    code, out, err = _run(capsys, "token", *argv)
    assert (code, out) == (2, "")
    _one_line_error(err, message, "token")


def test_an_unreachable_mock_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]):
    with start_server(Settings(port=0)) as gone:
        url = gone.auth_url
    code, _, err = _run(capsys, "token", "--user", "--url", url)
    assert code == 2
    _one_line_error(err, f"cannot reach the mock at {url}", "token")


# journal --------------------------------------------------------------------------------------


def test_journal_lines_filters_limit_and_clear(
    mock: RunningServer, web: httpx.Client, capsys: pytest.CaptureFixture[str]
):
    token = mock.control.app_token()
    web.get(mock.api_url + SPOTLIGHT + "?country=US")
    web.get(mock.api_url + SPOTLIGHT, headers={"Authorization": token.authorization})
    web.post(mock.auth_url + "/accesstoken.srf")

    code, out, _ = _run(capsys, "journal", "--url", mock.auth_url)
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 3
    assert re.match(r"#\d+  \d\d:\d\d:\d\d\.\d{3}  api   GET     ", lines[0])
    assert f"{SPOTLIGHT}?country  401  ACCESS_TOKEN_MISSING" in lines[0]
    assert "violations=no-credential" in lines[0]
    assert f"200  kind=app  client={WEB_APP}" in lines[1]
    assert token.token not in out

    code, out, _ = _run(capsys, "journal", "--url", mock.auth_url, "--status", "401", "--json")
    assert [json.loads(line)["path"] for line in out.splitlines()] == [SPOTLIGHT]
    code, out, _ = _run(capsys, "journal", "--url", mock.auth_url, "--limit", "1", "--clear")
    (line,) = out.splitlines()
    assert re.search(r"  auth  POST +/accesstoken\.srf  400", line), line
    assert mock.control.journal() == []


def test_journal_clear_does_not_go_with_follow(capsys: pytest.CaptureFixture[str]):
    code, _, err = _run(capsys, "journal", "--follow", "--clear")
    assert code == 2
    _one_line_error(err, "--clear does not go with --follow", "journal")


def test_journal_of_an_unreachable_mock(capsys: pytest.CaptureFixture[str]):
    code, _, err = _run(capsys, "journal", "--url", "http://127.0.0.1:9")
    assert code == 2
    _one_line_error(err, "cannot reach the mock at http://127.0.0.1:9", "journal")


def test_journal_needs_the_key_when_the_mock_requires_one(capsys: pytest.CaptureFixture[str]):
    # A key that is set is required even on loopback (tests bind 127.0.0.1 only); a mock
    # off loopback requires the key it generates (tests/mock_server/test_server.py).
    with start_server(Settings(port=0, admin_key="journal-test-key-0123456789")) as keyed:
        code, _, err = _run(capsys, "journal", "--url", keyed.auth_url)
        assert code == 2
        _one_line_error(err, "needs the admin key", "journal")
        key = keyed.admin_key
        assert key is not None
        code, _, _ = _run(capsys, "journal", "--url", keyed.auth_url, "--admin-key", key)
        assert code == 0


def test_journal_follow_prints_new_requests_until_the_mock_stops(
    monkeypatch: pytest.MonkeyPatch, web: httpx.Client, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr(tools, "FOLLOW_WAIT", 0.2)
    following = start_server(Settings(port=0))
    web.get(following.api_url + "/1/before")

    def traffic_then_stop() -> None:
        web.get(following.api_url + "/1/during")
        web.get(following.api_url + "/ignored.srf")
        following.stop()

    timer = threading.Timer(0.3, traffic_then_stop)
    timer.start()
    code = main(["journal", "--url", following.auth_url, "--follow", "--path", "/1/", "--json"])
    timer.join()
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [json.loads(line)["path"] for line in out[:-1]] == ["/1/before", "/1/during"]
    assert out[-1] == f"groove-mock: the mock at {following.auth_url} has stopped"


def test_journal_follow_with_a_limit_starts_from_the_newest_and_loses_nothing(
    monkeypatch: pytest.MonkeyPatch, web: httpx.Client, capsys: pytest.CaptureFixture[str]
):
    """`--limit 1` starts from the newest kept entry; every request after it is printed once,
    in order, however many arrive between two polls."""
    monkeypatch.setattr(tools, "FOLLOW_WAIT", 0.2)
    following = start_server(Settings(port=0))
    for name in ("a", "b", "c"):
        web.get(f"{following.api_url}/1/{name}")
    burst = [f"/1/burst-{n}" for n in range(25)]

    def traffic_then_stop() -> None:
        for path in burst:
            web.get(following.api_url + path)
        following.stop()

    timer = threading.Timer(0.3, traffic_then_stop)
    timer.start()
    code = main(["journal", "--url", following.auth_url, "--follow", "--limit", "1", "--json"])
    timer.join()
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [json.loads(line)["path"] for line in out[:-1]] == ["/1/c", *burst]


def test_journal_follow_ends_quietly_on_ctrl_c(
    mock: RunningServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tools.RemoteControl, "tail_journal", interrupted)
    code, out, err = _run(capsys, "journal", "--url", mock.auth_url, "--follow")
    assert (code, out, err) == (0, "", "")


def test_version_and_help(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.startswith("groove-mock ")
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert all(command in out for command in ("serve", "scenario", "token", "journal"))
    code, _, err = _run(capsys)
    assert code == 2
    _one_line_error(err, "the following arguments are required: COMMAND", None)
