"""The files `serve` and `token` flags name: the JWT key, read and checked before anything
starts, and `serve`'s ready file, checked before listening, written once listening and removed
at stop.

Each problem is a `CliError`: one line that names the file and says what to do.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from .._settings import Settings
from ._flags import CliError

MAKE_A_KEY = "make one with: openssl genrsa -out jwt-key.pem 2048"


def check_jwt_key_file(settings: Settings) -> None:
    """A `--jwt-key-file` must be an unencrypted PEM RSA private key, and goes with
    `--token-format jwt` only (an opaque mock would ignore it and sign with a random key)."""
    path = settings.jwt_key_file
    if path is None:
        return
    if settings.token_format != "jwt":
        raise CliError("--jwt-key-file is for --token-format jwt")
    # Imported here: cryptography costs a tenth of a second, and opaque mocks never need it.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot read the JWT key ({_reason(exc)})") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:  # cryptography's word for "this key needs a password"
        raise CliError(
            f"{path}: the key is encrypted; give it without a passphrase "
            f"(openssl rsa -in {path} -out jwt-key.pem)"
        ) from None
    except ValueError:
        raise CliError(f"{path}: not a PEM RSA private key ({MAKE_A_KEY})") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CliError(f"{path}: a PEM private key, but not RSA ({MAKE_A_KEY})")


class ReadyFile:
    """`serve --ready-file`: JSON that scripts poll for. It exists only while the mock serves:
    a file left by an earlier run must never read as "ready" to the next one."""

    def __init__(self, path: Path):
        self.path = path
        self._temporary = path.with_name(path.name + ".tmp")

    def prepare(self) -> None:
        """Before listening: remove a stale file and prove the folder takes ours."""
        try:
            if self.path.is_dir():
                raise CliError(f"--ready-file {self.path}: is a directory")
            self.path.unlink(missing_ok=True)
            self._open_temporary().close()
            self._temporary.unlink()
        except OSError as exc:
            raise CliError(f"--ready-file {self.path}: cannot write it ({_reason(exc)})") from None

    def write(self, document: dict[str, Any]) -> None:
        with self._open_temporary() as file:
            file.write(json.dumps(document, indent=2) + "\n")
        self._temporary.replace(self.path)  # atomic: a poller never reads half of it

    def remove(self) -> None:
        for path in (self._temporary, self.path):
            with contextlib.suppress(OSError):  # gone, or not ours to remove: nothing to signal
                path.unlink(missing_ok=True)

    def _open_temporary(self) -> Any:
        self._temporary.unlink(missing_ok=True)  # a leftover may be someone else's, wider open
        # Owner-only: the file holds the admin key.
        descriptor = os.open(self._temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        return os.fdopen(descriptor, "w", encoding="utf-8")


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
