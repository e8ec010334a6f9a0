"""The stateful machine: it passes on the reference client, catches every broken client with the
rule that client breaks, and what it prints on failure replays to the same failure."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import Phase, settings

from contract_tests.broken import BROKEN_CLIENTS
from contract_tests.reference_client import make_adapter
from contract_tests.rules import RULES_BY_ID, Level
from contract_tests.stateful import ContractBroken, machine_for, replay, run_machine

pytestmark = pytest.mark.fuzz

PUBLIC_ONLY = {"GC-AUTH-007"}  # PKCE is only asked of a public client
SUITE_ONLY = {"GC-COLLECTION-001", "GC-PLAYLIST-001"}
"""Rules the machine does not explore: it never makes a write conflict (409); the suite's checks
and the meta-test cover them."""
OPAQUE_TOKEN = re.compile(r"(Eg|EwA|M\.R3_BAY\.)[A-Za-z0-9+/]{40,}")
SEARCH_BUDGET = 100
"""Runs the machine may take to catch a broken client (it needs one or two in most cases)."""


def _profile_share(part: int, *, floor: int) -> settings:
    """A share of the profile's examples: the machine's runs are long, a property's are short."""
    return settings(max_examples=max(floor, settings.default.max_examples // part))


def test_the_reference_client_keeps_the_contract():
    run_machine(make_adapter, settings=_profile_share(3, floor=10))


def test_the_reference_client_keeps_the_contract_as_a_public_client():
    run_machine(make_adapter, public=True, settings=_profile_share(6, floor=5))


def _search(rule_id: str) -> ContractBroken:
    """Run the machine on the client that breaks `rule_id` until it fails; deterministic."""
    search = settings(
        max_examples=SEARCH_BUDGET, phases=[Phase.generate], derandomize=True, database=None
    )
    with pytest.raises(ContractBroken) as caught:
        run_machine(BROKEN_CLIENTS[rule_id], public=rule_id in PUBLIC_ONLY, settings=search)
    return caught.value


@pytest.mark.parametrize("rule_id", sorted(set(BROKEN_CLIENTS) - SUITE_ONLY))
def test_each_broken_client_is_caught_for_the_rule_it_breaks(rule_id: str):
    broken = _search(rule_id)
    assert broken.rules == [rule_id], str(broken)
    assert RULES_BY_ID[rule_id].level is Level.MUST
    message = str(broken)
    assert rule_id in message.splitlines()[0]
    assert RULES_BY_ID[rule_id].title in message


def test_the_printed_script_replays_to_the_same_failure():
    broken = _search("GC-STREAM-001")
    script = json.loads(str(broken).splitlines()[-1])
    assert script == broken.script and script
    with pytest.raises(ContractBroken) as again:
        replay(BROKEN_CLIENTS["GC-STREAM-001"], script)
    assert again.value.rules == ["GC-STREAM-001"]
    replay(make_adapter, script)  # the same steps are fine for a client that keeps the rules


def test_failures_name_the_requests_and_never_a_token():
    broken = _search("GC-CRED-002")  # sends the token in the accessToken query parameter
    message = str(broken)
    assert "GET /1/" in message and "accessToken" in message
    assert not OPAQUE_TOKEN.search(message)  # the summaries keep names and fingerprints


def test_machine_for_gives_a_collectable_test_case():
    machine = machine_for(make_adapter)
    assert machine.__name__ == "make_adapterMachine"
    assert machine.TestCase.settings.stateful_step_count == 12
    assert machine.TestCase.settings.deadline is None


def test_replay_of_every_server_event_passes_on_the_reference_client():
    script = [
        {"action": "app_token"},
        {"action": "sign_in", "offline": True, "tampered": False},
        {"action": "expire", "kind": "user"},
        {"action": "call", "name": "profile"},
        {"action": "expire", "kind": "app"},
        {"action": "call", "name": "lookup"},
        {"action": "fault", "error": "TOO_MANY_REQUESTS", "retry_after": 0, "times": 8},
        {"action": "call", "name": "lookup"},
        {
            "action": "fault",
            "error": "INVALID_AUTHORIZATION_HEADER",
            "retry_after": None,
            "times": 1,
        },
        {"action": "call", "name": "browse_collection"},
        {"action": "end_music_pass"},
        {"action": "call", "name": "stream"},
        {"action": "revoke_refresh_token"},
        {"action": "call", "name": "profile"},
        {"action": "sign_in", "offline": False, "tampered": True},
        {"action": "revoke_consent"},
        {"action": "sign_in", "offline": True, "tampered": False},
        {"action": "call", "name": "all_collection_pages"},
        {"action": "sign_out"},
        {"action": "call", "name": "profile"},
    ]
    replay(make_adapter, script)
