"""Repairs a reader expects: mojibake undone (ftfy, counted), a text cut mid-sentence marked."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import Para, plain_text


def test_a_web_copy_with_mojibake_reads_as_written(tmp_path):
    text = (
        "The cafÃ© on the corner â€” it was 1968 â€” didnâ€™t close.\n\n"
        "Ã‰mile said: â€œWe stay.â€\x9d And they stayed.\n"
    )
    (tmp_path / "web.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    body = [plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)]
    assert "café" in body[0] and "didn’t" in body[0] and "Ã" not in " ".join(body)
    assert body[1].startswith("Émile said: “We stay.”")
    assert nb.reports[0].counts["mojibake_characters_repaired"] > 0
    assert nb.conservation[0].ok


def test_text_that_only_looks_odd_is_left_alone(tmp_path):
    text = "Ã is a letter in Portuguese: São Paulo, maçã. â is one in French: âme, château.\n"
    (tmp_path / "pt.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    body = plain_text(nb.manuscript.texts[0].blocks[0].inlines)
    assert "São Paulo, maçã" in body and "âme, château" in body
    assert "mojibake_characters_repaired" not in nb.reports[0].counts


def test_a_text_cut_mid_sentence_says_so_where_it_stops(tmp_path):
    """Issue 13 item 7: a download that stopped; the book marks the end and the report says so."""
    text = "A first paragraph ends well.\n\nThe second one was cut off by the download, and\n"
    (tmp_path / "cut.txt").write_text(text, encoding="utf-8")
    (tmp_path / "whole.txt").write_text("It ends.\n\nAs it should, with a full stop here.\n")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    cut, _ = nb.manuscript.texts
    last = cut.blocks[-1].inlines[-1]
    assert last.note.missing and "ends here" in plain_text(last.note.blocks[0].inlines)
    assert any(f.code == "ends-mid-sentence" for f in nb.reports[0].findings)
    assert not any(f.code == "ends-mid-sentence" for f in nb.reports[1].findings)
    assert nb.conservation[0].ok
