"""The user's library on the Groove API (reference §6 rows 5, 13-21, §7, §10): collections,
playlists, playlists for you, radio stations and the profile, kept per user for one mock.

`CollectionStore` (one per mock state, `state.part(CollectionStore)`) holds every user's
`_user_data`; `_types` and `_ids` are its values and identifiers; the endpoints are in
`_browse`, `_collection_routes`, `_playlist_routes`, `_profile` and `_radio`; `_routes` lists
them with the streaming endpoints.
"""

from __future__ import annotations

from ._collection import CollectionStore

__all__ = ["CollectionStore"]
