"""The recipe: read → normalise → assemble → manuscript → render (EPUB, PDF) → report.

Outputs are written to a staging folder and moved into place only when the whole build
succeeded, so a failed build leaves the previous book untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .config import BookConfig, BuildOptions, load_book_config, resolve_texts, slugify
from .conserve import Conservation, check_conservation
from .corrections import Correction, apply_corrections, load_corrections
from .errors import SamizdatError
from .ingest.reader import SourceText, read_source
from .manuscript import read_manuscript, write_manuscript
from .model import BookText, Manuscript, Para, TextMeta, plain_text
from .normalise import TextReport, evidence_for, normalise_text
from .normalise.chunks import load_dictionary, vocabulary
from .proofread import proofread
from .render.html import RenderedBook, render_book

#: How many words of a text's opening make an editorial title when neither source nor config has one.
EDITORIAL_TITLE_WORDS = 8


@dataclass(frozen=True)
class BookSource:
    folder: Path
    config: BookConfig
    sources: tuple[SourceText, ...]
    corrections: tuple[Correction, ...]


@dataclass
class NormalisedBook:
    manuscript: Manuscript
    reports: list[TextReport]
    conservation: list[Conservation]
    warnings: list[str] = field(default_factory=list)


def load_book(folder: Path, config_path: Path | None) -> BookSource:
    if not folder.is_dir():
        raise SamizdatError(f"{folder}: book folder not found")
    if config_path is not None and not config_path.exists() and config_path != folder / "book.toml":
        raise SamizdatError(f"{config_path}: config file not found")
    config = resolve_texts(load_book_config(config_path), folder)
    sources = tuple(read_source(folder / t.file, t.file) for t in config.texts)
    corrections = load_corrections(folder / "corrections.toml")
    return BookSource(folder, config, sources, corrections)


def _meta(tc, ident_taken: set[str], norm, first_words: str) -> TextMeta:  # type: ignore[no-untyped-def]
    source_title = norm.title_lines[0] if norm.title_lines else ""
    title = tc.title or source_title or first_words
    ident = tc.id or slugify(title)
    while ident in ident_taken:
        ident += "-x"
    ident_taken.add(ident)
    return TextMeta(
        ident=ident,
        title=title,
        author=tc.author or (norm.bylines[0] if norm.bylines else ""),
        editorial_title=not source_title,
        source=tc.source,
        date=tc.date,
        file=tc.file,
    )


def _opening_words(blocks: tuple) -> str:  # type: ignore[type-arg]
    for b in blocks:
        if isinstance(b, Para):
            words = plain_text(b.inlines).split()
            return " ".join(words[:EDITORIAL_TITLE_WORDS]) + ("…" if len(words) > 8 else "")
    return "Untitled"


def normalise_book(book: BookSource, date: str) -> NormalisedBook:
    vocab = vocabulary([s.lines for s in book.sources])
    dictionary = load_dictionary()
    texts, reports, conservation, taken = [], [], [], set()
    warnings: list[str] = []
    for tc, src in zip(book.config.texts, book.sources, strict=True):
        ev = evidence_for(
            src.name,
            src.lines,
            vocabulary=vocab,
            dictionary=dictionary,
            title=tc.title,
            author=tc.author,
        )
        norm = normalise_text(src.lines, ev, tc.id or slugify(tc.title or src.name))
        first = _opening_words(norm.blocks)
        meta = _meta(tc, taken, norm, first)
        text = BookText(meta, norm.blocks, norm.furniture)
        norm.report.counts.update(src.counts)
        warnings.extend(src.warnings)
        conservation.append(
            check_conservation(src.lines, text, norm.report.removed, norm.title_lines, norm.bylines)
        )
        texts.append(text)
        reports.append(norm.report)
    final = apply_corrections(tuple(texts), book.corrections)
    cfg = book.config
    ms = Manuscript(
        cfg.title,
        cfg.subtitle,
        cfg.editor,
        cfg.publisher,
        cfg.language,
        cfg.identifier,
        cfg.date or date,
        cfg.rights,
        final,
        tuple(c.describe() for c in book.corrections),
    )
    for text, report in zip(final, reports, strict=True):
        report.findings.extend(proofread(text, dictionary or vocab, vocab))
    return NormalisedBook(ms, reports, conservation, warnings)


def source_date() -> datetime:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime(2026, 1, 1, tzinfo=UTC)


def report_dict(nb: NormalisedBook) -> dict:
    texts = []
    for text, rep, cons in zip(nb.manuscript.texts, nb.reports, nb.conservation, strict=True):
        texts.append(
            {
                "file": rep.file,
                "id": text.meta.ident,
                "title": text.meta.title,
                "editorial_title": text.meta.editorial_title,
                "counts": dict(sorted(rep.counts.items())),
                "findings": [f"{rep.file}:{f.line}: {f.code}: {f.message}" for f in rep.findings],
                "conservation": {**asdict(cons), "ok": cons.ok},
            }
        )
    return {
        "samizdat": __version__,
        "title": nb.manuscript.title,
        "texts": texts,
        "corrections": list(nb.manuscript.corrections),
        "warnings": nb.warnings,
    }


@dataclass
class BuildResult:
    outputs: list[Path]
    report: dict
    seconds: float
    book: RenderedBook | None = None


def _commit(stage: Path, out: Path) -> list[Path]:
    """Move staged files into the output folder (each replace is atomic)."""
    out.mkdir(parents=True, exist_ok=True)
    moved = []
    for f in sorted(stage.iterdir()):
        target = out / f.name
        os.replace(f, target)
        moved.append(target)
    return moved


def build(
    folder: Path,
    config_path: Path | None,
    out: Path,
    options: BuildOptions,
    *,
    epub: bool = True,
    pdf: bool = True,
) -> BuildResult:
    """Build the book; with ``epub``/``pdf`` False, only the manuscript and report."""
    started = time.perf_counter()
    book = load_book(folder, config_path)
    when = source_date()
    nb = normalise_book(book, when.date().isoformat())
    markdown = write_manuscript(nb.manuscript)
    rendered = render_book(read_manuscript(markdown))
    report = report_dict(nb)
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    except OSError as exc:
        raise SamizdatError(f"{out}: cannot write the output folder: {exc.strerror}") from None
    try:
        (stage / "manuscript.md").write_text(markdown, encoding="utf-8")
        slug = book.config.slug
        build_id = f"samizdat {__version__} · {book.config.identifier}"
        if pdf or epub:
            _render(
                rendered, stage, slug, options, when, build_id, epub=epub, pdf=pdf, report=report
            )
        (stage / "build-report.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        outputs = _commit(stage, out)
    except OSError as exc:
        raise SamizdatError(
            f"{out}: could not write outputs ({exc.strerror}); previous outputs left in place"
        ) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return BuildResult(outputs, report, time.perf_counter() - started, rendered)


def _render(
    book: RenderedBook,
    stage: Path,
    slug: str,
    options: BuildOptions,
    when: datetime,
    build_id: str,
    *,
    epub: bool,
    pdf: bool,
    report: dict,
) -> None:
    page_breaks = None
    if pdf:
        from .render.pdf import write_pdf

        layout = write_pdf(
            book,
            stage / f"{slug}.pdf",
            paper=options.paper,
            build_id=build_id,
            para_numbers=options.para_numbers,
        )
        page_breaks = page_breaks_from(book, layout)
        report["pdf"] = {"pages": layout.page_count, "paper": options.paper}
    if epub:
        from .render.epub import write_epub

        info = write_epub(
            book,
            stage / f"{slug}.epub",
            modified=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            build_id=build_id,
            page_breaks=page_breaks,
            page_source=f"{book.title} (print edition)",
            para_numbers=options.para_numbers,
        )
        report["epub"] = {"page_list_entries": getattr(info, "page_list_entries", 0)}


def page_breaks_from(book: RenderedBook, layout) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
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
