"""Issue 7's size benchmark: one very long text, built with bounded memory.

``python bench/big.py [--mb 20] [--command build|epub|pdf|manuscript] [--worktree]`` writes a
book of one text of about ``--mb`` megabytes (the five seed texts repeated, blank-line separated,
cut at a paragraph end) into a temporary folder, builds it once, cold, through
``bench/measure.py`` and appends the result to ``bench/BIG.md``. The limit is 1 GiB for the
process tree (PSS; see bench/README.md for how it is measured). samizdat runs from a clean export
of ``HEAD`` unless ``--worktree``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIMIT_MIB = 1024


def write_text(target: Path, size: int) -> int:
    """One text of about ``size`` characters made of the seeds, ending at a paragraph end."""
    blob = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))
    )
    text = "\n\n".join([blob] * (size // len(blob) + 1))[:size]
    text = text[: text.rfind("\n\n")] + "\n"
    target.write_text(text, encoding="utf-8")
    return target.stat().st_size


def export_head(root: Path) -> Path:
    tree = root / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mb", type=float, default=20.0, help="size of the text in MB (default 20)")
    p.add_argument("--command", default="build", choices=("build", "epub", "pdf", "manuscript"))
    p.add_argument("--worktree", action="store_true", help="measure uncommitted changes too")
    args = p.parse_args(argv)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    root = Path(tempfile.mkdtemp(prefix="samizdat-big-"))
    try:
        tree = REPO if args.worktree else export_head(root)
        book = root / "book"
        book.mkdir()
        size = write_text(book / "long.txt", int(args.mb * 1_000_000))
        cmd = [sys.executable, str(tree / "build.py"), args.command, "--seeds", str(book)]
        cmd += ["--out", str(root / "out"), "--quiet"]
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        done = subprocess.run(
            [sys.executable, str(BENCH / "measure.py"), *cmd], capture_output=True, text=True
        )
        sample = json.loads(done.stdout)
        pages = ""
        pdfs = list((root / "out").glob("*.pdf"))
        if pdfs:
            info = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True)
            pages = next(
                (ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages")), ""
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    tree_mib = sample["tree_peak_kib"] / 1024
    verdict = "PASS" if sample["returncode"] == 0 and tree_mib <= LIMIT_MIB else "FAIL"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    row = (
        f"| {when} | {commit}{' +worktree' if args.worktree else ''} | `{args.command}` | "
        f"{size / 1e6:.1f} MB | {pages or '—'} | {sample['seconds']:.0f} s | "
        f"{sample['maxrss_kib'] / 1024:.0f} MiB | {tree_mib:.0f} MiB | {load} | {verdict} |\n"
    )
    results = BENCH / "BIG.md"
    if not results.exists():
        results.write_text(
            "# bench/big.py: one long text (`python bench/big.py --mb 20`)\n\n"
            "Limit: 1024 MiB tree PSS. Load: the 1/5/15-minute load average at start.\n\n"
            "| when (UTC) | commit | command | text | PDF pages | wall | largest process "
            "| tree PSS | load | result |\n|---|---|---|---:|---:|---:|---:|---:|---|---|\n",
            encoding="utf-8",
        )
    with results.open("a", encoding="utf-8") as f:
        f.write(row)
    print(row, end="")
    if sample["returncode"]:
        print(sample.get("stderr_tail", ""), file=sys.stderr)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
