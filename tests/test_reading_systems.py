"""A real reading system opens the EPUB: calibre reads it and writes out what a reader gets."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

from samizdat.render.epub import write_epub
from samizdat.render.epub_nav import heading
from samizdat.render.html import RenderedBook, RenderedText

pytestmark = pytest.mark.skipif(
    shutil.which("ebook-convert") is None,
    reason="calibre's ebook-convert is not installed (Debian/Ubuntu: apt-get install calibre)",
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def first_sentence(text: RenderedText) -> str:
    """The first sentence of the text's first paragraph, as a reader reads it (no note calls)."""
    para = re.search(r"<p\b[^>]*>(.*?)</p>", str(text.body_html), re.S)
    assert para, text.id
    words = re.sub(r'<a class="noteref".*?</a>', "", para.group(1))
    plain = _one_line(html.unescape(re.sub(r"<[^>]+>", "", words)))
    return re.split(r"(?<=[.?!])\s", plain)[0]


@pytest.fixture(scope="module")
def calibre_text(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample book (with a page list and paragraph numbers) converted by calibre to text."""
    out = tmp_path_factory.mktemp("calibre")
    one, two = sample_book.texts
    info = write_epub(
        sample_book,
        out / "sample.epub",
        modified="2026-01-01T00:00:00Z",
        page_breaks=[(one.id, f"{one.id}-p1", "1"), (two.id, f"{two.id}-p1", "9")],
        page_source="the print edition",
        para_numbers=True,
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}  # no display needed
    run = subprocess.run(
        ["ebook-convert", str(info.path), str(out / "sample.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return _one_line((out / "sample.txt").read_text(encoding="utf-8"))


def test_calibre_shows_every_title_in_reading_order(calibre_text: str, sample_book: RenderedBook):
    start = calibre_text.index("Colophon")  # after the contents, which list the titles first
    places = [calibre_text.index(heading(t), start) for t in sample_book.texts]
    assert places == sorted(places)


def test_calibre_shows_a_sentence_of_every_text(calibre_text: str, sample_book: RenderedBook):
    for text in sample_book.texts:
        sentence = first_sentence(text)
        assert len(sentence.split()) >= 3
        assert sentence in calibre_text, (text.id, sentence)


def test_calibre_shows_notes_and_colophon_but_not_hidden_navigation(calibre_text: str):
    assert "Note text missing from the source." in calibre_text
    assert "Work retrieved from the Marxists Internet Archive." in calibre_text
    assert "Landmarks" not in calibre_text  # the hidden navigation stays hidden
