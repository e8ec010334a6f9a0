"""The soak (tests/mock_server/soak.py): mixed traffic with sign-ins, refreshes, revocations
and malformed input against a served mock. In `make fuzz`/`make soak`: two rounds of 10^6
requests, RSS under 80 MiB after the first and flat (within 4 MiB: the journal and the caches
fill and empty in steps of 2 to 3 MiB) across the second."""

from __future__ import annotations

from pathlib import Path

import pytest
import soak
from fuzz_budget import LONG, budget, report, seconds
from wire_support import served

RSS_LIMIT_MIB = 80
FLAT_MIB = 4


@pytest.mark.fuzz
def test_mixed_traffic_keeps_memory_flat_and_never_fails(tmp_path: Path):
    count = budget("GROOVE_SOAK_REQUESTS", 4_000, 1_000_000)
    limit = seconds(45, 4 * 3600)
    rounds = 2 if LONG else 1
    with served(tmp_path) as mock:
        idle_mib = round(mock.rss_kib() / 1024, 1)
        results = [
            soak.run(mock, count=count, seconds=limit, seed=7 + index) for index in range(rounds)
        ]
    summaries = [figures.summary() for figures in results]
    report("soak", {"asked_per_round": count, "idle_rss_mib": idle_mib, "rounds": summaries})
    for figures in results:
        assert figures.server_errors == 0, figures.examples
        assert figures.hangs == 0, figures.examples
        assert figures.breaches == 0, figures.examples
        assert figures.sign_ins > 0 and figures.revocations > 0
    ends = [figures.rss_kib[-1][1] / 1024 for figures in results]
    assert ends[0] < RSS_LIMIT_MIB, summaries
    if len(ends) == 2 and results[0].requests >= 100_000:
        assert ends[1] - ends[0] < FLAT_MIB, summaries
