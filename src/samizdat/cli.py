"""Command line: ``python build.py [build|manuscript|epub|pdf|check]``.

Each command parses options, calls the pipeline and prints a summary. Errors are one line on
stderr with a non-zero exit (1 build error, 2 usage error), never a traceback.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .config import PAPER_SIZES, BuildOptions
from .errors import SamizdatError
from .pipeline import build, load_book, normalise_book, source_date


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--seeds",
            "seeds",
            type=click.Path(path_type=Path),
            default=Path("seeds"),
            show_default=True,
            help="The book folder: texts, book.toml, corrections.toml.",
        ),
        click.option(
            "--config",
            "config",
            type=click.Path(path_type=Path),
            default=None,
            help="book.toml to use (default: SEEDS/book.toml).",
        ),
        click.option(
            "--out",
            "out",
            type=click.Path(path_type=Path),
            default=Path("output"),
            show_default=True,
            help="Output folder.",
        ),
        click.option(
            "--paper",
            type=click.Choice(sorted(PAPER_SIZES)),
            default="a5",
            show_default=True,
            help="Print paper size.",
        ),
        click.option("--para-numbers", is_flag=True, help="Number paragraphs (PDF and EPUB)."),
        click.option("--strict", is_flag=True, help="Fail when normalisation leaves warnings."),
        click.option("-v", "--verbose", is_flag=True, help="Print every finding."),
        click.option("--quiet", is_flag=True, help="Print nothing but errors."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _run(action: Callable[..., Any]) -> Callable[..., Any]:
    """Turn samizdat errors into one line on stderr and exit 1."""

    @functools.wraps(action)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        logging.basicConfig(level=logging.ERROR, format="%(name)s: %(message)s")
        try:
            return action(*args, **kwargs)
        except SamizdatError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug, not bad input: still one line unless asked for more
            if kwargs.get("verbose"):
                raise
            click.echo(
                f"error: internal error ({type(exc).__name__}: {exc}); rerun with -v for details",
                err=True,
            )
            sys.exit(1)

    return wrapper


def _build(
    seeds: Path,
    config: Path | None,
    out: Path,
    paper: str,
    para_numbers: bool,
    strict: bool,
    verbose: bool,
    quiet: bool,
    *,
    epub: bool,
    pdf: bool,
) -> None:
    options = BuildOptions(paper=paper, strict=strict, para_numbers=para_numbers)
    result = build(seeds, config or seeds / "book.toml", out, options, epub=epub, pdf=pdf)
    findings = [f for t in result.report["texts"] for f in t["findings"]]
    if not quiet:
        for path in result.outputs:
            click.echo(f"wrote {path}")
        click.echo(
            f"{len(result.report['texts'])} texts, {len(findings)} findings for review "
            f"(python build.py check), {result.seconds:.1f} s"
        )
        if verbose:
            for f in findings:
                click.echo(f"  {f}")
    lost = [t["file"] for t in result.report["texts"] if not t["conservation"]["ok"]]
    if lost:
        raise SamizdatError(f"words not conserved in {', '.join(lost)} (see build-report.json)")
    if strict and findings:
        raise SamizdatError(f"--strict: {len(findings)} findings (python build.py check -v)")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_common
@click.pass_context
def main(ctx: click.Context, **kwargs: Any) -> None:
    """Build a book (EPUB 3 + print PDF + manuscript) from a folder of plain texts.

    \b
    Example:
      python build.py                      # seeds/ → output/
      python build.py build --seeds ~/texts --out /tmp/book
    """
    ctx.ensure_object(dict)
    ctx.obj.update(kwargs)
    if ctx.invoked_subcommand is None:
        _run(_build)(**kwargs, epub=True, pdf=True)


def _sub(name: str, epub: bool, pdf: bool, doc: str) -> None:
    @main.command(name=name, help=doc)
    @_common
    @click.pass_context
    def command(ctx: click.Context, **kwargs: Any) -> None:
        merged = {
            **ctx.obj,
            **{
                k: v
                for k, v in kwargs.items()
                if ctx.get_parameter_source(k) != click.core.ParameterSource.DEFAULT
            },
        }
        _run(_build)(**merged, epub=epub, pdf=pdf)


_sub(
    "build",
    True,
    True,
    "Build manuscript, EPUB and PDF.\n\n\b\nExample:\n  python build.py build "
    "--seeds seeds --out output",
)
_sub(
    "manuscript",
    False,
    False,
    "Write only output/manuscript.md and the build report.\n\n\b\n"
    "Example:\n  python build.py manuscript",
)
_sub(
    "epub",
    True,
    False,
    "Build the EPUB (without print page numbers).\n\n\b\nExample:\n"
    "  python build.py epub --out /tmp/book",
)
_sub("pdf", False, True, "Build the print PDF.\n\n\b\nExample:\n  python build.py pdf --paper a4")


@main.command()
@_common
@click.pass_context
def check(ctx: click.Context, **kwargs: Any) -> None:
    """Normalise without rendering and print what a proofreader should review.

    \b
    Example:
      python build.py check -v
    """
    merged = {
        **ctx.obj,
        **{
            k: v
            for k, v in kwargs.items()
            if ctx.get_parameter_source(k) != click.core.ParameterSource.DEFAULT
        },
    }
    _run(_check)(**merged)


def _check(
    seeds: Path, config: Path | None, verbose: bool, strict: bool, quiet: bool, **_: Any
) -> None:
    book = load_book(seeds, config or seeds / "book.toml")
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
    if strict and total:
        raise SamizdatError(f"--strict: {total} findings")
