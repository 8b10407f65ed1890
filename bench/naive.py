"""The naive baseline: what one would do with pandoc and WeasyPrint and no samizdat.

``python bench/naive.py epub SEEDS OUT`` — the five raw texts, each under a ``# title`` line, as
one Markdown file → ``pandoc -o book.epub``.

``python bench/naive.py pdf SEEDS OUT`` — the same Markdown → ``pandoc -s`` HTML → WeasyPrint with
a plain A5 print stylesheet → ``book.pdf``.

Only public tools: the pandoc binary shipped by pypandoc, and WeasyPrint. No cleanup of the texts
at all (no unwrapping, notes, headings or typography), so the comparison flatters the baseline.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pypandoc

PRINT_CSS = """
@page { size: A5; margin: 2cm; @bottom-center { content: counter(page); } }
html, body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10pt; line-height: 1.35; }
body { max-width: none; margin: 0; padding: 0; hyphens: auto; }
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


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("epub", "pdf"):
        print("usage: naive.py epub|pdf SEEDS OUT", file=sys.stderr)
        return 2
    what, seeds, out = argv[0], Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    title, markdown = markdown_book(seeds)
    source = out / "book.md"
    source.write_text(markdown, encoding="utf-8")
    if what == "epub":
        pandoc(source, out / "book.epub", title)
        return 0
    from weasyprint import CSS, HTML  # imported here: the EPUB path never pays for it

    html = out / "book.html"
    pandoc(source, html, title, "-s")
    HTML(filename=str(html)).write_pdf(out / "book.pdf", stylesheets=[CSS(string=PRINT_CSS)])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
