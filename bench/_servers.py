"""Server processes under test: start, wait for the first 200, read RSS and CPU, stop.

Readiness and start-up are measured with a raw HTTP/1.1 request over a plain socket, so the
probe itself costs next to nothing and imports nothing. Only loopback addresses are used.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

HOST = "127.0.0.1"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerError(RuntimeError):
    """A server that would not start, died, or never answered."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mb_from_status(status_text: str) -> float:
    """VmRSS of a `/proc/PID/status` text, in MiB."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            kib = int(line.split()[1])
            return kib / 1024
    raise ValueError("no VmRSS line (is the process a zombie?)")


def cpu_seconds_from_stat(stat_text: str) -> float:
    """User plus system CPU time of a `/proc/PID/stat` text (all threads), in seconds."""
    # The command name in field 2 may hold spaces and parentheses: split after the last ')'.
    fields = stat_text[stat_text.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / _CLOCK_TICKS


def http_status(port: int, request: bytes, *, timeout_s: float = 2.0) -> int | None:
    """The status of one raw request to 127.0.0.1:port, or None when nothing answers."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout_s) as sock:
            sock.sendall(request)
            head = sock.recv(64)
    except OSError:
        return None
    parts = head.split(b" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    return int(parts[1])


def raw_get(path: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@dataclass
class Server:
    """One server process. Use as a context manager: it is always stopped on exit."""

    name: str
    command: list[str]
    port: int
    cpu: int | None = None
    log_path: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    def start(self) -> Server:
        command = list(self.command)
        if self.cpu is not None and shutil.which("taskset"):
            command = ["taskset", "--cpu-list", str(self.cpu), *command]
        self.started_at = time.perf_counter()
        if self.log_path is None:
            self.process = self._spawn(command, subprocess.DEVNULL)
        else:
            with open(self.log_path, "ab") as log:
                self.process = self._spawn(command, log)
        return self

    def _spawn(self, command: list[str], log: IO[bytes] | int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and scripts
            command,
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **self.env},
        )

    @property
    def pid(self) -> int:
        if self.process is None:
            raise ServerError(f"{self.name} is not started")
        return self.process.pid

    def wait_for(self, request: bytes, *, status: int = 200, timeout_s: float = 20.0) -> float:
        """Poll until `request` gets `status`; the seconds since `start()`.

        ServerError if the process dies, answers with another status for a whole second
        (the endpoint is not there), or is still silent at the deadline.
        """
        deadline = time.perf_counter() + timeout_s
        wrong_since: float | None = None
        while True:
            got = http_status(self.port, request, timeout_s=1.0)
            now = time.perf_counter()
            if got == status:
                return now - self.started_at
            if self.process is not None and self.process.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.process.returncode}")
            if got is not None:
                wrong_since = wrong_since or now
                if now - wrong_since > 1.0:
                    raise ServerError(f"{self.name} answers {got}, not {status}")
            if now > deadline:
                raise ServerError(f"{self.name} gave no {status} within {timeout_s:.0f} s")
            time.sleep(0.002)

    def rss_mb(self) -> float:
        return rss_mb_from_status(Path(f"/proc/{self.pid}/status").read_text())

    def cpu_seconds(self) -> float:
        return cpu_seconds_from_stat(Path(f"/proc/{self.pid}/stat").read_text())

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def __enter__(self) -> Server:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
