"""`start_server(tls=True)`: https with a certificate of a CA made for the server, https URLs
handed out, the CA's files removed at stop."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from mock_server import Settings
from mock_server._server import start_server
from mock_server._tls import LocalCA


def test_the_mock_serves_https_that_only_its_ca_opens() -> None:
    with start_server(Settings(port=0), tls=True) as server:
        assert server.ca_file is not None
        ca = Path(server.ca_file)
        assert server.auth_url.startswith("https://127.0.0.1:")
        assert server.state.settings.public_auth_url == server.auth_url
        trusted = ssl.create_default_context(cafile=server.ca_file)
        with httpx.Client(verify=trusted) as http:
            assert http.get(f"{server.auth_url}/_mock/health").status_code == 200
        with (
            httpx.Client(verify=ssl.create_default_context()) as http,
            pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
        ):
            http.get(f"{server.auth_url}/_mock/health")
    assert not ca.exists()
    assert not ca.parent.exists()


def test_without_tls_nothing_changes() -> None:
    with start_server(Settings(port=0)) as server:
        assert server.ca_file is None
        assert server.auth_url.startswith("http://127.0.0.1:")


def test_the_local_ca_keeps_its_key_private_and_names_loopback() -> None:
    authority = LocalCA()
    try:
        assert authority.key_file.stat().st_mode & 0o077 == 0
        assert authority.directory.stat().st_mode & 0o077 == 0
        assert authority.cert_file.read_text().startswith("-----BEGIN CERTIFICATE-----")
        # What the server's certificate names: the loopback names a client may use.
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(authority.cert_file.read_bytes())
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "::1"}
        assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    finally:
        authority.close()
    assert not authority.directory.exists()
