"""Adapter processes that break the bridge protocol, one way each: `python fake_adapter.py MODE`.

Each answers the hello (unless its mode is about the hello) with the app-token capability, and
misbehaves at its first step (or at close); `ok` answers every step with a failed outcome.
"""

import json
import subprocess
import sys
import time


def send(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def hello(protocol: int = 1, capabilities: list | None = None) -> None:
    send({"type": "hello", "protocol": protocol, "capabilities": capabilities or ["app-token"]})


def main(mode: str) -> None:
    sys.stderr.write(f"fake adapter ({mode}) starting\n")
    sys.stderr.flush()
    if mode == "crash-at-start":
        sys.stderr.write("SyntaxError: Unexpected token '}'\n")
        sys.exit(3)
    for line in sys.stdin:
        message = json.loads(line)
        kind = message["type"]
        if kind == "hello":
            if mode == "silent":
                time.sleep(60)
            elif mode == "protocol-2":
                hello(protocol=2)
            elif mode == "typo-capability":
                hello(capabilities=["app_token"])
            elif mode == "deaf":
                hello()
                time.sleep(60)  # never reads its input again
            elif mode == "children":
                subprocess.Popen(["sleep", "60"])  # same process group: left behind at exit
                print(message["environment"]["client_secret"], file=sys.stderr, flush=True)
                hello()
            else:
                hello()
        elif kind == "step":
            number = message["id"]
            if mode == "not-json":
                print("Fetching the app token...", flush=True)
            elif mode == "wrong-id":
                send({"type": "outcome", "id": number + 1, "outcome": {"ok": True}})
            elif mode == "wrong-type":
                hello()
            elif mode == "bad-outcome":
                send({"type": "outcome", "id": number, "outcome": {"ok": True, "status": "200"}})
            elif mode == "exit-mid":
                sys.stderr.write("TypeError: fetch failed\n")
                sys.exit(4)
            elif mode == "slow" and number == 1:
                time.sleep(3)  # past the step's deadline (TIMEOUT + the bridge's grace)
                send({"type": "outcome", "id": number, "outcome": {"ok": True}})
            else:
                send({"type": "outcome", "id": number, "outcome": {"ok": False, "detail": mode}})
        elif kind == "close":
            if mode == "stuck-on-close":
                time.sleep(60)
            return


if __name__ == "__main__":
    main(sys.argv[1])
