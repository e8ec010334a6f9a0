"""A mock served by `groove-mock serve` in its own process on 127.0.0.1, and a raw HTTP/1.1
client over sockets: what the wire fuzzer, the soak and the Schemathesis run share.

The server runs apart so that its memory (RSS, from /proc) is its own, and so that a client
sending malformed bytes meets uvicorn's parser, not an in-process transport.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVE = [sys.executable, "-c", "from mock_server.cli import main; raise SystemExit(main())"]
READ_TIMEOUT = 10.0


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    port: int

    def rss_kib(self) -> int:
        """The server's resident memory in KiB (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


@contextmanager
def served(folder: Path, *args: str, timeout: float = 60.0) -> Iterator[Served]:
    """`groove-mock serve --port 0` on 127.0.0.1 with `args`, stopped (SIGTERM) on exit."""
    ready, log = folder / "ready.json", folder / "serve.log"
    with log.open("wb") as errors:
        # A file, not a pipe: a server logging more than a pipe holds would block on it.
        process = subprocess.Popen(
            [
                *SERVE,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--ready-file",
                str(ready),
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start: {log.read_text()[-2000:]}")
            time.sleep(0.05)
        url = json.loads(ready.read_text())["urls"]["auth"]
        yield Served(process, url, int(url.rsplit(":", 1)[1]))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Answer:
    status: int  # 0: the server closed without an answer; -1: no answer in time (a hang)
    headers: dict[bytes, bytes]
    body: bytes


class RawClient:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.sock: socket.socket | None = None
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def send(self, data: bytes, *, fresh: bool = False) -> Answer:
        if fresh:
            self.close()
        for attempt in (0, 1):
            if self.sock is None:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=READ_TIMEOUT)
            try:
                self.sock.sendall(data)
                return self._read(head_only=data.startswith(b"HEAD "))
            except (ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt:
                    return Answer(0, {}, b"")
            except TimeoutError:
                self.close()
                return Answer(-1, {}, b"")
        return Answer(0, {}, b"")

    def _fill(self) -> bool:
        assert self.sock is not None
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def _read(self, *, head_only: bool = False) -> Answer:
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                self.close()
                return Answer(0, {}, b"")
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if head_only or status in (204, 304) or 100 <= status < 200:
            body = b""
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = self._chunked()
        else:
            size = int(headers.get(b"content-length", b"0"))
            while len(self.buffer) < size:
                if not self._fill():
                    break
            body, self.buffer = self.buffer[:size], self.buffer[size:]
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return Answer(status, headers, body)

    def _chunked(self) -> bytes:
        body = b""
        while True:
            while b"\r\n" not in self.buffer:
                if not self._fill():
                    return body
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            size = int(line.split(b";")[0], 16)
            while len(self.buffer) < size + 2:
                if not self._fill():
                    return body
            body += self.buffer[:size]
            self.buffer = self.buffer[size + 2 :]
            if size == 0:
                return body


def request(
    method: str,
    target: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bytes:
    """A well-formed HTTP/1.1 request."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
