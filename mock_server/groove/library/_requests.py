"""Reading user-data requests: the `{ns}` path part and the members of JSON bodies.

Body member names are PascalCase and case-sensitive, as the service's DataContract serializer
read them (`TrackIds`, not `trackIds`); unknown members are ignored, as it ignored them. A
member of the wrong JSON type is INVALID_INPUT_PARAMETER, a missing required one
MISSING_INPUT_PARAMETER; the message names the member.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ..._journal import entry_of
from .._access import USER_REQUIRED, Caller, Need, authenticate
from .._errors import (
    CollectionInvalidOperation,
    InvalidAuthorizationHeader,
    InvalidInputParameter,
    MissingInputParameter,
)
from .._params import read_json

BATCH_LIMIT = 100
BATCH_MESSAGE = "Number of tracks for this operation is limited to 100"


def check_namespace(request: Request) -> None:
    """`{ns}` must be `music`, exactly: the namespace is case-sensitive (reference §11)."""
    namespace = request.path_params.get("ns")
    if namespace != "music":
        raise InvalidInputParameter(
            f"Unsupported namespace {namespace!r}: the only namespace is 'music' (lowercase)"
        )


def valid_text(value: str, name: str) -> str:
    """JSON may carry lone surrogates (`"\\ud800"`), which no UTF-8 answer can echo back."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputParameter(f"{name} is not valid Unicode text") from None
    return value


def record_error(request: Request, code: str) -> None:
    """Journal the error code of a 200 answer that carries a top-level Error."""
    entry_of(request.scope).error_code = code


class Body:
    """Typed access to the members of a JSON request body."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]):
        self._data = data

    def raw(self, name: str) -> Any:
        return self._data.get(name)

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self._data.get(name)
        if value is None:
            if required:
                raise MissingInputParameter(f"{name} is required")
            return None
        if not isinstance(value, str):
            raise InvalidInputParameter(f"{name} must be a string")
        valid_text(value, name)
        if required and not value.strip():
            raise MissingInputParameter(f"{name} must not be empty")
        return value

    def boolean(self, name: str) -> bool | None:
        value = self._data.get(name)
        if value is None or isinstance(value, bool):
            return value
        raise InvalidInputParameter(f"{name} must be true or false")

    def objects(self, name: str) -> list[dict[str, Any]] | None:
        value = self._data.get(name)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise InvalidInputParameter(f"{name} must be a list of objects")
        return value

    def id_list(self, name: str) -> list[str]:
        """A required, non-empty list of at most 100 ids (reference §10 batch limit)."""
        value = self._data.get(name)
        if value is None:
            raise MissingInputParameter(f"{name} is required")
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidInputParameter(f"{name} must be a list of id strings")
        if not value:
            raise MissingInputParameter(f"{name} must not be empty")
        if len(value) > BATCH_LIMIT:
            raise CollectionInvalidOperation(BATCH_MESSAGE)
        for item in value:
            valid_text(item, name)
        return value


def user_id_of(caller: Caller) -> str:
    """The user behind a caller that `authenticate` admitted with a user-only `Need`."""
    if caller.user is None:  # pragma: no cover - authenticate refuses app tokens first
        raise InvalidAuthorizationHeader(USER_REQUIRED)
    return caller.user.id


async def user_edit(request: Request) -> tuple[str, Body]:
    """What every user-data edit starts with: the user (reference §9), the `{ns}`, the body."""
    caller = await authenticate(request, Need.USER)
    check_namespace(request)
    return user_id_of(caller), Body(await read_json(request))
