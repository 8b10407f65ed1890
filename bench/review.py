"""The review page's cost (issue 14): time and size of ``review.html`` and its text pages.

``python bench/review.py [--book DIR] [--mb N] [--runs 5] [--profile]`` normalises a book once
(the seeds by default; ``--mb N``: one text of about N MB made of the seeds, as ``bench/big.py``
makes it), then times reading the decisions back (``review_book``) and writing the pages
(``write_review``) ``--runs`` times, printing the medians, the pages' count and sizes.
``--profile`` prints the 25 costliest functions of one run. ``--builds N`` also times N
manuscript builds (``python build.py manuscript --no-cache``, in this process) with the review
written and N without, alternately, and prints both medians and their difference.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))

from samizdat.book import load_book, report_dict  # noqa: E402
from samizdat.cache import Store  # noqa: E402
from samizdat.pipeline import _normalise  # noqa: E402
from samizdat.review_html import review_book, write_review  # noqa: E402


def _once(book, nb, report, folder: Path) -> tuple[float, float, list[Path]]:
    t0 = time.perf_counter()
    reviews = review_book(book, nb, report)
    t1 = time.perf_counter()
    written = write_review(folder, nb.manuscript.title, reviews)
    return t1 - t0, time.perf_counter() - t1, written


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--book", type=Path, default=BENCH.parent / "seeds")
    p.add_argument("--mb", type=float, default=0.0)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--builds", type=int, default=0)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="samizdat-review-") as tmp:
        folder = args.book
        if args.mb:
            from big import write_text  # bench/big.py's text

            folder = Path(tmp) / "book"
            folder.mkdir()
            write_text(folder / "big.txt", int(args.mb * 1_000_000))
        t = time.perf_counter()
        config = folder / "book.toml"
        book = load_book(folder, config if config.is_file() else None)
        nb = _normalise(book, Store(None), "2026-01-01")
        report = report_dict(nb)
        print(f"normalised in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        out = Path(tmp) / "out"
        out.mkdir()
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(_once, book, nb, report, out)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        reads, writes = [], []
        for _ in range(args.runs):
            read, write, written = _once(book, nb, report, out)
            reads.append(read)
            writes.append(write)
        sizes = sorted(f.stat().st_size for f in written)
        print(
            f"{folder.name}: review_book median {statistics.median(reads):.3f} s, "
            f"write_review median {statistics.median(writes):.3f} s "
            f"(runs {args.runs}: {', '.join(f'{a + b:.3f}' for a, b in zip(reads, writes, strict=True))}); "
            f"{len(sizes)} pages, {sum(sizes) / 1e6:.2f} MB in all, largest {sizes[-1] / 1e6:.2f} MB"
            f", review.html {(out / 'review.html').stat().st_size / 1e3:.0f} kB"
        )
        if args.builds:
            _builds(folder, Path(tmp) / "built", args.builds)
    return 0


def _builds(folder: Path, out: Path, runs: int) -> None:
    from samizdat import pipeline
    from samizdat.config import BuildOptions

    config = folder / "book.toml"
    real = pipeline.review_book, pipeline.write_review
    times: dict[bool, list[float]] = {True: [], False: []}
    for k in range(2 * runs):
        on = k % 2 == 0
        pipeline.review_book, pipeline.write_review = real if on else (lambda *a: [], lambda *a: [])
        t = time.perf_counter()
        pipeline.build(
            folder,
            config if config.is_file() else None,
            out,
            BuildOptions(cache=False),
            epub=False,
            pdf=False,
        )
        times[on].append(time.perf_counter() - t)
    pipeline.review_book, pipeline.write_review = real
    with_, without = statistics.median(times[True]), statistics.median(times[False])
    print(
        f"manuscript builds: median {with_:.3f} s with the review, {without:.3f} s without "
        f"(+{with_ - without:.3f} s; runs {', '.join(f'{x:.2f}' for x in times[True])} / "
        f"{', '.join(f'{x:.2f}' for x in times[False])})"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
