"""Texts written in Markdown (web copies, blog posts, READMEs) read as Markdown: made-up texts
of that kind, not the corpus's 18F post. Plain texts that quote a little markup stay plain
(tests/fixtures/markup.txt, test_normalise.py)."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import (
    BlockQuote,
    Heading,
    Link,
    Manuscript,
    NoteRef,
    OrderedList,
    Para,
    Table,
    plain_text,
)
from samizdat.render.html import render_book
from samizdat.wordcheck import check_words, words

POST = """---
title: "Keeping bees on a city roof"
author: Ana Ruiz
layout: post
---

Bees do well on roofs, as [the survey](https://example.org/bees?a=1) found in 2019.

## What you need

You need **a hive**, a smoker and a veil.{% include figure.html src="hive.jpg" %}

1. Ask the building's owner.
1. Check the roof can bear the weight.
1. Tell the neighbours.

- a hive
- a smoker
- a veil

> A colony that is left alone in its first summer will build up on its own.

### Costs

| Item | Cost |
|------|------|
| Hive | 120 euros |
| Veil | 30 euros |

The first year costs most.[^1] Honey comes in the second year.<br>

[^1]: Prices of 2019, from three suppliers.

```
hive: 1
frames: 10
```

## Where to learn

Ask at <a href="https://example.org/club">the club</a>, or read [the guide][g].

[g]: https://example.org/guide
"""


def _read(tmp_path, text: str = POST, name: str = "bees.md.txt"):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    check = nb.conservation[0]
    assert check.ok, check.problems(name)
    return nb.manuscript.texts[0], nb.reports[0]


def _all(blocks):  # type: ignore[no-untyped-def]
    for b in blocks:
        yield b
        if isinstance(b, BlockQuote):
            yield from _all(b.blocks)
        if isinstance(b, OrderedList):
            for item in b.items:
                yield from _all(item)


def test_a_markdown_post_has_its_headings_lists_quotation_table_and_note(tmp_path):
    text, report = _read(tmp_path)
    assert (text.meta.title, text.meta.author) == ("Keeping bees on a city roof", "Ana Ruiz")
    assert "layout: post" in text.furniture
    heads = [(b.level, plain_text(b.inlines)) for b in text.blocks if isinstance(b, Heading)]
    assert heads == [(2, "What you need"), (3, "Costs"), (2, "Where to learn")]
    lists = [b for b in text.blocks if isinstance(b, OrderedList)]
    assert [(len(x.items), x.bullet) for x in lists] == [(3, False), (3, True)]
    quotes = [b for b in text.blocks if isinstance(b, BlockQuote)]
    assert plain_text(quotes[0].blocks[0].inlines).startswith("A colony that is left alone")
    (table,) = [b for b in text.blocks if isinstance(b, Table)]
    assert [[plain_text(c) for c in r] for r in (*table.head, *table.rows)] == [
        ["Item", "Cost"],
        ["Hive", "120 euros"],
        ["Veil", "30 euros"],
    ]
    notes = [n for b in _all(text.blocks) if isinstance(b, Para) for n in b.inlines]
    (note,) = [n for n in notes if isinstance(n, NoteRef)]
    assert plain_text(note.note.blocks[0].inlines) == "Prices of 2019, from three suppliers."
    assert report.counts["template_tags_removed"] == 1


def test_links_keep_their_address_and_markup_is_not_text(tmp_path):
    text, _ = _read(tmp_path)
    paras = [b for b in _all(text.blocks) if isinstance(b, Para)]
    links = [n for p in paras for n in p.inlines if isinstance(n, Link)]
    assert [(plain_text(x.children), x.url) for x in links] == [
        ("the survey", "https://example.org/bees?a=1"),
        ("the guide", "https://example.org/guide"),
    ]
    body = " ".join(plain_text(p.inlines) for p in paras)
    assert "include" not in body and "<a" not in body and "https" not in body
    assert "Ask at the club, or read the guide." in body  # an HTML link reads as its text
    assert "hive: 1\nframes: 10" in body  # code keeps its lines


def test_the_book_links_and_tables_what_the_markdown_does(tmp_path):
    text, _ = _read(tmp_path)
    ms = Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))
    html = str(render_book(read_manuscript(write_manuscript(ms))).texts[0].body_html)
    assert '<a class="link" href="https://example.org/bees?a=1">the survey</a>' in html
    assert "<thead>\n<tr><th>Item</th><th>Cost</th></tr>" in html
    assert "<td>120 euros</td>" in html


def test_a_readme_s_level_one_heading_is_its_title(tmp_path):
    readme = "# Tidewatch\n\nA tool that reads [tide tables](https://example.org/t).\n\n"
    readme += "## Install\n\nRun the [installer](https://example.org/i) first.\n\n"
    readme += "## Use\n\n- open it\n- read the [table](https://example.org/x)\n- close it\n"
    text, _ = _read(tmp_path, readme, "README.txt")
    assert text.meta.title == "Tidewatch"
    assert [b.level for b in text.blocks if isinstance(b, Heading)] == [2, 2]


def test_the_word_check_still_finds_a_word_lost_from_a_link_or_a_table(tmp_path):
    from samizdat.wordcheck import BookWords

    lines = tuple(POST.split("\n"))
    body = [w for line in lines[5:] for w in words(line)]
    lost = BookWords([w for w in body if w != "survey"])
    assert not check_words(lines, lost).ok
    euros = BookWords([w for w in body if w != "euros"])
    assert not check_words(lines, euros).ok
