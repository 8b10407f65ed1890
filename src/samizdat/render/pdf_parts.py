"""The print PDF laid out text by text, in parallel, with a cache of laid-out texts.

:func:`write_pdf_parts` reads the same as :func:`samizdat.render.pdf.write_pdf` (same pages,
folios, contents, links and outline) but lays the book out as several WeasyPrint documents:

1. **Parts.** Each text alone (:func:`samizdat.render.pdf_html.part_html`): opening, body and
   notes, with no running heads, folios or crop marks, and each note's call page ("p. 12") left
   as an empty box of fixed width. Nothing in a part depends on the page its text opens on (it
   always opens on a recto), so a part is laid out once, in a worker process, and cached under a
   key that does not hold its start page: when an earlier text grows by a page, the later parts
   are reused as they are and only the frame changes.
2. **Frame.** One document (:func:`samizdat.render.pdf_html.frame_html`) with the front matter
   and, for each text, one empty page per page of its part: WeasyPrint sets the running heads,
   folios, blank versos, crop marks and contents numbers exactly as in the whole book, and draws
   each note's call page into the box its part left for it.
3. **Merge** (:mod:`.pdf_merge`): each part page is laid over its frame page; links, named
   destinations, outline, page labels, metadata and the font licence are rebuilt.

A tagged PDF (PDF/UA) is laid out as one document by ``write_pdf``: the structure trees of
several documents, with the frame drawn over them, would not merge into a valid one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from pathlib import Path

import weasyprint

from .. import __version__, paths
from . import pdf_html
from .html import RenderedBook
from .pdf import (
    CallBox,
    LaidOut,
    PdfLayout,
    file_identifier,
    font_licence,
    lay_out,
    page_labels,
    write_pdf,
)
from .pdf_html import CallPage, FramePage, contents_ids, frame_html, part_html
from .pdf_merge import merge_book

__all__ = ["CACHE_LIMIT_BYTES", "PartCache", "cache_salt", "write_pdf_parts"]

#: Cache entries not used by the current build are kept, most recently used first, up to this
#: many bytes in all; older ones are deleted. The current build's entries are always kept.
CACHE_LIMIT_BYTES = 64 * 1024 * 1024
#: First bytes of a cache entry (bump the number when the format changes).
CACHE_MAGIC = b"samizdat-part 1\n"

Progress = Callable[[str], None]


# ---------------------------------------------------------------- worker processes


class _Collect(logging.Handler):
    """Keeps the warnings a worker logs, to be logged again by the parent process."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


_COLLECT = _Collect()


def _init_worker() -> None:
    # A forked worker inherits the parent's handlers; its warnings go back to the parent instead.
    logging.root.handlers = [_COLLECT]
    logging.root.setLevel(logging.WARNING)


def _work(source: str, para_numbers: bool) -> tuple[LaidOut, list[tuple[str, int, str]]]:
    _COLLECT.records = []
    return lay_out(source, para_numbers=para_numbers), _COLLECT.records


def _pool_context() -> multiprocessing.context.BaseContext:
    """Fork, which is cheap (WeasyPrint is already imported), unless threads make it unsafe;
    then a fork server that imports this module once (``--watch`` keeps it across rebuilds)."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


# ---------------------------------------------------------------- the cache


def _entry(laid_out: LaidOut) -> bytes:
    header = {
        "page_count": laid_out.page_count,
        "anchors": laid_out.anchors,
        "calls": [asdict(c) for c in laid_out.calls],
        "pdf_sha256": hashlib.sha256(laid_out.pdf).hexdigest(),
    }
    head = json.dumps(header, sort_keys=True).encode()
    return CACHE_MAGIC + len(head).to_bytes(8, "big") + head + laid_out.pdf


def _read_entry(data: bytes) -> LaidOut:
    """Read :func:`_entry` back; ValueError if the data is not a whole, intact entry."""
    if not data.startswith(CACHE_MAGIC):
        raise ValueError("not a samizdat cache entry")
    start = len(CACHE_MAGIC) + 8
    size = int.from_bytes(data[len(CACHE_MAGIC) : start], "big")
    header = json.loads(data[start : start + size])
    pdf = data[start + size :]
    if hashlib.sha256(pdf).hexdigest() != header["pdf_sha256"]:
        raise ValueError("cache entry is truncated or damaged")
    calls = tuple(CallBox(**c) for c in header["calls"])
    return LaidOut(pdf, int(header["page_count"]), dict(header["anchors"]), calls)


class PartCache:
    """Laid-out documents in one folder, a file per key (``<key>.part``), written atomically.

    An entry that cannot be read back whole is ignored (and laid out again). :meth:`prune` keeps
    the folder bounded: see :data:`CACHE_LIMIT_BYTES`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.part"

    def load(self, key: str) -> LaidOut | None:
        self.used.add(key)
        path = self._path(key)
        try:
            entry = _read_entry(path.read_bytes())
            os.utime(path)  # most recently used
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return entry

    def store(self, key: str, entry: LaidOut) -> None:
        self.used.add(key)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_entry(entry))
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self, limit: int = CACHE_LIMIT_BYTES) -> None:
        """Delete entries this build did not use, least recently used first, beyond ``limit``."""
        others = []
        for path in self.folder.glob("*.part"):
            if path.stem not in self.used:
                try:
                    others.append((path.stat().st_mtime, path.stat().st_size, path))
                except OSError:
                    continue
        total = 0
        for _, size, path in sorted(others, key=lambda e: (-e[0], e[2].name)):
            total += size
            if total > limit:
                path.unlink(missing_ok=True)


def cache_salt(options: dict[str, object]) -> str:
    """A digest of everything besides its HTML that shapes a laid-out document: the print
    templates and stylesheets, the font files, the options, samizdat's and WeasyPrint's versions."""
    digest = hashlib.sha256(f"{__version__}\0{weasyprint.__version__}\0".encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    for folder in (pdf_html.PRINT_TEMPLATES, paths.FONTS):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(f"\0{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(salt: str, kind: str, source: str) -> str:
    return hashlib.sha256(f"{salt}\0{kind}\0{source}".encode()).hexdigest()


# ---------------------------------------------------------------- laying out the parts


def _in_parallel(
    jobs: list[tuple[int, str]], para_numbers: bool, workers: int
) -> Iterator[tuple[int, LaidOut]]:
    """Lay out ``(index, source)`` jobs, yielding each as it is done."""
    if workers <= 1 or len(jobs) <= 1:
        for index, source in jobs:
            yield index, lay_out(source, para_numbers=para_numbers)
        return
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), mp_context=_pool_context(), initializer=_init_worker
    ) as pool:
        futures = {pool.submit(_work, source, para_numbers): index for index, source in jobs}
        for future in as_completed(futures):
            laid_out, records = future.result()
            for name, level, message in records:
                logging.getLogger(name).log(level, "%s", message)
            yield futures[future], laid_out


def _lay_out_parts(
    book: RenderedBook,
    sources: list[str],
    keys: list[str],
    *,
    para_numbers: bool,
    workers: int,
    cache: PartCache | None,
    say: Progress,
) -> tuple[list[LaidOut], dict[str, str]]:
    """Each text's part, from the cache when it has it, else laid out (longest first)."""
    done: dict[int, LaidOut] = {}
    how: dict[int, str] = {}
    for index, key in enumerate(keys):
        cached = cache.load(key) if cache is not None else None
        if cached is not None:
            done[index], how[index] = cached, "cached"
            say(f"pdf: reused {index:03d} {book.texts[index].id} ({cached.page_count} pages)")
    jobs = sorted(
        ((i, s) for i, s in enumerate(sources) if i not in done), key=lambda job: -len(job[1])
    )
    for index, laid_out in _in_parallel(jobs, para_numbers, workers):
        if cache is not None:
            cache.store(keys[index], laid_out)
        done[index], how[index] = laid_out, "rendered"
        say(f"pdf: laid out {index:03d} {book.texts[index].id} ({laid_out.page_count} pages)")
    parts = [done[i] for i in range(len(sources))]
    return parts, {text.id: how[i] for i, text in enumerate(book.texts)}


# ---------------------------------------------------------------- the frame


def _frame_pages(
    book: RenderedBook, parts: list[LaidOut]
) -> tuple[list[list[FramePage]], list[int]]:
    """The frame's pages for each text, and the folio each text opens on (a recto, so a blank
    verso follows a text with an odd number of pages, as in the whole book)."""
    folio, frames, folios = 1, [], []
    for text, part in zip(book.texts, parts, strict=True):
        anchors: list[list[str]] = [[] for _ in range(part.page_count)]
        for anchor in contents_ids(text):
            anchors[part.anchors[anchor]].append(anchor)
        calls: list[list[CallPage]] = [[] for _ in range(part.page_count)]
        for c in part.calls:
            number = str(folio + part.anchors[c.target])
            calls[c.page].append(
                CallPage(number, c.left, c.top, c.width, c.font_size, c.line_height)
            )
        frames.append([FramePage(tuple(a), tuple(c)) for a, c in zip(anchors, calls, strict=True)])
        folios.append(folio)
        folio += part.page_count + part.page_count % 2
    return frames, folios


def _lay_out_frame(
    book: RenderedBook,
    parts: list[LaidOut],
    options: dict,
    *,
    build_id: str,
    cache: PartCache | None,
    salt: str,
    say: Progress,
) -> tuple[LaidOut, list[int]]:
    """The frame (from the cache if it has it) and the frame page each part goes on."""
    pages, folios = _frame_pages(book, parts)
    source = frame_html(book, pages, build_id=build_id, **options)
    key = _key(salt, "frame", source)
    frame = cache.load(key) if cache is not None else None
    if frame is not None:
        say(f"pdf: reused the frame ({frame.page_count} pages)")
    else:
        frame = lay_out(source, attachments=[font_licence(book)])
        if cache is not None:
            cache.store(key, frame)
        say(f"pdf: laid out the frame ({frame.page_count} pages)")
    placements = [frame.anchors[text.id] for text in book.texts]
    if [p - placements[0] + 1 for p in placements] != folios or frame.page_count != (
        placements[-1] + parts[-1].page_count
    ):
        raise RuntimeError("the frame's pages do not match the parts' (a template bug)")
    return frame, placements


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
) -> PdfLayout:
    """Typeset ``book`` into ``out_path`` text by text and report where everything landed.

    Reads as :func:`samizdat.render.pdf.write_pdf` does, page for page. Texts are laid out in
    ``workers`` processes (default: one per CPU; 1 lays out in this process). With ``cache_dir``,
    each laid-out text and the frame are kept there, keyed by their HTML and
    :func:`cache_salt`; ``PdfLayout.parts`` says which texts came from it. ``progress`` gets one
    short line per step. Same inputs give the same bytes, whatever came from the cache and
    however many workers. ``tagged=True`` lays the book out as one document (see the module).
    """
    if not book.texts:
        raise ValueError("the book has no texts to print")
    say = progress or (lambda _line: None)
    if tagged:
        say("pdf: tagged PDF, laid out as one document")
        return write_pdf(
            book,
            out_path,
            paper=paper,
            para_numbers=para_numbers,
            notes_margin=notes_margin,
            bleed=bleed,
            build_id=build_id,
            tagged=True,
        )
    options = {
        "paper": paper,
        "para_numbers": para_numbers,
        "notes_margin": notes_margin,
        "bleed": bleed,
    }
    sources = [part_html(book, i, **options) for i in range(len(book.texts))]
    cache = PartCache(cache_dir) if cache_dir is not None else None
    salt = cache_salt(options) if cache is not None else ""
    keys = [_key(salt, "part", s) for s in sources]
    workers = (os.cpu_count() or 1) if workers is None else workers
    parts, how = _lay_out_parts(
        book, sources, keys, para_numbers=para_numbers, workers=workers, cache=cache, say=say
    )
    frame, placements = _lay_out_frame(
        book, parts, options, build_id=build_id, cache=cache, salt=salt, say=say
    )
    body_start = placements[0]
    merge_book(
        frame.pdf,
        [p.pdf for p in parts],
        placements,
        out_path,
        identifier=file_identifier(
            book, paper, build_id, (para_numbers, notes_margin, bleed, tagged)
        ),
        body_start=body_start,
    )
    if cache is not None:
        cache.prune()
    anchors = {a: i for a, i in frame.anchors.items() if i < body_start}
    for part, start in zip(parts, placements, strict=True):
        anchors.update({a: start + i for a, i in part.anchors.items()})
    labels = page_labels(frame.page_count, body_start)
    say(f"pdf: merged {frame.page_count} pages")
    return PdfLayout(
        page_count=frame.page_count,
        anchors=anchors,
        page_labels=labels,
        text_start_pages={t.id: labels[anchors[t.id]] for t in book.texts},
        body_start=body_start,
        parts=how,
    )
