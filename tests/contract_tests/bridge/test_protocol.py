"""The bridge's JSON Schemas: valid, shipped, in step with the Python types they mirror, and
naming the field when a message breaks them."""

from __future__ import annotations

import typing

import pytest
from jsonschema import Draft202012Validator

from contract_tests._adapter import CAPABILITY_NAMES, Environment, Op, Outcome, Step, UserInfo
from contract_tests.bridge._process_adapter import suite_name
from contract_tests.bridge._protocol import (
    MESSAGE_KINDS,
    PROTOCOL_VERSION,
    ProtocolError,
    encode,
    parse_line,
    schema,
    validate,
)


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_schema_is_a_valid_draft_2020_12_schema(kind) -> None:
    Draft202012Validator.check_schema(schema(kind))
    assert schema(kind)["$id"] == f"urn:groove-contract:bridge:{PROTOCOL_VERSION}:{kind}"


def test_the_schemas_mirror_the_python_types() -> None:
    hello = schema("adapter-hello")["properties"]
    assert set(hello["capabilities"]["items"]["enum"]) == CAPABILITY_NAMES
    step = schema("step")["properties"]["step"]
    assert set(step["properties"]["op"]["enum"]) == set(typing.get_args(Op))
    assert set(step["properties"]) == set(Step.__annotations__)
    outcome = schema("outcome")["properties"]["outcome"]
    assert set(outcome["properties"]) == set(Outcome.__annotations__)
    env = schema("suite-hello")["properties"]["environment"]
    example = Environment("a", "b", "c", None, "d", (UserInfo("u", "n", "e", "US", "x"),), "u")
    assert set(env["properties"]) == set(example.to_json()) == set(env["required"])


def test_the_suite_holds_its_own_messages_to_the_schemas() -> None:
    env = Environment("https://127.0.0.1:1", "https://127.0.0.1:1", "c", "s", "r", (), "u")
    line = encode(
        "suite-hello",
        {"type": "hello", "protocol": 1, "suite": suite_name(), "environment": env.to_json()},
    )
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    encode("step", {"type": "step", "id": 1, "step": {"op": "lookup", "ids": ["music.1"]}})
    with pytest.raises(ProtocolError, match=r"\$\.step\.op: 'teleport' is not one of"):
        encode("step", {"type": "step", "id": 1, "step": {"op": "teleport"}})


@pytest.mark.parametrize(
    ("kind", "message", "error"),
    [
        (
            "adapter-hello",
            {"type": "hello", "protocol": 1, "capabilites": []},
            "$: 'capabilities' is a required property",
        ),
        (
            "adapter-hello",
            {"type": "hello", "protocol": 1, "capabilities": [], "capabilites": []},
            "$: unknown field 'capabilites'",
        ),
        (
            "adapter-hello",
            {"type": "hello", "protocol": "1", "capabilities": []},
            "$.protocol: '1' is not of type 'integer'",
        ),
        (
            "outcome",
            {"type": "outcome", "id": 1, "outcome": {"ok": "yes"}},
            "$.outcome.ok: 'yes' is not of type 'boolean'",
        ),
        (
            "outcome",
            {"type": "outcome", "id": 1, "outcome": {"ok": False, "error-code": "X"}},
            "$.outcome: unknown field 'error-code'",
        ),
        ("outcome", {"type": "outcome", "id": 0, "outcome": {"ok": True}}, "$.id: 0 is less"),
    ],
)
def test_a_schema_error_names_the_field(kind, message, error) -> None:
    with pytest.raises(ProtocolError) as raised:
        validate(kind, message)
    assert str(raised.value).startswith(error)


def test_a_legal_outcome_with_any_data_passes() -> None:
    validate(
        "outcome",
        {
            "type": "outcome",
            "id": 3,
            "outcome": {"ok": False, "status": None, "error_code": None, "data": {"x": [1]}},
        },
    )


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"Starting...\n", "line 4 of its output is not JSON: 'Starting...'"),
        (b"[1, 2]\n", "line 4 of its output is a JSON list, not an object"),
        (b'{"id": 1}\n', "line 4 of its output has no string field 'type'"),
        (b"\xff\xfe\n", "line 4 of its output is not JSON"),
    ],
)
def test_a_line_that_is_no_message_is_quoted(raw: bytes, error: str) -> None:
    with pytest.raises(ProtocolError) as raised:
        parse_line(raw, 4)
    assert str(raised.value).startswith(error)
