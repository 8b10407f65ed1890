"""The reprint report: what a rebuild changed, for an editor preparing a corrected printing.

After each build, ``changes.md`` compares the new book with the previous build of the same
kind (same options, same outputs): which texts changed, which printed pages changed or only
moved, and whether the contents numbers, note numbers or the EPUB page-list moved. The state
of each build is kept in ``<out>/.cache/reprint/``.

Pages are compared by their text (poppler's ``pdftotext``, else pypdf) with folios and running
heads left out, so a page that only moved to a new number counts as *shifted*, not *changed*.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .cache import digest
from .render.html import RenderedBook

FOLIO = re.compile(r"^(?:\d+|[ivxlcdm]+)$")


@dataclass
class BookState:
    """What a reader of the outputs could notice, in comparable form."""

    texts: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → title, digests
    pages: list[tuple[str, str]] = field(default_factory=list)  # (folio, text digest)
    contents: dict[str, str] = field(default_factory=dict)  # text id → printed start page
    page_list: str = ""  # digest of the EPUB page-list


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def page_texts(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``."""
    exe = shutil.which("pdftotext")
    if exe:
        out = subprocess.run(
            [exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
        pages = out.split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(pdf).pages]


def _page_body(text: str, heads: set[str]) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [ln for ln in lines if ln and not FOLIO.fullmatch(ln) and ln not in heads]
    return "\n".join(kept)


def book_state(
    book: RenderedBook, report: dict[str, Any], pdf: Path | None, facts: dict[str, Any]
) -> BookState:
    """``facts``: ``labels`` (the folio of each PDF page) and ``page_list`` (EPUB page-list digest)."""
    state = BookState()
    for t in book.texts:
        state.texts[t.id] = {
            "title": t.title,
            "body": _digest(str(t.body_html), str(t.source_note_html)),
            "notes": _digest([str(n) for n in t.notes]),
            "note_count": len(t.notes),
        }
    if pdf is not None and pdf.exists():
        heads = {book.title} | {t.title for t in book.texts}
        labels = facts.get("labels") or []
        for i, text in enumerate(page_texts(pdf)):
            folio = labels[i] if i < len(labels) else str(i + 1)
            state.pages.append((folio, _digest(_page_body(text, heads))))
        state.contents = dict(report.get("pdf", {}).get("text_start_pages", {}))
    state.page_list = facts.get("page_list", "")
    return state


def _ranges(labels: list[str]) -> str:
    """``["3","4","5","9"]`` → ``"3–5, 9"`` (roman folios listed as they are)."""
    out: list[str] = []
    run: list[int] = []
    for label in [*labels, ""]:
        if label.isdigit() and (not run or int(label) == run[-1] + 1):
            run.append(int(label))
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run = []
        if label.isdigit():
            run = [int(label)]
        elif label:
            out.append(label)
    return ", ".join(out)


def compare(old: BookState, new: BookState) -> list[str]:
    """Lines of the report, most important first."""
    lines = []
    changed = [i for i, t in new.texts.items() if old.texts.get(i, {}).get("body") != t["body"]]
    added = [i for i in new.texts if i not in old.texts]
    removed = [i for i in old.texts if i not in new.texts]
    names = [f"“{new.texts[i]['title']}” ({i})" for i in changed if i not in added]
    lines.append("Texts changed: " + (", ".join(names) if names else "none") + ".")
    if added or removed:
        lines.append(
            f"Texts added: {', '.join(added) or 'none'}; removed: {', '.join(removed) or 'none'}."
        )
    if new.pages or old.pages:
        lines.extend(_compare_pages(old, new))
        moved = {
            i: (old.contents.get(i), p) for i, p in new.contents.items() if old.contents.get(i) != p
        }
        lines.append(
            "Contents page numbers: "
            + (", ".join(f"{i} {a}→{b}" for i, (a, b) in moved.items()) if moved else "unchanged")
            + "."
        )
    notes = [
        i for i, t in new.texts.items() if i in old.texts and old.texts[i]["notes"] != t["notes"]
    ]
    renumbered = [i for i in notes if old.texts[i]["note_count"] != new.texts[i]["note_count"]]
    lines.append(
        "Note numbers: "
        + (f"renumbered in {', '.join(renumbered)}" if renumbered else "unchanged")
        + (f"; note text changed in {', '.join(notes)}" if notes else "")
        + "."
    )
    if new.page_list or old.page_list:
        same = new.page_list == old.page_list
        lines.append(
            "EPUB page-list: " + ("unchanged." if same else "moved (page markers differ).")
        )
    return lines


def _compare_pages(old: BookState, new: BookState) -> list[str]:
    before = dict(old.pages)
    where = {d: f for f, d in old.pages}
    changed, shifted = [], []
    for folio, d in new.pages:
        if before.get(folio) == d:
            continue
        (shifted if d in where else changed).append(folio)
    lines = [
        f"Printed pages: {len(new.pages)} (was {len(old.pages)}); "
        f"changed: {_ranges(changed) or 'none'}; "
        f"shifted to new numbers: {_ranges(shifted) or 'none'}."
    ]
    return lines


def write_changes(
    stage: Path,
    cache: Path | None,
    book: RenderedBook,
    report: dict[str, Any],
    facts: dict[str, Any],
) -> tuple[list[str], Callable[[], None]]:
    """Write ``changes.md`` into the staging folder.

    Returns the console summary and a function that records this build as the one the next
    build compares with (to be called once the build has landed).
    """
    pdf_name = report.get("pdf", {}).get("file")
    state = book_state(book, report, stage / pdf_name if pdf_name else None, facts)
    variant = digest(
        "reprint",
        report.get("pdf", {}).get("file", ""),
        report.get("epub", {}).get("file", ""),
        report.get("pdf", {}).get("paper", ""),
    )[:16]
    path = cache / "reprint" / f"{variant}.json" if cache is not None else None
    previous = _load(path) if path is not None else None
    if previous is None:
        lines = ["First build of this book with these options: nothing to compare with."]
    else:
        lines = compare(previous, state)
    text = "# Changes since the previous build\n\n" + "\n".join(f"- {ln}" for ln in lines) + "\n"
    (stage / "changes.md").write_text(text, encoding="utf-8")

    def save() -> None:
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(asdict(state)), encoding="utf-8")
        except OSError:
            pass

    return lines, save


def _load(path: Path) -> BookState | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["pages"] = [tuple(p) for p in data["pages"]]
        return BookState(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


__all__ = ["BookState", "book_state", "compare", "page_texts", "write_changes"]
