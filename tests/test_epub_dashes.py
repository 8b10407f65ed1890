"""book.toml's ``dashes``: the house style of a dash between words reaches EPUB and PDF."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from samizdat.config import BuildOptions, load_book_config
from samizdat.errors import ConfigError
from samizdat.pipeline import build

TEXT = (
    "The Meeting\n\n"
    "They came -- at last -- to the hall on the corner, where the committee of the years "
    "1905-07 had sat; the rest of the district\u2014the mills, the yards\u2014stayed at home "
    "and waited for the news to come back along the river.\n\n"
    "Nobody spoke for a long while, and then the oldest of them stood up to read aloud.\n"
)


def _book(folder: Path, dashes: str | None) -> Path:
    folder.mkdir(parents=True)
    (folder / "01.txt").write_text(TEXT, encoding="utf-8")
    style = f'dashes = "{dashes}"\n' if dashes else ""
    (folder / "book.toml").write_text(
        'title = "Dashes"\nidentifier = "urn:test:dashes"\ndate = "2026-01-01"\n'
        + style
        + '\n[[texts]]\nfile = "01.txt"\nid = "meeting"\n',
        encoding="utf-8",
    )
    return folder


def _built(tmp_path: Path, dashes: str | None) -> tuple[str, str]:
    book = _book(tmp_path / "book", dashes)
    out = tmp_path / "out"
    build(book, book / "book.toml", out, BuildOptions(workers=1))  # the word check runs here
    with zipfile.ZipFile(out / "dashes.epub") as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    pdf = " ".join(p.extract_text() for p in PdfReader(out / "dashes.pdf").pages)
    return re.sub(r"\s+", " ", xhtml), re.sub(r"\s+", " ", pdf)


@pytest.mark.parametrize(
    ("dashes", "dash"),
    [(None, "\u2014"), ("spaced-en", " \u2013 "), ("spaced-em", " \u2014 ")],
)
def test_the_books_dash_style_is_set_in_epub_and_pdf(tmp_path: Path, dashes, dash):
    xhtml, pdf = _built(tmp_path, dashes)
    for words in ("came{}at last{}to", "district{}the mills, the yards{}stayed"):
        phrase = words.format(dash, dash)
        assert phrase in xhtml
        assert phrase in pdf
    assert "1905\u201307" in xhtml and "1905\u201307" in pdf  # a range keeps its closed en dash


def test_an_unknown_dash_style_names_the_file_and_line(tmp_path: Path):
    book = _book(tmp_path / "book", "en-spaced")
    with pytest.raises(ConfigError) as err:
        load_book_config(book / "book.toml")
    message = str(err.value)
    assert f"{book / 'book.toml'}:4: 'dashes' must be one of em, spaced-em, spaced-en" in message
    assert "'en-spaced'" in message


def test_a_dash_style_that_is_not_a_string_is_an_error(tmp_path: Path):
    book = _book(tmp_path / "book", None)
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace('date = "2026-01-01"\n', "dashes = 2\n"))
    with pytest.raises(ConfigError, match="'dashes' must be a string"):
        load_book_config(toml)
