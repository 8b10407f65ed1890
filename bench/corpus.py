"""Score samizdat on the development corpus: copy-editor expectations checked on pandoc's AST.

    python bench/corpus.py [--corpus DIR] [--text NAME] [-v] [--json FILE] [--keep DIR]

Each text of the corpus (default ``tests/corpus/``) is built as a new user would build it: the
text alone in a temporary book folder without ``book.toml``, ``python build.py manuscript
--seeds TMP --out TMP/out`` in a subprocess (a crash fails only that text). The manuscript is
read back with samizdat's own pandoc reader (:func:`samizdat.manuscript.read_json`) and every
expectation of ``tests/corpus/expectations.toml`` for that text is evaluated on the AST. The
kinds of expectation are documented at the top of that file; :data:`KINDS` lists their fields.

It prints one row per text: expectations passed / total, percent, the build's exit code and its
word-check status (the conservation result, or the last line of stderr when the build failed).
``-v`` lists every failed expectation. The exit code is 0 whatever the score: this is a
measurement, not a gate.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
EXPECTATIONS = CORPUS / "expectations.toml"
BUILD_TIMEOUT = 900

#: Every kind of expectation: its required fields and its optional ones.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "title": (("text",), ()),
    "author": (("text",), ()),
    "language": (("text",), ()),
    "heading": (("text", "level"), ("exact",)),
    "not_heading": (("text",), ()),
    "joined": (("text",), ()),
    "same_block": (("a", "b"), ()),
    "split": (("a", "b"), ()),
    "absent": (("text",), ("at_most", "whole")),
    "note": (("call_after", "note_starts"), ()),
    "lines": (("lines",), ()),
    "alone": (("text",), ()),
    "speaker": (("label", "text"), ()),
    "blockquote": (("text",), ()),
    "item": (("text",), ()),
}
#: Fields any expectation may carry: a comment for the human reader.
COMMON_FIELDS = ("kind", "why")

# --------------------------------------------------------------------------------------------
# Typographic folding: both the snippets and the book's text are compared in this form.

_QUOTES = {ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"}
_QUOTES.update({ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2039\u203a\u2032"})
_HYPHENS = {ord(c): "-" for c in "\u2010\u2011\u2212"}
_DASHES = {ord(c): "--" for c in "\u2012\u2013\u2014\u2015"}
_INVISIBLE = {ord(c): None for c in "\u00ad\u200b\u200c\u200d\u2060\ufeff"}
_DASH_RUN = re.compile(r"[^\S\n]*-{2,}[^\S\n]*")
_BLANKS = re.compile(r"[^\S\n]+")
_AROUND_NL = re.compile(r" ?\n ?")


def fold(text: str, *, flat: bool = True) -> str:
    """Text in comparable form: NFKC, quotes to ASCII, every dash to ``--``, spaces collapsed.

    ``flat``: line breaks become spaces too; otherwise each is kept as one ``\\n``.

    >>> fold("\u00bbJa\u00ab \u2014 so\u2026  it\u2019s")
    '"Ja"--so... it\\'s'
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_INVISIBLE).translate(_QUOTES).translate(_HYPHENS).translate(_DASHES)
    if flat:
        return _DASH_RUN.sub("--", re.sub(r"\s+", " ", text)).strip()
    text = _DASH_RUN.sub("--", _BLANKS.sub(" ", text))
    return _AROUND_NL.sub("\n", text).strip()


def _pattern(snippet: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The snippet as a pattern that does not match inside a longer word ("LECTURE I" ≠ "II")."""
    body = re.escape(snippet)
    if snippet[:1].isalnum():
        body = r"(?<!\w)" + body
    if snippet[-1:].isalnum():
        body += r"(?!\w)"
    return re.compile(body, re.IGNORECASE if ignore_case else 0)


def contains(haystack: str, snippet: str, *, ignore_case: bool = False) -> bool:
    return bool(_pattern(snippet, ignore_case=ignore_case).search(haystack))


def joined_snippet(snippet: str) -> str:
    """A ``joined`` snippet without its page-break marks: ``" | "`` is a space, ``"|"`` nothing."""
    return re.sub(r"\s*\|\s*", lambda m: " " if m.group(0).strip() != m.group(0) else "", snippet)


# --------------------------------------------------------------------------------------------
# The document as the scorer sees it: pandoc's AST flattened into text units.


@dataclass
class Unit:
    """One leaf block of the body (or of a note): its text with ``\\n`` for each line break."""

    kind: str  # "para", "heading", "lines" (a line block), "code", "term", "cell"
    text: str
    level: int = 0
    in_quote: bool = False
    in_note: bool = False
    list_id: int | None = None


@dataclass
class NoteCall:
    before: str  # the text of its block up to the call
    body: str  # the note's text


@dataclass
class Doc:
    title: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    lang: set[str] = field(default_factory=set)
    units: list[Unit] = field(default_factory=list)
    notes: list[NoteCall] = field(default_factory=list)


#: Inlines whose text is their children's text.
_WRAPPERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
_BLOCK_TYPES = {
    "Para", "Plain", "Header", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList",
    "BulletList", "DefinitionList", "HorizontalRule", "Table", "Figure", "Div",
}  # fmt: skip


def _roman(n: int) -> str:
    out, values = "", [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
    values += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _marker(number: int, style: str, delim: str) -> str:
    """An ordered-list item's marker as the text would print it: ``(4)``, ``b.``, ``IV)``."""
    if style in ("LowerAlpha", "UpperAlpha"):
        label = chr(ord("a") + (number - 1) % 26)
    elif style in ("LowerRoman", "UpperRoman"):
        label = _roman(number)
    else:
        label = str(number)
    if style.startswith("Upper"):
        label = label.upper()
    if delim == "TwoParens":
        return f"({label}) "
    if delim == "OneParen":
        return f"{label}) "
    return f"{label}. "


class _Reader:
    """Flattens pandoc's AST (API 1.23) into :class:`Doc` units and note calls."""

    def __init__(self) -> None:
        self.doc = Doc()
        self.lists = 0

    def inlines(self, nodes: list[dict[str, Any]], out: list[str], in_note: bool) -> None:
        for node in nodes:
            t, c = node["t"], node.get("c")
            if t == "Str":
                out.append(c)
            elif t in ("Space", "SoftBreak"):
                out.append(" ")
            elif t == "LineBreak":
                out.append("\n")
            elif t in _WRAPPERS:
                self.inlines(c, out, in_note)
            elif t == "Span":
                self.note_lang(c[0])
                self.inlines(c[1], out, in_note)
            elif t in ("Link", "Image", "Cite"):
                self.inlines(c[1], out, in_note)
            elif t == "Quoted":
                mark = '"' if c[0]["t"] == "DoubleQuote" else "'"
                out.append(mark)
                self.inlines(c[1], out, in_note)
                out.append(mark)
            elif t in ("Code", "Math", "RawInline"):
                out.append(c[1])
            elif t == "Note":
                before = "".join(out)
                start = len(self.doc.units)
                self.blocks(c, in_note=True)
                body = " ".join(u.text for u in self.doc.units[start:] if u.in_note)
                self.doc.notes.append(NoteCall(before, body))

    def text(self, nodes: list[dict[str, Any]], in_note: bool) -> str:
        out: list[str] = []
        self.inlines(nodes, out, in_note)
        return "".join(out)

    def note_lang(self, attr: list[Any]) -> None:
        for key, value in attr[2]:
            if key == "lang":
                self.doc.lang.add(value)

    def add(self, unit: Unit, prefix: str = "") -> None:
        unit.text = prefix + unit.text
        self.doc.units.append(unit)

    def blocks(
        self,
        blocks: list[dict[str, Any]],
        *,
        in_quote: bool = False,
        in_note: bool = False,
        list_id: int | None = None,
        prefix: str = "",
    ) -> None:
        for block in blocks:
            t, c = block["t"], block.get("c")
            ctx = {"in_quote": in_quote, "in_note": in_note, "list_id": list_id}
            if t in ("Para", "Plain"):
                # the unit is added after its notes' units, so note text never splits a paragraph
                unit = Unit("para", "", **ctx)
                unit.text = self.text(c, in_note)
                self.add(unit, prefix)
            elif t == "Header":
                unit = Unit("heading", "", level=c[0], **ctx)
                unit.text = self.text(c[2], in_note)
                self.add(unit, prefix)
            elif t == "LineBlock":
                lines = [self.text(line, in_note) for line in c]
                self.add(Unit("lines", "\n".join(lines), **ctx), prefix)
            elif t in ("CodeBlock", "RawBlock"):
                self.add(Unit("code", c[1], **ctx), prefix)
            elif t == "BlockQuote":
                self.blocks(c, in_quote=True, in_note=in_note, list_id=list_id, prefix=prefix)
            elif t in ("OrderedList", "BulletList"):
                self.lists += 1
                ident = self.lists
                start, style, delim = (
                    (c[0][0], c[0][1]["t"], c[0][2]["t"]) if t == "OrderedList" else (1, "", "")
                )
                items = c[1] if t == "OrderedList" else c
                for n, item in enumerate(items, start):
                    marker = _marker(n, style, delim) if t == "OrderedList" else ""
                    self.blocks(
                        item, in_quote=in_quote, in_note=in_note, list_id=ident, prefix=marker
                    )
            elif t == "DefinitionList":
                for term, definitions in c:
                    self.add(Unit("term", self.text(term, in_note), **ctx), prefix)
                    for definition in definitions:
                        self.blocks(definition, in_quote=in_quote, in_note=in_note, list_id=list_id)
            elif t == "Div":
                classes = c[0][1]
                if "source-note" in classes:
                    continue  # the source's furniture, shown in the front matter, not the body
                self.note_lang(c[0])
                self.blocks(
                    c[1], in_quote=in_quote, in_note=in_note, list_id=list_id, prefix=prefix
                )
            elif t in ("Table", "Figure"):
                for nested in _nested_blocks(c):
                    self.blocks(nested, in_quote=in_quote, in_note=in_note, list_id=list_id)
            prefix = ""  # an item's marker belongs to its first block only


def _nested_blocks(value: Any) -> list[list[dict[str, Any]]]:
    """Every outermost list of blocks inside a table or figure (cells, captions)."""
    found: list[list[dict[str, Any]]] = []
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and v.get("t") in _BLOCK_TYPES for v in value):
            return [value]
        for v in value:
            found.extend(_nested_blocks(v))
    elif isinstance(value, dict) and "t" not in value:
        for v in value.values():
            found.extend(_nested_blocks(v))
    return found


def read_doc(ast: dict[str, Any]) -> Doc:
    """The first text of a manuscript's AST: its level-1 heading, then its body."""
    reader = _Reader()
    doc = reader.doc
    meta_lang = ast.get("meta", {}).get("lang")
    if meta_lang and meta_lang.get("t") == "MetaInlines":
        doc.lang.add(reader.text(meta_lang["c"], False))
    elif meta_lang and meta_lang.get("t") == "MetaString":
        doc.lang.add(meta_lang["c"])
    blocks = ast.get("blocks", [])
    start = next((i for i, b in enumerate(blocks) if b["t"] == "Header" and b["c"][0] == 1), None)
    if start is None:
        reader.blocks(blocks)
        return doc
    head = blocks[start]["c"]
    doc.title = reader.text(head[2], False)
    doc.attrs = dict(head[1][2])
    if "lang" in doc.attrs:
        doc.lang.add(doc.attrs["lang"])
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if blocks[i]["t"] == "Header" and blocks[i]["c"][0] == 1
        ),
        len(blocks),
    )
    reader.blocks(blocks[start + 1 : end])
    return doc


# --------------------------------------------------------------------------------------------
# Evaluating one expectation.


def _flat(unit: Unit) -> str:
    return fold(unit.text)


def _body(doc: Doc) -> list[Unit]:
    return [u for u in doc.units if not u.in_note]


def _where(doc: Doc, snippet: str, *, ignore_case: bool = False) -> str:
    """Where a snippet occurs, for a failure message: "para", "heading 3", "note", "nowhere"."""
    places = []
    for u in doc.units:
        if contains(_flat(u), snippet, ignore_case=ignore_case):
            place = (
                "note" if u.in_note else (f"heading {u.level}" if u.kind == "heading" else u.kind)
            )
            places.append(place)
    if not places:
        return "found nowhere"
    return "found in " + ", ".join(sorted(set(places)))


def _reads(doc: Doc, want: str) -> str:
    """What the book reads where the snippet should be: from its longest leading part found."""
    words = want.split(" ")
    for k in range(len(words), min(2, len(words)) - 1, -1):
        part = " ".join(words[:k])
        for u in doc.units:
            text = fold(u.text, flat=False).replace("\n", " / ")
            m = _pattern(part).search(text)
            if m:
                excerpt = text[m.start() : m.start() + len(want) + 40]
                where = "note" if u.in_note else u.kind
                return f"{where} reads {excerpt!r}"
    return "found nowhere"


def _tail(text: str) -> str:
    return re.sub(r"[\W_]+$", "", fold(text))


def _line_streams(doc: Doc) -> list[list[str]]:
    """Lines of each block; the items of one list continue one stream."""
    streams: list[list[str]] = []
    last_list: int | None = None
    for u in doc.units:
        if u.kind == "heading" or u.in_note:
            last_list = None
            continue
        lines = [line.strip() for line in fold(u.text, flat=False).split("\n")]
        if u.list_id is not None and u.list_id == last_list and streams:
            streams[-1].extend(lines)
        else:
            streams.append(lines)
        last_list = u.list_id
    return streams


def evaluate(exp: dict[str, Any], doc: Doc) -> tuple[bool, str]:
    """Whether the expectation holds in the document, and why not when it does not."""
    kind = exp["kind"]
    if kind == "title":
        ok = fold(doc.title).lower().startswith(fold(exp["text"]).lower())
        return ok, "" if ok else f"title is {fold(doc.title)!r}"
    if kind == "author":
        author = fold(doc.attrs.get("author", ""))
        ok = contains(author, fold(exp["text"]), ignore_case=True)
        return ok, "" if ok else f"author is {author!r}"
    if kind == "language":
        want = exp["text"].lower()
        ok = any(lang.lower() == want or lang.lower().startswith(want + "-") for lang in doc.lang)
        return ok, "" if ok else f"languages set: {sorted(doc.lang)}"
    if kind == "heading":
        want = fold(exp["text"])
        levels = []
        for u in doc.units:
            if u.kind != "heading" or u.in_note:
                continue
            text = _flat(u)
            if exp.get("exact"):
                hit = text.strip(" .:").lower() == want.strip(" .:").lower()
            else:
                hit = contains(text, want, ignore_case=True)
            if hit:
                levels.append(u.level)
        ok = exp["level"] in levels
        if ok:
            return True, ""
        if levels:
            return False, f"heading at level {sorted(set(levels))}"
        return False, "no such heading; " + _where(doc, want, ignore_case=True)
    if kind == "not_heading":
        want = fold(exp["text"])
        body = [u for u in _body(doc) if contains(_flat(u), want, ignore_case=True)]
        if any(u.kind == "heading" for u in body):
            return False, "is a heading"
        return (True, "") if body else (False, "text not found")
    if kind == "joined":
        want = fold(joined_snippet(exp["text"]))
        ok = any(contains(fold(u.text, flat=False), want) for u in doc.units)
        if ok:
            return True, ""
        before_break = fold(exp["text"].split("|")[0])  # the words before a page break
        return False, _reads(doc, before_break if "|" in exp["text"] else want)
    if kind in ("same_block", "split"):
        a, b = fold(exp["a"]), fold(exp["b"])
        with_a = {i for i, u in enumerate(doc.units) if contains(_flat(u), a)}
        with_b = {i for i, u in enumerate(doc.units) if contains(_flat(u), b)}
        if not with_a or not with_b:
            missing = [name for name, found in (("a", with_a), ("b", with_b)) if not found]
            return False, f"{' and '.join(missing)} not found"
        together = bool(with_a & with_b)
        if kind == "same_block":
            return together, "" if together else "in different blocks"
        return not together, "" if not together else "in the same block"
    if kind == "absent":
        want = fold(exp["text"])
        limit = int(exp.get("at_most", 0))
        if exp.get("whole"):
            hits = sum(
                1
                for u in doc.units
                if _flat(u) == want
                or want in (line.strip() for line in fold(u.text, flat=False).split("\n"))
            )
        else:
            hits = sum(1 for u in doc.units if contains(_flat(u), want))
        return hits <= limit, "" if hits <= limit else f"in {hits} blocks (at most {limit})"
    if kind == "note":
        call, start = _tail(exp["call_after"]), fold(exp["note_starts"])
        bodies = [
            fold(n.body)
            for n in doc.notes
            if re.search(r"(?<!\w)" + re.escape(call) + "$", _tail(n.before))
        ]
        if not bodies:
            found = _reads(doc, fold(exp["call_after"]))
            return False, f"no note called after it ({len(doc.notes)} notes in the text); {found}"
        ok = any(start in body[: len(start) + 24] for body in bodies)
        return ok, "" if ok else f"note begins {bodies[0][:60]!r}"
    if kind == "lines":
        want = [fold(line) for line in exp["lines"]]
        for stream in _line_streams(doc):
            for j in range(len(stream) - len(want) + 1):
                if all(contains(stream[j + i], w) for i, w in enumerate(want)):
                    return True, ""
        return False, "not on consecutive lines; " + _reads(doc, " ".join(want))
    if kind == "alone":
        want = fold(exp["text"])
        for u in _body(doc):
            if u.kind == "heading":
                continue
            if _flat(u) == want or want in (
                line.strip() for line in fold(u.text, flat=False).split("\n")
            ):
                return True, ""
        return False, "not a block or line by itself; " + _where(doc, want)
    if kind == "speaker":
        label, want = fold(exp["label"]), fold(exp["text"])
        head = re.compile(r"\s*" + re.escape(label) + r"(?!\w)\s*[.:]?\s*", re.IGNORECASE)
        body = [u for u in _body(doc) if u.kind != "heading"]
        for i, u in enumerate(body):
            text = _flat(u)
            m = head.match(text)
            if not m:
                continue
            rest = text[m.end() :].lstrip(" .:-")
            if not rest and i + 1 < len(body):
                rest = _flat(body[i + 1])  # the label alone above its speech
            if want in rest[: len(want) + 60]:
                return True, ""
        return False, "no turn by that label starts so; text " + _where(doc, want)
    if kind == "blockquote":
        want = fold(exp["text"])
        ok = any(u.in_quote and contains(_flat(u), want) for u in doc.units)
        return ok, "" if ok else "not in a block quotation; " + _where(doc, want)
    if kind == "item":
        want = fold(exp["text"])
        ok = any(u.list_id is not None and contains(_flat(u), want) for u in doc.units)
        return ok, "" if ok else "not in a list item; " + _where(doc, want)
    raise ValueError(f"unknown kind of expectation: {kind!r}")


# --------------------------------------------------------------------------------------------
# The data file.


def load_expectations(path: Path = EXPECTATIONS) -> dict[str, list[dict[str, Any]]]:
    """``{file name: [expectation, …]}`` from the TOML data file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name: list(entry.get("expect", [])) for name, entry in data.get("texts", {}).items()}


def problems(exp: dict[str, Any]) -> list[str]:
    """What is wrong with one expectation's shape (empty when it is well-formed)."""
    kind = exp.get("kind")
    if kind not in KINDS:
        return [f"unknown kind {kind!r}"]
    required, optional = KINDS[kind]
    out = [f"{kind}: missing {f!r}" for f in required if f not in exp]
    out += [
        f"{kind}: unknown field {f!r}" for f in exp if f not in required + optional + COMMON_FIELDS
    ]
    for name in required + optional:
        if name not in exp:
            continue
        value = exp[name]
        if name == "lines":
            if not (
                isinstance(value, list)
                and len(value) >= 2
                and all(isinstance(v, str) and v.strip() for v in value)
            ):
                out.append(f"{kind}: 'lines' must be two or more non-empty strings")
        elif name in ("level", "at_most"):
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or value < (1 if name == "level" else 0)
            ):
                out.append(f"{kind}: {name!r} must be an integer")
        elif name in ("exact", "whole"):
            if not isinstance(value, bool):
                out.append(f"{kind}: {name!r} must be true or false")
        elif not (isinstance(value, str) and value.strip()):
            out.append(f"{kind}: {name!r} must be a non-empty string")
    if kind != "joined" and any("|" in str(exp.get(f, "")) for f in required):
        out.append(f"{kind}: the page-break mark '|' is only for joined")
    return out


def describe(exp: dict[str, Any]) -> str:
    """One line naming the expectation: kind and snippets."""
    fields = [f"{k}={v!r}" for k, v in exp.items() if k not in COMMON_FIELDS]
    return f"{exp['kind']}: " + ", ".join(fields)


# --------------------------------------------------------------------------------------------
# Building and scoring the corpus.


@dataclass
class TextResult:
    file: str
    total: int
    passed: int = 0
    rc: int | None = None
    status: str = ""
    seconds: float = 0.0
    results: list[dict[str, Any]] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 0.0


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _word_status(report_path: Path, file: str) -> str:
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no build-report.json"
    for text in report.get("texts", []):
        if text.get("file") == file:
            c = text.get("conservation", {})
            state = "ok" if c.get("ok") else "LOST"
            words = f"{c.get('source_words', '?')} words"
            extra = ""
            if c.get("lost") or c.get("added"):
                extra = f", lost {len(c.get('lost', []))} added {len(c.get('added', []))}"
            return f"words {state} ({words}{extra})"
    return "text missing from build-report.json"


def _check_words(book: Path) -> str:
    """The ``words:`` line of ``build.py check`` (used when the build itself failed)."""
    try:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "check", "--seeds", str(book), "--out", str(book / "check")],
            cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return ""
    for line in proc.stdout.splitlines():
        if line.strip().startswith("words:"):
            return line.strip()
    return ""


def build_manuscript(source: Path, keep: Path | None = None) -> tuple[int, str, str | None, str]:
    """Build one text alone; (exit code, word-check status, manuscript or None, check detail)."""
    with tempfile.TemporaryDirectory(prefix="samizdat-corpus-") as tmp:
        book = Path(tmp)
        shutil.copyfile(source, book / source.name)
        out = book / "out"
        cmd = [
            sys.executable,
            str(ROOT / "build.py"),
            "manuscript",
            "--seeds",
            str(book),
            "--out",
            str(out),
        ]
        try:
            proc = subprocess.run(
                cmd, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return -1, f"timed out after {BUILD_TIMEOUT} s", None, ""
        manuscript = out / "manuscript.md"
        md = manuscript.read_text(encoding="utf-8") if manuscript.exists() else None
        if proc.returncode == 0:
            status = _word_status(out / "build-report.json", source.name)
        else:
            status = _last_line(proc.stderr) or f"exit {proc.returncode}"
        detail = _check_words(book) if proc.returncode != 0 and "conserved" in proc.stderr else ""
        if keep is not None and md is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / (source.stem + ".md")).write_text(md, encoding="utf-8")
        return proc.returncode, status, (md if proc.returncode == 0 else None), detail


def score_markdown(md: str, expectations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Read a manuscript with samizdat's pandoc reader and evaluate each expectation."""
    from samizdat.manuscript import read_json

    doc = read_doc(json.loads(read_json(md)))
    return score_doc(doc, expectations)


def score_doc(doc: Doc, expectations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for exp in expectations:
        try:
            ok, why = evaluate(exp, doc)
        except (KeyError, TypeError, ValueError) as exc:  # a malformed expectation fails alone
            ok, why = False, f"bad expectation: {exc}"
        out.append({"expectation": exp, "ok": ok, "detail": why})
    return out


def run(
    corpus: Path, expectations: dict[str, list[dict[str, Any]]], names: list[str], keep: Path | None
) -> list[TextResult]:
    results = []
    texts = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    for path in texts:
        if names and not any(n in path.name for n in names):
            continue
        exps = expectations.get(path.name, [])
        result = TextResult(path.name, len(exps))
        started = time.perf_counter()
        result.rc, result.status, md, detail = build_manuscript(path, keep)
        if detail:
            result.status += f" [{detail}]"
        if md is not None:
            try:
                result.results = score_markdown(md, exps)
            except Exception as exc:  # pandoc failing on one text fails that text only
                result.status += f"; reading the manuscript failed: {exc}"
        if not result.results:
            result.results = [
                {"expectation": e, "ok": False, "detail": "no manuscript"} for e in exps
            ]
        result.passed = sum(1 for r in result.results if r["ok"])
        result.seconds = time.perf_counter() - started
        results.append(result)
    return results


def table(results: list[TextResult], verbose: bool = False) -> str:
    width = max([len(r.file) for r in results] + [4])
    lines = [
        f"{'text':<{width}}  {'passed':>9}  {'%':>5}  {'exit':>4}  word check",
        "-" * (width + 40),
    ]
    for r in results:
        status = r.status if verbose or len(r.status) <= 90 else r.status[:87] + "..."
        lines.append(
            f"{r.file:<{width}}  {r.passed:>4}/{r.total:<4}  {r.percent:5.1f}  {r.rc!s:>4}  {status}"
        )
    passed, total = sum(r.passed for r in results), sum(r.total for r in results)
    percent = 100.0 * passed / total if total else 0.0
    lines.append("-" * (width + 40))
    lines.append(f"{'all':<{width}}  {passed:>4}/{total:<4}  {percent:5.1f}")
    if verbose:
        for r in results:
            failed = [x for x in r.results if not x["ok"]]
            if failed:
                lines.append("")
                lines.append(f"{r.file}: {len(failed)} failed")
                for x in failed:
                    lines.append(f"  - {describe(x['expectation'])}")
                    if x["detail"]:
                        lines.append(f"      {x['detail']}")
    return "\n".join(lines)


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""
    return head + (" (src/ has uncommitted edits)" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="folder of .txt texts (default tests/corpus)"
    )
    parser.add_argument(
        "--expectations",
        type=Path,
        default=None,
        help="TOML data file (default CORPUS/expectations.toml)",
    )
    parser.add_argument(
        "--text",
        action="append",
        default=[],
        help="only texts whose file name contains NAME (repeatable)",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list every failed expectation"
    )
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--keep", type=Path, help="keep each built manuscript.md in this folder")
    args = parser.parse_args(argv)
    exp_path = args.expectations or args.corpus / "expectations.toml"
    if not exp_path.exists():
        exp_path = EXPECTATIONS
    expectations = load_expectations(exp_path)
    started = time.perf_counter()
    results = run(args.corpus, expectations, args.text, args.keep)
    print(table(results, args.verbose))
    print(f"\n{len(results)} texts in {time.perf_counter() - started:.1f} s; commit {_commit()}")
    if args.json:
        payload = {
            "commit": _commit(),
            "corpus": str(args.corpus),
            "expectations": str(exp_path),
            "texts": [
                {
                    "file": r.file, "passed": r.passed, "total": r.total, "percent": round(r.percent, 1),
                    "exit_code": r.rc, "word_check": r.status, "seconds": round(r.seconds, 2),
                    "results": r.results,
                }
                for r in results
            ],
        }  # fmt: skip
        args.json.write_text(
            json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
