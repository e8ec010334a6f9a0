"""Playlists for you (`music.playlistforyou.{guid}`, reference §6 row 5, §7, §11): read-only
playlists the service made for one user from their collection.

The mock makes up to two, deterministically from the collection: "Your mix" (popular tracks of
the artists the user collects most) and "Discover <genre>" (popular tracks of the user's main
genre that are not in the collection yet). An empty collection gets none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog._catalog import Catalog, CatalogOrder, ContentKind, Track
from ._ids import playlist_for_you_id

if TYPE_CHECKING:
    from ._types import CollectionView

MIX_ARTISTS = 5
TRACKS_PER_ARTIST = 2
DISCOVER_TRACKS = 10


@dataclass(frozen=True, slots=True)
class PlaylistForYou:
    """Has the attributes `_shapes.playlist_json` reads (no Link, no CollectionStateToken)."""

    id: str
    name: str
    description: str | None
    track_ids: tuple[str, ...]
    rank: int
    is_read_only: bool = True
    is_published: bool = False
    user_is_owner: bool | None = False
    collection_state_token: str | None = None

    @property
    def track_count(self) -> int:
        return len(self.track_ids)


def playlists_for_you(
    catalog: Catalog, user_id: str, view: CollectionView
) -> tuple[PlaylistForYou, ...]:
    tracks = [t for t in (catalog.track(c.catalog_id) for c in view.tracks) if t is not None]
    made: list[PlaylistForYou] = []
    mix = _mix(catalog, tracks)
    if mix:
        made.append(
            PlaylistForYou(
                playlist_for_you_id(user_id, "mix"),
                "Your mix",
                "Favourites from the artists you collect",
                mix,
                rank=len(made),
            )
        )
    genre, discover = _discover(catalog, tracks, {c.catalog_id for c in view.tracks})
    if discover:
        made.append(
            PlaylistForYou(
                playlist_for_you_id(user_id, "discover"),
                f"Discover {genre}",
                f"Popular {genre} you have not collected yet",
                discover,
                rank=len(made),
            )
        )
    return tuple(made)


def _mix(catalog: Catalog, tracks: list[Track]) -> tuple[str, ...]:
    artists = Counter(t.main_artist_id for t in tracks)
    chosen: list[str] = []
    for artist_id, _ in sorted(artists.items(), key=lambda kv: (-kv[1], kv[0]))[:MIX_ARTISTS]:
        top = [t.id for t in catalog.top_tracks_of_artist(artist_id) if t.can_stream]
        chosen.extend(top[:TRACKS_PER_ARTIST])
    return tuple(dict.fromkeys(chosen))


def _discover(
    catalog: Catalog, tracks: list[Track], collected: set[str]
) -> tuple[str, tuple[str, ...]]:
    genres = Counter(g for t in tracks for g in t.genres[:1])
    if not genres:
        return "", ()
    name = sorted(genres.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    genre = catalog.genre(name)
    if genre is None:
        return name, ()
    popular = catalog.browse(ContentKind.TRACK, CatalogOrder.MOST_POPULAR, genre=genre)
    fresh = [
        t.id for t in popular if isinstance(t, Track) and t.can_stream and t.id not in collected
    ]
    return genre.name, tuple(fresh[:DISCOVER_TRACKS])
