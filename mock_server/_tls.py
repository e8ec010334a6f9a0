"""A local certificate authority made for one run, so the mock can serve https.

Real OAuth clients refuse plain http (oauthlib without its insecure switch, MSAL, browsers'
secure cookies); with `--tls` they run unchanged, trusting the run's CA through the one
environment variable each reads (`SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`,
`CURL_CA_BUNDLE`).
The CA and the server certificate come from trustme (made for exactly this: a throwaway CA in
tests), valid for 127.0.0.1, ::1 and localhost; the files live in a private temporary folder
that `close()` removes. The CA's key never touches the disk.
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
from pathlib import Path

SERVER_NAMES = ("127.0.0.1", "::1", "localhost")


class LocalCA:
    """The run's CA: `ca_file` (the bundle clients trust), `cert_file` and `key_file` (the
    server's certificate chain and key, for uvicorn)."""

    def __init__(self, *names: str) -> None:
        import trustme

        self.directory = Path(tempfile.mkdtemp(prefix="groove-mock-tls-"))
        authority = trustme.CA(organization_name="groove-mock local CA (this run only)")
        issued = authority.issue_cert(*(names or SERVER_NAMES))
        self.ca_file = self.directory / "ca.pem"
        self.cert_file = self.directory / "server.pem"
        self.key_file = self.directory / "server-key.pem"
        authority.cert_pem.write_to_path(str(self.ca_file))
        issued.cert_chain_pems[0].write_to_path(str(self.cert_file))
        for extra in issued.cert_chain_pems[1:]:
            extra.write_to_path(str(self.cert_file), append=True)
        issued.private_key_pem.write_to_path(str(self.key_file))
        self.key_file.chmod(0o600)

    def client_context(self) -> ssl.SSLContext:
        """An SSL context trusting this CA only (for the suite's own requests)."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
