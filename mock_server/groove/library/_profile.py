"""`GET /1/user/{ns}/profile` (reference §6 row 13, `R/uri-access-user-profile.md`,
`R/json-userprofileresponse.md`, §12.6).

A user token gets the whole UserProfileResponse. An app token gets what the documented
non-user examples show, the availability fields only (`IsSubscriptionAvailableForPurchase`,
`Culture`), with the culture from the URL parameters: that is how an app asks "is Groove
Music Pass sold in this country?".
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from ..._routing import CaselessRoute
from ..._scenario import User
from ..._state import MockState
from .._access import Need, authenticate
from .._params import Params
from ._collection import CollectionStore
from ._requests import check_namespace
from ._types import CollectionView

# Countries where Groove Music Pass was sold in 2017 (INF: from Microsoft's market list as
# remembered; the API itself only reports a boolean).
MUSIC_PASS_MARKETS = frozenset(
    {"AR", "AT", "AU", "BE", "BR", "CA", "CH", "CO", "DE", "DK", "ES", "FI"}
    | {"FR", "GB", "IE", "IT", "JP", "MX", "NL", "NO", "NZ", "PT", "SE", "US"}
)


def collection_state(view: CollectionView) -> dict[str, Any]:
    return {
        "Token": view.state_token,
        "PlaylistCount": len(view.playlists),
        "RemainingPlaylistCount": view.remaining_playlists,
        "TrackCount": len(view.tracks),
        "RemainingTrackCount": view.remaining_tracks,
    }


def user_profile(user: User, view: CollectionView) -> dict[str, Any]:
    body: dict[str, Any] = {
        "HasSubscription": user.has_music_pass,
        "IsSubscriptionAvailableForPurchase": user.country in MUSIC_PASS_MARKETS,
        "Culture": user.culture,
        "Collection": collection_state(view),
    }
    if user.has_music_pass:
        body["Subscription"] = {
            "Type": "Paid" if user.music_pass == "paid" else "Trial",
            "Region": user.country,
        }
    return body


def profile_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)

    async def profile(request: Request) -> Response:
        caller = await authenticate(request, Need.APP_OR_USER)
        check_namespace(request)
        culture = Params.of(request).culture(caller)
        if caller.user is not None:
            return JSONResponse(user_profile(caller.user, store.view(caller.user.id)))
        return JSONResponse(
            {
                "IsSubscriptionAvailableForPurchase": culture.country in MUSIC_PASS_MARKETS,
                "Culture": culture.tag,
            }
        )

    return [CaselessRoute("/1/user/{ns}/profile", profile, methods=["GET"])]
