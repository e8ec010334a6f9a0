"""Reading /proc, and probing a server with one raw request."""

from __future__ import annotations

import socket
import threading

import pytest

from bench._servers import (
    Server,
    ServerError,
    cpu_seconds_from_stat,
    free_port,
    http_status,
    raw_get,
    rss_mb_from_status,
)

STATUS = "Name:\tpython\nVmPeak:\t  300000 kB\nVmRSS:\t   51200 kB\nThreads:\t2\n"


def test_rss_is_read_in_mib():
    assert rss_mb_from_status(STATUS) == 50.0


def test_a_status_without_rss_is_an_error():
    with pytest.raises(ValueError, match="VmRSS"):
        rss_mb_from_status("Name:\tzombie\nState:\tZ (zombie)\n")


def test_cpu_seconds_survive_a_command_name_with_spaces_and_parentheses():
    ticks = __import__("os").sysconf("SC_CLK_TCK")
    fields = ["S", "1", "1", "1", "0", "-1", "0", "0", "0", "0", "0", str(3 * ticks), str(ticks)]
    stat = f"4242 (groove mock (x)) {' '.join(fields)} 0 0 20 0 2"
    assert cpu_seconds_from_stat(stat) == 4.0


def test_raw_get_is_one_closed_http11_request():
    request = raw_get("/1/x?y=1", {"Authorization": "Bearer t"})
    assert request.startswith(b"GET /1/x?y=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert b"Connection: close\r\n" in request
    assert request.endswith(b"Authorization: Bearer t\r\n\r\n")


def _one_answer(port_holder: list[int], answer: bytes) -> threading.Thread:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port_holder.append(listener.getsockname()[1])

    def serve() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                connection.recv(1024)
                connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize(
    ("answer", "status"),
    [(b"HTTP/1.1 404 Not Found\r\n\r\n", 404), (b"garbage", None), (b"", None)],
)
def test_http_status_reads_the_status_line(answer, status):
    port: list[int] = []
    thread = _one_answer(port, answer)
    assert http_status(port[0], raw_get("/")) == status
    thread.join(timeout=5)


def test_nothing_listening_gives_no_status():
    assert http_status(free_port(), raw_get("/"), timeout_s=0.5) is None


def test_a_server_that_exits_is_reported_at_once():
    port = free_port()
    quitter = Server("quitter", ["python3", "-c", "raise SystemExit(3)"], port)
    with quitter as server, pytest.raises(ServerError, match="exited with 3"):
        server.wait_for(raw_get("/"), timeout_s=10)
