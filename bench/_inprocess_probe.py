"""Time the in-process fixture: `create_app` + `InProcessTransport` to its first answer.

Run as `python -m bench._inprocess_probe` in a fresh interpreter; prints one JSON object. The
imports are timed apart (a test session pays them once); each repeat then builds a fresh state,
app, transport and client, exactly as tests/conftest.py does for every test, and sends the
catalog lookup with an app token minted by that state.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._inprocess_probe")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    import httpx

    from mock_server import MockState, Settings, create_app
    from mock_server._inprocess import InProcessTransport
    from mock_server._scenario import APP_SCOPE
    from mock_server._tokens import TokenKind

    from ._mock import LOOKUP_PATH, web_app

    import_ms = (time.perf_counter() - started) * 1000
    client_id = web_app().client_id
    samples: list[float] = []
    status = 0
    for _ in range(max(1, args.repeats)):
        began = time.perf_counter()
        state = MockState(Settings())
        transport = InProcessTransport(create_app(state=state))
        with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as http:
            token, _ = state.tokens.mint(
                TokenKind.APP, client_id, lifetime=86400, scopes={APP_SCOPE}
            )
            status = http.get(LOOKUP_PATH, headers={"Authorization": f"Bearer {token}"}).status_code
            samples.append((time.perf_counter() - began) * 1000)
        transport.close()
    print(
        json.dumps(
            {
                "import_ms": import_ms,
                "first_ms": samples[0],
                "median_ms": statistics.median(samples),
                "answer_status": status,
                "samples": len(samples),
            }
        )
    )


if __name__ == "__main__":
    main()
