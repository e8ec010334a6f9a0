"""No silent green: a journal filter naming a violation, an error code or a token kind the mock
never records is refused (exit 2, one line listing the known ones), so the README's CI gate
`journal --violation no-credential | (! grep .)` cannot pass on a misspelt name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mock_server import Settings
from mock_server._known_names import ERROR_CODES, TOKEN_KINDS, VIOLATIONS
from mock_server._server import RunningServer, start_server
from mock_server.cli import main


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with start_server(Settings(port=0)) as running:
        yield running


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROOVE_MOCK_URL", raising=False)
    monkeypatch.delenv("GROOVE_MOCK_ADMIN_KEY", raising=False)


@pytest.mark.parametrize(
    ("flag", "typo", "known", "sample"),
    [
        ("--violation", "no-credentail", VIOLATIONS, "no-credential"),
        ("--error-code", "ACCESS_TOKEN_MISING", ERROR_CODES, "ACCESS_TOKEN_MISSING"),
        ("--token-kind", "ap", TOKEN_KINDS, "app"),
    ],
)
@pytest.mark.parametrize("follow", [False, True], ids=["list", "follow"])
def test_an_unknown_name_is_exit_2_listing_the_known_ones(
    server: RunningServer,
    capsys: pytest.CaptureFixture[str],
    flag: str,
    typo: str,
    known: frozenset[str],
    sample: str,
    follow: bool,
) -> None:
    extra = ["--follow"] if follow else []
    code = main(["journal", "--url", server.auth_url, flag, typo, *extra])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("groove-mock journal: error: ")
    assert f"{typo!r}" in err
    assert all(name in err for name in known)
    assert sample in known


def test_a_known_name_that_matches_nothing_is_still_fine(
    server: RunningServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.control.reset()
    assert main(["journal", "--url", server.auth_url, "--violation", "no-credential"]) == 0
    assert capsys.readouterr().out == ""
