"""The print PDF laid out text by text, in parallel, with a cache of laid-out documents.

:func:`write_pdf_parts` reads the same as :func:`samizdat.render.pdf.write_pdf` (same pages,
folios, contents, links and outline) but lays the book out as several WeasyPrint documents:

1. **Parts** (:func:`~.pdf_html.part_html`): each text alone, its opening, body and notes, with
   no running heads, folios or crop marks, and each note's call page ("p. 12") left as an empty
   box of fixed width. Nothing in a part depends on the page its text opens on (always a recto),
   so its cache key holds no page number: when an earlier text grows by a page, the later parts
   are reused as they are. A text longer than :data:`~.pdf_pieces.PIECE_BYTES` is laid out as
   a sequence of **pieces** of bounded size instead (:mod:`.pdf_pieces`), one after the other,
   each cached by its HTML. Texts are laid out in worker processes, longest first.
2. **Frames** (:func:`~.pdf_html.frame_html`), once the texts' page counts are known: for each
   text, one empty page per page of it, in runs of at most :data:`FRAME_PAGES`, numbered from
   the folio the run starts on. WeasyPrint sets the running heads, folios and crop marks
   exactly as in the whole book, and draws each note's call page into the box its part left.
   With them, in the same pool: the **front matter** (:func:`~.pdf_html.front_html`), its
   contents given the page numbers, and a **blank** verso (:func:`~.pdf_html.blank_html`) for a
   text that ends on a recto.
3. **Merge** (:mod:`.pdf_merge`): each text page laid under its frame page; links, named
   destinations, outline, page labels, metadata and the font licence rebuilt.

A correction that keeps its text's page count lays out that part (or piece) again, and its
frame only if a note's call moved; one that changes the page count also lays out the frames of
the pages after it (their folios change), never the other parts; the front matter only when a
contents number changes. A tagged PDF (PDF/UA) is laid out as one document by ``write_pdf``:
the structure trees of several documents, with frames drawn over them, would not merge into one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from .html import RenderedBook
from .pdf import PdfLayout, file_identifier, page_labels, write_pdf
from .pdf_cache import CACHE_LIMIT_BYTES, PartCache, cache_key, cache_salt
from .pdf_html import (
    CallPage,
    blank_html,
    contents_ids,
    edition_date,
    frame_html,
    front_html,
    text_size,
)
from .pdf_layout import Job, LaidOut, Layouter
from .pdf_merge import Sheet, Source, merge_book
from .pdf_pieces import PIECE_BYTES, TextChain, TextPages, lay_out_text

__all__ = ["CACHE_LIMIT_BYTES", "FRAME_PAGES", "PartCache", "cache_salt", "write_pdf_parts"]

#: A text's frame is laid out in runs of at most this many pages (each run a document, given
#: its first folio and side): a frame of 10,000 empty pages would be a big document.
FRAME_PAGES = 128
#: A book of more HTML bytes than this is laid out by workers started from a fork server, not
#: forked from this process: a forked worker would carry the book (a 20 MB text: 200 MB in each
#: worker). A fork server costs about a second to start.
FORK_BYTES = 8 * 1024 * 1024
#: Names of the front matter's and the blank verso's jobs, and of the front matter laid out
#: with the last build's folios while the texts are (text ids have no spaces).
FRONT, BLANK, SPARE = "(front matter)", "(blank verso)", "(front matter, guessed)"
#: What the key of the file keeping a book's last contents folios starts from.
GUESS = "samizdat contents folios 1"

Progress = Callable[[str], None]


class _Run:
    """One build's documents: laid out by a :class:`Layouter`, or read from the cache."""

    def __init__(self, layouter: Layouter, cache: PartCache | None, salt: str) -> None:
        self.layouter, self.cache, self.salt = layouter, cache, salt

    def _load(self, job: Job) -> tuple[str, LaidOut | None]:
        key = cache_key(self.salt, job)
        return key, self.cache.load(key) if self.cache is not None else None

    def _store(self, key: str, laid_out: LaidOut) -> None:
        if self.cache is not None:
            self.cache.store(key, laid_out)

    def get(self, jobs: dict[str, Job]) -> dict[str, tuple[LaidOut, bool]]:
        """Each job's document and whether it came from the cache, in the order of ``jobs``."""
        keys, found = {}, {}
        for name, job in jobs.items():
            keys[name], cached = self._load(job)
            if cached is not None:
                found[name] = (cached, True)
        todo = {name: job for name, job in jobs.items() if name not in found}
        for name, laid_out in self.layouter.run(todo):
            self._store(keys[name], laid_out)
            found[name] = (laid_out, False)
        return {name: found[name] for name in jobs}

    def chains(
        self, chains: dict[str, TextChain], spare: Job | None = None
    ) -> dict[str, TextPages]:
        """Run each text's chain of jobs (:func:`~.pdf_pieces.lay_out_text`) to its end: a
        chain's next job waits for its last one, the chains run side by side. ``spare`` (a
        guess at the front matter) is laid out and cached only while a worker would be idle."""
        results: dict[str, TextPages] = {}
        keys: dict[str, str] = {}
        if spare is not None:
            keys[SPARE], cached = self._load(spare)
            spare = None if cached is not None or self.layouter.workers <= 1 else spare

        def advance(name: str, sent: tuple[LaidOut, bool] | None) -> None:
            while True:
                try:
                    job = chains[name].send(sent)  # type: ignore[arg-type]
                except StopIteration as stop:
                    results[name] = stop.value
                    return
                keys[name], cached = self._load(job)
                if cached is None:
                    self.layouter.submit(name, job)
                    return
                sent = (cached, True)

        for name in chains:
            advance(name, None)
        while spare is not None or self.layouter.busy:
            if spare is not None and len(self.layouter.futures) < self.layouter.workers:
                self.layouter.submit(SPARE, spare)
                spare = None
                continue
            name, laid_out = self.layouter.done()
            self._store(keys[name], laid_out)
            if name != SPARE:
                advance(name, (laid_out, False))
        return results


def _texts(
    run: _Run, book: RenderedBook, options: dict, budget: int, say: Progress, spare: Job | None
) -> list[TextPages]:
    """Each text laid out, in one part or in pieces; the longest texts start first. ``spare``:
    see :meth:`_Run.chains`."""
    order = sorted(range(len(book.texts)), key=lambda i: -text_size(book.texts[i]))
    chains = {book.texts[i].id: lay_out_text(book, i, options, budget, say) for i in order}
    got = run.chains(chains, spare)
    return [got[text.id] for text in book.texts]


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


def _call_pages(text: TextPages, anchors: dict[str, int], folio: int) -> list[tuple[CallPage, ...]]:
    """The notes' call pages on each page of a text that opens on page ``folio``."""
    pages: list[list[CallPage]] = [[] for _ in range(text.page_count)]
    for c in text.calls():
        number = str(folio + anchors[c.target])
        pages[c.page].append(CallPage(number, c.left, c.top, c.width, c.font_size, c.line_height))
    return [tuple(calls) for calls in pages]


def _front_job(book: RenderedBook, folios: dict[str, str], options: dict, build_id: str) -> Job:
    """The front matter, its contents giving ``folios``."""
    front = front_html(book, folios, build_id=build_id, **options)
    return Job(front, licence_date=edition_date(book))


def _guess_path(cache: PartCache, salt: str, book: RenderedBook) -> Path:
    """Where the contents' folios of this book's last build are kept."""
    name = cache_key(salt, Job(f"{GUESS}\0{book.identifier}"))
    return cache.folder / f"{name}.folios.json"


def _front_guess(
    cache: PartCache | None, salt: str, book: RenderedBook, options: dict, build_id: str
) -> Job | None:
    """The front matter laid out with the contents' folios of the last build of this book (a
    correction seldom moves them): a job to do while a worker waits, found in the cache when
    the guess was right. A wrong guess costs only that spare time, never a wrong page."""
    if cache is None:
        return None
    try:
        folios = json.loads(_guess_path(cache, salt, book).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    needed = {a for text in book.texts for a in contents_ids(text)}
    if not isinstance(folios, dict) or not needed <= folios.keys():
        return None  # a text or heading the last build did not have
    if not all(isinstance(v, str) for v in folios.values()):
        return None
    return _front_job(book, folios, options, build_id)


def _keep_guess(cache: PartCache | None, salt: str, book: RenderedBook, folios: dict) -> None:
    if cache is not None:
        with contextlib.suppress(OSError):
            _guess_path(cache, salt, book).write_text(json.dumps(folios), encoding="utf-8")


def _frame_jobs(
    book: RenderedBook,
    texts: list[TextPages],
    anchors: list[dict[str, int]],
    options: dict,
    build_id: str,
) -> tuple[dict[str, Job], dict[str, str]]:
    """The front matter, a blank verso, and each text's frame in runs of :data:`FRAME_PAGES`;
    a text opens on a recto, after a blank verso if the one before ends on a recto (as
    ``break-before: right`` does). Also the contents' folios."""
    folio, folios, frames = 1, {}, {}
    for i, (text, pages, ids) in enumerate(zip(book.texts, texts, anchors, strict=True)):
        calls = _call_pages(pages, ids, folio)
        for start in range(0, pages.page_count, FRAME_PAGES):
            run = calls[start : start + FRAME_PAGES]
            html = frame_html(book, i, run, folio + start, opening=start == 0, **options)
            frames[f"{text.id} {start}"] = Job(html)
        folios.update({a: str(folio + ids[a]) for a in contents_ids(text)})
        folio += pages.page_count + pages.page_count % 2
    blank = blank_html(book, **options)
    return {FRONT: _front_job(book, folios, options, build_id), BLANK: Job(blank), **frames}, folios


def _frames(
    run: _Run,
    book: RenderedBook,
    texts: list[TextPages],
    anchors: list[dict[str, int]],
    options: dict,
    build_id: str,
    say: Progress,
) -> list[LaidOut]:
    """The front matter, the blank verso and the frames, checked against the texts."""
    jobs, folios = _frame_jobs(book, texts, anchors, options, build_id)
    got = run.get(jobs)
    _keep_guess(run.cache, run.salt, book, folios)
    docs = [laid_out for laid_out, _ in got.values()]
    runs = [
        min(FRAME_PAGES, t.page_count - s)
        for t in texts
        for s in range(0, t.page_count, FRAME_PAGES)
    ]
    if [d.page_count for d in docs[2:]] != runs:
        raise RuntimeError("a text's frame and its pages differ in number (a template bug)")
    front, front_cached = got[FRONT]
    say(
        f"pdf: {'reused' if front_cached else 'laid out'} the front matter ({_pages(front.page_count)})"
    )
    reused = sum(cached for name, (_, cached) in got.items() if name not in (FRONT, BLANK))
    say(f"pdf: running heads and folios: {len(runs) - reused} laid out, {reused} reused")
    return docs


def _sheets(front: LaidOut, texts: list[TextPages]) -> tuple[list[Sheet], list[int]]:
    """The merged book's pages from its documents, and where each text starts: documents are
    0 the front matter, 1 the blank verso, 2… the frames' runs, then the texts' pieces."""
    blank = Sheet((1, 0))
    sheets = [Sheet((0, i)) for i in range(front.page_count)]
    sheets += [blank] * (front.page_count % 2)
    frame = 2
    piece = frame + sum(-(-t.page_count // FRAME_PAGES) for t in texts)
    starts = []
    for n, text in enumerate(texts):
        starts.append(len(sheets))
        under = []
        for p in text.pieces:
            under += [(piece, page) for page in range(p.first, p.stop)]
            piece += 1
        over = [(frame + j // FRAME_PAGES, j % FRAME_PAGES) for j in range(text.page_count)]
        frame += -(-text.page_count // FRAME_PAGES)
        sheets += [Sheet(f, u) for f, u in zip(over, under, strict=True)]
        if n < len(texts) - 1:
            sheets += [blank] * (text.page_count % 2)
    return sheets, starts


def _book_anchors(
    anchors: list[dict[str, int]], starts: list[int], front: LaidOut
) -> dict[str, int]:
    """Every element id → its page in the merged book (the texts own their ids)."""
    found: dict[str, int] = {}
    for ids, start in zip(anchors, starts, strict=True):
        found.update({a: start + page for a, page in ids.items()})
    for anchor, index in front.anchors.items():
        found.setdefault(anchor, index)
    return found


def _sources(docs: list[LaidOut], texts: list[TextPages]) -> list[Source]:
    """What the merge reads: the front matter, blank and frames, then every piece, which owns
    the named destinations of its ids on the pages kept and brings its outline levels."""
    sources = [Source(d.pdf) for d in docs]
    for text in texts:
        for p in text.pieces:
            sources.append(Source(p.doc.pdf, frozenset(p.anchors()), p.doc.levels))
    return sources


def write_pdf_parts(
    book: RenderedBook,
    out_path: Path,
    *,
    paper: str = "a5",
    para_numbers: bool = False,
    notes_margin: bool = False,
    bleed: bool = False,
    build_id: str = "",
    tagged: bool = False,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    piece_bytes: int = PIECE_BYTES,
    hyphenation: str = "",
    short_titles: dict[str, str] | None = None,
) -> PdfLayout:
    """Typeset ``book`` into ``out_path`` text by text and report where everything landed.

    Reads as :func:`samizdat.render.pdf.write_pdf` does, page for page. Documents are laid out
    in ``workers`` processes (default: one per CPU; 1 lays out in this process). A text longer
    than ``piece_bytes`` of HTML is laid out in pieces of about that size. With ``cache_dir``,
    every laid-out document is kept there under a digest of its HTML and :func:`cache_salt`;
    ``PdfLayout.parts`` says which texts came from it (``PdfLayout.pieces``, which pieces).
    ``progress`` gets one short line per step. Same inputs give the same bytes, whatever came
    from the cache and however many workers. ``tagged=True`` lays the book out as one document
    with ``write_pdf`` (see the module); its ``PdfLayout.parts`` is then empty.
    """
    if not book.texts:
        raise ValueError("the book has no texts to print")
    say = progress or (lambda _line: None)
    options = {"paper": paper, "para_numbers": para_numbers, "notes_margin": notes_margin}
    options["bleed"] = bleed
    settings = {"hyphenation": hyphenation, "short_titles": short_titles or {}}
    if tagged:
        say("pdf: tagged PDF, laid out as one document")
        return write_pdf(book, out_path, **options, **settings, build_id=build_id, tagged=True)
    cache = PartCache(cache_dir) if cache_dir is not None else None
    salt = cache_salt(options) if cache is not None else ""
    options.update(settings)  # in the HTML (the cache key), not the salt
    workers = (os.cpu_count() or 1) if workers is None else workers
    fresh = sum(text_size(t) for t in book.texts) > FORK_BYTES
    size = min(workers, len(book.texts) + 2)
    spare = _front_guess(cache, salt, book, options, build_id)
    with Layouter(size, fresh=fresh) as layouter:
        texts = _texts(_Run(layouter, cache, salt), book, options, piece_bytes, say, spare)
    anchors = [t.anchors() for t in texts]
    with Layouter(size, fresh=fresh) as layouter:  # new workers: the texts' memory given back
        docs = _frames(_Run(layouter, cache, salt), book, texts, anchors, options, build_id, say)
    sheets, starts = _sheets(docs[0], texts)
    flags = (para_numbers, notes_margin, bleed, tagged)
    body_start = docs[0].page_count + docs[0].page_count % 2
    merge_book(
        _sources(docs, texts),
        sheets,
        out_path,
        identifier=file_identifier(book, paper, build_id, flags),
        body_start=body_start,
    )
    if cache is not None:
        cache.prune()
    say(f"pdf: merged {len(sheets)} pages")
    return _report(book, texts, _book_anchors(anchors, starts, docs[0]), len(sheets), body_start)


def _report(
    book: RenderedBook, texts: list[TextPages], anchors: dict[str, int], pages: int, body_start: int
) -> PdfLayout:
    """Where everything landed, and which texts and pieces came from the cache."""
    labels = page_labels(pages, body_start)
    pieces = {
        t.id: tuple("cached" if p.cached else "rendered" for p in laid.pieces)
        for t, laid in zip(book.texts, texts, strict=True)
    }
    return PdfLayout(
        page_count=pages,
        anchors=anchors,
        page_labels=labels,
        text_start_pages={t.id: labels[anchors[t.id]] for t in book.texts},
        body_start=body_start,
        parts={i: "cached" if set(s) == {"cached"} else "rendered" for i, s in pieces.items()},
        pieces=pieces,
    )
