"""The word check's figures per text: ``python bench/words.py [FOLDER ...]``.

Builds each folder (default: ``seeds/`` and ``tests/corpus/``) as one book, EPUB only, in a
temporary output folder, and prints per text what the independent word check found on the
normaliser's blocks and on the built EPUB: source words, book words, the accepted edits by name,
lost and added words, and how many source paragraphs fell back to their plain reading.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def figures(folder: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, str(ROOT / "build.py"), "epub", "--quiet", "--no-cache"]
        cmd += ["--seeds", str(folder), "--out", tmp]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"{folder}: build failed: {done.stderr.strip().splitlines()[-1:]}")
            return []
        return json.loads((Path(tmp) / "build-report.json").read_text())["texts"]


def main(folders: list[str]) -> None:
    paths = [Path(f) for f in folders] or [ROOT / "seeds", ROOT / "tests" / "corpus"]
    print("| text | source words | book words | edits | lost | added | plain | EPUB lost/added |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    for folder in paths:
        for t in figures(folder):
            c = t["conservation"]
            edits = ", ".join(f"{k} {v}" for k, v in c["edits"].items()) or "none"
            epub = c.get("epub", {})
            print(
                f"| {t['file']} | {c['source_words']} | {c['book_words']} | {edits} | "
                f"{c['lost_words']} | {c['added_words']} | "
                f"{t['counts'].get('paragraphs_read_plainly', 0)} | "
                f"{epub.get('lost_words', '–')}/{epub.get('added_words', '–')} |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
