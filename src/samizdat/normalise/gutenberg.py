"""Project Gutenberg's header and licence, found by their own markers in every era of the files.

A Project Gutenberg file wraps the book in the project's furniture: a header (the opening line
"The Project Gutenberg EBook of X, by Y", ``Title:``/``Author:``/``Language:`` lines, and up to
``*** START OF THIS PROJECT GUTENBERG EBOOK X ***``; in the 1990s the "small print" up to
``*END*THE SMALL PRINT! …*END*``) and a licence (from "End of the Project Gutenberg EBook of X"
or ``*** END OF THIS PROJECT GUTENBERG EBOOK X ***`` to the end of the file). Both are the
edition's furniture: they go to the text's source note, and the header says the book's title,
author and language.

>>> h = read_header(("The Project Gutenberg EBook of Crito, by Plato", "", "Language: English",
...                  "", "*** START OF THIS PROJECT GUTENBERG EBOOK CRITO ***", "", "CRITO"))
>>> (h.title, h.author, h.language, h.end)
('Crito', 'Plato', 'English', 5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The line that ends a header: the start marker, or (1990s files) the end of the small print.
START_MARK = re.compile(
    r"^\W*\*{3}\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|^\W*\*?END\W{0,3}THE SMALL PRINT",
    re.I,
)
#: The line that opens the licence at the end: the end marker or "End of the Project Gutenberg…".
END_MARK = re.compile(
    r"^\W*\*{3}\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG"
    r"|^\W*end\s+of\s+(?:the\s+|this\s+)?project\s+gutenberg",
    re.I,
)
#: The header's first line in its forms: "The Project Gutenberg EBook of X, by Y",
#: "Project Gutenberg's X, by Y", "The Project Gutenberg eBook, X, by Y", "…Etext of X, by Y".
_OPENING = re.compile(
    r"^\W*(?:the\s+)?project\s+gutenberg(?:['’]s)?(?:\s+e-?(?:book|text)|\s+etext)?"
    r"(?:\s*,|\s+of)?\s+(?P<title>.+?)(?:,\s+by\s+(?P<author>.+?))?\W*$",
    re.I,
)
_FIELD = re.compile(r"^(Title|Author|Translator|Language)\s*:\s*(\S.*)$", re.I)
#: How far into a file a header may reach (a 1990s small print runs to about 300 lines).
HEADER_LINES = 600
#: The header's first lines, where the project's name must appear.
OPENING_LINES = 12


@dataclass(frozen=True)
class Header:
    """What a Project Gutenberg header says, and where it is (1-based source lines)."""

    end: int  # the header's last line (the start marker), 0 when no marker was found
    title: str = ""
    author: str = ""
    translator: str = ""
    language: str = ""  # as written: "English", "German"
    fields: tuple[tuple[str, int, int], ...] = ()  # (field, first line, last line) of each field


def is_gutenberg(lines: tuple[str, ...]) -> bool:
    """Does the file open with Project Gutenberg's header?"""
    return any(
        _OPENING.match(line) or START_MARK.match(line)
        for line in lines[:OPENING_LINES]
        if line.strip()
    )


def read_header(lines: tuple[str, ...]) -> Header | None:
    """The file's Project Gutenberg header, or None when it has none."""
    if not is_gutenberg(lines):
        return None
    ends = [n for n, line in enumerate(lines[:HEADER_LINES], 1) if START_MARK.match(line)]
    end = ends[-1] if ends else 0
    values: dict[str, str] = {}
    spans: list[tuple[str, int, int]] = []
    for n, line in enumerate(lines[: end or OPENING_LINES * 4], 1):
        m = _FIELD.match(line)
        if not m or m.group(1).lower() in values:
            continue
        key, value, last = m.group(1).lower(), m.group(2).strip(), n
        while (
            key == "title"
            and last < len(lines)
            and lines[last][:1].isspace()
            and lines[last].strip()
        ):
            last += 1  # a title's second line is indented under the first
        values[key] = value
        spans.append((key, n, last))
    opening = next((m for line in lines[:OPENING_LINES] if (m := _OPENING.match(line))), None)
    if opening and "title" not in values:
        values["title"] = opening.group("title").strip()
    if opening and opening.group("author") and "author" not in values:
        values["author"] = opening.group("author").strip()
    return Header(
        end,
        values.get("title", ""),
        values.get("author", ""),
        values.get("translator", ""),
        values.get("language", ""),
        tuple(spans),
    )


def licence_start(lines: tuple[str, ...]) -> int:
    """The first line (1-based) of the licence at the file's end, or 0.

    It is the earliest of the end lines ("End of the Project Gutenberg EBook…", the end marker)
    that close the book, found from the end (a short book's licence can be longer than the
    book, so the whole file is searched).

    >>> licence_start(("text", "more", "End of the Project Gutenberg EBook of X", "",
    ...                "*** END OF THIS PROJECT GUTENBERG EBOOK X ***", "licence"))
    3
    """
    found = 0
    for n in range(len(lines), 0, -1):
        line = lines[n - 1]
        if line[:1] in ("*", "E", "e", " ") and END_MARK.match(line):
            if found and found - n > 40:
                break  # an end line far above the one found belongs to the text
            found = n
    return found
