"""`python -m bench --only NAME[,NAME]`: which rows a run measures.

Every row has a name: the ceiling, the load rows (by key), and the four other measures. Two
group names stand for several rows. A load row needs the ceiling for its ratios, so selecting
any load row runs the ceiling too; rows left out are reported as skipped, never as failed.
"""

from __future__ import annotations

import argparse

from ._rows import LOAD_ROWS

CEILING = "ceiling"
LAUNCH = "launch"
IN_PROCESS = "in-process"
MEMORY = "memory"
CONTRACT = "contract"
LOAD_KEYS: tuple[str, ...] = tuple(row.key for row in LOAD_ROWS)
ALL_ROWS: tuple[str, ...] = (CEILING, *LOAD_KEYS, LAUNCH, IN_PROCESS, MEMORY, CONTRACT)
GROUPS: dict[str, tuple[str, ...]] = {
    "loads": (CEILING, *LOAD_KEYS),
    "startup": (LAUNCH, IN_PROCESS),
}


def parse_only(text: str) -> tuple[str, ...]:
    """The rows named in `text` (comma-separated names or group names), in table order, with
    the ceiling added when a load row is named. An argparse type: a bad name is a usage error."""
    wanted: set[str] = set()
    for name in (part.strip() for part in text.split(",")):
        if name in GROUPS:
            wanted.update(GROUPS[name])
        elif name in ALL_ROWS:
            wanted.add(name)
        else:
            known = ", ".join([*ALL_ROWS, *GROUPS])
            raise argparse.ArgumentTypeError(f"unknown row {name!r} (known: {known})")
    if wanted.intersection(LOAD_KEYS):
        wanted.add(CEILING)
    return tuple(name for name in ALL_ROWS if name in wanted)


def only_help() -> str:
    groups = "; ".join(f"{name} = {', '.join(rows)}" for name, rows in GROUPS.items())
    return (
        f"run only these rows, comma-separated: {', '.join(ALL_ROWS)}, or a group ({groups}); "
        "load rows bring the ceiling along (default: every row)"
    )
