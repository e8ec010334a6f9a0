"""Query parameters and JSON bodies of Groove requests (reference §4, §6, §7).

Parameter names are case-insensitive (the SDK sends `maxitems`, the docs `maxItems`); values
joined with `+` are split by `multi()`. Credentials in the query are `_access`'s business and
are skipped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from .._json_input import JSONInputError, parse_json
from ._access import Caller
from ._errors import InvalidInputParameter, MissingInputParameter

MAX_JSON_BYTES = 1 << 20
_CREDENTIAL_NAMES = frozenset({"accesstoken", "access_token"})
_PARAMS_KEY = "groove.params"
# "The default language is the country's primary language" (reference §4): the markets the
# demo data uses and the larger Groove markets; anything else falls back to English.
PRIMARY_LANGUAGE = {
    "AT": "de", "BE": "fr", "BR": "pt", "CA": "en", "CH": "de", "DE": "de", "DK": "da",
    "ES": "es", "FI": "fi", "FR": "fr", "GB": "en", "IE": "en", "IT": "it", "JP": "ja",
    "MX": "es", "NL": "nl", "NO": "nb", "NZ": "en", "PL": "pl", "PT": "pt", "SE": "sv",
    "US": "en", "AU": "en",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Culture:
    """A request's language and country: the culture its texts are shown in."""

    language: str
    country: str

    @property
    def tag(self) -> str:
        return f"{self.language}-{self.country}"


class Params:
    """A case-insensitive, single-valued view of a request's query parameters."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, str]):
        self._values = values

    @classmethod
    def of(cls, request: Request) -> Params:
        cached = request.scope.get(_PARAMS_KEY)
        if isinstance(cached, Params):
            return cached
        values: dict[str, str] = {}
        query = request.scope.get("query_string", b"")
        if query:
            try:
                pairs = parse_qsl(query.decode("ascii"), keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise InvalidInputParameter(
                    "The query string is not valid: percent-encode non-ASCII characters as UTF-8"
                ) from None
            for name, value in pairs:
                key = name.lower()
                if key in _CREDENTIAL_NAMES:
                    continue
                if key in values:
                    raise InvalidInputParameter(f"Parameter {name} is given more than once")
                values[key] = value
        params = cls(values)
        request.scope[_PARAMS_KEY] = params
        return params

    def get(self, name: str) -> str | None:
        return self._values.get(name.lower())

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._values

    def names(self) -> list[str]:
        return list(self._values)

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None or not value.strip():
            raise MissingInputParameter(f"Parameter {name} is required")
        return value

    def integer(self, name: str, *, default: int, minimum: int, maximum: int) -> int:
        raw = self.get(name)
        if raw is None or raw == "":
            return default
        # ASCII digits only: int() would also take "1_0", " 3" and other scripts' digits.
        if not (raw.isascii() and raw.isdigit()):
            raise InvalidInputParameter(f"Parameter {name} must be a whole number (0-9 digits)")
        value = int(raw)
        if value < minimum:
            raise InvalidInputParameter(f"Parameter {name} must have a value of at least {minimum}")
        if value > maximum:
            raise InvalidInputParameter(f"Parameter {name} must have a value of at most {maximum}")
        return value

    def max_items(self, default: int = 25, maximum: int = 25) -> int:
        return self.integer("maxItems", default=default, minimum=1, maximum=maximum)

    def page(self) -> int:
        return self.integer("page", default=0, minimum=0, maximum=1000)

    def continuation_token(self) -> str | None:
        token = self.get("continuationToken")
        return token if token else None

    def multi(self, name: str) -> list[str]:
        """`+`-joined values, lowercased (a `+` in a query decodes to a space)."""
        raw = self.get(name)
        if raw is None:
            return []
        return [part.lower() for part in raw.replace("+", " ").split() if part]

    def culture(self, caller: Caller | None = None) -> Culture:
        """User token first, then URL parameters, then en-US (reference §11)."""
        language = self.get("language")
        country = self.get("country")
        for name, value in (("language", language), ("country", country)):
            if value is not None and (len(value) != 2 or not (value.isascii() and value.isalpha())):
                raise InvalidInputParameter(f"Parameter {name} must be a 2-letter code")
        user = caller.user if caller is not None else None
        if user is not None:
            return Culture(user.language, user.country)
        country = (country or "US").upper()
        return Culture((language or PRIMARY_LANGUAGE.get(country, "en")).lower(), country)


async def read_json(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or INVALID_INPUT_PARAMETER saying what is wrong."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if media not in ("application/json", "text/json", ""):
        raise InvalidInputParameter(
            f"Request body must be JSON (Content-Type: application/json), not {media}"
        )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_JSON_BYTES:
        raise InvalidInputParameter(f"Request body is larger than {MAX_JSON_BYTES} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_JSON_BYTES:
            raise InvalidInputParameter(f"Request body is larger than {MAX_JSON_BYTES} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise MissingInputParameter("Request body is required")
    try:
        value = parse_json(body)
    except JSONInputError as exc:
        raise InvalidInputParameter(f"Request body is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidInputParameter("Request body must be a JSON object")
    return value
