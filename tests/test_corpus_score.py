"""The corpus scorer (bench/corpus.py) and its data file (tests/corpus/expectations.toml).

The scorer is tested on small hand-made pandoc ASTs: every kind of expectation passes on a case
built to pass and fails on one built to fail. The data file is checked for shape, for at least
15 expectations per text, and for every snippet occurring in its source text. No test here
asserts what samizdat currently scores.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module


sc = _load_scorer()

# --------------------------------------------------------------------------------------------
# Hand-made pandoc AST (API 1.23) nodes.


def _inl(text: str) -> list[dict[str, Any]]:
    """Str/Space inlines of a plain string; "\\n" becomes a LineBreak."""
    out: list[dict[str, Any]] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append({"t": "LineBreak"})
        for j, word in enumerate(line.split(" ")):
            if j:
                out.append({"t": "Space"})
            if word:
                out.append({"t": "Str", "c": word})
    return out


def _attr(
    ident: str = "", classes: list[str] | None = None, kv: dict[str, str] | None = None
) -> list[Any]:
    return [ident, classes or [], [[k, v] for k, v in (kv or {}).items()]]


def para(*parts: str | dict[str, Any]) -> dict[str, Any]:
    inlines: list[dict[str, Any]] = []
    for part in parts:
        inlines.extend(_inl(part) if isinstance(part, str) else [part])
    return {"t": "Para", "c": inlines}


def header(level: int, text: str, **kv: str) -> dict[str, Any]:
    return {"t": "Header", "c": [level, _attr("h", kv=kv), _inl(text)]}


def note(text: str) -> dict[str, Any]:
    return {"t": "Note", "c": [para(text)]}


def strong(text: str) -> dict[str, Any]:
    return {"t": "Strong", "c": _inl(text)}


def speaker_span(label: str) -> dict[str, Any]:
    return {"t": "Span", "c": [_attr(classes=["speaker"]), _inl(label)]}


def line_block(*lines: str) -> dict[str, Any]:
    return {"t": "LineBlock", "c": [_inl(line) for line in lines]}


def quote(*blocks: dict[str, Any]) -> dict[str, Any]:
    return {"t": "BlockQuote", "c": list(blocks)}


def bullets(*items: str) -> dict[str, Any]:
    return {"t": "BulletList", "c": [[{"t": "Plain", "c": _inl(i)}] for i in items]}


def ordered(start: int, style: str, delim: str, *items: str) -> dict[str, Any]:
    attrs = [start, {"t": style}, {"t": delim}]
    return {"t": "OrderedList", "c": [attrs, [[para(i)] for i in items]]}


def div(classes: list[str], *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"t": "Div", "c": [_attr(classes=classes), list(blocks)]}


def doc(
    *blocks: dict[str, Any], title: str = "The Title", author: str = "A. Writer", lang: str = ""
) -> Any:
    kv = {"author": author}
    if lang:
        kv["lang"] = lang
    ast = {
        "pandoc-api-version": [1, 23, 1],
        "meta": {},
        "blocks": [header(1, title, **kv), *blocks],
    }
    return sc.read_doc(ast)


def ok(exp: dict[str, Any], d: Any) -> bool:
    return sc.evaluate(exp, d)[0]


# --------------------------------------------------------------------------------------------
# The scorer: each kind passes where built to pass and fails where built to fail.

CASES: list[tuple[str, dict[str, Any], Any, Any]] = [
    (
        "title",
        {"kind": "title", "text": "Certain Symptoms of Nervous Exhaustion"},
        doc(title="CERTAIN SYMPTOMS OF NERVOUS EXHAUSTION: an offprint"),
        doc(title="The Project Gutenberg EBook of Certain Symptoms of Nervous Exhaustion"),
    ),
    (
        "author",
        {"kind": "author", "text": "Plato"},
        doc(author="Plato"),
        doc(author="Benjamin Jowett"),
    ),
    ("language", {"kind": "language", "text": "de"}, doc(lang="de-DE"), doc(lang="en")),
    (
        "heading",
        {"kind": "heading", "text": "Lecture I", "level": 2},
        doc(header(2, "LECTURE I.")),
        doc(header(2, "LECTURE II."), header(3, "LECTURE I."), para("Lecture I was long.")),
    ),
    (
        "heading exact",
        {"kind": "heading", "text": "I", "level": 2, "exact": True},
        doc(header(2, "I.")),
        doc(header(2, "I. A short sentence.")),
    ),
    (
        "not_heading",
        {"kind": "not_heading", "text": "ROPER"},
        doc(para("ROPER. Have you?")),
        doc(header(2, "ROPER."), para("ROPER. Have you?")),
    ),
    (
        "not_heading (text must be there)",
        {"kind": "not_heading", "text": "ROPER"},
        doc(para("ROPER: Yes.")),
        doc(para("Nobody speaks.")),
    ),
    (
        "joined",
        {"kind": "joined", "text": "carriers of | poisonous"},
        doc(para("the carriers of poisonous matter")),
        doc(para("the carriers of 4 Book Title poisonous matter")),
    ),
    (
        "joined across a word split",
        {"kind": "joined", "text": "ques|tion"},
        doc(para("the question is")),
        doc(para("the ques- 393 tion is")),
    ),
    (
        "joined, not across a line break",
        {"kind": "joined", "text": "the organization of"},
        doc(para("it is the organization of labour")),
        doc(para("it is the organization\nof labour")),
    ),
    (
        "joined in a note",
        {"kind": "joined", "text": "Nizam-ul-Mulk was"},
        doc(para("A friend.", note("When Nizam-ul-Mulk was dying."))),
        doc(para("A friend.", note("When Nizam-ul- Mulk was dying."))),
    ),
    (
        "same_block",
        {"kind": "same_block", "a": "Local Itching", "b": "Itching occurring"},
        doc(para("General or Local Itching. -- Itching occurring without change")),
        doc(header(3, "General or Local Itching."), para("Itching occurring without change")),
    ),
    (
        "split",
        {"kind": "split", "a": "prurigo.", "b": "Abnormalities"},
        doc(para("the appearance of prurigo."), para("Abnormalities of the Secretions.")),
        doc(para("the appearance of prurigo. Abnormalities of the Secretions.")),
    ),
    (
        "split (both must be there)",
        {"kind": "split", "a": "prurigo.", "b": "Abnormalities"},
        doc(para("prurigo."), para("Abnormalities")),
        doc(para("prurigo.")),
    ),
    (
        "absent",
        {"kind": "absent", "text": "NIST CSWP 29"},
        doc(para("organizations by their nature"), div(["source-note"], para("NIST CSWP 29"))),
        doc(para("focus NIST CSWP 29 February 26, 2024 on C-SCRM")),
    ),
    (
        "absent at_most",
        {"kind": "absent", "text": "INTRODUCTORY LECTURE.", "at_most": 1},
        doc(header(2, "INTRODUCTORY LECTURE."), para("Gentlemen")),
        doc(header(2, "INTRODUCTORY LECTURE."), para("INTRODUCTORY LECTURE.")),
    ),
    (
        "absent whole",
        {"kind": "absent", "text": "EN", "whole": True},
        doc(para("EN is the language code of the English version.")),
        doc(para("L 119/2\nEN\nOfficial Journal")),
    ),
    (
        "absent in notes",
        {"kind": "absent", "text": "Official Journal of the European Union"},
        doc(para("Text.", note("OJ C 229."))),
        doc(para("Text.", note("OJ C 229. Official Journal of the European Union"))),
    ),
    (
        "note",
        {"kind": "note", "call_after": "Committee of the Regions", "note_starts": "OJ C 391"},
        doc(para("the opinion of the Committee of the Regions", note("OJ C 391, p. 127."), ",")),
        doc(
            para("the opinion of the Committee of the Regions (2),"), para("(2) OJ C 391, p. 127.")
        ),
    ),
    (
        "note, the right one",
        {"kind": "note", "call_after": "Regions", "note_starts": "OJ C 391"},
        doc(para("the Committee of the Regions", note("  2. OJ C 391."))),
        doc(
            para("the Committee of the Regions", note("OJ C 229.")),
            para("Other", note("OJ C 391.")),
        ),
    ),
    (
        "note inside emphasis",
        {"kind": "note", "call_after": "still life.", "note_starts": "See Note 7."},
        doc(
            para({"t": "Emph", "c": [*_inl("close a chapter of still life."), note("See Note 7.")]})
        ),
        doc(para("close a chapter of still life. [Footnote: See Note 7.]")),
    ),
    (
        "lines",
        {"kind": "lines", "lines": ["When 'gan he loudly", "But no man cared"]},
        doc(
            line_block(
                "When \u2018gan he loudly through the house to call,", "But no man cared to answer"
            )
        ),
        doc(para("When 'gan he loudly through the house to call, But no man cared to answer")),
    ),
    (
        "lines with line breaks",
        {"kind": "lines", "lines": ["Yours always,", "Jerusha Abbott"]},
        doc(para("Yours always,\nJerusha Abbott")),
        doc(para("Yours always,"), para("Jerusha Abbott")),
    ),
    (
        "lines as list items",
        {"kind": "lines", "lines": ["Introduction.", "First Edition."]},
        doc(bullets("Introduction.", "First Edition.")),
        doc(bullets("Introduction."), bullets("First Edition.")),
    ),
    (
        "alone",
        {"kind": "alone", "text": "Dear Daddy-Long-Legs,"},
        doc(para("Dear Daddy-Long-Legs,"), para("I love college.")),
        doc(para("Dear Daddy-Long-Legs, I love college.")),
    ),
    (
        "alone as a line",
        {"kind": "alone", "text": "24th September"},
        doc(para("215 FERGUSSEN HALL\n24th September")),
        doc(header(3, "24th September")),
    ),
    (
        "speaker",
        {"kind": "speaker", "label": "SOCRATES", "text": "Why have you come"},
        doc(para(speaker_span("SOCRATES:"), " Why have you come at this hour?")),
        doc(para("CRITO: Why have you come at this hour?")),
    ),
    (
        "speaker bold with a direction",
        {"kind": "speaker", "label": "MRS. UPJOHN", "text": "Out you go"},
        doc(para(strong("Mrs. Upjohn."), " [With sudden energy.] Out you go, all of you")),
        doc(para("Out you go, all of you, said Mrs. Upjohn.")),
    ),
    (
        "speaker label alone",
        {"kind": "speaker", "label": "FARNCOMBE", "text": "How are you"},
        doc(para("FARNCOMBE."), para("How are you, Roper?")),
        doc(header(3, "FARNCOMBE."), para("How are you, Roper?")),
    ),
    (
        "blockquote",
        {"kind": "blockquote", "text": "do one thing and do it well"},
        doc(quote(para("Write programs that do one thing and do it well."))),
        doc(para("> Write programs that do one thing and do it well.")),
    ),
    (
        "item",
        {"kind": "item", "text": "1970: Codd published"},
        doc(ordered(1, "Decimal", "Period", "1970: Codd published a paper.")),
        doc(para("1. 1970: Codd published a paper.")),
    ),
]


@pytest.mark.parametrize(("name", "exp", "good", "bad"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_passes_and_fails(name: str, exp: dict[str, Any], good: Any, bad: Any) -> None:
    assert not sc.problems(exp), sc.problems(exp)
    assert ok(exp, good), sc.evaluate(exp, good)
    passed, why = sc.evaluate(exp, bad)
    assert not passed
    assert why  # a failure says why


def test_every_kind_is_tested() -> None:
    assert {c[1]["kind"] for c in CASES} == set(sc.KINDS)


def test_folding_quotes_dashes_spaces() -> None:
    d = doc(
        para(
            "\u00bbWas ist mit mir geschehen?\u00ab dachte er. Samsa \u2013 war\u00a0Reisender \u2026"
        )
    )
    assert ok({"kind": "joined", "text": "»Was ist mit mir geschehen?« dachte er."}, d)
    assert ok({"kind": "joined", "text": "Samsa -- war Reisender ..."}, d)
    assert not ok({"kind": "joined", "text": "samsa -- war"}, d)  # case is kept


def test_word_boundaries() -> None:
    d = doc(header(2, "LECTURE II."))
    assert not ok({"kind": "heading", "text": "LECTURE I", "level": 2}, d)
    assert ok({"kind": "heading", "text": "LECTURE II", "level": 2}, d)


def test_ordered_list_markers_are_read() -> None:
    d = doc(ordered(2, "Decimal", "TwoParens", "The principles of, and rules on"))
    assert ok({"kind": "joined", "text": "(2) The principles of"}, d)
    d = doc(ordered(1, "LowerAlpha", "OneParen", "x", "in the course of an activity"))
    assert ok({"kind": "item", "text": "b) in the course"}, d)


def test_note_text_is_not_body_text() -> None:
    d = doc(para("a pleasant scene.", note("At Ravelston may be seen."), " The southern side"))
    assert ok({"kind": "joined", "text": "a pleasant scene. The southern side"}, d)
    assert ok({"kind": "split", "a": "a pleasant scene.", "b": "At Ravelston"}, d)


def test_source_note_and_later_texts_are_not_body() -> None:
    blocks = [
        div(["source-note"], para("Project Gutenberg")),
        para("Body."),
        header(1, "Next text"),
    ]
    d = doc(*blocks, para("Project Gutenberg again"))
    assert ok({"kind": "absent", "text": "Project Gutenberg"}, d)


def test_tables_are_read() -> None:
    cell = [
        _attr(),
        {"t": "AlignDefault"},
        1,
        1,
        [{"t": "Plain", "c": _inl("An incubator using modern")}],
    ]
    table = {
        "t": "Table",
        "c": [
            _attr(),
            [None, []],
            [],
            [_attr(), []],
            [[_attr(), 0, [], [[_attr(), [cell]]]]],
            [_attr(), []],
        ],
    }
    assert ok({"kind": "joined", "text": "incubator using modern"}, doc(table))


def test_problems_found() -> None:
    assert sc.problems({"kind": "headline", "text": "x"})
    assert sc.problems({"kind": "heading", "text": "x"})  # no level
    assert sc.problems({"kind": "heading", "text": "x", "level": "2"})
    assert sc.problems({"kind": "lines", "lines": ["only one"]})
    assert sc.problems({"kind": "joined", "text": "x", "colour": "red"})
    assert sc.problems({"kind": "split", "a": "x | y", "b": "z"})
    assert not sc.problems({"kind": "absent", "text": "x", "at_most": 1, "whole": True, "why": "y"})


def test_score_markdown_reads_with_samizdat_reader() -> None:
    md = (
        '# Crito {#crito author="Plato"}\n\n::: source-note\nProject Gutenberg\n:::\n\n'
        "## INTRODUCTION\n\n[SOCRATES:]{.speaker} Why have you come?^[A note.]\n\n"
        "| When 'gan he loudly\n| But no man cared\n"
    )
    exps = [
        {"kind": "author", "text": "Plato"},
        {"kind": "heading", "text": "Introduction", "level": 2, "exact": True},
        {"kind": "speaker", "label": "SOCRATES", "text": "Why have you come?"},
        {"kind": "note", "call_after": "Why have you come?", "note_starts": "A note."},
        {"kind": "lines", "lines": ["When 'gan he loudly", "But no man cared"]},
        {"kind": "absent", "text": "Project Gutenberg"},
        {"kind": "joined", "text": "not in this text"},
    ]
    results = sc.score_markdown(md, exps)
    assert [r["ok"] for r in results] == [True] * 6 + [False]


# --------------------------------------------------------------------------------------------
# The data file.

EXPECTATIONS = sc.load_expectations(CORPUS / "expectations.toml")
TEXTS = sorted(p.name for p in CORPUS.glob("*.txt"))


def test_every_text_has_expectations() -> None:
    assert TEXTS, "no corpus texts"
    assert sorted(EXPECTATIONS) == TEXTS


@pytest.mark.parametrize("name", TEXTS)
def test_at_least_15_well_formed(name: str) -> None:
    exps = EXPECTATIONS[name]
    assert len(exps) >= 15
    bad = {
        sc.describe(e) if "kind" in e else repr(e): sc.problems(e) for e in exps if sc.problems(e)
    }
    assert not bad
    assert len({sc.describe(e) for e in exps}) == len(exps), "duplicate expectations"


def _source(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _demarked(text: str) -> str:
    """Markdown links as their text, HTML tags and _ * markup dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[_*]", "", text)


def _haystacks(path: Path) -> list[str]:
    """The source folded, with line-end hyphens joined and kept, each with markup dropped too."""
    text = _source(path)
    joined = re.sub(r"(\w)[-\u00ad][ \t]*\n\s*", r"\1", text)
    kept = re.sub(r"\u00ad[ \t]*\n\s*", "", re.sub(r"(\w)-[ \t]*\n\s*", r"\1-", text))
    return [sc.fold(v) for t in (joined, kept) for v in (t, _demarked(t))]


HAYSTACKS = {name: _haystacks(CORPUS / name) for name in TEXTS}
CASELESS = {"title", "author", "heading", "not_heading"}


def _occurs(snippet: str, hay: list[str], ignore_case: bool) -> int:
    """Where the snippet starts in one of the haystacks (spaces also ignored), or -1."""
    want = sc.fold(snippet)
    for h in hay:
        a, b = (want.lower(), h.lower()) if ignore_case else (want, h)
        if a in b:
            return b.index(a)
        squeezed = re.sub(r"\s+", "", b)
        if re.sub(r"\s+", "", a) in squeezed:
            return squeezed.index(re.sub(r"\s+", "", a))
    return -1


def _in_order(parts: list[str], hay: list[str], window: int = 4000) -> bool:
    """The parts occur in this order, each within ``window`` characters after the one before."""
    wants = [sc.fold(part) for part in parts]
    for h in hay:
        start = h.find(wants[0])
        while start >= 0:
            pos = start
            for want in wants[1:]:
                nxt = h.find(want, pos + 1)
                if nxt < 0 or nxt - pos > window:
                    break
                pos = nxt
            else:
                return True
            start = h.find(wants[0], start + 1)
    return False


def _missing_snippets(name: str) -> list[str]:
    hay = HAYSTACKS[name]
    missing = []
    for exp in EXPECTATIONS[name]:
        kind = exp["kind"]
        if kind == "language":
            continue
        ignore_case = kind in CASELESS
        if kind == "joined" and "|" in exp["text"]:
            parts = [p.strip() for p in exp["text"].split("|")]
            if not _in_order(parts, hay):
                missing.append(sc.describe(exp))
            continue
        if kind == "lines":
            if not _in_order(exp["lines"], hay, window=400):
                missing.append(sc.describe(exp))
            continue
        for key in ("text", "a", "b", "call_after", "note_starts", "label"):
            if key in exp and _occurs(exp[key], hay, ignore_case or key == "label") < 0:
                missing.append(f"{sc.describe(exp)} [{key}]")
    return missing


@pytest.mark.parametrize("name", TEXTS)
def test_snippets_occur_in_the_source(name: str) -> None:
    assert _missing_snippets(name) == []


@pytest.mark.slow
def test_script_prints_the_table() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--text", "plato-crito", "-v"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    row = next(
        line
        for line in proc.stdout.splitlines()
        if line.startswith("plato-crito-jowett-pg1657.txt")
    )
    assert re.search(r"\d+/\d+\s+\d+\.\d", row), row
    assert "all" in proc.stdout
