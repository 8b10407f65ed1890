"""Proofreading findings: what a proofreader is asked to look at, and what they are spared."""

from __future__ import annotations

from samizdat.model import BookText, Loc, Para, Text, TextMeta
from samizdat.proofread import proofread

WORDS = frozenset({"the", "organ", "of", "party", "was", "vorwärts", "an", "and", "by"})


def _findings(*paras: str, corpus: frozenset[str] = WORDS) -> list[tuple[str, str]]:
    text = BookText(
        TextMeta("t", "T"), tuple(Para((Text(p),), Loc("t.txt", n)) for n, p in enumerate(paras))
    )
    return [(f.code, f.message) for f in proofread(text, WORDS, corpus)]


def test_a_word_split_by_a_space_is_found():
    found = _findings("The organ of the party was vor wirts and an organ of the party.")
    assert ("split-word", "word split by OCR? 'vor wirts'") in found


def test_a_word_joined_by_an_apostrophe_or_hyphen_is_not_a_split_word():
    found = _findings("The organ of the party was vor’wirts and vor-wirts by Kan’ichi Kuroda.")
    assert [f for f in found if f[0] == "split-word"] == []


def test_two_capitalised_names_are_not_a_split_word():
    assert _findings("The organ of the party was Vor Wirts and an organ of the party.") == []


def test_a_very_short_paragraph_is_reported():
    assert ("short-paragraph", "very short paragraph: 'The party.'") in _findings("The party.")


def test_a_text_in_another_language_is_not_read_against_the_english_word_list(tmp_path):
    """Kafka's German: its ordinary word pairs ("Bett zu") are no split words; the text's own
    vocabulary, not the English list, says which words are known."""
    import shutil
    from pathlib import Path

    from samizdat.book import load_book, normalise_book

    corpus = Path(__file__).parent / "corpus" / "kafka-die-verwandlung-pg22367-latin1.txt"
    shutil.copy(corpus, tmp_path / corpus.name)
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    split = [f for f in nb.reports[0].findings if f.code.startswith("split-word")]
    assert len(split) < 10, split[:5]
