"""Structural corrections (``[[structure]]`` in corrections.toml, issue 14 item 2): each kind
changes the built manuscript as asked and the word check stays whole; every bad entry is a
one-line error naming its line; a changed entry rebuilds the text; the seeds fixed six ways."""

from __future__ import annotations

import doctest
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import samizdat.corrections
import samizdat.normalise.overrides
from samizdat.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PAMPHLET = """\
On the Work of Committees

by A. Writer

I. THE FIRST PART

The first part of the argument runs over several lines of
wrapped text, as a typewriter would set it, and it goes on
for a while so that the whole text reads as hard-wrapped prose.
The committee instructs every member to read the minutes
before the meeting begins, and to bring them along with him.

The Second Part

Members who come late should not be turned away at the door.

They should be welcomed, for the meeting is theirs as much as
anybody's, and the chair will say so at the opening of every session.

The old song goes like this
and every member knows it
we sing it at the close
of every single meeting

II. THE LAST PART

As the secretary put it in his letter:

"The minutes are the memory of the committee, and a committee
without a memory repeats its mistakes at every meeting it holds."

The secretary was right, and every member knew it.

A paragraph that an editor would rather see set as a quotation,
because it is the resolution of the congress, word for word.

What is left to say

The last paragraph of the pamphlet closes the argument here.
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def entry(at: str, kind: str, text: str = "pamphlet.txt", **more: object) -> str:
    """One ``[[structure]]`` entry as an editor types it."""
    extra = "".join(
        f"{k} = {json.dumps(v) if isinstance(v, str) else str(v).lower()}\n"
        for k, v in more.items()
    )
    return f"[[structure]]\ntext = {json.dumps(text)}\nat = {json.dumps(at)}\nas = {json.dumps(kind)}\n{extra}"


def make_book(folder: Path, corrections: str = "", text: str = PAMPHLET) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pamphlet.txt").write_text(text, encoding="utf-8")
    if corrections:
        (folder / "corrections.toml").write_text(corrections, encoding="utf-8")
    return folder


def build(book: Path, out: Path, *more: str) -> tuple[str, dict]:
    """Build the manuscript through the CLI; its body (after the YAML) and the build report.
    The word check passes on the normaliser's reading with the entries applied."""
    result = _run("manuscript", "--seeds", str(book), "--out", str(out), "--quiet", *more)
    assert result.exit_code == 0, result.output
    md = (out / "manuscript.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    for text in report["texts"]:  # the entries' reading stood: no paragraph fell back to plain
        assert not [f for f in text["findings"] if "plain-reading" in f], text["findings"]
    return md, report


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("baseline")
    md, report = build(make_book(root / "book"), root / "out")
    assert report["texts"][0]["conservation"]["ok"]
    assert report["texts"][0]["structure"] == []
    return md


def test_docstring_examples_hold():
    assert doctest.testmod(samizdat.normalise.overrides).failed == 0
    assert doctest.testmod(samizdat.corrections).failed == 0


#: kind, at, extra keys, what the paragraph reads like without the entry, and with it.
KINDS = [
    (
        "paragraph",
        "The committee instructs",
        {},
        "hard-wrapped prose. The committee instructs every member",
        "hard-wrapped prose.\n\nThe committee instructs every member",
    ),
    (
        "not-heading",
        "The Second Part",
        {},
        "## The Second Part {#",
        "\n\nThe Second Part\n\nMembers who come late",
    ),
    (
        "join",
        "They should be welcomed",
        {},
        "at the door.\n\nThey should be welcomed",
        "at the door. They should be welcomed, for the meeting",
    ),
    (
        "verse",
        "The old song",
        {},
        "The old song goes like this and every member knows it we sing",
        "::: verse\nThe old song goes like this\\\nand every member knows it\\\n"
        "we sing it at the close\\\nof every single meeting\n:::",
    ),
    (
        "heading",
        "What is left",
        {"level": 3},
        "\n\nWhat is left to say\n\n",
        "\n\n### What is left to say {#pamphlet-txt-what-is-left-to-say}\n\n",
    ),
    (
        "heading",
        "What is left",
        {},
        "\n\nWhat is left to say\n\n",
        "\n\n## What is left to say {#pamphlet-txt-what-is-left-to-say}\n\n",
    ),
    (
        "quotation",
        "A paragraph that an editor",
        {},
        "\n\nA paragraph that an editor",
        "\n\n> A paragraph that an editor would rather see set as a quotation",
    ),
    (
        "not-quotation",
        '"The minutes are',
        {},
        "> “The minutes are",
        "letter:\n\n“The minutes are the memory",
    ),
]


@pytest.mark.parametrize(("kind", "at", "more", "before", "after"), KINDS)
def test_each_kind_changes_the_manuscript(tmp_path, baseline, kind, at, more, before, after):
    assert before in baseline and after not in baseline
    md, report = build(make_book(tmp_path / "book", entry(at, kind, **more)), tmp_path / "out")
    assert after in md and before not in md
    text = report["texts"][0]
    assert text["conservation"]["ok"], text["conservation"]
    line = PAMPHLET.splitlines().index(next(x for x in PAMPHLET.splitlines() if x.startswith(at)))
    level = more.get("level", 2) if kind == "heading" else 0
    assert text["structure"] == [
        {"kind": kind, "line": line + 1, "at": at, "level": level, "changed": True, "reason": ""}
    ]
    assert text["counts"]["structure_corrections"] == 1
    # nothing else moved: the manuscript is the baseline with that one change
    assert md.replace(after, "").count("\n") > 0
    assert set(md.split()) - set(baseline.split()) <= set(after.split()) | {"\\"}


def test_all_kinds_at_once_and_a_reason(tmp_path):
    toml = "\n".join(entry(at, kind, **more) for kind, at, more, _, _ in KINDS[:4] + KINDS[5:])
    toml += 'reason = "the congress resolution"\n'
    md, report = build(make_book(tmp_path / "book", toml), tmp_path / "out")
    for _, _, _, _, after in KINDS[:4] + KINDS[5:]:
        assert after in md
    text = report["texts"][0]
    assert text["conservation"]["ok"]
    assert [s["changed"] for s in text["structure"]] == [True] * 7
    assert text["structure"][-1]["reason"] == "the congress resolution"


def test_an_entry_already_so_changes_nothing_and_says_so(tmp_path, baseline):
    toml = entry("I. THE FIRST", "heading") + entry("Members who come", "not-heading")
    md, report = build(make_book(tmp_path / "book", toml), tmp_path / "out")
    assert md == baseline
    assert [s["changed"] for s in report["texts"][0]["structure"]] == [False, False]


def test_paragraph_then_heading_makes_a_heading_of_one_line(tmp_path):
    """A heading run into its paragraph: ``heading`` at it and ``paragraph`` at the next line."""
    text = PAMPHLET.replace("What is left to say\n\n", "What is left to say\n")
    toml = entry("What is left", "heading") + entry("The last paragraph", "paragraph")
    md, report = build(make_book(tmp_path / "book", toml, text), tmp_path / "out")
    assert "\n\n## What is left to say {#" in md
    assert "\n\nThe last paragraph of the pamphlet closes" in md
    assert report["texts"][0]["conservation"]["ok"]


def test_join_rejoins_a_word_split_at_a_paragraph_end(tmp_path):
    text = PAMPHLET.replace(
        "at the door.\n\nThey should be welcomed,",
        "at the door, for the organiza-\n\ntion of the meeting is everybody's work. They should be"
        " welcomed, for organization matters,",
    )
    md, report = build(
        make_book(tmp_path / "book", entry("tion of the", "join"), text), tmp_path / "o"
    )
    assert "at the door, for the organization of the meeting is everybody’s work." in md
    assert report["texts"][0]["conservation"]["ok"], report["texts"][0]["conservation"]


def test_paragraph_at_a_line_whose_word_began_on_the_line_before(tmp_path):
    text = PAMPHLET.replace(
        "The committee instructs every member to read the minutes\n",
        "The committee instructs every member of the organi-\nzation to read the minutes\n",
    )
    md, report = build(
        make_book(tmp_path / "book", entry("zation to", "paragraph"), text), tmp_path / "o"
    )
    assert "every member of the\n\norganization to read the minutes" in md
    assert report["texts"][0]["conservation"]["ok"], report["texts"][0]["conservation"]


def test_quotations_side_by_side_are_one_quotation(tmp_path):
    toml = entry("A paragraph that an editor", "quotation") + entry("What is left", "quotation")
    md, _ = build(make_book(tmp_path / "book", toml), tmp_path / "out")
    assert "> A paragraph that an editor" in md
    assert "word for word.\n>\n> What is left to say" in md


def test_a_changed_entry_rebuilds_the_text(tmp_path, baseline):
    book, out = make_book(tmp_path / "book"), tmp_path / "out"
    assert build(book, out)[0] == baseline
    (book / "corrections.toml").write_text(entry("What is left", "heading"), encoding="utf-8")
    md, _ = build(book, out)
    assert "## What is left to say {#" in md
    (book / "corrections.toml").write_text(entry("What is left", "quotation"), encoding="utf-8")
    md, _ = build(book, out)
    assert "> What is left to say" in md and "## What is left" not in md
    (book / "corrections.toml").unlink()
    assert build(book, out)[0] == baseline


GOOD = entry("The committee instructs", "paragraph")  # lines 1-4
ERRORS = [
    (entry("zebra", "join"), 8, "'at' “zebra” starts no line of pamphlet.txt"),
    (entry("The", "join"), 8, "“The” starts 7 lines of pamphlet.txt (7, 10, 13, 17, 20…)"),
    (entry("They should", "chapter"), 9, "unknown 'as' 'chapter'"),
    (entry("They should", "join", colour="red"), 10, "unknown key 'colour'"),
    (entry("What is left", "heading", level=1), 10, "'level' must be a whole number 2–6"),
    (entry("What is left", "heading", level=7), 10, "'level' must be a whole number 2–6"),
    (entry("What is left", "heading", level="2"), 10, "'level' must be a whole number 2–6"),
    (entry("What is left", "heading", level=True), 10, "'level' must be a whole number 2–6"),
    (entry("What is left", "join", level=2), 10, "'level' is for 'as = \"heading\"' only"),
    ('[[structure]]\nat = "What is left"\nas = "heading"\n', 6, "'text' must be a non-empty"),
    ('[[structure]]\ntext = "pamphlet.txt"\nas = "heading"\n', 6, "'at' must be a non-empty"),
    ('[[structure]]\ntext = "pamphlet.txt"\nat = "What is"\n', 6, "'as' must be a non-empty"),
    (entry("What is left", "join", text="nope.txt"), 7, "no text 'nope.txt' in the book"),
    (entry("The committee", "join"), 8, "contradicts 'paragraph'"),
    (entry("The committee", "paragraph"), 8, "repeats 'paragraph' ("),
    (entry("I. THE FIRST", "join"), 8, "no paragraph before it to join to"),
    (entry("by A. Writer", "heading"), 8, "not in the text's body"),
]


@pytest.mark.parametrize(("toml", "line", "message"), ERRORS)
def test_a_bad_entry_is_one_line_naming_its_line(tmp_path, toml, line, message):
    book = make_book(tmp_path / "book", GOOD + "\n" + toml)
    result = _run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("error: ") and f"corrections.toml:{line}: " in lines[0], lines[0]
    assert message in lines[0], lines[0]
    assert not (tmp_path / "out" / "manuscript.md").exists()


def test_structure_not_written_as_tables_is_an_error(tmp_path):
    book = make_book(tmp_path / "book", 'structure = "join"\n')
    result = _run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "'structure' must be written [[structure]]" in result.output


def test_a_markdown_text_takes_no_structure_entries(tmp_path):
    book = make_book(tmp_path / "book")
    (book / "pamphlet.txt").unlink()
    (book / "post.md.txt").write_text(
        "# A post\n\nSome **text** with a [link](https://example.org).\n\n## More\n\n"
        "- an item\n- another\n- a third\n\n## Most\n\n> Quoted **words**.\n\n"
        "The end of the [post](https://example.org/2) and [this](https://example.org/3).\n"
    )
    (book / "corrections.toml").write_text(entry("Some", "quotation", text="post.md.txt"))
    result = _run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "corrections.toml:3: " in result.output and "read as Markdown" in result.output


#: Six kinds of decision in the seeds, fixed without touching a source file: (text, at, kind,
#: extra keys, the manuscript before, after).
SEED_FIXES = [
    # the issue's own example: a paragraph that opens in lowercase goes on the one before
    (
        "letter-to-a-comrade",
        "the committee instructs",
        "join",
        {},
        "as follows:\n\nthe committee instructs",
        "as follows: the committee instructs",
    ),
    # Lenin's reply goes on for three paragraphs; only the first was set as a quotation
    (
        "leninist-party",
        "When, in the days of handicraft",
        "quotation",
        {},
        "\n\nWhen, in the days of handicraft",
        ">\n> When, in the days of handicraft",
    ),
    (
        "leninist-party",
        "But the smart philistine",
        "quotation",
        {},
        "\n\nBut the smart philistine",
        ">\n> But the smart philistine",
    ),
    # a post's title in the compilation of blog posts
    (
        "blog-posts",
        "Did Stalin know of the intrigues",
        "heading",
        {},
        "\n\nDid Stalin know of the intrigues",
        "\n\n## Did Stalin know of the intrigues that the revisionists around him were preparing?"
        " {#blog-posts-did-stalin-know",
    ),
    # the signature of Lenin's preface: one block of two lines, as at the postscript's end (the
    # line is twice in the text: the lines after it tell them apart)
    (
        "letter-to-a-comrade",
        "January 1904.\n\nPreface from",
        "join",
        {},
        "Lenin,\n:::\n\n::: signature\nJanuary 1904.",
        "Lenin,\\\nJanuary 1904.\n:::\n\n## Preface from Progress",
    ),
    # the first paragraph of the PDF essay: its thesis stated, then the essay's own aim
    (
        "seizure-of-power",
        "Those who accept this position",
        "paragraph",
        {},
        "in that country. Those who accept this position",
        "in that country.\n\nThose who accept this position",
    ),
    # the letter's repeated title, under the text's own title, as a line of the text
    (
        "letter-to-a-comrade",
        "A Letter to a Comrade on Our Organizational Tasks\n\n**To the St.",
        "not-heading",
        {},
        "## A Letter to a Comrade on Our Organizational Tasks {#",
        "\n\nA Letter to a Comrade on Our Organizational Tasks\n\n",
    ),
    # a phrase Lenin is quoted with, run into its sentence, is no block quotation
    (
        "stalin-and-bureaucracy",
        "‘a truly hopeless",
        "not-quotation",
        {},
        "\n\n> ‘a truly hopeless “ideological confusion”.",
        "\n\n‘a truly hopeless “ideological confusion”.",
    ),
    # Khrushchev's words quoted from their opening quote mark, not from their second paragraph
    (
        "blog-posts",
        "`His proposal, after the 19th Congress",
        "quotation",
        {},
        "\n\n‘His proposal, after the 19th Congress",
        "\n\n> ‘His proposal, after the 19th Congress",
    ),
    # Stalin's reply as the post quotes it
    (
        "blog-posts",
        "“It follows that this question",
        "quotation",
        {},
        "\n\n“It follows that this question",
        "\n\n> “It follows that this question",
    ),
]


def test_six_kinds_of_decision_fixed_in_the_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before, _ = build(seeds, tmp_path / "before")
    toml = (seeds / "corrections.toml").read_text(encoding="utf-8")
    toml += "\n" + "\n".join(
        entry(at, kind, text, **more) for text, at, kind, more, *_ in SEED_FIXES
    )
    (seeds / "corrections.toml").write_text(toml, encoding="utf-8")
    after, report = build(seeds, tmp_path / "after")
    for _, at, kind, _, old, new in SEED_FIXES:
        assert old in before and new not in before, (kind, at)
        assert new in after and old not in after, (kind, at)
    assert len({kind for _, _, kind, *_ in SEED_FIXES}) == 6
    assert all(t["conservation"]["ok"] for t in report["texts"])
    done = [s for t in report["texts"] for s in t["structure"]]
    assert len(done) == len(SEED_FIXES) and all(s["changed"] for s in done)
    for src in SEEDS.glob("*.txt"):  # not a source file touched
        assert (seeds / src.name).read_bytes() == src.read_bytes()


def test_a_turn_or_list_item_made_something_else_keeps_its_label(tmp_path):
    """A speaker's name and a list number are held apart from the text; an entry that makes a
    turn or an item a heading, a quotation or part of the paragraph before puts them back."""
    lines = ["A Dialogue on Meetings", "", "by A. Writer", ""]
    for i in range(4):
        lines += [f"CRITO:  Why have you come so early to the meeting, number {i}?", ""]
        lines += [f"SOCRATES:  Because the minutes must be read first, {i}.", ""]
    lines += ["The agenda:", "", "1. The minutes", "", "2. The accounts", "", "3. Any other", ""]
    toml = entry("SOCRATES:  Because the minutes must be read first, 1", "join", "dialogue.txt")
    toml += entry(
        "CRITO:  Why have you come so early to the meeting, number 2", "heading", "dialogue.txt"
    )
    toml += entry("2. The accounts", "quotation", "dialogue.txt")
    toml += entry("SOCRATES:  Because the minutes must be read first, 3", "verse", "dialogue.txt")
    book = tmp_path / "book"
    book.mkdir()
    (book / "dialogue.txt").write_text("\n".join(lines), encoding="utf-8")
    (book / "corrections.toml").write_text(toml, encoding="utf-8")
    md, report = build(book, tmp_path / "out")
    assert report["texts"][0]["conservation"]["ok"], report["texts"][0]["conservation"]
    assert "meeting, number 1? SOCRATES: Because the minutes must be read first, 1." in md
    assert "\n## CRITO: Why have you come so early to the meeting, number 2? {#" in md
    assert "\n> 2\\. The accounts\n" in md
    assert "[SOCRATES:]{.speaker} Because the minutes must be read first, 3." in md  # a turn still


def test_a_text_named_by_its_id_and_entries_for_a_skipped_text(tmp_path):
    book = make_book(tmp_path / "book", entry("What is left", "heading", text="committees"))
    (book / "book.toml").write_text(
        '[[texts]]\nfile = "pamphlet.txt"\nid = "committees"\n\n[[texts]]\nfile = "bad.txt"\n'
    )
    (book / "bad.txt").write_bytes(b"%PDF-1.7\x00\x01\x02binary")
    with (book / "corrections.toml").open("a") as f:
        f.write(entry("anything", "join", text="bad.txt"))
    md, report = build(book, tmp_path / "out", "--skip-bad")
    assert "## What is left to say {#committees-what-is-left-to-say}" in md
    assert report["texts"][0]["structure"][0]["kind"] == "heading"


def test_a_page_furniture_line_is_not_in_the_body(tmp_path):
    pages = []
    for p in range(1, 7):
        body = "\n".join(
            f"This is line {k} of page {p} of a pamphlet on the work of committees and"
            for k in range(1, 9)
        )
        pages.append(f"ON COMMITTEES\n\n{body}\nthe end of page {p}.\n\n{p}\n")
    book = tmp_path / "book"
    book.mkdir()
    (book / "paged.txt").write_text("\f".join(pages), encoding="utf-8")
    (book / "corrections.toml").write_text(entry("3", "heading", "paged.txt"), encoding="utf-8")
    result = _run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "corrections.toml:3: structure 'heading' at line " in result.output
    assert "not in the text's body (page furniture" in result.output


def test_an_at_of_several_lines_is_shown_on_one_line(tmp_path):
    book = make_book(tmp_path / "book", entry("The Second Part\n\nNobody", "heading"))
    result = _run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, result.output
    assert "'at' “The Second Part\\n\\nNobody” starts no line of pamphlet.txt" in result.output


def test_verse_after_a_long_line_keeps_every_line(tmp_path):
    long = "The long opening line of the song, " * 7 + "and on,"
    text = PAMPHLET.replace(
        "The old song goes like this\n", f"The old song goes like this {long}\n"
    )
    md, report = build(
        make_book(tmp_path / "book", entry("The old song", "verse"), text), tmp_path / "o"
    )
    assert "and on,\\\nand every member knows it\\\nwe sing it at the close\\\nof every" in md
    assert report["texts"][0]["conservation"]["ok"]


def test_a_heading_moved_to_another_level(tmp_path, baseline):
    assert "\n## I. THE FIRST PART {#" in baseline
    toml = entry("I. THE FIRST", "heading", level=4)
    md, report = build(make_book(tmp_path / "book", toml), tmp_path / "out")
    assert "\n#### I. THE FIRST PART {#pamphlet-txt-i-the-first-part}\n" in md
    assert report["texts"][0]["structure"][0]["changed"] is True
