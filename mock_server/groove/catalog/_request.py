"""What every catalog handler starts with: the verified caller, the parameters, the response
culture, and the helpers for sources, continuation tokens and rendering items.

Continuation tokens (reference §7) are bound to the request path (lowercased: paths are
case-insensitive) and to the caller, so a token only works on the URL that issued it, for the
app or user it was issued to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.requests import Request

from ..._state import MockState
from .._access import USER_REQUIRED, Caller, Need, authenticate
from .._content_json import content_json
from .._errors import ContinuationTokenInvalid, InvalidAuthorizationHeader, InvalidInputParameter
from .._paging import ContinuationCodec, continuation_alone
from .._params import Culture, Params
from ._catalog import Album, Catalog, Content, catalog_of
from ._collection import CollectionIndex, CollectionReader, UserList
from ._shapes import ItemJSON, JSONObject, partner_of

T = TypeVar("T")

CATALOG = "catalog"
COLLECTION = "collection"
Sources = frozenset[str]
ONLY_CATALOG: Sources = frozenset({CATALOG})
BOTH: Sources = frozenset({CATALOG, COLLECTION})
PAGE_SIZE = 25
"""Items per page of lists that take no maxItems (lookup extras, discovery)."""


def asks_for_collection(request: Request) -> bool:
    """Whether the `source` parameter names the collection, read before authentication
    (it decides the access rule, reference §5) and without failing on a malformed query."""
    if b"source" not in request.scope.get("query_string", b"").lower():
        return False
    for name, value in request.query_params.multi_items():
        if name.lower() == "source" and COLLECTION in value.lower().replace("+", " ").split():
            return True
    return False


@dataclass(frozen=True, slots=True)
class CatalogRequest:
    """A catalog request once authenticated: the caller, parameters, culture and catalog."""

    request: Request
    state: MockState
    caller: Caller
    params: Params
    culture: Culture
    catalog: Catalog
    partner_id: str

    @property
    def user_id(self) -> str | None:
        return self.caller.user.id if self.caller.user is not None else None

    # sources --------------------------------------------------------------------------------

    def sources(self, raw: list[str]) -> Sources:
        """The `source` values (reference §5): catalog for an app token and collection+catalog
        for a user token when absent; the collection needs a user token."""
        if not raw:
            return BOTH if self.caller.is_user else ONLY_CATALOG
        unknown = sorted(set(raw) - BOTH)
        if unknown:
            raise InvalidInputParameter(
                f"Parameter source has an unknown value {unknown[0]!r}: use catalog, "
                "collection or collection+catalog"
            )
        chosen = frozenset(raw)
        if COLLECTION in chosen:
            self.require_user()
        return chosen

    def require_user(self) -> str:
        if self.caller.user is None:
            raise InvalidAuthorizationHeader(USER_REQUIRED)
        return self.caller.user.id

    def collection(self) -> CollectionIndex:
        """The caller's collection (user tokens only)."""
        return self.state.part(CollectionReader).index(self.catalog, self.require_user())

    def in_collection(self, any_id: str) -> tuple[Content | UserList, str | None] | None:
        reader = self.state.part(CollectionReader)
        return reader.resolve(self.catalog, self.require_user(), any_id)

    # continuation ---------------------------------------------------------------------------

    @property
    def _scope(self) -> str:
        who = f"user:{self.user_id}" if self.user_id else f"app:{self.caller.claims.client_id}"
        return f"{self.request.url.path.lower()}|{who}"

    def encode(self, kind: str, **payload: Any) -> str:
        codec = self.state.part(ContinuationCodec)
        return codec.encode({"k": kind, **payload}, scope=self._scope)

    def decode(self, token: str, kind: str) -> dict[str, Any]:
        payload = self.state.part(ContinuationCodec).decode(token, scope=self._scope)
        if payload.get("k") != kind:
            raise ContinuationTokenInvalid("The continuation token belongs to another request")
        return payload

    def continuation_alone(self, *optional: str) -> None:
        """See `_paging.continuation_alone`: lenient journals, strict refuses."""
        continuation_alone(self.request, self.params, *optional)

    # rendering ------------------------------------------------------------------------------

    def body(self, **members: Any) -> JSONObject:
        """A ContentResponse with its `Culture` (reference §7, §11)."""
        return {**members, "Culture": self.culture.tag}

    def render(
        self,
        item: Content | UserList,
        *,
        source: str = "Catalog",
        collection_id: str | None = None,
        **extra: Any,
    ) -> ItemJSON:
        """An item in its §7 shape (see `content_json`); a collection album counts the tracks
        the caller's collection holds."""
        collected = None
        if source == "Collection" and isinstance(item, Album):
            collected = self.collection().album_track_count(item)
        return content_json(
            item,
            self.catalog,
            culture=self.culture,
            partner_id=self.partner_id,
            source=source,
            collection_id=collection_id,
            collected_tracks=collected,
            **extra,
        )


async def open_catalog_request(
    request: Request, need: Need, *, namespace: str | None = None
) -> CatalogRequest:
    """Authenticate first (reference §9), then read the parameters. `namespace` is the `{ns}`
    path segment where the route has one: only `music`, case-sensitive (reference §4, §11)."""
    caller = await authenticate(request, need)
    params = Params.of(request)
    if namespace is not None and namespace != "music":
        raise InvalidInputParameter(
            f"Unknown namespace {namespace!r}: the only namespace is 'music' (case-sensitive)"
        )
    state: MockState = request.app.state.mock
    return CatalogRequest(
        request=request,
        state=state,
        caller=caller,
        params=params,
        culture=params.culture(caller),
        catalog=catalog_of(state),
        partner_id=partner_of(caller.app.client_id),
    )


def window(items: Sequence[T], start: int, size: int) -> tuple[Sequence[T], int | None]:
    """One page of a list and where the next page starts (None at the end)."""
    end = start + size
    return items[start:end], (end if end < len(items) else None)


def offset_of(payload: dict[str, Any], name: str = "s") -> int:
    value = payload.get(name)
    if not isinstance(value, int) or value < 0:
        raise ContinuationTokenInvalid("The continuation token is malformed")
    return value
