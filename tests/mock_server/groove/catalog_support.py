"""Shared helpers of the catalog tests: tokens, documented ids, error and paging checks."""

from __future__ import annotations

from typing import Any

import httpx

from mock_server import MockState, TokenKind
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE

WEB_APP = "000000004C1B7E2A"
ADA = "4a1f9c2e7b3d5068"  # US, en, Music Pass
BEN = "7c2e0b9d41f8a356"  # FR, fr

DAFT_PUNK = "music.C61C0000-0200-11DB-89CA-0019B92A3933"
RAM = "music.B13EB907-0100-11DB-89CA-0019B92A3933"
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
DISCOVERY = "music.3E362806-0100-11DB-89CA-0019B92A3933"
NOTHING = "music.00000000-0000-0000-0000-000000000000"

COMMON_MEMBERS = ("Id", "Name", "ImageUrl", "Link", "Source", "CompatibleSources")


def app_token(state: MockState, client_id: str = WEB_APP) -> str:
    return state.tokens.mint(TokenKind.APP, client_id, lifetime=3600, scopes={APP_SCOPE})[0]


def user_token(state: MockState, user: str = ADA) -> str:
    return state.tokens.mint(
        TokenKind.USER, WEB_APP, lifetime=3600, user_id=user, scopes={GROOVE_SCOPE}
    )[0]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def app_headers(state: MockState, client_id: str = WEB_APP) -> dict[str, str]:
    return bearer(app_token(state, client_id))


def user_headers(state: MockState, user: str = ADA) -> dict[str, str]:
    return bearer(user_token(state, user))


def error_of(response: httpx.Response) -> tuple[int, str]:
    """The status and the Groove error code of a failed response."""
    body = response.json()
    assert set(body["Error"]) >= {"ErrorCode", "Description"}, body
    return response.status_code, str(body["Error"]["ErrorCode"])


def message_of(response: httpx.Response) -> str:
    return str(response.json()["Error"].get("Message", ""))


def assert_paginated(listed: dict[str, Any]) -> None:
    """The PaginatedList shape of reference §7."""
    assert isinstance(listed["Items"], list)
    assert isinstance(listed["TotalItemCount"], int)
    assert set(listed) <= {"Items", "ContinuationToken", "TotalItemCount"}
    if "ContinuationToken" in listed:
        assert isinstance(listed["ContinuationToken"], str) and listed["ContinuationToken"]


def assert_content(item: dict[str, Any]) -> None:
    """The common content members of reference §7; none of them null."""
    for member in COMMON_MEMBERS:
        assert isinstance(item[member], str) and item[member], (member, item)
    assert all(value is not None for value in item.values()), item
    assert item["ImageUrl"].startswith("https://musicimage.xboxlive.com/content/music.")
    assert "/image?locale=" in item["ImageUrl"]
    assert item["Source"] in ("Catalog", "Collection")


def follow(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    listed: Any,
    *,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every page of a list: call `url`, then the same URL with each continuation token.
    `listed(body)` picks the PaginatedList out of a response body. Returns the items and the
    PaginatedLists seen."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    pages = [listed(response.json())]
    base = url.split("?")[0]
    while "ContinuationToken" in pages[-1]:
        assert len(pages) < limit, "the list never ends"
        response = client.get(
            base, params={"continuationToken": pages[-1]["ContinuationToken"]}, headers=headers
        )
        assert response.status_code == 200, response.text
        pages.append(listed(response.json()))
    items = [item for page in pages for item in page["Items"]]
    return items, pages
