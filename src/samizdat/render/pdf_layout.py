"""The documents of a book laid out in parts (:mod:`.pdf_parts`), laid out one by one.

A :class:`Job` is one print HTML document (a part, a piece of a long text, a frame, the front
matter); :func:`lay_out` lays it out with :func:`~.pdf.render_document` and reads back what the
merge and the pieces need (:class:`LaidOut`): page count, anchors, the boxes left for the notes'
call pages, the flow items on each page and the outline's levels. :class:`Layouter` lays out
jobs in worker processes (or in this one), handing each back as it is done.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import NamedTuple

from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import BlockBox, LineBox

from .pdf import font_configuration, font_licence, page_anchors, render_document

__all__ = ["CallBox", "Job", "LaidOut", "Layouter", "lay_out", "page_items"]


@dataclass(frozen=True)
class CallBox:
    """The box a part leaves blank for a note's call page ("p. 12"), which its frame fills in:
    position and size in CSS px from the top-left corner of the page area, and the type size."""

    page: int  # 0-based page of the part the box is on
    target: str  # id of the note call it names
    left: float
    top: float
    width: float
    font_size: float
    line_height: float


@dataclass(frozen=True)
class LaidOut:
    """One laid-out document (a part, a piece of a text, a frame, the front matter): its PDF and
    what it tells the merge."""

    pdf: bytes
    page_count: int
    anchors: dict[str, int]  # element id → 0-based page
    calls: tuple[CallBox, ...] = ()
    #: Per page, the first and last flow item on it ((-1, -1) if none): see :func:`page_items`.
    items: tuple[tuple[int, int], ...] = ()
    #: The bookmark-level of each outline entry, in order (a piece's outline may start deep).
    levels: tuple[int, ...] = ()


def _call_boxes(document: Document) -> list[CallBox]:
    """Where each note's call page goes: the boxes of ``a.note-page`` (floats, one line)."""
    calls = []
    for index, page in enumerate(document.pages):
        page_box = page._page_box
        x0, y0 = page_box.content_box_x(), page_box.content_box_y()
        for box in page_box.descendants():
            if not isinstance(box, BlockBox) or box.element_tag != "a":
                continue
            if "note-page" not in box.element.get("class", "").split():
                continue
            line = next(d for d in box.descendants() if isinstance(d, LineBox))
            calls.append(
                CallBox(
                    page=index,
                    target=box.element.get("href", "")[1:],
                    left=box.content_box_x() - x0,
                    top=box.content_box_y() - y0,
                    width=box.width,
                    font_size=box.style["font_size"],
                    line_height=line.height,
                )
            )
    return calls


#: Classes of the elements whose children are a text's flow items (:mod:`.pdf_pieces`), of the
#: notes heading (the first note's item), and of a piece's leader (no item).
FLOW_CONTAINERS, NOTES_HEADING, LEADER = ("text-body", "notes-list"), "notes-title", "piece-leader"


def _flow_items(root) -> dict[int, int]:
    """``id(element)`` → its flow item: the text body's blocks, then the notes (the heading goes
    with the first). Hidden elements (a piece's stubs) and a piece's leader are not items."""
    index: dict[int, int] = {}
    count = 0
    for element in root.iter():
        classes = (element.get("class") or "").split()
        if NOTES_HEADING in classes and "hidden" not in element.attrib:
            index[id(element)] = count
        elif any(c in classes for c in FLOW_CONTAINERS):
            for child in element:
                if "hidden" not in child.attrib and child.get("class") != LEADER:
                    index[id(child)] = count
                    count += 1
    return index


def page_items(document: Document) -> tuple[tuple[int, int], ...]:
    """For each page, the first and last flow item it shows part of, (-1, -1) if none.

    Page ``q`` starts a new item at its top, with no item straddling the break before it, when
    its first item comes after every item of the pages before: the cut :mod:`.pdf_pieces` looks
    for.
    """
    if not document.pages:
        return ()
    index = _flow_items(document.pages[0]._page_box.children[0].element)
    found = []
    for page in document.pages:
        boxes = page._page_box.descendants()
        on_page = {index[id(b.element)] for b in boxes if id(b.element) in index}
        found.append((min(on_page), max(on_page)) if on_page else (-1, -1))
    return tuple(found)


class Job(NamedTuple):
    """One document to lay out: its HTML, whether it has paragraph numbers to place, and the
    edition date if the font licence is to be attached."""

    source: str
    para_numbers: bool = False
    licence_date: str = ""


def lay_out(job: Job) -> LaidOut:
    """Lay out one print HTML document and write its PDF (in a worker, or in-process)."""
    with font_configuration() as fonts:
        document = render_document(job.source, para_numbers=job.para_numbers, fonts=fonts)
        calls = tuple(_call_boxes(document))
        attachments = [font_licence(job.licence_date)] if job.licence_date else None
        pdf = document.write_pdf(attachments=attachments)
    levels = tuple(level for page in document.pages for level, *_ in page.bookmarks)
    items = page_items(document)
    return LaidOut(pdf, len(document.pages), page_anchors(document), calls, items, levels)


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


def _work(job: Job) -> tuple[LaidOut, list[tuple[str, int, str]]]:
    _COLLECT.records = []
    return lay_out(job), _COLLECT.records


def _pool_context(fresh: bool) -> multiprocessing.context.BaseContext:
    """Fork, which is cheap (WeasyPrint is already imported), unless threads make it unsafe or
    ``fresh`` workers are wanted: a forked worker carries this process's memory (and copies the
    pages its garbage collector touches). Otherwise a fork server that imports this module once
    (``--watch`` keeps it across rebuilds), whose workers start small."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and not fresh:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class Layouter:
    r"""Lays out documents in this process (``workers`` ≤ 1) or in a pool of worker processes,
    started when first needed and kept until the ``with`` block ends; ``fresh`` workers do not
    share this process's memory (see :func:`_pool_context`). Jobs are :meth:`submit`\ ted by
    name, and :meth:`done` hands back the next one finished."""

    def __init__(self, workers: int, *, fresh: bool = False) -> None:
        self.workers, self.fresh = workers, fresh
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[Future, str] = {}
        self.queue: deque[tuple[str, Job]] = deque()  # in this process: laid out when asked

    def __enter__(self) -> Layouter:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    @property
    def busy(self) -> bool:
        """Whether a job submitted is not yet handed back."""
        return bool(self.futures or self.queue)

    def submit(self, name: str, job: Job) -> None:
        if self.workers <= 1:
            self.queue.append((name, job))
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=_pool_context(self.fresh), initializer=_init_worker
            )
        self.futures[self.pool.submit(_work, job)] = name

    def done(self) -> tuple[str, LaidOut]:
        """The next job finished (in this process: the next one submitted, laid out now)."""
        if self.queue:
            name, job = self.queue.popleft()
            return name, lay_out(job)
        finished, _ = wait(self.futures, return_when=FIRST_COMPLETED)
        future = next(iter(finished))
        laid_out, records = future.result()
        for logger, level, message in records:
            logging.getLogger(logger).log(level, "%s", message)
        return self.futures.pop(future), laid_out

    def run(self, jobs: dict[str, Job]) -> Iterator[tuple[str, LaidOut]]:
        """Lay out ``jobs`` (name → job), longest first, yielding each as it is done."""
        for name in sorted(jobs, key=lambda name: -len(jobs[name].source)):
            self.submit(name, jobs[name])
        for _ in jobs:
            yield self.done()
