"""Dehyphenation from evidence: the text's vocabulary, then word frequencies of its language,
compound prefixes only when both are silent (issue 13 item 5)."""

from __future__ import annotations

import doctest

import samizdat.normalise.hyphens
from samizdat.normalise.chunks import Evidence
from samizdat.normalise.lines import dehyphenate


def test_doctests():
    assert doctest.testmod(samizdat.normalise.hyphens).failed == 0


def test_words_that_look_like_prefixes_are_joined_when_the_language_writes_them_whole():
    ev = Evidence("x")
    got = [
        dehyphenate(f"a {h}-", f"{t} b", ev)[0]
        for h, t in [
            ("so", "cialism"),
            ("pre", "sent"),
            ("ex", "ample"),
            ("mid", "dle"),
            ("one", "rous"),
        ]
    ]
    assert got == ["a socialism b", "a present b", "a example b", "a middle b", "a onerous b"]


def test_the_texts_own_hyphenation_wins_over_the_frequency_list():
    ev = Evidence("x", vocabulary=frozenset({"counter-revolution", "co-operation"}))
    assert dehyphenate("the counter-", "revolutionaries", ev)[0] == "the counter-revolutionaries"
    assert dehyphenate("co-", "operation", ev)[0] == "co-operation"
    assert dehyphenate("co-", "operation", Evidence("x"))[0] == "cooperation"


def test_another_language_uses_its_own_frequencies():
    german = Evidence("x", language="de")
    assert dehyphenate("die Verwand-", "lung", german) == ("die Verwandlung", "joined")
    assert dehyphenate("er ent-", "schloss sich", german)[0] == "er entschloss sich"
    # an English list knows no German word: without the German one it could only guess
    assert dehyphenate("die Verwand-", "lung", Evidence("x"))[1] == "doubtful"


def test_a_capital_after_the_hyphen_keeps_it():
    assert dehyphenate("the Marx-", "Engels letters", Evidence("x"))[0] == "the Marx-Engels letters"
