"""Every `groove-mock` error is one line, `groove-mock <command>: error: <message>`, exit code
2, whichever check finds it (argparse, a command's own checks, the mock); and `serve` finds a
ready file it cannot write or a JWT key that is not one BEFORE it listens or prints anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from mock_server.cli import _serve as _cli_serve
from mock_server.cli import main

MAKE_A_KEY = "make one with: openssl genrsa -out jwt-key.pem 2048"


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROOVE_MOCK_URL", raising=False)
    monkeypatch.delenv("GROOVE_MOCK_ADMIN_KEY", raising=False)


@pytest.fixture
def never_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` must fail before it binds a port: starting the server fails the test."""

    def listened(*args: object, **kwargs: object) -> None:
        pytest.fail("serve started listening before finding the problem")

    monkeypatch.setattr(_cli_serve, "start_server", listened)


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """The one error line of a failed command (and nothing on stdout)."""
    code = main(argv)
    captured = capsys.readouterr()
    assert (code, captured.out) == (2, "")
    assert captured.err.count("\n") == 1, captured.err
    return captured.err.rstrip("\n")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["serve", "--port", "x"], "groove-mock serve: error: argument --port: not an integer"),
        (["serve", "--bogus"], "groove-mock serve: error: unrecognized arguments: --bogus"),
        (["scenario", "--bogus"], "groove-mock scenario: error: unrecognized arguments: --bogus"),
        (["scenario", "--scenario", "/no/such/scenario.json"], "groove-mock scenario: error: "),
        (["token", "--user", "--signing-key", "k", "--x"], "groove-mock token: error: unrecog"),
        (["token", "--user", "--url", "http://127.0.0.1:9"], "groove-mock token: error: cannot"),
        (["token", "--user", "ghost", "--signing-key", "k"], "groove-mock token: error: unknown"),
        (["journal", "--bogus"], "groove-mock journal: error: unrecognized arguments: --bogus"),
        (["journal", "--url", "http://127.0.0.1:9"], "groove-mock journal: error: cannot reach"),
        ([], "groove-mock: error: the following arguments are required: COMMAND"),
        (["nope"], "groove-mock: error: argument COMMAND: invalid choice: 'nope'"),
    ],
)
def test_every_error_names_its_command_the_same_way(
    capsys: pytest.CaptureFixture[str], argv: list[str], line: str
):
    assert _error(capsys, argv).startswith(line)


# the ready file ------------------------------------------------------------------------------


def test_a_ready_file_in_a_missing_folder_fails_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], never_listens: None
):
    ready = tmp_path / "missing" / "ready.json"
    assert _error(capsys, ["serve", "--port", "0", "--ready-file", str(ready)]) == (
        f"groove-mock serve: error: --ready-file {ready}: cannot write it "
        "(no such file or directory)"
    )


def test_a_ready_file_that_is_a_folder_fails_before_listening(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], never_listens: None
):
    line = _error(capsys, ["serve", "--port", "0", "--ready-file", str(tmp_path)])
    assert line == f"groove-mock serve: error: --ready-file {tmp_path}: is a directory"


# the JWT key ---------------------------------------------------------------------------------


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, password: bytes | None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("command", ["serve", "token"])
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"my-host\n", f"not a PEM RSA private key ({MAKE_A_KEY})"),
        (b"-----BEGIN PRIVATE KEY-----\nnot base64\n", f"not a PEM RSA private key ({MAKE_A_KEY})"),
        ("ec", f"a PEM private key, but not RSA ({MAKE_A_KEY})"),
        ("encrypted", "the key is encrypted; give it without a passphrase"),
    ],
)
def test_a_jwt_key_file_that_is_not_a_plain_rsa_key_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    never_listens: None,
    rsa_key: rsa.RSAPrivateKey,
    command: str,
    content: bytes | str,
    problem: str,
):
    key_file = tmp_path / "key.pem"
    if content == "ec":
        content = _pem(ec.generate_private_key(ec.SECP256R1()), None)
    elif content == "encrypted":
        content = _pem(rsa_key, b"passphrase")
    assert isinstance(content, bytes)
    key_file.write_bytes(content)
    subject = ["--port", "0"] if command == "serve" else ["--user"]
    line = _error(
        capsys,
        [command, *subject, "--token-format", "jwt", "--jwt-key-file", str(key_file)],
    )
    assert line.startswith(f"groove-mock {command}: error: {key_file}: {problem}")


def test_a_missing_jwt_key_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], never_listens: None
):
    key_file = tmp_path / "absent.pem"
    argv = ["serve", "--port", "0", "--token-format", "jwt", "--jwt-key-file", str(key_file)]
    assert _error(capsys, argv) == (
        f"groove-mock serve: error: {key_file}: cannot read the JWT key (no such file or directory)"
    )


def test_a_jwt_key_file_without_the_jwt_format_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rsa_key: rsa.RSAPrivateKey
):
    """An opaque mock would ignore the key and sign with a random one: tokens no other mock
    (or the token command's later runs) could verify."""
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(_pem(rsa_key, None))
    line = _error(capsys, ["token", "--user", "--jwt-key-file", str(key_file)])
    assert line == "groove-mock token: error: --jwt-key-file is for --token-format jwt"


def test_a_plain_rsa_key_file_mints_jwts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rsa_key: rsa.RSAPrivateKey
):
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(_pem(rsa_key, None))
    argv = ["token", "--user", "--token-format", "jwt", "--jwt-key-file", str(key_file)]
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("eyJ")
