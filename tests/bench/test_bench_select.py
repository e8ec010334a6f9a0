"""`--only`: row names, group names, the ceiling brought along, and bad names."""

from __future__ import annotations

import argparse

import pytest

from bench._rows import LOAD_ROWS
from bench._select import ALL_ROWS, CEILING, GROUPS, parse_only


def test_one_row_is_just_that_row():
    assert parse_only("launch") == ("launch",)
    assert parse_only("contract") == ("contract",)


def test_a_load_row_brings_the_ceiling_it_is_measured_against():
    assert parse_only("lookup-app") == (CEILING, "lookup-app")
    assert parse_only("ceiling") == (CEILING,)


def test_names_come_back_in_table_order_once_each():
    assert parse_only(" memory,launch , lookup-app,launch") == (
        CEILING,
        "lookup-app",
        "launch",
        "memory",
    )


def test_groups_stand_for_their_rows():
    assert parse_only("startup") == ("launch", "in-process")
    assert parse_only("loads") == (CEILING, *(row.key for row in LOAD_ROWS))
    assert parse_only(",".join([*ALL_ROWS, *GROUPS])) == ALL_ROWS


def test_every_load_row_has_a_name():
    assert {row.key for row in LOAD_ROWS} <= set(ALL_ROWS)


@pytest.mark.parametrize("text", ["nope", "launch,", "Launch", ""])
def test_an_unknown_name_is_a_usage_error_that_lists_the_known_ones(text):
    with pytest.raises(argparse.ArgumentTypeError, match=r"unknown row .* \(known: ceiling, "):
        parse_only(text)
