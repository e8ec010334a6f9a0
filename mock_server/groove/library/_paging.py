"""Paging of user lists: `maxItems`, `page`, or a continuation token (reference §7,
`R/json-paginatedlist.md`).

A continuation token carries the offset, the page size and the order of the first call, so the
continuation call needs nothing else. Paging parameters sent with it (`maxItems`, `page`,
`orderBy`) are ignored and journaled in lenient mode and refused in strict mode, as on the
catalog. Tokens are bound to the path (lowercased) and the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

from .._errors import ContinuationTokenInvalid
from .._paging import ContinuationCodec, continuation_alone
from .._params import Params

PAGING_PARAMETERS = ("maxItems", "page", "orderBy")
"""What a first call of a user list may carry and its continuation calls may not."""


@dataclass(frozen=True, slots=True)
class Window:
    offset: int
    size: int
    order: str
    scope: str

    def following(self, codec: ContinuationCodec, total: int) -> str | None:
        """The token of the next page, or None on the last one."""
        after = self.offset + self.size
        if after >= total:
            return None
        return codec.encode({"o": after, "n": self.size, "ob": self.order}, scope=self.scope)


def window(
    request: Request,
    params: Params,
    codec: ContinuationCodec,
    user_id: str,
    order: Callable[[], str],
) -> Window:
    """Where the requested page starts; `order` reads the order of a first call."""
    scope = f"{request.url.path.lower()}|{user_id}"
    token = params.continuation_token()
    if token is None:
        size = params.max_items()
        return Window(params.page() * size, size, order(), scope)
    continuation_alone(request, params, *PAGING_PARAMETERS)
    payload = codec.decode(token, scope=scope)
    at, count, chosen = payload.get("o"), payload.get("n"), payload.get("ob")
    if not (isinstance(at, int) and isinstance(count, int) and isinstance(chosen, str)):
        raise ContinuationTokenInvalid("The continuation token is malformed")
    return Window(at, count, chosen, scope)
