"""The naive baseline: what one would do with pandoc and WeasyPrint (or Typst) and no samizdat.

Issue 17's two pandoc commands, on the five raw texts, each under a ``# title`` line, as one
Markdown file ``book.md``:

``python bench/naive.py epub SEEDS OUT`` — ``pandoc book.md --toc -o book.epub``.

``python bench/naive.py pdf SEEDS OUT`` — ``pandoc book.md -s --css a5.css --pdf-engine=weasyprint
-o book.pdf``: pandoc writes HTML and runs WeasyPrint's command on it, with a plain A5 print
stylesheet (no hyphenation).

``python bench/naive.py typst SEEDS OUT`` — the fast peer a user could pick instead: ``pandoc
book.md -s -V papersize=a5 -t typst`` → ``typst.compile`` (PyPI ``typst``) → ``book.pdf``.

Only public tools: the pandoc binary shipped by pypandoc, WeasyPrint, Typst. No cleanup of the
texts at all (no unwrapping, notes, headings or typography), so the comparison flatters the
baseline.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pypandoc

PRINT_CSS = """
@page { size: A5; margin: 2cm; @bottom-center { content: counter(page); } }
html, body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10pt; line-height: 1.35; }
body { max-width: none; margin: 0; padding: 0; }
h1 { break-before: right; font-size: 16pt; }
"""


def markdown_book(seeds: Path) -> tuple[str, str]:
    """(book title, Markdown): every text in book.toml order under a ``# title`` heading."""
    config = tomllib.loads((seeds / "book.toml").read_text(encoding="utf-8"))
    texts = config.get("texts") or [{"file": p.name} for p in sorted(seeds.glob("*.txt"))]
    parts = []
    for entry in texts:
        title = entry.get("title") or Path(entry["file"]).stem
        body = (seeds / entry["file"]).read_text(encoding="utf-8")
        parts.append(f"# {title}\n\n{body.strip()}\n")
    return config.get("title", "Book"), "\n\n".join(parts)


def pandoc(source: Path, target: Path, title: str, *extra: str) -> None:
    cmd = [pypandoc.get_pandoc_path(), str(source), "-f", "markdown", "-o", str(target)]
    cmd += ["--metadata", f"title={title}", "--metadata", "lang=en", *extra]
    subprocess.run(cmd, check=True)


def weasyprint_command() -> str:
    """WeasyPrint's command beside this Python (not a version manager's shim), else on PATH."""
    beside = Path(sys.executable).parent / "weasyprint"
    return str(beside) if beside.exists() else (shutil.which("weasyprint") or "weasyprint")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("epub", "pdf", "typst"):
        print("usage: naive.py epub|pdf|typst SEEDS OUT", file=sys.stderr)
        return 2
    what, seeds, out = argv[0], Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    title, markdown = markdown_book(seeds)
    source = out / "book.md"
    source.write_text(markdown, encoding="utf-8")
    if what == "epub":
        pandoc(source, out / "book.epub", title, "--toc")
    elif what == "pdf":
        css = out / "a5.css"
        css.write_text(PRINT_CSS, encoding="utf-8")
        engine = f"--pdf-engine={weasyprint_command()}"
        pandoc(source, out / "book.pdf", title, "-s", "--css", str(css), engine)
    else:
        import typst  # bench only: PyPI typst (pip install -e '.[bench]')

        pandoc(source, out / "book.typ", title, "-s", "-V", "papersize=a5", "-t", "typst")
        typst.compile(str(out / "book.typ"), output=str(out / "book.pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
