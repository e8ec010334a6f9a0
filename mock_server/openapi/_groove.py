"""The Groove API's operations (reference §4 to §11; docs/contract/catalog.md, user-data.md)."""

from __future__ import annotations

from ._schemas import JSON, answers, json_body, path, query, ref

_NS = path("ns", {"type": "string", "enum": ["music"]}, "the namespace, always `music`")
_CULTURE = [
    query("language", {"type": "string", "maxLength": 35}, "ISO 639-1 language, optional"),
    query("country", {"type": "string", "maxLength": 2}, "ISO 3166 country, optional"),
]
_PAGING = [
    query("maxItems", {"type": "integer", "minimum": 1, "maximum": 25}),
    query("page", {"type": "integer", "minimum": 0, "maximum": 1000}),
    query("continuationToken", {"type": "string", "maxLength": 2048}),
]
_ORDER = [query("orderBy", {"type": "string", "maxLength": 40})]
_ERRORS = (400, 401, 403, 404, 413, 414, 431)
_IDS: JSON = {"type": "array", "items": {"type": "string", "maxLength": 80}, "maxItems": 100}
_PLAYLIST: JSON = {
    "type": "object",
    "properties": {
        "Id": {"type": "string"},
        "Name": {"type": "string", "maxLength": 256},
        "Description": {"type": "string"},
        "TrackActions": {"type": "array", "items": {"type": "object"}},
    },
}


def _get(summary: str, parameters: list[JSON]) -> JSON:
    return {
        "summary": summary,
        "tags": ["groove"],
        "security": [{"bearer": []}],
        "parameters": parameters,
        "responses": answers(200, "GrooveError", _ERRORS),
    }


def _post(summary: str, parameters: list[JSON], body: JSON) -> JSON:
    return {
        "summary": summary,
        "tags": ["groove"],
        "security": [{"bearer": []}],
        "parameters": parameters,
        "requestBody": json_body(body, required=True),
        "responses": answers(200, "GrooveError", _ERRORS),
    }


def _browse_type(*names: str) -> JSON:
    return path("type", {"type": "string", "enum": list(names)})


GROOVE_PATHS: dict[str, dict[str, JSON]] = {
    "/1/content/{ids}/lookup": {
        "get": _get(
            "Look up catalog or collection items by id (§5)",
            [
                path("ids", {"type": "string", "minLength": 1, "maxLength": 2000}),
                query("extras", {"type": "string", "maxLength": 200}),
                query("source", {"type": "string", "maxLength": 40}),
                *_CULTURE,
            ],
        )
    },
    "/1/content/{ns}/search": {
        "get": _get(
            "Search the catalog (and the collection) (§6)",
            [
                _NS,
                query("q", {"type": "string", "maxLength": 200}),
                query("filters", {"type": "string", "maxLength": 80}),
                query("source", {"type": "string", "maxLength": 40}),
                *_PAGING,
                *_CULTURE,
            ],
        )
    },
    "/1/content/{ns}/catalog/genres": {"get": _get("Genres (§6)", [_NS, *_CULTURE])},
    "/3/content/{ns}/catalog/genres": {"get": _get("Genres, version 3 (§6)", [_NS, *_CULTURE])},
    "/1/content/{ns}/catalog/moods": {"get": _get("Moods (§6)", [_NS, *_CULTURE])},
    "/1/content/{ns}/catalog/activities": {"get": _get("Activities (§6)", [_NS, *_CULTURE])},
    "/1/content/{ns}/catalog/{type}/browse": {
        "get": _get(
            "Browse the catalog (§6)",
            [
                _NS,
                _browse_type("artists", "albums", "tracks", "playlists"),
                query("genre", {"type": "string", "maxLength": 80}),
                query("mood", {"type": "string", "maxLength": 80}),
                query("activity", {"type": "string", "maxLength": 80}),
                *_ORDER,
                *_PAGING,
                *_CULTURE,
            ],
        )
    },
    "/1/content/{ns}/spotlight": {"get": _get("Spotlight (§6)", [_NS, *_CULTURE])},
    "/1/content/{ns}/newreleases": {
        "get": _get(
            "New releases (§6)",
            [_NS, query("genre", {"type": "string", "maxLength": 80}), *_CULTURE],
        )
    },
    "/1/content/{id}/{source}/{browse_type}/{extra}/browse": {
        "get": _get(
            "Sub-browse an item's list extra (§6)",
            [
                path("id"),
                path("source", {"type": "string", "enum": ["catalog", "collection"]}),
                path("browse_type", {"type": "string", "maxLength": 40}),
                path("extra", {"type": "string", "maxLength": 40}),
                *_ORDER,
                *_PAGING,
                *_CULTURE,
            ],
        )
    },
    "/1/content/{ns}/collection/{type}/browse": {
        "get": _get(
            "Browse the user's collection (§6)",
            [
                _NS,
                _browse_type("artists", "albums", "tracks", "playlists", "playlistsforyou"),
                *_ORDER,
                *_PAGING,
                *_CULTURE,
            ],
        )
    },
    "/1/content/{ns}/collection/add": {
        "post": _post(
            "Add to the collection (§6)",
            [_NS],
            {"type": "object", "properties": {"TrackIds": _IDS}},
        )
    },
    "/1/content/{ns}/collection/delete": {
        "post": _post(
            "Delete from the collection (§6)",
            [_NS],
            {"type": "object", "properties": {"TrackIds": _IDS}},
        )
    },
    "/1/content/{ns}/collection/playlists/create": {
        "post": _post("Create a playlist (§6)", [_NS], _PLAYLIST)
    },
    "/1/content/{ns}/collection/playlists/update": {
        "post": _post("Update a playlist (§6)", [_NS], _PLAYLIST)
    },
    "/1/content/{ns}/collection/playlists/delete": {
        "post": _post(
            "Delete a playlist (§6)",
            [_NS],
            {"type": "object", "properties": {"Id": {"type": "string"}}},
        )
    },
    "/1/user/{ns}/profile": {"get": _get("The user's profile (§6)", [_NS, *_CULTURE])},
    "/1/content/{ns}/radio/create": {
        "post": _post(
            "Create a radio station (§6)",
            [_NS],
            {
                "type": "object",
                "properties": {"Seeds": {"type": "array", "items": {"type": "object"}}},
            },
        )
    },
    "/1/content/{ns}/radio/recentlyplayed": {
        "get": _get("Recently played radio stations (§6)", [_NS, *_CULTURE])
    },
    "/1/content/{ns}/radio/{id}/next": {
        "get": _get("Next tracks of a station (§6)", [_NS, path("id"), *_CULTURE])
    },
    "/1/content/{id}/preview": {
        "get": _get(
            "A 30 s preview URL (§10)", [path("id"), query("clientInstanceId", {"type": "string"})]
        )
    },
    "/1/content/{id}/stream": {
        "get": _get(
            "A full stream URL (§10)", [path("id"), query("clientInstanceId", {"type": "string"})]
        )
    },
    "/media/{kind}/{ticket}.mp3": {
        "get": {
            "summary": "The audio behind a signed preview or stream URL (§10)",
            "tags": ["groove"],
            "parameters": [
                path("kind", {"type": "string", "enum": ["preview", "stream"]}),
                path("ticket", {"type": "string", "minLength": 1, "maxLength": 400}),
            ],
            "responses": {
                "200": {"description": "audio/mpeg", "content": {"audio/mpeg": {}}},
                "403": {
                    "description": "A bad, expired or foreign ticket",
                    "content": {"application/json": {"schema": ref("GrooveError")}},
                },
            },
        }
    },
}
