"""Our own wire-level fuzzer against a served mock (tests/mock_server/wire_fuzz.py): no 5xx,
no hang, no revoked or forged credential accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
import wire_fuzz
from fuzz_budget import budget, report, seconds
from wire_support import served


@pytest.mark.fuzz
def test_malformed_and_hostile_requests_get_a_clear_answer(tmp_path: Path):
    count = budget("GROOVE_FUZZ_REQUESTS", 3_000, 1_000_000)
    limit = seconds(45, 4 * 3600)
    with served(tmp_path) as mock:
        figures = wire_fuzz.run(mock, count=count, seconds=limit)
        rss = mock.rss_kib()
    summary = {**figures.summary(), "rss_mib": round(rss / 1024, 1), "asked": count}
    report("wire-fuzz", summary)
    assert figures.requests >= min(count, 500), summary
    assert figures.server_errors == 0, figures.examples
    assert figures.hangs == 0, figures.examples
    assert figures.breaches == 0, figures.examples


def test_the_figures_count_every_answer_and_keep_what_went_wrong():
    figures = wire_fuzz.Figures()
    for status, example in [(200, "ok"), (500, "boom"), (-1, "silent"), (401, "no")]:
        figures.count(status, example)
    assert figures.summary() == {
        "requests": 4,
        "by_class": {"-1": 1, "2xx": 1, "4xx": 1, "5xx": 1},
        "5xx": 1,
        "hangs": 1,
        "breaches": 0,
    }
    assert figures.examples == ["500: boom", "hang: silent"]
