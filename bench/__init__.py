"""`python -m bench`: the throughput, latency, start-up and memory benchmark of the mock.

Every load runs on loopback only and is bounded in request count and in time. The result is a
table on stdout and a JSON file (`.bench/results.json` by default). This package is a
development tool: it is not shipped in the wheel. Its import stays light on purpose, because the
bare reference server (`bench._bare_app`) is launched as `python -m` from inside it and its
start-up time is one of the measurements.
"""

__all__: list[str] = []
