"""An adapter process: started in a session of its own, written to without blocking, its stderr
kept, and ended with its whole process group (a shell's or a test runner's children too)."""

from __future__ import annotations

import contextlib
import os
import select
import shlex
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping
from pathlib import Path

STDERR_LINES = 200
"""How much of the adapter's stderr a rule's report keeps (the end of it)."""
TERM_GRACE = 1.0
"""Seconds between SIGTERM to the group and SIGKILL."""


class StartError(Exception):
    """The command could not be started at all; `str()` is one line."""


class StopReading(Exception):
    """The adapter no longer reads its stdin (or it is closed)."""


def split_command(command: str) -> list[str]:
    """`node my-adapter.js` as argv (POSIX shell words, no shell: `sh -c '…'` when one is
    needed). An empty or badly quoted command is a `StartError`."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise StartError(f"cannot read the command {command!r}: {exc}") from None
    if not argv:
        raise StartError("the command is empty")
    return argv


class AdapterProcess:
    """The running command, with stdin, stdout and stderr as pipes."""

    def __init__(self, command: str, env: Mapping[str, str] | None = None) -> None:
        argv = split_command(command)
        try:
            self._popen = subprocess.Popen(  # noqa: S603 - the user's own adapter command
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=dict(env) if env is not None else None,
                start_new_session=True,  # its own process group: ended as a whole
            )
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StartError(f"cannot start {argv[0]!r}: {reason}") from None
        self.pid = self._popen.pid
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES)
        assert self._popen.stdin is not None
        self._stdin_fd = self._popen.stdin.fileno()
        os.set_blocking(self._stdin_fd, False)
        self._write_lock = threading.Lock()
        self._stderr_thread = threading.Thread(
            target=self._keep_stderr, name=f"groove-adapter-stderr:{self.pid}", daemon=True
        )
        self._stderr_thread.start()

    def readline(self, limit: int) -> bytes:
        assert self._popen.stdout is not None
        return self._popen.stdout.readline(limit)

    def write(self, data: bytes, timeout: float) -> None:
        """Write all of `data` within `timeout` s, or raise `StopReading`: an adapter that
        does not read its input cannot block the suite."""
        deadline = time.monotonic() + timeout
        with self._write_lock:
            view = memoryview(data)
            while view:
                try:
                    written = os.write(self._stdin_fd, view)
                except BlockingIOError:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise StopReading(f"it read none of its input for {timeout:g} s") from None
                    select.select([], [self._stdin_fd], [], remaining)
                    continue
                except (BrokenPipeError, ValueError, OSError):
                    raise StopReading("it closed its input") from None
                view = view[written:]

    def close_stdin(self) -> None:
        with self._write_lock, contextlib.suppress(OSError):
            if self._popen.stdin is not None:
                self._popen.stdin.close()

    def wait(self, timeout: float) -> int | None:
        """The exit code, or None if it is still running after `timeout` s."""
        try:
            return self._popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    @property
    def returncode(self) -> int | None:
        return self._popen.poll()

    def end_group(self) -> bool:
        """End the process and everything it started in its group: SIGTERM, then SIGKILL.
        True if anything of the group was still running (besides the leader's own exit)."""
        leader_ran = self.returncode is None
        found = leader_ran or group_alive(self.pid)
        if found:
            _signal_group(self.pid, signal.SIGTERM)
            if self.wait(TERM_GRACE) is None or _linger(self.pid, TERM_GRACE):
                _signal_group(self.pid, signal.SIGKILL)
                self.wait(TERM_GRACE)
        for stream in (self._popen.stdout, self._popen.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.close_stdin()
        self._stderr_thread.join(TERM_GRACE)
        return found

    def stderr_text(self) -> str:
        return "".join(self._stderr)

    def _keep_stderr(self) -> None:
        stream = self._popen.stderr
        assert stream is not None
        with contextlib.suppress(OSError, ValueError):
            for raw in iter(lambda: stream.readline(8192), b""):
                self._stderr.append(raw.decode("utf-8", "replace"))


def group_alive(pgid: int) -> bool:
    """Does the process group still have a live (not zombie) member?"""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            return True
    return False


def _linger(pgid: int, seconds: float) -> bool:
    """True if the group still has a live member after `seconds`."""
    deadline = time.monotonic() + seconds
    while group_alive(pgid):
        if time.monotonic() > deadline:
            return True
        time.sleep(0.02)
    return False


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
