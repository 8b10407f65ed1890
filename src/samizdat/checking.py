"""``python build.py check``: what a proofreader should review, per text.

It normalises without rendering and prints, per text, the counts of every rule, the word
conservation result and the findings (``file:line: code: message``). When the output folder
holds the book's EPUB and PDF, it also compares the two (:mod:`.crosscheck`): same texts in the
same order, same notes, same words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .book import load_book, normalise_book, source_date
from .config import book_slug
from .errors import SamizdatError


def run_check(
    seeds: Path,
    config: Path | None,
    verbose: bool,
    strict: bool,
    quiet: bool,
    out: Path = Path("output"),
    skip_bad: bool = False,
    validate: bool = False,
    **_: Any,
) -> None:
    book = load_book(seeds, config or seeds / "book.toml", skip_bad=skip_bad)
    nb = normalise_book(book, source_date().date().isoformat())
    total = 0
    for text, rep, cons in zip(nb.manuscript.texts, nb.reports, nb.conservation, strict=True):
        total += len(rep.findings)
        if quiet:
            continue
        c = rep.counts
        click.echo(f"{rep.file}  “{text.meta.title}”")
        click.echo(
            f"  joins: {c['line_joins']} lines, {c['page_break_joins']} page breaks; "
            f"dehyphenated {c['dehyphenated']} (doubtful {c['dehyphenation_doubtful']}); "
            f"notes: {c['footnotes_found']} found, {c['note_calls_linked']} calls, "
            f"{c['notes_missing']} missing; headings {c['headings']}; quotations "
            f"{c['quotations']}; list items {c['list_items']}; turns {c['turns']}"
        )
        state = "ok" if cons.ok else f"LOST {list(cons.lost)[:5]} ADDED {list(cons.added)[:5]}"
        click.echo(f"  words: {cons.source_words} in source, conservation {state}")
        shown = rep.findings if verbose else rep.findings[:5]
        for f in shown:
            click.echo(f"  {rep.file}:{f.line}: {f.code}: {f.message}")
        if len(rep.findings) > len(shown):
            click.echo(f"  … {len(rep.findings) - len(shown)} more (-v)")
    for w in nb.warnings:
        click.echo(f"warning: {w}", err=True)
    if not all(c.ok for c in nb.conservation):
        raise SamizdatError("word conservation failed")
    slug = book_slug(book.config, nb.manuscript.title)
    _compare_outputs(out, slug, quiet)
    if validate:
        _validate(out / f"{slug}.epub", verbose, quiet)
    if strict and total:
        raise SamizdatError(f"--strict: {total} findings")


def _compare_outputs(out: Path, slug: str, quiet: bool) -> None:
    """Cross-check the EPUB and PDF in ``out``, if both are there."""
    epub, pdf = out / f"{slug}.epub", out / f"{slug}.pdf"
    if not (epub.is_file() and pdf.is_file()):
        if not quiet:
            click.echo(f"outputs: no {epub.name} and {pdf.name} in {out} to compare (build first)")
        return
    from .crosscheck import crosscheck

    result = crosscheck(epub, pdf)
    if not quiet:
        click.echo(f"outputs: {epub.name} against {pdf.name}")
        for line in result.summary():
            click.echo(f"  {line}")
    if not result.ok:
        raise SamizdatError(
            f"{epub.name} and {pdf.name} disagree: {len(result.problems)} problems "
            f"(first: {result.problems[0]})"
        )


def _validate(epub: Path, verbose: bool, quiet: bool) -> None:
    """``--validate``: EPUBCheck, the Nu checker and Ace on the built EPUB (each skipped one
    says why), then samizdat's lint; a validator's error fails the check, lint findings are
    for review."""
    if not epub.is_file():
        raise SamizdatError(f"--validate: no {epub} (build first)")
    from .render.epub_lint import lint_epub
    from .render.epub_validate import validate

    results = validate(epub)
    findings = lint_epub(epub)
    if not quiet:
        click.echo(f"validators: {epub.name}")
        for r in results:
            click.echo(f"  {r.line()}")
            for m in r.messages if verbose or r.failed else ():
                click.echo(f"    {m}")
        click.echo(f"  lint: {len(findings)} findings")
        for f in findings if verbose else findings[:10]:
            click.echo(f"    {f}")
        if len(findings) > 10 and not verbose:
            click.echo(f"    … {len(findings) - 10} more (-v)")
    failed = [r.tool for r in results if r.failed]
    if failed:
        raise SamizdatError(f"{epub.name}: {', '.join(failed)} found problems")
