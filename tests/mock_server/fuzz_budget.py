"""How long the fuzzers and the soak run: a short, bounded run in `make test`; the long one in
`make fuzz` / `make soak` (HYPOTHESIS_PROFILE=fuzz). Each figure can be overridden from the
environment (GROOVE_FUZZ_REQUESTS, GROOVE_SOAK_REQUESTS, GROOVE_FUZZ_SECONDS), and the figures of
a run are written as JSON to GROOVE_FUZZ_REPORT_DIR when it is set."""

from __future__ import annotations

import json
import os
from pathlib import Path

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def budget(name: str, short: int, long: int) -> int:
    return int(os.environ.get(name, long if LONG else short))


def seconds(short: float, long: float) -> float:
    return float(os.environ.get("GROOVE_FUZZ_SECONDS", long if LONG else short))


def report(name: str, figures: dict[str, object]) -> None:
    folder = os.environ.get("GROOVE_FUZZ_REPORT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        Path(folder, f"{name}.json").write_text(json.dumps(figures, indent=1) + "\n")
