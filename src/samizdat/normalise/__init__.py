"""Normalise one source text into model blocks: an ordered tuple of pure passes, then assembly.

The order matters and is pinned by a test; each comment says why a pass sits where it does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..errors import ConfigError
from ..furniture import page_furniture
from ..model import Block
from .assemble import assemble
from .chunks import Chunk, Evidence, Finding, PassResult, is_wrapped, split_chunks
from .contents import gather_contents
from .cues import join_cues
from .endings import mark_unfinished_ending
from .front import keep_furniture, lift_title
from .frontmatter import mark_edition_matter, read_yaml
from .gutenberg import is_gutenberg
from .headings import mark_headings
from .inline import (
    InlineEvidence,
    uses_backtick_quotes,
    uses_doubled_apostrophes,
    uses_emphasis_markup,
    uses_underscore_emphasis,
)
from .line_runs import gather_capital_lines, split_capital_runs
from .lines import unwrap_lines
from .markdown import is_markdown, read_markdown
from .notes import detach_notes, split_note_lines
from .overrides import Applied, StructureFix, apply_structure
from .pages import join_page_breaks
from .paragraphs import join_markers, split_paragraphs
from .plays import mark_speakers, mark_stage_directions
from .quotes import attach_citations, mark_quotations
from .spacing import repair_letter_spacing
from .structure import (
    drop_furniture,
    mark_letter_parts,
    mark_lists,
    mark_section_breaks,
    mark_turns,
    separate_posts,
)
from .verse import mark_verse, split_turn_lines

Pass = Callable[[tuple[Chunk, ...], Evidence], PassResult]

PASSES: tuple[Pass, ...] = (
    join_cues,  # first: a subtitle file's timings are no text for any pass to read
    drop_furniture,  # first: folios and running heads are never unwrapped into paragraphs
    repair_letter_spacing,  # before reading lines: "Sec ti on 1" is the heading "Section 1"
    mark_headings,  # on the source's lines: a heading is a line of its own, never unwrapped
    split_paragraphs,  # before line structure: a chunk of several paragraphs is cut into them
    split_note_lines,  # before verse and unwrapping: a page foot's notes, one per line
    split_turn_lines,  # before unwrapping: a transcript's Q./A. lines are paragraphs
    gather_contents,  # before verse: an OCR layer's contents, entry by entry, is one list
    split_capital_runs,  # before verse: names in capitals line under line are lines of their own
    mark_verse,  # before unwrapping: verse, addresses, signatures, lists keep their lines
    unwrap_lines,  # every later pass sees whole paragraphs, not source lines
    mark_section_breaks,  # before joins: a line of stars or a rule parts the text's sections
    mark_edition_matter,  # before notes and titles: a licence's numbers are no notes
    detach_notes,  # before joins: notes sit between the halves of a page-split paragraph
    join_markers,  # after notes: a number standing alone ("(5)") starts the paragraph under it
    lift_title,  # before joins: a title must not be joined to its lowercase byline
    mark_speakers,  # before joins: a speaker's name alone labels the speech under it
    keep_furniture,  # before joins: credits and links are never body text
    gather_capital_lines,  # after the title: a list of names in capitals, line under line
    join_page_breaks,  # needs notes detached and headings known
    separate_posts,  # after joins: only complete paragraphs separate posts
    mark_letter_parts,  # before lists/quotes: "N. Lenin," is a signature, not a lead-in
    mark_lists,
    mark_turns,  # before quotations: a turn's label is not a quote mark
    mark_stage_directions,  # after turns: only a text of turns has stage directions
    mark_quotations,  # before citations: a citation line is evidence of the quote above it
    attach_citations,  # last: moves citation lines into notes on the block they follow
)


@dataclass
class TextReport:
    """What normalisation did to one text: counts per rule, findings, removed source words."""

    file: str
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    structure: list[Applied] = field(default_factory=list)  # the editor's [[structure]] entries


@dataclass(frozen=True)
class Normalised:
    blocks: tuple[Block, ...]
    furniture: tuple[str, ...]
    title_lines: tuple[str, ...]
    bylines: tuple[str, ...]
    report: TextReport


def run_passes(
    lines: tuple[str, ...], ev: Evidence, report: TextReport, plain: frozenset[int] = frozenset()
) -> tuple[Chunk, ...]:
    """Run the passes; the source paragraphs numbered in ``plain`` (0-based, as
    :func:`split_chunks` counts them) keep their plain reading: no pass touches them."""
    chunks = tuple(
        replace(c, kind="plain") if i in plain else c for i, c in enumerate(split_chunks(lines))
    )
    for step in PASSES:
        result = step(chunks, ev)
        chunks = result.chunks
        report.counts.update(result.counts)
        report.findings.extend(result.findings)
        report.removed.extend(result.removed)
    return chunks


def normalise_text(
    lines: tuple[str, ...],
    ev: Evidence,
    text_id: str,
    plain: frozenset[int] = frozenset(),
    fixes: tuple[StructureFix, ...] = (),
) -> Normalised:
    """Normalise one text's lines (evidence describes the text and its corpus); the source
    paragraphs in ``plain`` are read plainly (the fallback when a pass would lose words); the
    editor's structural ``fixes`` overrule the passes. A text written in Markdown is read as
    Markdown (its fallback: the plain-text passes)."""
    if not plain and is_markdown(lines):
        if fixes:
            raise ConfigError(
                f"{fixes[0].where}: [[structure]] entries cannot apply to {ev.file}: it is "
                "read as Markdown, whose own markup gives its structure (edit the markup)"
            )
        return normalise_markdown(lines, ev, text_id)
    report = TextReport(ev.file)
    chunks = run_passes(lines, ev, report, plain)
    if fixes:
        chunks, report.structure, counts = apply_structure(chunks, fixes, ev)
        report.counts.update(counts)
    texts = [c.text for c in chunks]
    inline_ev = InlineEvidence(
        emphasis=uses_emphasis_markup(texts),
        backticks=uses_backtick_quotes(texts),
        doubled=uses_doubled_apostrophes(texts),
        underscores=uses_underscore_emphasis(texts),
        language=ev.language,
        dashes=ev.dashes,
    )
    done = assemble(chunks, ev.file, text_id, inline_ev)
    done.blocks, unfinished = mark_unfinished_ending(done.blocks)
    done.findings.extend(unfinished)
    report.counts.update(done.counts)
    report.findings.extend(done.findings)
    report.removed.extend(done.removed)
    report.removed.extend(str(c.number) for c in chunks if c.kind == "note" and c.number)
    return Normalised(done.blocks, done.furniture, done.title_lines, done.bylines, report)


def normalise_markdown(lines: tuple[str, ...], ev: Evidence, text_id: str) -> Normalised:
    """A Markdown text: its YAML front matter read as any text's (title, authors, the other
    fields to the source note), the rest by the Markdown reader."""
    end, _ = read_yaml(lines)
    report = TextReport(ev.file)
    front = None
    if end:
        front = normalise_text(lines[:end], replace(ev, lines=lines[:end]), text_id)
        report = front.report
    done = read_markdown(
        lines[end:], end + 1, ev.file, bool(ev.title or (front and front.title_lines))
    )
    report.counts.update(done.counts)
    title_lines = (done.title,) if done.title else front.title_lines if front else ()
    furniture, bylines = (front.furniture, front.bylines) if front else ((), ())
    return Normalised(done.blocks, furniture, title_lines, bylines, report)


def paragraph_spans(lines: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The (first, last) 1-based source lines of each source paragraph, as :func:`run_passes`
    numbers them for ``plain``."""
    return tuple((c.line, c.line + len(c.lines) - 1) for c in split_chunks(lines))


def evidence_for(
    name: str, lines: tuple[str, ...], page_starts: tuple[int, ...] = (), **known: object
) -> Evidence:
    """Evidence about one text: is it hard-wrapped, which lines are page furniture (corpus
    vocabulary comes from ``known``)."""
    prof = page_furniture(lines, page_starts, proofread=is_gutenberg(lines))
    furniture = {i + 1: kind for i, kind in prof.furniture.items()}
    return Evidence(
        file=name,
        wrapped=is_wrapped(split_chunks(lines)),
        furniture=furniture,
        lines=lines,
        **known,
    )  # type: ignore[arg-type]
