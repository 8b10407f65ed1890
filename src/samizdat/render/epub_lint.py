"""Lint of a built EPUB: what validators do not catch but a reader meets (``check --validate``).

Each finding is ``file:line: code: message``, the file inside the EPUB:

- ``note-empty`` — a note with no words besides its back-link;
- ``note-body-text`` — a note as long as body text (more than :data:`NOTE_WORDS` words or
  :data:`NOTE_PARAGRAPHS` paragraphs): the text after a note may have been read into it;
- ``note-ibid`` — a note that is "Ibid." or "Op. cit." and little more: shown as a pop-up, it
  has no note before it to refer to;
- ``toc-missing`` — a heading of a text the contents do not list;
- ``salutation-indent`` — a paragraph after a salutation outside a letter's opening, so the
  style sheet indents it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NOTE_WORDS = 400
NOTE_PARAGRAPHS = 5
#: A note that only refers back: "Ibid.", "Op. cit., p. 5", "Ibid., pp. 12–14".
_IBID = re.compile(r"^\s*(?:ibid|op\.\s*cit)\b[.,;:]?[\s\w.,;:–-]{0,24}$", re.IGNORECASE)
_HEADINGS = tuple(f"{X}h{n}" for n in range(1, 7))


@dataclass(frozen=True)
class Lint:
    file: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code}: {self.message}"


def _note_text(note: etree._Element) -> str:
    copy = etree.fromstring(etree.tostring(note))
    for a in copy.iter(f"{X}a"):
        if "backlink" in (a.get("class") or "") or a.get(EPUB_TYPE) == "backlink":
            a.text = ""
            for child in list(a):
                a.remove(child)
    return " ".join("".join(copy.itertext()).split())


def lint_notes(name: str, root: etree._Element) -> list[Lint]:
    """Empty notes, notes as long as body text, notes that only say "Ibid."."""
    out = []
    for note in root.iter():
        if "footnote" not in (note.get(EPUB_TYPE) or "").split():
            continue
        text, line = _note_text(note), note.sourceline or 0
        paragraphs = len(note.findall(f"{X}p"))
        if not re.search(r"\w", text):
            out.append(Lint(name, line, "note-empty", f"note {note.get('id')} has no words"))
        elif len(text.split()) > NOTE_WORDS or paragraphs > NOTE_PARAGRAPHS:
            out.append(
                Lint(
                    name,
                    line,
                    "note-body-text",
                    f"note {note.get('id')} has {len(text.split())} words in {paragraphs} "
                    "paragraphs: body text read into it?",
                )
            )
        elif _IBID.match(text):
            out.append(
                Lint(
                    name,
                    line,
                    "note-ibid",
                    f"note {note.get('id')} is “{text}”: as a pop-up "
                    "it refers to no note before it",
                )
            )
    return out


def lint_salutations(name: str, root: etree._Element) -> list[Lint]:
    """A salutation followed by a paragraph in the same parent (not a letter's opening)."""
    out = []
    for p in root.iter(f"{X}p"):
        if "salutation" not in (p.get("class") or "").split():
            continue
        following = p.getnext()
        if following is not None and following.tag == f"{X}p":
            out.append(
                Lint(
                    name,
                    following.sourceline or 0,
                    "salutation-indent",
                    "the paragraph after a salutation is indented (no letter opening)",
                )
            )
    return out


def lint_toc(files: dict[str, etree._Element], nav: etree._Element, base: str) -> list[Lint]:
    """Headings of the texts (bodymatter documents) that the contents do not link to."""
    toc = next((n for n in nav.iter(f"{X}nav") if "toc" in (n.get(EPUB_TYPE) or "").split()), None)
    if toc is None:
        return [Lint(f"{base}nav.xhtml", 1, "toc-missing", "no contents (nav epub:type=toc)")]
    targets = set()
    for a in toc.iter(f"{X}a"):
        file, _, frag = unquote(a.get("href") or "").partition("#")
        targets.add((base + file, frag))
    out = []
    for name, root in files.items():
        body = root.find(f"{X}body")
        if body is None or "bodymatter" not in (body.get(EPUB_TYPE) or ""):
            continue
        for h in root.iter(*_HEADINGS):
            section = h.getparent()
            ids = {h.get("id"), section.get("id") if section is not None else None}
            if h.tag == f"{X}h1":
                ids.add("")  # the document itself
            if not any((name, i) in targets for i in ids if i is not None):
                title = " ".join("".join(h.itertext()).split())
                out.append(
                    Lint(
                        name, h.sourceline or 0, "toc-missing", f"“{title}” is not in the contents"
                    )
                )
    return out


def lint_epub(path: Path) -> list[Lint]:
    """Every lint finding of the EPUB at ``path``, in file and line order."""
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith(".xhtml")]
        files = {n: etree.fromstring(z.read(n)) for n in names}
    nav_name = next((n for n in names if n.endswith("nav.xhtml")), "")
    base = nav_name.rpartition("/")[0] + "/" if "/" in nav_name else ""
    out: list[Lint] = []
    for name, root in files.items():
        out += lint_notes(name, root) + lint_salutations(name, root)
    if nav_name:
        out += lint_toc(files, files[nav_name], base)
    return sorted(out, key=lambda f: (f.file, f.line, f.code))
