"""The JSON shapes of Groove content (reference §7): PascalCase members, absent when null.

Member order follows the documented samples (type-specific members first, then `Id`, `Name`,
`ImageUrl`, `Link`, `OtherIds`, `Source`, `CompatibleSources`). Tuples from the catalog go into
the output as they are: the JSON encoder writes them as arrays, so nothing is copied.

Image URLs follow the image service pattern (reference §2, `U/image-service.md`) with the
response culture as `locale`; deep links follow `U/deep-link.md`, carrying the caller's app as
`partnerID=AppId:<client id>` (reference §11).

Collection items (user data) render through the same functions with `source="Collection"`:
their `Id` is the collection id, while `ImageUrl` and `Link` keep pointing at the catalog item,
as in the documented collection samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import quote

from ..._responses import RawJSON
from ._catalog import Album, Artist, Catalog, Category, ContentKind, Contributor, Genre, Track
from ._model import NAMESPACE

__all__ = [
    "CultureLike",
    "PlaylistLike",
    "album_json",
    "artist_json",
    "category_json",
    "content_item_json",
    "deep_link",
    "genre_json",
    "identity_json",
    "image_url",
    "paginated",
    "partner_of",
    "playlist_json",
    "track_json",
]

IMAGE_HOST = "https://musicimage.xboxlive.com"
LINK_HOST = "https://music.microsoft.com"
BOTH_SOURCES = "Catalog, Collection"
_PLAYLIST_SUB = "playlist."
_PLAYLIST_FOR_YOU_SUB = "playlistforyou."

JSONObject = dict[str, Any]
ItemJSON = JSONObject | RawJSON
"""An item as answers hold it: a JSON object, or its template filled in (`_templates`)."""


class CultureLike(Protocol):
    """What a shape needs of the response culture (`_params.Culture` is one)."""

    @property
    def tag(self) -> str: ...


class PlaylistLike(Protocol):
    """What `playlist_json` reads: `CatalogPlaylist` and the user-data `UserPlaylist` both have
    these attributes. An optional `provider` attribute is emitted as `Provider` when present."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str | None: ...
    @property
    def track_count(self) -> int: ...
    @property
    def is_read_only(self) -> bool: ...
    @property
    def is_published(self) -> bool: ...
    @property
    def user_is_owner(self) -> bool | None: ...
    @property
    def collection_state_token(self) -> str | None: ...


def partner_of(client_id: str) -> str:
    """The `partnerID` of deep links made for an app (reference §11: `AppId:<client id>`)."""
    return f"AppId:{client_id}"


def image_url(content_id: str, culture: CultureLike) -> str:
    return f"{IMAGE_HOST}/content/{content_id}/image?locale={culture.tag}"


def deep_link(kind: ContentKind, content_id: str, partner_id: str | None) -> str | None:
    """`https://music.microsoft.com/{Type}/{id}?partnerID=…`; None for a playlist for you,
    which has no page of its own (reference §7)."""
    ident = content_id[len(NAMESPACE) :] if content_id.startswith(NAMESPACE) else content_id
    lowered = ident.lower()
    if lowered.startswith(_PLAYLIST_FOR_YOU_SUB):
        return None
    if lowered.startswith(_PLAYLIST_SUB):
        ident = ident[len(_PLAYLIST_SUB) :]
    link = f"{LINK_HOST}/{kind.singular}/{ident}"
    return f"{link}?partnerID={_quoted(partner_id)}" if partner_id else link


@lru_cache(maxsize=256)
def _quoted(partner_id: str) -> str:
    return quote(partner_id, safe=":")


def paginated(
    items: Sequence[ItemJSON] | RawJSON, *, continuation_token: str | None, total: int
) -> JSONObject:
    """A PaginatedList (reference §7): `ContinuationToken` only while the list goes on."""
    body: JSONObject = {"Items": items}
    if continuation_token:
        body["ContinuationToken"] = continuation_token
    body["TotalItemCount"] = total
    return body


def _common(
    body: JSONObject,
    kind: ContentKind,
    *,
    shown_id: str,
    catalog_id: str,
    name: str,
    culture: CultureLike,
    partner_id: str | None,
    source: str,
    compatible: str = BOTH_SOURCES,
    other_ids: dict[str, str] | None = None,
) -> JSONObject:
    body["Id"] = shown_id
    body["Name"] = name
    body["ImageUrl"] = image_url(catalog_id, culture)
    link = deep_link(kind, catalog_id, partner_id)
    if link is not None:
        body["Link"] = link
    if other_ids:
        body["OtherIds"] = other_ids
    body["Source"] = source
    body["CompatibleSources"] = compatible
    return body


_STUB_CACHE_SIZE = 20_000
_stubs: dict[tuple[str, str, str, str | None], JSONObject] = {}


def _stub(
    kind: ContentKind, item: Artist | Album, culture: CultureLike, partner_id: str | None
) -> JSONObject:
    """The identity of an album or artist inside another item. Stubs repeat on every track of
    a list, so each is built once per culture and partner and then shared: treat it as
    read-only (the JSON encoder does)."""
    key = (item.id, item.name, culture.tag, partner_id)
    stub = _stubs.get(key)
    if stub is None:
        if len(_stubs) >= _STUB_CACHE_SIZE:
            _stubs.clear()
        stub = _stubs[key] = _common(
            {},
            kind,
            shown_id=item.id,
            catalog_id=item.id,
            name=item.name,
            culture=culture,
            partner_id=partner_id,
            source="Catalog",
        )
    return stub


def _categories(body: JSONObject, genres: Sequence[str], subgenres: Sequence[str]) -> None:
    if genres:
        body["Genres"] = genres
    if subgenres:
        body["Subgenres"] = subgenres


def _other_ids(**ids: str | None) -> dict[str, str]:
    return {f"music.{name}": value for name, value in ids.items() if value}


def contributors_json(
    contributors: Sequence[Contributor],
    catalog: Catalog,
    *,
    culture: CultureLike,
    partner_id: str | None,
    details: bool,
) -> list[JSONObject]:
    out = []
    for contributor in contributors:
        artist = catalog.artist_of(contributor)
        shown = (
            artist_json(artist, culture=culture, partner_id=partner_id)
            if details
            else _stub(ContentKind.ARTIST, artist, culture, partner_id)
        )
        out.append({"Role": contributor.role, "Artist": shown})
    return out


def track_json(
    track: Track,
    catalog: Catalog,
    *,
    culture: CultureLike,
    source: str = "Catalog",
    collection_id: str | None = None,
    partner_id: str | None = None,
    album_details: bool = False,
    artist_details: bool = False,
) -> JSONObject:
    """A Track (`R/json-track.md`); the extras `albumDetails` / `artistDetails` expand the
    album and the artists from stubs to full objects (`R/extras.md`)."""
    body: JSONObject = {
        "ReleaseDate": track.release_date_text,
        "Duration": track.duration_text,
        "TrackNumber": track.track_number,
        "IsExplicit": track.is_explicit,
    }
    _categories(body, track.genres, track.subgenres)
    body["Rights"] = track.rights
    if track.subtitle:
        body["Subtitle"] = track.subtitle
    album = catalog.album_of(track)
    body["Album"] = (
        album_json(album, catalog, culture=culture, partner_id=partner_id)
        if album_details
        else _stub(ContentKind.ALBUM, album, culture, partner_id)
    )
    body["Artists"] = contributors_json(
        track.artists, catalog, culture=culture, partner_id=partner_id, details=artist_details
    )
    return _common(
        body,
        ContentKind.TRACK,
        shown_id=collection_id or track.id,
        catalog_id=track.id,
        name=track.name,
        culture=culture,
        partner_id=partner_id,
        source=source,
        other_ids=_other_ids(amg=track.amg_id, isrc=track.isrc),
    )


def album_json(
    album: Album,
    catalog: Catalog,
    *,
    culture: CultureLike,
    source: str = "Catalog",
    collection_id: str | None = None,
    partner_id: str | None = None,
    tracks: JSONObject | None = None,
    artist_details: bool = False,
) -> JSONObject:
    """An Album (`R/json-album.md`); `tracks` is the PaginatedList of the `tracks` extra."""
    body: JSONObject = {
        "ReleaseDate": album.release_date_text,
        "Duration": album.duration_text,
        "TrackCount": len(album.track_ids),
        "IsExplicit": album.is_explicit,
        "LabelName": album.label,
    }
    _categories(body, album.genres, album.subgenres)
    body["AlbumType"] = album.album_type
    if album.subtitle:
        body["Subtitle"] = album.subtitle
    body["Artists"] = contributors_json(
        album.artists, catalog, culture=culture, partner_id=partner_id, details=artist_details
    )
    if tracks is not None:
        body["Tracks"] = tracks
    return _common(
        body,
        ContentKind.ALBUM,
        shown_id=collection_id or album.id,
        catalog_id=album.id,
        name=album.name,
        culture=culture,
        partner_id=partner_id,
        source=source,
        other_ids=_other_ids(amg=album.amg_id, icpn=album.icpn),
    )


def artist_json(
    artist: Artist,
    *,
    culture: CultureLike,
    source: str = "Catalog",
    collection_id: str | None = None,
    partner_id: str | None = None,
    albums: JSONObject | None = None,
    top_tracks: JSONObject | None = None,
    biography: bool = False,
) -> JSONObject:
    """An Artist (`R/json-artist.md`); `albums` / `top_tracks` are the extras' lists, and the
    biography is only sent where the full item is asked for (lookup)."""
    body: JSONObject = {}
    _categories(body, artist.genres, artist.subgenres)
    if albums is not None:
        body["Albums"] = albums
    if top_tracks is not None:
        body["TopTracks"] = top_tracks
    if biography and artist.biography:
        body["Biography"] = artist.biography
    return _common(
        body,
        ContentKind.ARTIST,
        shown_id=collection_id or artist.id,
        catalog_id=artist.id,
        name=artist.name,
        culture=culture,
        partner_id=partner_id,
        source=source,
        other_ids=_other_ids(amg=artist.amg_id),
    )


def playlist_json(
    playlist: PlaylistLike,
    *,
    culture: CultureLike,
    source: str = "Catalog",
    partner_id: str | None = None,
    tracks: JSONObject | None = None,
) -> JSONObject:
    """A Playlist (`R/json-playlist.md`). `Tracks` only when given (lookup, sub-browse): a
    browse leaves it out. Catalog playlists are compatible with the catalog only."""
    body: JSONObject = {"TrackCount": playlist.track_count}
    if playlist.description:
        body["Description"] = playlist.description
    body["IsReadOnly"] = playlist.is_read_only
    body["IsPublished"] = playlist.is_published
    if playlist.user_is_owner is not None:
        body["UserIsOwner"] = playlist.user_is_owner
    provider = getattr(playlist, "provider", None)
    if provider:
        body["Provider"] = provider
    if playlist.collection_state_token and not _is_playlist_for_you(playlist.id):
        body["CollectionStateToken"] = playlist.collection_state_token
    if tracks is not None:
        body["Tracks"] = tracks
    return _common(
        body,
        ContentKind.PLAYLIST,
        shown_id=playlist.id,
        catalog_id=playlist.id,
        name=playlist.name,
        culture=culture,
        partner_id=partner_id,
        source=source,
        compatible="Catalog" if source == "Catalog" else BOTH_SOURCES,
    )


def _is_playlist_for_you(content_id: str) -> bool:
    return content_id[len(NAMESPACE) :].lower().startswith(_PLAYLIST_FOR_YOU_SUB)


def identity_json(shown_id: str, name: str, source: str) -> JSONObject:
    """A parent item in a continuation response: only what identifies it (reference §7)."""
    return {"Id": shown_id, "Name": name, "Source": source}


def content_item_json(kind: ContentKind, item: ItemJSON) -> JSONObject:
    """A ContentItem of spotlight and new releases (`R/json-contentitem.md`)."""
    return {"Type": kind.plural, kind.singular: item}


def genre_json(genre: Genre) -> JSONObject:
    body: JSONObject = {}
    if genre.parent_name:
        body["ParentName"] = genre.parent_name
    body["HasEditorialPlaylists"] = genre.has_editorial_playlists
    body["Name"] = genre.name
    return body


def category_json(category: Category, namespace: str, culture: CultureLike) -> JSONObject:
    """A Mood or an Activity (`R/json-mood.md`): `namespace` is `mood` or `activity`."""
    language = culture.tag.split("-")[0]
    image = f"{IMAGE_HOST}/catalog/music.{namespace}.{category.id}/image?locale={culture.tag}"
    return {
        "Id": category.id,
        "Name": category.name(language),
        "Description": category.description(language),
        "ImageUrl": image,
    }
