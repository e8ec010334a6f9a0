"""`GET /1/user/{ns}/profile` (reference §6 row 13, §7 UserProfileResponse, §12.6)."""

from __future__ import annotations

import httpx
import pytest
from user_support import ADA, BEN, CLEO, app_token, as_user, bearer, code_of, store_of

from mock_server import MockState

PROFILE = "/1/user/music/profile"


def test_a_paid_user_gets_the_whole_profile(client: httpx.Client, state: MockState):
    response = client.get(PROFILE, headers=as_user(state, ADA))
    assert response.status_code == 200
    view = store_of(state).view(ADA)
    assert response.json() == {
        "HasSubscription": True,
        "IsSubscriptionAvailableForPurchase": True,
        "Culture": "en-US",
        "Collection": {
            "Token": view.state_token,
            "PlaylistCount": len(view.playlists),
            "RemainingPlaylistCount": 100 - len(view.playlists),
            "TrackCount": len(view.tracks),
            "RemainingTrackCount": 50_000 - len(view.tracks),
        },
        "Subscription": {"Type": "Paid", "Region": "US"},
    }


def test_a_trial_user_in_france(client: httpx.Client, state: MockState):
    body = client.get(PROFILE, headers=as_user(state, BEN)).json()
    assert body["Culture"] == "fr-FR"
    assert body["Subscription"] == {"Type": "Trial", "Region": "FR"}
    assert body["HasSubscription"] is True


def test_a_user_without_a_pass_has_no_subscription_member(client: httpx.Client, state: MockState):
    body = client.get(PROFILE, headers=as_user(state, CLEO)).json()
    assert body["HasSubscription"] is False
    assert "Subscription" not in body
    assert body["Culture"] == "en-GB"
    assert body["Collection"]["TrackCount"] > 0  # every scenario user starts with some tracks


def test_the_user_token_culture_wins_over_url_parameters(client: httpx.Client, state: MockState):
    body = client.get(f"{PROFILE}?country=de&language=de", headers=as_user(state, ADA)).json()
    assert body["Culture"] == "en-US"


@pytest.mark.parametrize(
    ("query", "culture", "available"),
    [
        ("", "en-US", True),
        ("?country=fr&language=fr", "fr-FR", True),
        ("?country=ZZ", "en-ZZ", False),
    ],
)
def test_an_app_token_gets_the_availability_fields_only(
    client: httpx.Client, state: MockState, query: str, culture: str, available: bool
):
    response = client.get(PROFILE + query, headers=bearer(app_token(state)))
    assert response.status_code == 200
    assert response.json() == {"IsSubscriptionAvailableForPurchase": available, "Culture": culture}


def test_bad_culture_parameters_are_refused(client: httpx.Client, state: MockState):
    response = client.get(f"{PROFILE}?country=France", headers=bearer(app_token(state)))
    assert response.status_code == 400
    assert code_of(response) == "INVALID_INPUT_PARAMETER"


def test_no_token_is_access_token_missing(client: httpx.Client):
    response = client.get(PROFILE)
    assert response.status_code == 401
    assert code_of(response) == "ACCESS_TOKEN_MISSING"


def test_the_namespace_must_be_music(client: httpx.Client, state: MockState):
    response = client.get("/1/user/xbox/profile", headers=as_user(state))
    assert response.status_code == 400
    assert code_of(response) == "INVALID_INPUT_PARAMETER"


def test_post_is_not_allowed(client: httpx.Client, state: MockState):
    response = client.post(PROFILE, headers=as_user(state))
    assert response.status_code == 405
    assert code_of(response) == "UNAUTHORIZED_API_METHOD"


def test_reset_restores_the_seeded_collection(client: httpx.Client, state: MockState):
    headers = as_user(state)
    first = client.get(PROFILE, headers=headers).json()["Collection"]
    client.post(
        "/1/content/music/collection/playlists/create", headers=headers, json={"Name": "temp"}
    )
    assert client.get(PROFILE, headers=headers).json()["Collection"] != first
    state.reset()
    assert client.get(PROFILE, headers=as_user(state)).json()["Collection"] == first
