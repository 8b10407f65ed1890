"""The book as data: load the folder, normalise every text, apply corrections, report.

This is the part of the pipeline that knows nothing about rendering: sources in, a
:class:`~samizdat.model.Manuscript` and per-text reports out.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from . import __version__
from .columns import read_columns
from .config import (
    BookConfig,
    book_title,
    check_text_file,
    load_book_config,
    resolve_texts,
    slugify,
)
from .corrections import (
    Correction,
    apply_corrections,
    load_corrections,
    load_structure,
    resolve_structure,
)
from .errors import InputError, SamizdatError
from .ingest.reader import SourceText, read_source
from .language import TextLanguage, book_language, text_language
from .line_numbers import drop_line_numbers, margin_page_starts
from .model import BookText, Loc, Manuscript, Para, TextMeta, plain_text
from .normalise import Normalised, TextReport, evidence_for, normalise_text, paragraph_spans
from .normalise.chunks import Evidence, Finding, load_dictionary, vocabulary
from .normalise.gutenberg import read_header
from .normalise.overrides import StructureFix
from .normalise.titlepage import is_date, is_noise
from .proofread import proofread
from .wordcheck import WordCheck, check_words, model_words

#: How many words of a text's opening make an editorial title when neither source nor config has one.
EDITORIAL_TITLE_WORDS = 8


@dataclass(frozen=True)
class BookSource:
    folder: Path
    config: BookConfig
    sources: tuple[SourceText, ...]
    corrections: tuple[Correction, ...]
    skipped: tuple[str, ...] = ()
    structure: dict[str, tuple[StructureFix, ...]] = field(default_factory=dict)  # per file


@dataclass
class NormalisedTexts:
    """Every text normalised, before corrections: what the normalisation cache holds."""

    texts: list[BookText]
    reports: list[TextReport]
    conservation: list[WordCheck]
    warnings: list[str]
    vocabulary: frozenset[str] = frozenset()  # the corpus's words, for proofreading


@dataclass
class NormalisedBook:
    manuscript: Manuscript
    reports: list[TextReport]
    conservation: list[WordCheck]
    warnings: list[str] = field(default_factory=list)


def load_book(folder: Path, config_path: Path | None, *, skip_bad: bool = False) -> BookSource:
    """Read the folder's config, sources and corrections.

    With ``skip_bad`` a source that cannot be read as text is left out with a warning (and the
    corrections aimed at it with it) instead of stopping the build.
    """
    if not folder.is_dir():
        raise SamizdatError(f"{folder}: book folder not found")
    if config_path is not None and not config_path.exists() and config_path != folder / "book.toml":
        raise SamizdatError(f"{config_path}: config file not found")
    config = resolve_texts(load_book_config(config_path), folder)
    sources, kept, skipped = [], [], []
    for t in config.texts:
        try:
            sources.append(read_source(check_text_file(folder, t.file), t.file))
            kept.append(t)
        except InputError as exc:
            if not skip_bad:
                raise
            skipped.append(str(exc))
    if not sources:
        raise SamizdatError(f"{folder}: no usable texts left after skipping {len(skipped)}")
    corrections = load_corrections(folder / "corrections.toml")
    entries = load_structure(folder / "corrections.toml")
    if skipped:
        names = {t.file for t in kept} | {t.id for t in kept if t.id}
        corrections = tuple(c for c in corrections if c.text in names)
        gone = {t.file for t in config.texts} | {t.id for t in config.texts if t.id}
        entries = tuple(e for e in entries if e.text in names or e.text not in gone)
        config = replace(config, texts=tuple(kept))
    structure = resolve_structure(entries, _text_names(kept), {s.name: s.lines for s in sources})
    return BookSource(folder, config, tuple(sources), corrections, tuple(skipped), structure)


def _text_names(texts) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Each text's file name, by its file name, its id and (without an id) its title's slug."""
    names = {slugify(t.title): t.file for t in texts if t.title and not t.id}
    return names | {t.id: t.file for t in texts if t.id} | {t.file: t.file for t in texts}


def _meta(tc, ident_taken: set[str], norm, first_words: str, front: FrontMatter) -> TextMeta:  # type: ignore[no-untyped-def]
    """The text's metadata: book.toml's, else the source's own (its lifted title and byline),
    else an editorial title (a Project Gutenberg header's title, else the opening words)."""
    source_title = norm.title_lines[0] if norm.title_lines else ""
    title = tc.title or source_title or front.title or first_words
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
        language=front.language,
    )


@dataclass(frozen=True)
class FrontMatter:
    """What a text's edition matter says of it beyond its lifted lines: the title a Project
    Gutenberg header gives (an editorial title when the text has no title page) and its
    language (as declared or detected)."""

    title: str = ""
    language: str = ""


def _front_matter(tc, src: SourceText) -> tuple[FrontMatter, TextLanguage]:  # type: ignore[no-untyped-def]
    header = read_header(src.lines)
    lang = text_language(src.lines, tc.language)
    return FrontMatter(header.title if header else "", lang.code), lang


def _opening_words(blocks: tuple) -> str:  # type: ignore[type-arg]
    for b in blocks:
        if isinstance(b, Para):
            text = plain_text(b.inlines)
            if is_noise(text) or is_date(text):
                continue  # an OCR speck or a running head's date names nothing
            words = text.split()
            return " ".join(words[:EDITORIAL_TITLE_WORDS]) + ("…" if len(words) > 8 else "")
    return "Untitled"


def normalise_texts(book: BookSource) -> NormalisedTexts:
    """Run the normalisation passes over every source (the expensive, cacheable part)."""
    readings = [read_columns(s.lines, s.page_starts) for s in book.sources]
    vocab = vocabulary([r.lines for r in readings])
    dictionary = load_dictionary()
    out = NormalisedTexts([], [], [], [f"skipped {w}" for w in book.skipped], vocab)
    taken: set[str] = set()
    for tc, src, (reading, origin, pages, columned) in zip(
        book.config.texts, book.sources, readings, strict=True
    ):
        front, lang = _front_matter(tc, src)
        lines, numbers = drop_line_numbers(reading)
        ev = evidence_for(
            src.name,
            lines,
            pages or margin_page_starts(reading),
            vocabulary=vocab,
            dictionary=dictionary,
            title=tc.title,
            author=tc.author,
            language=lang.code or book.config.language or "en",
            dashes=book.config.dashes,
        )
        fixes = book.structure.get(src.name, ())
        norm, check = _normalise_checked(src, ev, tc.id or slugify(tc.title or src.name), fixes)
        norm.report.counts[f"language_{lang.evidence}"] += 1
        if numbers:
            norm.report.counts["line_numbers_removed"] += numbers
        if columned:  # read in columns: places are the source's lines again
            norm.report.counts["pages_read_in_columns"] += columned
            norm = _at_source_lines(norm, origin)
        meta = _meta(tc, taken, norm, _opening_words(norm.blocks), front)
        text = BookText(meta, norm.blocks, norm.furniture)
        norm.report.counts.update(src.counts)
        out.warnings.extend(src.warnings)
        out.conservation.append(check)
        out.texts.append(text)
        out.reports.append(norm.report)
    return out


#: Rounds of falling back to the plain reading before the whole text is read plainly.
FALLBACK_ROUNDS = 3


def _normalise_checked(
    src: SourceText,
    ev: Evidence,
    text_id: str,
    fixes: tuple[StructureFix, ...] = (),
) -> tuple[Normalised, WordCheck]:
    """Normalise a text and check its words independently; a source paragraph where the passes
    lost or added words falls back to its plain reading (with a finding), so a book is always
    made and no word is lost. The check runs again until it passes. The editor's structural
    ``fixes`` are applied on every round (they move no word)."""
    spans = paragraph_spans(ev.lines)  # the lines as read: line numbers out of the margin
    starts = [a for a, _ in spans]
    plain: set[int] = set()
    for attempt in range(FALLBACK_ROUNDS + 1):
        norm = normalise_text(ev.lines, ev, text_id, frozenset(plain), fixes)
        check = check_words(
            src.lines, model_words(_bare(norm), norm.title_lines, norm.bylines), src.page_starts
        )
        if check.ok:
            break
        wanted = {bisect_right(starts, line) - 1 for line in check.lines()} - {-1}
        if attempt == FALLBACK_ROUNDS - 1 or wanted <= plain:
            wanted = set(range(len(spans)))  # the last round: the whole text as in the source
        if wanted <= plain:
            break
        plain |= wanted
    for i in sorted(plain):
        norm.report.findings.append(
            Finding(
                spans[i][0],
                "plain-reading",
                "read as in the source: the normaliser's "
                f"reading of lines {spans[i][0]}–{spans[i][1]} lost or added words",
            )
        )
    norm.report.counts["paragraphs_read_plainly"] += len(plain)
    if not check.ok:
        norm.report.findings.extend(
            Finding(int(p.split(":")[1]), "word-check", p.split(": ", 1)[1])
            for p in check.problems(src.name)
        )
    return norm, check


def _at_source_lines(norm: Normalised, origin: tuple[int, ...]) -> Normalised:
    """The normalised text with every place (blocks, notes, findings) moved from the line of
    the reading to the source line it was read from (``origin``, 0-based)."""

    def line(n: int) -> int:
        return origin[min(n, len(origin)) - 1] + 1 if n > 0 else n

    def moved(node):  # type: ignore[no-untyped-def]
        if isinstance(node, Loc):
            return replace(node, line=line(node.line))
        if isinstance(node, tuple):
            return tuple(moved(x) for x in node)
        if is_dataclass(node) and not isinstance(node, type):
            return replace(node, **{f.name: moved(getattr(node, f.name)) for f in fields(node)})
        return node

    norm.report.findings = [replace(f, line=line(f.line)) for f in norm.report.findings]
    return replace(norm, blocks=moved(norm.blocks))


def _bare(norm: Normalised) -> BookText:
    return BookText(TextMeta("x", "x"), norm.blocks, norm.furniture)


def finish_book(book: BookSource, normalised: NormalisedTexts, date: str) -> NormalisedBook:
    """Apply the corrections, assemble the manuscript and proofread the result."""
    final = apply_corrections(tuple(normalised.texts), book.corrections)
    cfg = book.config
    ms = Manuscript(
        book_title(cfg, [(t.meta.title, t.meta.editorial_title) for t in final]),
        cfg.subtitle,
        cfg.editor,
        cfg.publisher,
        book_language([t.meta.language for t in final], cfg.language),
        cfg.identifier,
        cfg.date or date,
        cfg.rights,
        final,
        tuple(c.describe() for c in book.corrections),
    )
    vocab, dictionary = normalised.vocabulary, load_dictionary()
    for text, report in zip(final, normalised.reports, strict=True):
        # the word list is English: a text in another language knows the words it uses whole
        english = (text.meta.language or "en").split("-")[0].lower() == "en"
        known = (dictionary or vocab) if english else vocab
        report.findings.extend(proofread(text, known, vocab))
    return NormalisedBook(ms, normalised.reports, normalised.conservation, normalised.warnings)


def normalise_book(book: BookSource, date: str) -> NormalisedBook:
    """Normalise, correct and proofread the whole book (no cache)."""
    return finish_book(book, normalise_texts(book), date)


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
                "structure": [asdict(a) for a in rep.structure],
                "conservation": {
                    **{k: v for k, v in asdict(cons).items() if k != "marker_positions"},
                    "ok": cons.ok,
                },
            }
        )
    return {
        "samizdat": __version__,
        "title": nb.manuscript.title,
        "texts": texts,
        "corrections": list(nb.manuscript.corrections),
        "warnings": nb.warnings,
    }
