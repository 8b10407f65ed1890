"""The word check end to end: the built EPUB's text of each text against its source.

The normaliser's blocks were checked already (:func:`samizdat.book.normalise_texts`); this
check sees what pandoc, the HTML renderer and the EPUB writer made of them. It accepts the same
edits the first check verified (note markers at the same source places) plus the book's own
metadata (a title or author given in book.toml, a supplied title, a date line); anything more
lost or added than the first check found was lost by a writer, and the build stops naming the
file and line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from .book import BookSource
from .errors import SamizdatError
from .render.epub_read import read_epub_words
from .render.html import RenderedBook
from .wordcheck import BookWords, WordCheck, check_words, words


class WordSources:
    """What the end-to-end check needs of the sources: lines, page starts, configured metadata
    and the first check's result, per text file."""

    def __init__(self, book: BookSource, checks: list[WordCheck]) -> None:
        self.sources = {s.name: (s.lines, s.page_starts) for s in book.sources}
        self.checks = {s.name: c for s, c in zip(book.sources, checks, strict=True)}
        self.config = {t.file: (t.title, t.author, t.date) for t in book.config.texts}
        ids = {t.id: t.file for t in book.config.texts if t.id}
        self.corrections: dict[str, list[tuple[str, str]]] = {}
        for c in book.corrections:
            self.corrections.setdefault(ids.get(c.text, c.text), []).append((c.find, c.replace))

    def allowed(self, text: Any) -> Counter[str]:
        title, author, date = self.config.get(text.file, ("", "", ""))
        given = [title, author, date, text.date]
        if text.editorial_title:
            given.append(text.title)
        given += [new for _, new in self.corrections.get(text.file, [])]
        return Counter(w for part in given if part for w in words(part))

    def check_epub(self, path: Path, book: RenderedBook, report: dict[str, Any]) -> None:
        """Check every text of the EPUB at ``path``; record the result in the report."""
        got = read_epub_words(path)
        rows = {t["file"]: t for t in report["texts"]}
        for text in book.texts:
            if text.file not in self.sources or text.id not in got:
                continue
            lines, starts = self.sources[text.file]
            first, ew = self.checks[text.file], got[text.id]
            stream = BookWords(
                words(" ".join(ew.body)),
                [words(n) for n in ew.notes],
                [words(f) for f in ew.furniture],
                lifted=[words(h) for h in ew.head],
                allowed=self.allowed(text),
                corrected=Counter(
                    w for old, _ in self.corrections.get(text.file, []) for w in words(old)
                ),
            )
            check = check_words(lines, stream, starts, markers=first.marker_positions)
            rows[text.file]["conservation"]["epub"] = {
                "lost_words": check.lost_words,
                "added_words": check.added_words,
                "edits": check.edits,
            }
            if check.lost_words > first.lost_words or check.added_words > first.added_words:
                problems = check.problems(text.file)
                raise SamizdatError(
                    f"EPUB: {problems[0] if problems else text.file} in the EPUB's text "
                    f"({check.lost_words} lost, {check.added_words} added words; "
                    "a writer changed the text); previous outputs left in place"
                )
