"""Command line: ``python build.py [build|manuscript|epub|pdf|check|proof]``.

Each command parses options, calls the pipeline and prints a summary. Errors are one line on
stderr with a non-zero exit (1 build error, 2 usage error), never a traceback. Only the
configuration and the freshness check are imported up front, so a rebuild with nothing to do
answers at once; the pipeline and renderers are imported when there is work.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .config import PAPER_SIZES, BuildOptions
from .errors import SamizdatError
from .progress import Progress

_PATH = click.Path(path_type=Path)


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--seeds",
            type=_PATH,
            default=Path("seeds"),
            show_default=True,
            help="The book folder: texts, book.toml, corrections.toml.",
        ),
        click.option("--config", type=_PATH, help="book.toml to use (default: SEEDS/book.toml)."),
        click.option(
            "--out", type=_PATH, default=Path("output"), show_default=True, help="Output folder."
        ),
        click.option(
            "--paper",
            type=click.Choice(sorted(PAPER_SIZES)),
            default="a5",
            show_default=True,
            help="Print paper size.",
        ),
        click.option("--para-numbers", is_flag=True, help="Number paragraphs (PDF and EPUB)."),
        click.option(
            "--notes-margin", is_flag=True, help="Wide outer margin for handwritten notes."
        ),
        click.option("--bleed", is_flag=True, help="3 mm bleed and crop marks for a print shop."),
        click.option("--tagged", is_flag=True, help="Tagged PDF (PDF/UA-1)."),
        click.option("--booklet", is_flag=True, help="Also write an A4 booklet PDF to fold."),
        click.option(
            "--signature-sheets",
            type=click.IntRange(min=0),
            default=4,
            show_default=True,
            help="Booklet: sheets per signature (0: one saddle-stitched signature).",
        ),
        click.option(
            "--creep",
            type=click.FloatRange(min=0, max=2),
            default=0.0,
            show_default=True,
            metavar="MM",
            help="Booklet: move inner sheets' pages this far towards the fold, per sheet.",
        ),
        click.option("--kepub", is_flag=True, help="Also write <slug>.kepub.epub for Kobo."),
        click.option("--azw3", is_flag=True, help="Also write <slug>.azw3 (calibre's converter)."),
        click.option(
            "--only",
            multiple=True,
            metavar="FILE_OR_ID[,…]",
            help="Publish only these texts (file names or ids), with their own contents.",
        ),
        click.option("--skip-bad", is_flag=True, help="Skip unreadable texts with a warning."),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            help="Processes laying out the PDF (default: one per core).",
        ),
        click.option("--no-cache", is_flag=True, help="Ignore and do not write output/.cache."),
        click.option(
            "--watch", is_flag=True, help="Rebuild whenever a text/config/template changes."
        ),
        click.option("--strict", is_flag=True, help="Fail when normalisation leaves findings."),
        click.option("-v", "--verbose", is_flag=True, help="Print every finding."),
        click.option("--quiet", is_flag=True, help="Print nothing but errors."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


class _Once(logging.Filter):
    """Lets each warning WeasyPrint logs in a build through once (every document of a book
    laid out in parts reads the same stylesheets), and counts them: ``--strict`` fails on any."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    @property
    def count(self) -> int:
        return len(self.seen)

    def reset(self) -> None:
        self.seen.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


_WEASYPRINT_WARNINGS = _Once()


def _show_weasyprint_warnings(quiet: bool) -> None:
    """WeasyPrint's warnings as one line each on stderr (``weasyprint: print.css: Ignored
    `colr: red` at 12:3, unknown property.``), and counted; counted only with ``--quiet``."""
    root = logging.getLogger()
    before = list(root.handlers)
    logging.basicConfig(level=logging.ERROR, format="%(name)s: %(message)s")
    for handler in root.handlers:
        if handler not in before:  # the stderr handler basicConfig made
            handler.setLevel(logging.ERROR if quiet else logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.setLevel(logging.WARNING)
    if _WEASYPRINT_WARNINGS not in logger.filters:
        logger.addFilter(_WEASYPRINT_WARNINGS)


def _run(action: Callable[..., Any]) -> Callable[..., Any]:
    """Turn samizdat errors into one line on stderr and exit 1."""

    @functools.wraps(action)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _show_weasyprint_warnings(bool(kwargs.get("quiet")))
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


def _options(opts: dict[str, Any]) -> BuildOptions:
    only = tuple(p.strip() for o in opts["only"] for p in o.split(",") if p.strip())
    return BuildOptions(
        paper=opts["paper"],
        strict=opts["strict"],
        para_numbers=opts["para_numbers"],
        notes_margin=opts["notes_margin"],
        bleed=opts["bleed"],
        tagged=opts["tagged"],
        booklet=opts["booklet"],
        signature_sheets=opts["signature_sheets"],
        creep=opts["creep"],
        only=only,
        skip_bad=opts["skip_bad"],
        workers=opts["jobs"],
        cache=not opts["no_cache"],
    )


def _build(*, epub: bool, pdf: bool, **opts: Any) -> None:
    if opts["watch"]:
        _watch(opts, epub=epub, pdf=pdf)
        return
    _build_once(opts, epub=epub, pdf=pdf)


def _build_once(opts: dict[str, Any], *, epub: bool, pdf: bool) -> Any:
    started = time.perf_counter()
    seeds, out, quiet = opts["seeds"], opts["out"], opts["quiet"]
    config = opts["config"] or seeds / "book.toml"
    options = _options(opts)
    _WEASYPRINT_WARNINGS.reset()
    from .state import up_to_date

    _, record = up_to_date(seeds, config, out, options, epub=epub, pdf=pdf)
    if record is not None:
        if not quiet:
            click.echo(
                f"up to date: nothing changed since the last build of {out} "
                f"({len(record['outputs'])} files, {time.perf_counter() - started:.2f} s)"
            )
        _verdict(record["report"], options)
        _variants(opts, [out / name for name in record["outputs"]])
        return record
    from .pipeline import build

    progress = Progress(quiet=quiet)
    try:
        result = build(seeds, config, out, options, epub=epub, pdf=pdf, progress=progress)
    finally:
        progress.done()
    if not quiet:
        _summary(result, opts["verbose"], time.perf_counter() - started)
    _verdict(result.report, options)
    _variants(opts, result.outputs)
    return result


def _variants(opts: dict[str, Any], outputs: list[Path]) -> None:
    """The reader variants asked for (``--kepub``, ``--azw3``) of the EPUB just built."""
    if not (opts.get("kepub") or opts.get("azw3")):
        return
    from .render.epub_variants import book_epubs, write_variants

    lines = write_variants(book_epubs(outputs), kepub=opts["kepub"], azw3=opts["azw3"])
    for line in lines if not opts["quiet"] else ():
        click.echo(line)


def _summary(result: Any, verbose: bool, seconds: float) -> None:
    report = result.report
    findings = [f for t in report["texts"] for f in t["findings"]]
    for path in result.outputs:
        click.echo(f"wrote {path}")
    for warning in report.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)
    for line in result.changes:
        click.echo(f"changes: {line}")
    parts = report.get("pdf", {}).get("parts") or {}
    reused = sum(1 for v in parts.values() if v == "cached")
    laid = f", PDF parts reused {reused}/{len(parts)}" if parts else ""
    click.echo(
        f"{len(report['texts'])} texts, {len(findings)} findings for review "
        f"(python build.py check){laid}, {seconds:.1f} s"
    )
    if verbose:
        for f in findings:
            click.echo(f"  {f}")


def _verdict(report: dict[str, Any], options: BuildOptions) -> None:
    lost = [t["file"] for t in report["texts"] if not t["conservation"]["ok"]]
    if lost:
        raise SamizdatError(f"words not conserved in {', '.join(lost)} (see build-report.json)")
    findings = sum(len(t["findings"]) for t in report["texts"])
    if options.strict and findings:
        raise SamizdatError(f"--strict: {findings} findings (python build.py check -v)")
    if options.strict and _WEASYPRINT_WARNINGS.count:
        raise SamizdatError(f"--strict: {_WEASYPRINT_WARNINGS.count} WeasyPrint warnings (above)")


def _watch(opts: dict[str, Any], *, epub: bool, pdf: bool) -> None:
    from .paths import TEMPLATES
    from .watch import watch

    def rebuild(changed: list[str]) -> None:
        if changed:
            click.echo(f"changed: {', '.join(changed)}")
        try:
            _build_once(opts, epub=epub, pdf=pdf)
        except SamizdatError as exc:
            click.echo(f"error: {exc} (still watching)", err=True)
        click.echo("watching for changes (Ctrl-C to stop)")

    roots = [opts["seeds"], TEMPLATES]
    if opts["config"] is not None:
        roots.append(opts["config"].parent)
    watch(roots, rebuild, ignore=[opts["out"]])


def _merged(ctx: click.Context, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Group options overridden by the ones given explicitly after the subcommand."""
    given = {
        k: v
        for k, v in kwargs.items()
        if ctx.get_parameter_source(k) != click.core.ParameterSource.DEFAULT
    }
    return {**ctx.obj, **given}


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@_common
@click.pass_context
def main(ctx: click.Context, **kwargs: Any) -> None:
    """Build a book (EPUB 3 + print PDF + manuscript) from a folder of plain texts.

    \b
    Examples:
      python build.py                            # seeds/ → output/
      python build.py build --seeds ~/texts --out /tmp/book
      python build.py pdf --paper a4 --para-numbers --only letter-to-a-comrade --booklet
      python build.py --watch                    # rebuild on every save
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
        _run(_build)(**_merged(ctx, kwargs), epub=epub, pdf=pdf)


_sub(
    "build", True, True, "Build manuscript, EPUB and PDF.\n\n\b\nExample:\n  python build.py build"
)
_sub(
    "manuscript",
    False,
    False,
    "Write only output/manuscript.md and the build report.\n\n\b\nExample:\n"
    "  python build.py manuscript",
)
_sub(
    "epub",
    True,
    False,
    "Build the EPUB; its page-list comes from the last PDF build of the same inputs, if any."
    "\n\n\b\nExample:\n  python build.py epub --out /tmp/book",
)
_sub("pdf", False, True, "Build the print PDF.\n\n\b\nExample:\n  python build.py pdf --paper a4")


@main.command()
@_common
@click.option(
    "--validate",
    is_flag=True,
    help="Also run EPUBCheck, the Nu HTML checker, DAISY Ace and lint on the built EPUB.",
)
@click.pass_context
def check(ctx: click.Context, **kwargs: Any) -> None:
    """Normalise without rendering and print what a proofreader should review.

    \b
    Example:
      python build.py check -v
      python build.py check --validate
    """
    from .checking import run_check

    _run(run_check)(**_merged(ctx, kwargs))


@main.command()
@_common
@click.option(
    "--pages", default="1-12", show_default=True, help="Pages to render, e.g. 1-12,40 (physical)."
)
@click.option("--dpi", type=click.IntRange(20, 600), default=60, show_default=True)
@click.pass_context
def proof(ctx: click.Context, pages: str, dpi: int, **kwargs: Any) -> None:
    """Build (if needed) and render chosen PDF pages to PNG and a contact sheet in OUT/proof.

    \b
    Example:
      python build.py proof --pages 1-12,40
    """
    _run(_proof)(**_merged(ctx, kwargs), pages=pages, dpi=dpi)


def _proof(pages: str, dpi: int, **opts: Any) -> None:
    result = _build_once({**opts, "quiet": True}, epub=True, pdf=True)
    report = result["report"] if isinstance(result, dict) else result.report
    pdf = opts["out"] / report["pdf"]["file"]
    from .render.proof import render_proof

    folder = opts["out"] / "proof"
    for old in folder.glob("*.png") if folder.is_dir() else ():
        old.unlink()
    try:
        made = render_proof(pdf, folder, pages, dpi=dpi)
    except (ValueError, RuntimeError) as exc:
        raise SamizdatError(f"proof: {exc}") from None
    if not opts["quiet"]:
        click.echo(f"wrote {len(made.images)} pages to {folder} and {made.contact_sheet}")


@main.command()
@_common
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_context
def serve(ctx: click.Context, port: int, **kwargs: Any) -> None:
    """Build, rebuild on every save, and serve OUT on 127.0.0.1: the review page, a reading
    view of the EPUB and the PDF, reloading after each build (Ctrl-C stops).

    \b
    Example:
      python build.py serve --port 8000
    """
    _run(_serve)(**_merged(ctx, kwargs), port=port)


def _serve(port: int, **opts: Any) -> None:
    from .paths import TEMPLATES
    from .serve import serve as serve_out

    roots = [opts["seeds"], TEMPLATES]
    if opts["config"] is not None:
        roots.append(opts["config"].parent)
    quiet = {**opts, "quiet": True}
    serve_out(lambda: _build_once(quiet, epub=True, pdf=True), roots, opts["out"], port, click.echo)
