"""The print PDF laid out text by text, in parallel, with a cache of laid-out documents.

:func:`write_pdf_parts` reads the same as :func:`samizdat.render.pdf.write_pdf` (same pages,
folios, contents, links and outline) but lays the book out as several WeasyPrint documents:

1. **Parts** (:func:`~.pdf_html.part_html`): each text alone, its opening, body and notes, with
   no running heads, folios or crop marks, and each note's call page ("p. 12") left as an empty
   box of fixed width. Nothing in a part depends on the page its text opens on (always a recto),
   so its cache key holds no page number: when an earlier text grows by a page, the later parts
   are reused as they are. Parts are laid out first, in worker processes, longest first.
2. **Frames** (:func:`~.pdf_html.frame_html`), once the parts' page counts are known: for each
   text, one empty page per page of its part, numbered from the folio it opens on. WeasyPrint
   sets the running heads, folios and crop marks exactly as in the whole book, and draws each
   note's call page into the box its part left. With them, in the same pool: the **front
   matter** (:func:`~.pdf_html.front_html`), its contents given the page numbers, and a **blank**
   verso (:func:`~.pdf_html.blank_html`) for a text that ends on a recto.
3. **Merge** (:mod:`.pdf_merge`): each part page laid under its frame page; links, named
   destinations, outline, page labels, metadata and the font licence rebuilt.

A correction that keeps its text's page count lays out that part again (and its frame only if a
note's call moved); one that changes the page count lays out that part and the frames of the
texts after it (their folios change), never their parts; the front matter only when a contents
number changes. A tagged PDF (PDF/UA) is laid out as one document by ``write_pdf``: the
structure trees of several documents, with frames drawn over them, would not merge into one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import weasyprint

from .. import __version__, paths
from . import pdf_html
from .html import RenderedBook
from .pdf import CallBox, Job, LaidOut, Layouter, PdfLayout, file_identifier, page_labels, write_pdf
from .pdf_html import (
    CallPage,
    blank_html,
    contents_ids,
    edition_date,
    frame_html,
    front_html,
    part_html,
)
from .pdf_merge import Sheet, merge_book

__all__ = ["CACHE_LIMIT_BYTES", "PartCache", "cache_salt", "write_pdf_parts"]

#: Cache entries not used by the current build are kept, most recently used first, up to this
#: many bytes in all; older ones are deleted. The current build's entries are always kept.
CACHE_LIMIT_BYTES = 64 * 1024 * 1024
#: First bytes of a cache entry (bump the number when the format changes).
CACHE_MAGIC = b"samizdat-part 1\n"
#: Names of the front matter's and the blank verso's jobs (text ids have no brackets).
FRONT, BLANK = "(front matter)", "(blank verso)"

Progress = Callable[[str], None]


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
        with contextlib.suppress(OSError):
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
        """Keep ``entry``; a cache that cannot be written (a full disk) only makes it miss."""
        self.used.add(key)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(_entry(entry))
            os.replace(tmp, self._path(key))
        except BaseException as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            if not isinstance(exc, OSError):
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
                with contextlib.suppress(OSError):
                    path.unlink()


def cache_salt(options: dict[str, object]) -> str:
    """A digest of everything besides its HTML that shapes a laid-out document: the print
    templates and stylesheets, the font files, the options, samizdat's and WeasyPrint's versions
    and our WeasyPrint workaround."""
    digest = hashlib.sha256(f"{__version__}\0{weasyprint.__version__}\0".encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    # The layout code counts too (e.g. weasyprint_fixes): a fix must not be hidden by the cache.
    digest.update(Path(__file__).with_name("weasyprint_fixes.py").read_bytes())
    for folder in (pdf_html.PRINT_TEMPLATES, paths.FONTS):
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            digest.update(f"\0{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(salt: str, job: Job) -> str:
    """A cache key: the salt, the job's options and its HTML."""
    digest = hashlib.sha256(f"{salt}\0{job.para_numbers}\0{job.licence_date}\0".encode())
    digest.update(job.source.encode())
    return digest.hexdigest()


# ---------------------------------------------------------------- laying out


class _Run:
    """One build's documents: laid out by a :class:`Layouter`, or read from the cache."""

    def __init__(self, layouter: Layouter, cache: PartCache | None, salt: str) -> None:
        self.layouter, self.cache, self.salt = layouter, cache, salt

    def get(
        self, jobs: dict[str, Job], done: Callable[[str, LaidOut, bool], None] | None = None
    ) -> dict[str, tuple[LaidOut, bool]]:
        """Each job's document and whether it came from the cache, in the order of ``jobs``;
        ``done`` hears of each as soon as it is there."""
        keys = {name: _key(self.salt, job) for name, job in jobs.items()}
        found: dict[str, tuple[LaidOut, bool]] = {}
        for name in jobs:
            cached = self.cache.load(keys[name]) if self.cache is not None else None
            if cached is not None:
                found[name] = (cached, True)
                if done is not None:
                    done(name, cached, True)
        todo = {name: job for name, job in jobs.items() if name not in found}
        for name, laid_out in self.layouter.run(todo):
            if self.cache is not None:
                self.cache.store(keys[name], laid_out)
            found[name] = (laid_out, False)
            if done is not None:
                done(name, laid_out, False)
        return {name: found[name] for name in jobs}


def _parts(
    run: _Run, book: RenderedBook, options: dict, say: Progress
) -> tuple[list[LaidOut], dict[str, str]]:
    """Each text's part, and whether it was "rendered" or "cached"."""
    jobs = {
        text.id: Job(part_html(book, i, **options), options["para_numbers"])
        for i, text in enumerate(book.texts)
    }
    index = {text.id: i for i, text in enumerate(book.texts)}

    def done(text_id: str, part: LaidOut, cached: bool) -> None:
        verb = "reused" if cached else "laid out"
        say(f"pdf: {verb} {index[text_id]:03d} {text_id} ({_pages(part)})")

    got = run.get(jobs, done)
    parts = [part for part, _ in got.values()]
    return parts, {name: "cached" if cached else "rendered" for name, (_, cached) in got.items()}


def _pages(doc: LaidOut) -> str:
    return f"{doc.page_count} page{'' if doc.page_count == 1 else 's'}"


def _call_pages(part: LaidOut, folio: int) -> list[tuple[CallPage, ...]]:
    """The notes' call pages on each page of a part that opens on page ``folio``."""
    pages: list[list[CallPage]] = [[] for _ in range(part.page_count)]
    for c in part.calls:
        number = str(folio + part.anchors[c.target])
        pages[c.page].append(CallPage(number, c.left, c.top, c.width, c.font_size, c.line_height))
    return [tuple(calls) for calls in pages]


def _frame_jobs(
    book: RenderedBook, parts: list[LaidOut], options: dict, build_id: str
) -> dict[str, Job]:
    """The front matter, a blank verso, and each text's frame; a text opens on a recto, after a
    blank verso if the one before ends on a recto (as ``break-before: right`` does)."""
    folio, folios, frames = 1, {}, {}
    for i, (text, part) in enumerate(zip(book.texts, parts, strict=True)):
        html = frame_html(book, i, _call_pages(part, folio), folio, **options)
        frames[text.id] = Job(html)
        folios.update({a: str(folio + part.anchors[a]) for a in contents_ids(text)})
        folio += part.page_count + part.page_count % 2
    front = front_html(book, folios, build_id=build_id, **options)
    blank = blank_html(book, **options)
    return {FRONT: Job(front, licence_date=edition_date(book)), BLANK: Job(blank), **frames}


def _sheets(front: LaidOut, parts: list[LaidOut]) -> list[Sheet]:
    """The merged book's pages from its documents: 0 the front matter, 1 the blank verso,
    2… the frames, then the parts."""
    blank = Sheet((1, 0))
    sheets = [Sheet((0, i)) for i in range(front.page_count)]
    sheets += [blank] * (front.page_count % 2)
    for n, part in enumerate(parts):
        frame, under = 2 + n, 2 + len(parts) + n
        sheets += [Sheet((frame, j), (under, j)) for j in range(part.page_count)]
        if n < len(parts) - 1:
            sheets += [blank] * (part.page_count % 2)
    return sheets


def _frames(
    run: _Run, book: RenderedBook, parts: list[LaidOut], options: dict, build_id: str, say: Progress
) -> list[LaidOut]:
    """The front matter, the blank verso and the frames, checked against the parts."""
    got = run.get(_frame_jobs(book, parts, options, build_id))
    docs = [laid_out for laid_out, _ in got.values()]
    for part, frame in zip(parts, docs[2:], strict=True):
        if frame.page_count != part.page_count:
            raise RuntimeError("a text's frame and its part differ in pages (a template bug)")
    front, front_cached = got[FRONT]
    say(f"pdf: {'reused' if front_cached else 'laid out'} the front matter ({_pages(front)})")
    reused = sum(cached for name, (_, cached) in got.items() if name not in (FRONT, BLANK))
    say(f"pdf: running heads and folios: {len(parts) - reused} laid out, {reused} reused")
    return docs


def _anchors(parts: list[LaidOut], front: LaidOut, sheets: list[Sheet]) -> dict[str, int]:
    """Every element id → its page in the merged book (the parts own the texts' ids)."""
    first = {}
    for index, sheet in enumerate(sheets):
        if sheet.part is not None and sheet.part[1] == 0:
            first[sheet.part[0]] = index
    anchors: dict[str, int] = {}
    for n, part in enumerate(parts):
        start = first[2 + len(parts) + n]
        anchors.update({a: start + i for a, i in part.anchors.items()})
    for anchor, index in front.anchors.items():
        anchors.setdefault(anchor, index)
    return anchors


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

    Reads as :func:`samizdat.render.pdf.write_pdf` does, page for page. Documents are laid out
    in ``workers`` processes (default: one per CPU; 1 lays out in this process). With
    ``cache_dir``, every laid-out document is kept there under a digest of its HTML and
    :func:`cache_salt`; ``PdfLayout.parts`` says which texts came from it. ``progress`` gets one
    short line per step. Same inputs give the same bytes, whatever came from the cache and
    however many workers. ``tagged=True`` lays the book out as one document with ``write_pdf``
    (see the module); its ``PdfLayout.parts`` is then empty.
    """
    if not book.texts:
        raise ValueError("the book has no texts to print")
    say = progress or (lambda _line: None)
    options = {"paper": paper, "para_numbers": para_numbers, "notes_margin": notes_margin}
    options["bleed"] = bleed
    if tagged:
        say("pdf: tagged PDF, laid out as one document")
        return write_pdf(book, out_path, **options, build_id=build_id, tagged=True)
    cache = PartCache(cache_dir) if cache_dir is not None else None
    salt = cache_salt(options) if cache is not None else ""
    workers = (os.cpu_count() or 1) if workers is None else workers
    with Layouter(min(workers, len(book.texts) + 2)) as layouter:
        run = _Run(layouter, cache, salt)
        parts, how = _parts(run, book, options, say)
        docs = _frames(run, book, parts, options, build_id, say)
    sheets = _sheets(docs[0], parts)
    flags = (para_numbers, notes_margin, bleed, tagged)
    body_start = docs[0].page_count + docs[0].page_count % 2
    merge_book(
        [d.pdf for d in docs + parts],
        sheets,
        out_path,
        identifier=file_identifier(book, paper, build_id, flags),
        body_start=body_start,
    )
    if cache is not None:
        cache.prune()
    labels = page_labels(len(sheets), body_start)
    anchors = _anchors(parts, docs[0], sheets)
    say(f"pdf: merged {len(sheets)} pages")
    return PdfLayout(
        page_count=len(sheets),
        anchors=anchors,
        page_labels=labels,
        text_start_pages={t.id: labels[anchors[t.id]] for t in book.texts},
        body_start=body_start,
        parts=how,
    )
