"""The catalog's value types (reference §7, §11): immutable, shared by every request.

Each entity keeps what the fixture says plus a few fields derived once at load (search text,
formatted dates and durations), so that rendering a response does no parsing or formatting that
could have been done once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum

NAMESPACE = "music."
"""The one supported namespace, case-sensitive (reference §11, `R/namespace.md`)."""


class ContentKind(Enum):
    """A kind of catalog content, with its ContentResponse member and its deep-link type."""

    ARTIST = ("Artists", "Artist")
    ALBUM = ("Albums", "Album")
    TRACK = ("Tracks", "Track")
    PLAYLIST = ("Playlists", "Playlist")

    def __init__(self, plural: str, singular: str):
        self.plural = plural
        self.singular = singular

    @property
    def keyword(self) -> str:
        """The lowercase plural used in URLs and parameters (`filters=albums`, `/tracks/`)."""
        return self.plural.lower()


def id_key(content_id: str) -> str | None:
    """The lookup key of an id: the `music.` namespace must match exactly, the rest is compared
    without case (`music.playlist.AE8D…` is `music.PLAYLIST.ae8d…`). None if not a music id."""
    if not content_id.startswith(NAMESPACE) or len(content_id) == len(NAMESPACE):
        return None
    return content_id[len(NAMESPACE) :].upper()


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for search and name filters."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str) -> tuple[str, ...]:
    folded = fold(text)
    return tuple("".join(ch if ch.isalnum() else " " for ch in folded).split())


def clock_text(seconds: int) -> str:
    """`hh:mm:ss`, the JSON form of a Duration (reference §7)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def date_text(day: str) -> str:
    """ISO-8601 UTC midnight, the JSON form of a ReleaseDate (reference §7)."""
    return f"{day}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class Contributor:
    """An artist's part in an album or a track (reference §7 Contributor)."""

    role: str
    artist_id: str


@dataclass(frozen=True, slots=True)
class Genre:
    """A genre or a subgenre (`parent_name` set), and whether editorial playlists have it."""

    name: str
    parent_name: str | None
    has_editorial_playlists: bool


@dataclass(frozen=True, slots=True)
class Category:
    """A mood or an activity: a stable id and its name and description per language."""

    id: str
    texts: dict[str, tuple[str, str]] = field(hash=False, compare=False)
    folded_names: frozenset[str] = field(default=frozenset(), hash=False, compare=False)

    def name(self, language: str) -> str:
        return self._text(language)[0]

    def description(self, language: str) -> str:
        return self._text(language)[1]

    def _text(self, language: str) -> tuple[str, str]:
        # English is the fallback for a language the fixture does not translate.
        return self.texts.get(language) or self.texts["en"]


Mood = Category
Activity = Category


@dataclass(frozen=True, slots=True)
class Artist:
    """A catalog artist (reference §7 Artist)."""

    id: str
    name: str
    genres: tuple[str, ...]
    subgenres: tuple[str, ...]
    amg_id: str | None
    biography: str | None
    popularity: int
    play_count: int
    latest_release: str = ""

    @property
    def release_date(self) -> str:
        """Artists order by their latest release (catalog browse, `orderBy=ReleaseDate`)."""
        return self.latest_release


class _Released:
    """What albums and tracks both show: release date, duration and main artist, as text."""

    __slots__ = ()
    release_date: str
    duration_seconds: int
    artists: tuple[Contributor, ...]

    @property
    def release_date_text(self) -> str:
        return date_text(self.release_date)

    @property
    def duration_text(self) -> str:
        return clock_text(self.duration_seconds)

    @property
    def main_artist_id(self) -> str:
        return self.artists[0].artist_id


@dataclass(frozen=True, slots=True)
class Album(_Released):
    """A catalog album (reference §7 Album): its tracks' ids, in track-number order."""

    id: str
    name: str
    artists: tuple[Contributor, ...]
    release_date: str
    label: str
    album_type: str
    genres: tuple[str, ...]
    subgenres: tuple[str, ...]
    is_explicit: bool
    amg_id: str | None
    icpn: str | None
    subtitle: str | None
    popularity: int
    play_count: int
    track_ids: tuple[str, ...]
    duration_seconds: int = 0


@dataclass(frozen=True, slots=True)
class Track(_Released):
    """A catalog track (reference §7 Track), with its album's date and genres."""

    id: str
    name: str
    album_id: str
    track_number: int
    duration_seconds: int
    is_explicit: bool
    rights: tuple[str, ...]
    isrc: str | None
    amg_id: str | None
    subtitle: str | None
    artists: tuple[Contributor, ...]
    popularity: int
    play_count: int
    release_date: str = ""
    genres: tuple[str, ...] = ()
    subgenres: tuple[str, ...] = ()

    @property
    def can_stream(self) -> bool:
        """Full-track streaming needs the Stream right (DELIVERY_UNAVAILABLE_CONTENT if not)."""
        return "Stream" in self.rights


@dataclass(frozen=True, slots=True)
class CatalogPlaylist:
    """An editorial playlist. Its attributes are those `_shapes.playlist_json` reads, so a user
    playlist type can offer the same ones and be rendered by the same function."""

    id: str
    name: str
    description: str | None
    provider: str
    genres: tuple[str, ...]
    moods: tuple[str, ...]
    activities: tuple[str, ...]
    track_ids: tuple[str, ...]
    release_date: str
    popularity: int
    play_count: int
    is_read_only: bool = True
    is_published: bool = True
    user_is_owner: bool | None = None
    collection_state_token: str | None = None

    @property
    def track_count(self) -> int:
        return len(self.track_ids)


Content = Artist | Album | Track | CatalogPlaylist

KIND_OF: dict[type, ContentKind] = {
    Artist: ContentKind.ARTIST,
    Album: ContentKind.ALBUM,
    Track: ContentKind.TRACK,
    CatalogPlaylist: ContentKind.PLAYLIST,
}
