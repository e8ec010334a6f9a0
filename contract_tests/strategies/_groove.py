"""Hypothesis strategies for Groove ids and query parameters (reference §4, §6, §11).

Each drawn value says what it is (`shape`) and what the contract makes of it, so a property can
check the answer without a second implementation of the endpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st

_UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass(frozen=True, slots=True)
class IdCase:
    """A Groove id as written, its shape, and whether the contract calls it well formed
    (namespace `music`, case-sensitive; a documented sub-namespace, any case)."""

    id: str
    shape: str
    well_formed: bool


@dataclass(frozen=True, slots=True)
class ParamCase:
    """Query parameters (plain text, encoded when sent) and the ErrorCode they must cause
    (`None`: the parameters are acceptable)."""

    pairs: tuple[tuple[str, str], ...]
    problem: str | None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name.lower() for name, _ in self.pairs)


def _guid(upper: bool, group: str | None = None) -> st.SearchStrategy[str]:
    def render(value: uuid.UUID) -> str:
        text = str(value)
        if group is not None:
            text = f"{text[:9]}{group}{text[13:]}"
        return text.upper() if upper else text

    return st.uuids().map(render)


def _shapes() -> dict[str, st.SearchStrategy[str]]:
    return {
        "catalog-guid-album-or-track": _guid(True, "0100").map(lambda g: f"music.{g}"),
        "catalog-guid-artist": _guid(True, "0200").map(lambda g: f"music.{g}"),
        "catalog-short": st.text(_UPPER_ALNUM, min_size=12, max_size=12).map(
            lambda s: f"music.{s}"
        ),
        "collection": st.text(_B64URL, min_size=34, max_size=34).map(lambda s: f"music.AQ{s}"),
        "playlist": _guid(False).map(lambda g: f"music.playlist.{g}"),
        "playlist-odd-case": _guid(True).map(lambda g: f"music.PlayList.{g}"),
        "playlistforyou": _guid(False).map(lambda g: f"music.playlistforyou.{g}"),
        "radio": _guid(False).map(lambda g: f"music.radio.{g}"),
        "isrc": st.text(_UPPER_ALNUM, min_size=12, max_size=12).map(lambda s: f"music.isrc.{s}"),
        "icpn": st.text("0123456789", min_size=12, max_size=13).map(lambda s: f"music.icpn.{s}"),
    }


def _malformed() -> dict[str, st.SearchStrategy[str]]:
    return {
        "namespace-wrong-case": _guid(True, "0100").map(lambda g: f"Music.{g}"),
        "other-namespace": _guid(True, "0100").map(lambda g: f"video.{g}"),
        "no-namespace": _guid(True, "0100"),
        "empty": st.just(""),
        "free-text": st.text(max_size=24).filter(lambda text: not text.startswith("music.")),
    }


def _labelled(texts: st.SearchStrategy[str], shape: str, ok: bool) -> st.SearchStrategy[IdCase]:
    return texts.map(lambda text: IdCase(text, shape, ok))


def groove_ids(
    *, shapes: Sequence[str] | None = None, malformed: bool = True
) -> st.SearchStrategy[IdCase]:
    """Ids of every documented shape (reference §11), and if `malformed` ids the contract
    rejects: the `music` namespace in the wrong case, another namespace, none, free text."""
    good = _shapes()
    names = list(shapes) if shapes is not None else sorted(good)
    options = [_labelled(good[name], name, True) for name in names]
    if malformed:
        options += [_labelled(found, name, False) for name, found in sorted(_malformed().items())]
    return st.one_of(options)


_CASINGS = {
    "maxItems": ("maxItems", "maxitems", "MAXITEMS"),
    "page": ("page", "Page"),
    "language": ("language", "Language"),
    "country": ("country", "COUNTRY"),
}


@st.composite
def _param(draw: st.DrawFn, name: str, maximum_page: int) -> tuple[str, str, str | None]:
    written = draw(st.sampled_from(_CASINGS[name]))
    bad = "INVALID_INPUT_PARAMETER"
    if name == "maxItems":
        value = draw(st.one_of(st.integers(-5, 40), st.sampled_from(["", "abc", "1.5", "0x10"])))
        if isinstance(value, int):
            return written, str(value), None if 1 <= value <= 25 else bad
        return written, value, None if value == "" else bad
    if name == "page":
        number = draw(st.integers(-2, maximum_page + 2))
        return written, str(number), None if 0 <= number <= maximum_page else bad
    code = draw(
        st.one_of(
            st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=2), st.text(max_size=3)
        )
    )
    value = code.upper() if name == "country" else code
    ok = len(value) == 2 and value.isascii() and value.isalpha()
    return written, value, None if ok else bad


def query_parameters(
    names: Sequence[str] = ("maxItems", "language", "country"),
    *,
    maximum_page: int = 1000,
    duplicates: bool = True,
) -> st.SearchStrategy[ParamCase]:
    """Any subset of the common parameters `names` (maxItems 1-25, page 0-`maximum_page`,
    2-letter language and country; names in any case), valid or not. With `duplicates`, a
    parameter may appear twice, which the mock refuses (INVALID_INPUT_PARAMETER)."""
    return _parameters(tuple(names), maximum_page, duplicates)


@st.composite
def _parameters(
    draw: st.DrawFn, names: tuple[str, ...], maximum_page: int, duplicates: bool
) -> ParamCase:
    chosen = draw(st.lists(st.sampled_from(names), unique=True))
    drawn = [draw(_param(name, maximum_page)) for name in chosen]
    pairs = [(written, value) for written, value, _ in drawn]
    problems = [problem for _, _, problem in drawn if problem is not None]
    if duplicates and pairs and draw(st.integers(0, 5)) == 0:
        pairs.append(pairs[0])
        problems.append("INVALID_INPUT_PARAMETER")
    return ParamCase(tuple(pairs), problems[0] if problems else None)
