"""No input reaches a 500 on the user-data endpoints: arbitrary JSON bodies (lone surrogates
included), path ids and query values get a documented status and a well-formed answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from user_support import ADA, as_user

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport

DOCUMENTED = {200, 400, 401, 403, 404, 409}
POSTS = [
    "/1/content/music/collection/add",
    "/1/content/music/collection/delete",
    "/1/content/music/collection/playlists/create",
    "/1/content/music/collection/playlists/update",
    "/1/content/music/collection/playlists/delete",
    "/1/content/music/radio/create",
]
text = st.text(max_size=40) | st.sampled_from(["\ud800", "a\udfffb", "music.playlist.", ""])
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4)
)
actions = st.lists(
    st.fixed_dictionaries(
        {}, optional={"Id": values, "Action": st.sampled_from(["Add", "Delete", "Move"]) | values}
    ),
    max_size=4,
)
bodies = values | st.fixed_dictionaries(
    {},
    optional={
        "TrackIds": st.lists(text, max_size=4) | values,
        "Name": values,
        "Id": values,
        "IsPublished": values,
        "CollectionStateToken": values,
        "InsertBeforeTrackId": values,
        "TrackActions": actions | values,
        "Seeds": st.lists(
            st.fixed_dictionaries(
                {}, optional={"Id": values, "Type": st.sampled_from(["Artist", "Genre"]) | values}
            ),
            max_size=2,
        )
        | values,
    },
)


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    state = MockState()
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as client:
        yield client, as_user(state, ADA)


def check(response: httpx.Response) -> None:
    assert response.status_code in DOCUMENTED, response.text
    body: Any = response.json()
    assert isinstance(body, dict)
    if response.status_code != 200:
        assert set(body["Error"]) >= {"ErrorCode", "Description"}


@given(path=st.sampled_from(POSTS), body=bodies)
def test_any_json_body(shared: tuple[httpx.Client, dict[str, str]], path: str, body: object):
    client, headers = shared
    content = json.dumps(body, ensure_ascii=True).encode()
    response = client.post(
        path, headers={**headers, "Content-Type": "application/json"}, content=content
    )
    check(response)


@given(
    template=st.sampled_from(
        [
            "/1/content/{}/stream?clientInstanceId={}",
            "/1/content/{}/preview?clientInstanceId={}",
            "/1/content/music/radio/{}/next?maxItems={}",
            "/1/content/music/collection/{}/browse?orderBy={}",
            "/1/content/music/collection/tracks/browse?continuationToken={}{}",
            "/1/content/music/radio/recentlyplayed?page={}&maxItems={}",
        ]
    ),
    first=st.text(min_size=1, max_size=60),
    second=st.text(max_size=140),
)
def test_any_path_id_and_query_value(
    shared: tuple[httpx.Client, dict[str, str]], template: str, first: str, second: str
):
    client, headers = shared
    path = template.format(quote(first, safe=""), quote(second, safe=""))
    check(client.get(path, headers=headers))
