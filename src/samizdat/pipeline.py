"""The recipe: read → normalise → assemble → manuscript → render (PDF, EPUB) → report.

Each stage is cached under ``<out>/.cache`` by the digest of what it depends on (see
:mod:`.cache`): normalisation by the sources, config and dictionary; pandoc's reading per text
by that text's Markdown; the PDF per text part (:mod:`.render.pdf_parts`); the print page map
by the rendered book and print options. A rebuild whose inputs are unchanged does no work at
all (:mod:`.state`). Outputs are written to a staging folder and moved into place only when the
whole build succeeded, so a failed build leaves the previous book untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import __version__, paths
from .book import (
    BookSource,
    NormalisedBook,
    finish_book,
    load_book,
    normalise_book,
    normalise_texts,
    report_dict,
    source_date,
)
from .cache import CACHE_DIR, Store, digest, tree_digest
from .config import AccessibilityConfig, BookConfig, BuildOptions, book_slug
from .errors import SamizdatError
from .manuscript import manuscript_header, read_json, text_pieces, write_manuscript
from .render.html import RenderedBook, RenderedText, render_pieces
from .review import TextReview
from .review_html import remove_stale, review_book, write_review
from .staging import commit, stage_folder
from .state import Manifest, up_to_date
from .wordcheck import WordCheck
from .words_e2e import WordSources as _WordSources

__all__ = ["BuildResult", "build", "load_book", "normalise_book", "page_breaks_from"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    outputs: list[Path]
    report: dict[str, Any]
    seconds: float
    book: RenderedBook | None = None
    noop: bool = False
    changes: list[str] = field(default_factory=list)


def _quiet(_: str) -> None:
    pass


def build(
    folder: Path,
    config_path: Path | None,
    out: Path,
    options: BuildOptions,
    *,
    epub: bool = True,
    pdf: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the book; with ``epub``/``pdf`` False, only the manuscript and report."""
    say = progress or _quiet
    started = time.perf_counter()
    fingerprint, record = up_to_date(folder, config_path, out, options, epub=epub, pdf=pdf)
    if record is not None:
        outputs = [out / name for name in record["outputs"]]
        return BuildResult(outputs, record["report"], time.perf_counter() - started, noop=True)
    manifest = Manifest.load(out / CACHE_DIR)
    store = Store(out / CACHE_DIR if options.cache else None)
    say("reading sources")
    book = load_book(folder, config_path, skip_bad=options.skip_bad)
    when = source_date()
    say("normalising")
    markdown, report, rendered, checks, review = _prepare(book, store, when, options, say)
    stage = stage_folder(out)
    try:
        (stage / "manuscript.md").write_text(markdown, encoding="utf-8")
        write_review(stage, rendered.title, review)
        del review
        slug = book_slug(book.config, rendered.title) + _only_suffix(rendered, options.only)
        ctx = _RenderContext(rendered, stage, slug, options, when, report, store, out, say)
        ctx.accessibility = book.config.accessibility
        ctx.print_settings = print_settings(book.config)
        ctx.words = _WordSources(book, checks)
        if pdf or epub:
            _render(ctx, epub=epub, pdf=pdf)
        from .reprint import write_changes

        changes, remember = write_changes(stage, store.folder, rendered, report, ctx.facts)
        (stage / "build-report.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        outputs = commit(stage, out)
        remove_stale(out, outputs)  # review pages of texts (or pages) no longer built
    except OSError as exc:
        raise SamizdatError(
            f"{out}: could not write outputs ({exc.strerror}); previous outputs left in place"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    remember()
    if options.cache:
        store.flush()
        manifest.record(fingerprint, out, outputs, report)
        store.prune()
    return BuildResult(outputs, report, time.perf_counter() - started, rendered, changes=changes)


def _prepare(
    book: BookSource, store: Store, when: datetime, options: BuildOptions, say: Progress
) -> tuple[str, dict[str, Any], RenderedBook, list[WordCheck], list[TextReview]]:
    """The manuscript, the report and the book both writers render (refused, before anything
    is written, when words were lost or ``--strict`` findings remain)."""
    nb = _normalise(book, store, when.date().isoformat())
    pieces = [text_pieces(t) for t in nb.manuscript.texts]
    markdown = write_manuscript(nb.manuscript, pieces)
    header = manuscript_header(nb.manuscript)
    report = report_dict(nb)
    checks = nb.conservation
    review = review_book(book, nb, report)
    del nb  # the model is in the Markdown now; a long text's model is large
    _refuse(report, options)
    say("reading the manuscript (pandoc)")
    rendered = _select(_read(header, pieces, store), options.only)
    return markdown, report, rendered, checks, review


def _refuse(report: dict[str, Any], options: BuildOptions) -> None:
    """Stop before writing anything when findings remain under --strict. (The normaliser never
    stops a build: where its reading would lose words, the source's plain reading is used.)"""
    findings = sum(len(t["findings"]) for t in report["texts"])
    if options.strict and findings:
        raise SamizdatError(
            f"--strict: {findings} findings (python build.py check -v); "
            "previous outputs left in place"
        )


def _normalise(book: BookSource, store: Store, date: str) -> NormalisedBook:
    """Normalisation is cached by everything it reads: sources, config, dictionary, version."""
    key = digest(
        [s.name for s in book.sources],
        [s.lines for s in book.sources],
        [repr(s.counts) for s in book.sources],
        repr(book.config),
        list(paths.WORD_LISTS),
        [repr(book.skipped)],
        repr(book.structure),  # [[structure]] entries are applied inside normalisation
    )
    texts = store.get("normalised", key)
    if texts is None:
        texts = normalise_texts(book)
        store.put("normalised", key, texts)
    return finish_book(book, texts, date)


def _read(header: str, pieces: list[list[str]], store: Store) -> RenderedBook:
    """Pandoc reads the header and each piece of each text on its own (in parallel); each
    reading is kept compressed, cached by its Markdown, and parsed only when the renderer
    reaches it, so a long text never has its whole AST in memory. Each text's rendering is
    cached by its pieces' keys: a correction renders again only the text it touches."""
    keys = [[digest("pandoc-json", p) for p in text] for text in pieces]
    renders = [digest("rendered-text", k) for k in keys]
    texts: list[RenderedText | None] = [store.get("rendered", r) for r in renders]
    todo = [i for i, t in enumerate(texts) if t is None]
    store.keep("pandoc", (k for text in keys for k in text))
    wanted = [(header, digest("pandoc-json", header))]
    wanted += [(s, k) for i in todo for s, k in zip(pieces[i], keys[i], strict=True)]
    small = sum(len(s) for s, _ in wanted) < WARM_LIMIT
    warm = _warm_language() if todo and small else None
    readings = _readings(wanted, store)
    if warm is not None:
        warm.join()  # before any PDF worker is forked (a fork wants one thread)
    meta = _unpack(readings[wanted[0][1]])["meta"]
    shell = render_pieces(meta, [])
    for i in todo:
        group = (_unpack(readings[k])["blocks"] for k in keys[i])
        texts[i] = render_pieces(meta, [group]).texts[0]
        store.put("rendered", renders[i], texts[i])
    return replace(shell, texts=tuple(t for t in texts if t is not None))


def _readings(wanted: list[tuple[str, str]], store: Store) -> dict[str, bytes]:
    """Pandoc's packed reading of each (Markdown, key), from the cache or read in parallel."""
    found: dict[str, bytes] = {}
    missing: dict[str, str] = {}
    for source, key in wanted:
        data = store.get("pandoc", key)
        if data is None:
            missing[key] = source
        else:
            found[key] = data
    if missing:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for key, data in zip(missing, pool.map(_read_packed, missing.values()), strict=True):
                found[key] = data
                store.put("pandoc", key, data)
    return found


#: Markdown (characters) under which lingua loads while pandoc reads: over it the two at once
#: raise the peak memory (a 20 MB text: 1,066 MiB against 1,024), and 1.4 s matters little.
WARM_LIMIT = 4_000_000


def _warm_language() -> threading.Thread:
    """Load lingua's models and wordfreq's list (about 1.4 s, lingua's without the GIL) in a
    thread while pandoc reads: rendering italics asks them a phrase's language."""

    def warm() -> None:
        from .language import phrase_language

        phrase_language("agents provocateurs", "en")

    thread = threading.Thread(target=warm, name="samizdat-warm-language", daemon=True)
    thread.start()
    return thread


def _read_packed(markdown: str) -> bytes:
    """Pandoc's JSON reading of ``markdown``, compressed (about a tenth of its size)."""
    return zlib.compress(read_json(markdown + "\n").encode("utf-8"), 1)


def _unpack(data: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(data))


def _select(book: RenderedBook, only: tuple[str, ...]) -> RenderedBook:
    """``--only``: keep the named texts (by file name or id), in book order."""
    if not only:
        return book
    known = {t.file: t.id for t in book.texts} | {t.id: t.id for t in book.texts}
    unknown = [o for o in only if o not in known]
    if unknown:
        raise SamizdatError(
            f"--only: no text '{unknown[0]}' in the book (ids: {', '.join(t.id for t in book.texts)})"
        )
    wanted = {known[o] for o in only}
    texts = tuple(t for t in book.texts if t.id in wanted)
    prefixes = tuple(f"{t.file}:" for t in texts) + tuple(f"{t.id}:" for t in texts)
    return replace(
        book,
        texts=texts,
        identifier=f"{book.identifier}:{'+'.join(t.id for t in texts)}",
        corrections=tuple(c for c in book.corrections if c.startswith(prefixes)),
    )


def _only_suffix(book: RenderedBook, only: tuple[str, ...]) -> str:
    return "-" + "-".join(t.id for t in book.texts) if only else ""


@dataclass
class _RenderContext:
    book: RenderedBook
    stage: Path
    slug: str
    options: BuildOptions
    when: datetime
    report: dict[str, Any]
    store: Store
    out: Path
    say: Progress
    #: What the reprint report needs beyond the build report (page folios, page-list digest).
    facts: dict[str, Any] = field(default_factory=dict)
    accessibility: AccessibilityConfig | None = None
    words: _WordSources | None = None
    #: book.toml's print settings: hyphenation exceptions, short titles (see print_settings).
    print_settings: dict[str, Any] = field(default_factory=dict)

    @property
    def build_id(self) -> str:
        return f"samizdat {__version__} · {self.book.identifier}"


def print_settings(config: BookConfig) -> dict[str, Any]:
    """What book.toml says about the print edition: hyphenation exceptions and running heads
    (text file → short title)."""
    shorts = {t.file: t.short_title for t in config.texts if t.short_title}
    return {"hyphenation": config.hyphenation, "short_titles": shorts}


def _print_key(ctx: _RenderContext) -> str:
    """What the print page numbers depend on: the rendered book and the print options."""
    o = ctx.options
    texts = [(t.id, t.title, str(t.body_html), [str(n) for n in t.notes]) for t in ctx.book.texts]
    return digest(
        "page-map",
        repr(texts),
        repr((ctx.book.title, ctx.book.corrections, ctx.book.identifier, ctx.book.date)),
        repr((o.paper, o.para_numbers, o.notes_margin, o.bleed, o.tagged)),
        repr(sorted(ctx.print_settings.items())),
        tree_digest(paths.TEMPLATES / "print", paths.FONTS),
    )


def _render(ctx: _RenderContext, *, epub: bool, pdf: bool) -> None:
    page_breaks = None
    if pdf:
        page_breaks = _render_pdf(ctx)
        ctx.store.put("page-map", _print_key(ctx), page_breaks)
    elif epub:
        page_breaks = ctx.store.get("page-map", _print_key(ctx))
        if page_breaks is None:
            ctx.report["warnings"].append(
                "EPUB built without a page-list: no print layout of these inputs is cached "
                "(build the PDF too, e.g. python build.py)"
            )
        else:
            ctx.say("reusing the print page map of the last PDF build")
    if epub:
        _render_epub(ctx, page_breaks)


def _render_pdf(ctx: _RenderContext) -> list[tuple[str, str, str]]:
    o = ctx.options
    target = ctx.stage / f"{ctx.slug}.pdf"
    common = {
        "paper": o.paper,
        "para_numbers": o.para_numbers,
        "notes_margin": o.notes_margin,
        "bleed": o.bleed,
        "build_id": ctx.build_id,
        "tagged": o.tagged,
        **ctx.print_settings,
    }
    ctx.say("laying out the PDF")
    layout = _write_pdf(ctx, target, common)
    ctx.report["pdf"] = {
        "file": target.name,
        "pages": layout.page_count,
        "paper": o.paper,
        "text_start_pages": layout.text_start_pages,
        "parts": getattr(layout, "parts", {}),
    }
    if o.booklet:
        _impose(ctx, target, layout.page_count)
    ctx.facts["labels"] = list(layout.page_labels)
    return page_breaks_from(ctx.book, layout)


def _impose(ctx: _RenderContext, target: Path, pages: int) -> None:
    """``<slug>-booklet.pdf``: the pages imposed in signatures; a warning when one is too thick."""
    from .render.booklet import impose_booklet, signature_sizes, thickness_warning

    o = ctx.options
    ctx.say("imposing the booklet")
    name = f"{ctx.slug}-booklet.pdf"
    sides = impose_booklet(target, ctx.stage / name, sheets=o.signature_sheets, creep=o.creep)
    sizes = signature_sizes(pages, o.signature_sheets)
    ctx.report["pdf"]["booklet"] = {
        "file": name,
        "sides": sides,
        "sheets": sides // 2,
        "signatures": len(sizes),
        "sheets_per_signature": sizes,
        "creep_mm": o.creep,
    }
    if warning := thickness_warning(pages, o.signature_sheets):
        ctx.report["warnings"].append(warning)


def _write_pdf(ctx: _RenderContext, target: Path, common: dict[str, Any]) -> Any:
    try:
        from .render.pdf_parts import write_pdf_parts
    except ImportError:  # the part renderer is optional; the single render is the reference
        from .render.pdf import write_pdf

        return write_pdf(ctx.book, target, **common)
    cache = ctx.out / CACHE_DIR / "pdf-parts" if ctx.options.cache else None
    return write_pdf_parts(
        ctx.book, target, **common, workers=ctx.options.workers, cache_dir=cache, progress=ctx.say
    )


def _render_epub(ctx: _RenderContext, page_breaks: list[tuple[str, str, str]] | None) -> None:
    from .render.epub import write_epub
    from .render.epub_meta import Evaluation

    a11y = ctx.accessibility
    evaluation = Evaluation(a11y.certified_by, a11y.evaluated, a11y.credential) if a11y else None
    ctx.say("writing the EPUB")
    try:
        info = write_epub(
            ctx.book,
            ctx.stage / f"{ctx.slug}.epub",
            modified=ctx.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            build_id=ctx.build_id,
            page_breaks=page_breaks,
            page_source=f"{ctx.book.title} (print edition)",
            para_numbers=ctx.options.para_numbers,
            evaluation=evaluation,
        )
    except ValueError as exc:  # an evaluation the content does not support is the config's fault
        if not str(exc).startswith("accessibility evaluation not recorded"):
            raise
        raise SamizdatError(f"book.toml: [accessibility]: {exc}") from None
    if ctx.words is not None:
        ctx.say("checking the EPUB's words against the sources")
        ctx.words.check_epub(info.path, ctx.book, ctx.report)
    ctx.facts["page_list"] = digest("page-list", repr(page_breaks or []))
    ctx.report["epub"] = {
        "file": info.path.name,
        "documents": len(info.files),
        "notes": info.notes,
        "noterefs": info.noterefs,
        "page_list_entries": info.page_list_entries,
        "bytes": info.size,
        "conforms_to": bool(evaluation),
    }


def page_breaks_from(book: RenderedBook, layout: Any) -> list[tuple[str, str, str]]:
    """Where each printed body page begins, as (text id, element id, printed page number).

    The marker goes before the first paragraph or heading that starts on the page; a page that
    only continues a long paragraph gets its marker at that paragraph (the nearest we know).
    """
    breaks: list[tuple[str, str, str]] = []
    for text in book.texts:
        ids = [
            i
            for i in re.findall(r'\bid="([^"]+)"', str(text.body_html))
            if i in layout.anchors and not i.startswith(f"{text.id}-r")
        ]
        if not ids:
            continue
        first, last = layout.anchors[ids[0]], layout.anchors[ids[-1]]
        starts: dict[int, str] = {}
        for el in ids:
            starts.setdefault(layout.anchors[el], el)
        current = ids[0]
        for page in range(first, last + 1):
            current = starts.get(page, current)
            label = layout.page_labels[page]
            if label.isdigit():
                breaks.append((text.id, current, label))
    return breaks
