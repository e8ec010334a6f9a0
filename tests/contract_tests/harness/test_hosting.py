"""The suite's socket host never logs a request line (tokens may be in the query string)."""

from __future__ import annotations

import logging

import httpx
import pytest

from contract_tests.harness._hosting import SocketHost
from mock_server import create_app


def test_socket_host_keeps_tokens_out_of_the_logs(caplog: pytest.LogCaptureFixture):
    logging.getLogger("uvicorn.access").disabled = False  # as a fresh process would have it
    host = SocketHost()
    try:
        host.tap.swap(create_app())
        with caplog.at_level(logging.DEBUG, logger="uvicorn.access"):
            logging.getLogger("uvicorn.access").addHandler(caplog.handler)
            try:
                response = httpx.get(
                    host.base_url + "/1/content/music/spotlight?accessToken=Bearer+SECRET-TOKEN"
                )
            finally:
                logging.getLogger("uvicorn.access").removeHandler(caplog.handler)
    finally:
        host.close()
    assert response.status_code == 401  # the request really reached the mock
    assert not [r for r in caplog.records if r.name == "uvicorn.access"]
    server_lines = [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")]
    assert not [line for line in server_lines if "SECRET-TOKEN" in line]
