"""Reusable pieces of the document: parameters, error bodies, security."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]

GROOVE_ERROR: JSON = {
    "type": "object",
    "required": ["Error"],
    "properties": {
        "Error": {
            "type": "object",
            "required": ["ErrorCode", "Description"],
            "properties": {
                "ErrorCode": {"type": "string"},
                "Description": {"type": "string"},
                "Message": {"type": "string"},
            },
        }
    },
}
CONTROL_ERROR: JSON = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
OAUTH_ERROR: JSON = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
}
COMPONENTS: JSON = {
    "schemas": {
        "GrooveError": GROOVE_ERROR,
        "ControlError": CONTROL_ERROR,
        "OAuthError": OAUTH_ERROR,
        "JSONObject": {"type": "object"},
    },
    "securitySchemes": {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An app token (client credentials) or a user token (sign-in)",
        },
        "adminKey": {
            "type": "apiKey",
            "in": "header",
            "name": "X-Admin-Key",
            "description": "Only when the mock requires one (off loopback, or --admin-key)",
        },
    },
}


def ref(name: str) -> JSON:
    return {"$ref": f"#/components/schemas/{name}"}


def query(name: str, schema: JSON, description: str = "", *, required: bool = False) -> JSON:
    found: JSON = {"name": name, "in": "query", "schema": schema, "required": required}
    if description:
        found["description"] = description
    return found


def path(name: str, schema: JSON | None = None, description: str = "") -> JSON:
    found: JSON = {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema or {"type": "string", "minLength": 1},
    }
    if description:
        found["description"] = description
    return found


def json_body(schema: JSON, *, required: bool = False) -> JSON:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def answers(ok: int, error: str, statuses: tuple[int, ...]) -> JSON:
    """`ok` with a JSON object, and each error status with the side's error shape."""
    found: JSON = {
        str(ok): {
            "description": "OK",
            "content": {"application/json": {"schema": ref("JSONObject")}},
        }
    }
    for status in statuses:
        found[str(status)] = {
            "description": "Refused, in the side's error shape (docs/contract.md)",
            "content": {"application/json": {"schema": ref(error)}},
        }
    return found
