"""Checks of collection and playlist writes under a concurrent update (GC-COLLECTION-001,
GC-PLAYLIST-001).

409 COLLECTION_CONCURRENT_UPDATE says the collection changed since the client read its state
(reference §8; the mock gives it for a stale CollectionStateToken). The suite's tap answers the
write with it, once and then persistently: the client must read the collection again before
its one retry (a blind repeat sends the same stale view), and must not loop.
"""

from __future__ import annotations

from .._adapter import Capability, Step
from ..harness._session import Blocked, Session
from ..harness._tap import WireRecord
from ._base import (
    GET_LUCKY,
    PROFILE,
    Skipped,
    api_records,
    check,
    expect,
    expect_ok,
)

CONFLICT = "COLLECTION_CONCURRENT_UPDATE"
ADD_PATH = "/1/content/music/collection/add"
UPDATE_PATH = "/1/content/music/collection/playlists/update"
PERSISTENT = 10
"""409s queued for the persistent case: more than any client should try."""


def _writes(records: list[WireRecord], path: str) -> list[WireRecord]:
    return [r for r in records if r.method == "POST" and r.path.lower() == path]


def judge_conflict(s: Session, step: Step, path: str, what: str, rule_id: str) -> None:
    """One 409 on the write: a re-read, then one retry that succeeds. A persistent 409: at
    most one retry, and the step reported as failed. First, a 400 on the write: a client that
    repeats that too retries every 4xx, which is GC-RATE-003's business, and its repeat of a
    409 would say nothing of how it handles a conflict."""
    s.inject(400, "INVALID_INPUT_PARAMETER", path_prefix=path)
    mark = s.mark()
    s.do(step)
    s.tap.clear_faults()
    if len(_writes(api_records(s.wire(mark)), path)) > 1:
        raise Blocked(f"blocked by GC-RATE-003: the {what} refused with 400 was sent again")
    s.inject(409, CONFLICT, path_prefix=path)
    mark = s.mark()
    outcome = s.do(step)
    s.tap.clear_faults()
    api = api_records(s.wire(mark))
    writes = _writes(api, path)
    expect(bool(writes), f"the {what} sent to {path}", "no such request", api)
    expect(
        len(writes) == 2,
        f"one retry of the {what} after 409 {CONFLICT}",
        f"{len(writes) - 1} retries",
        api,
    )
    rereads = [r for r in api if r.method == "GET" and writes[0].seq < r.seq < writes[1].seq]
    expect(
        bool(rereads),
        "the collection read again between the 409 and the retry",
        "a blind retry: the same write again without reading what changed",
        api,
    )
    expect_ok(s, outcome, rule_id, f"the retried {what}")
    s.inject(409, CONFLICT, path_prefix=path, times=PERSISTENT)
    mark = s.mark()
    outcome = s.do(step)
    s.tap.clear_faults()
    writes = _writes(api_records(s.wire(mark)), path)
    expect(
        len(writes) <= 2,
        f"at most one retry of the {what} under a persistent 409",
        f"{len(writes)} attempts",
        writes,
    )
    expect(not outcome.get("ok"), f"the {what} reported as failed", "ok")


@check("GC-COLLECTION-001")
def collection_conflict(s: Session) -> None:
    if not s.has(Capability.COLLECTION_WRITES):
        raise Skipped("no collection-writes capability")
    s.sign_in()
    s.require(PROFILE, "the profile call after sign-in")
    step: Step = {"op": "collection_add", "track_ids": [GET_LUCKY]}
    judge_conflict(s, step, ADD_PATH, "collection add", "GC-COLLECTION-001")


@check("GC-PLAYLIST-001")
def playlist_conflict(s: Session) -> None:
    if not s.has(Capability.PLAYLISTS):
        raise Skipped("no playlists capability")
    s.sign_in()
    s.require(PROFILE, "the profile call after sign-in")
    created = s.require(
        {"op": "playlist_create", "name": "groove-contract", "track_ids": [GET_LUCKY]},
        "playlist_create",
    )
    playlist_id = created.get("data", {}).get("playlist_id")
    if not isinstance(playlist_id, str) or not playlist_id:
        raise Blocked("playlist_create returned no data.playlist_id")
    step: Step = {"op": "playlist_update", "playlist_id": playlist_id, "track_ids": [GET_LUCKY]}
    judge_conflict(s, step, UPDATE_PATH, "playlist update", "GC-PLAYLIST-001")
