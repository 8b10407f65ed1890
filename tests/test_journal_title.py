"""An official journal's act as pdftotext gives it: the journal's page head on every page (the
first page's too), the series and section labels over the act's title, and the title in
capitals opening the paragraph of its date and subject. Made-up texts of that kind."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import Heading, Para, plain_text

HEAD = ["12.3.2019", "", "EN", "", "Official Journal of the Union", "", "L {n}/{p}", ""]
BODY = (
    "The protection of rivers against pollution is a matter of common concern, and the "
    "measures taken in one state affect the waters of its neighbours downstream. "
)


def _page(n: int, p: int, lines: list[str]) -> list[str]:
    return [x.format(n=n, p=p) for x in HEAD] + lines


def _act(label: str, act: str, series: str = "I (Legislative acts)") -> str:
    first = [series, "", label, f"{act} OF THE UNION ASSEMBLY AND OF THE COUNCIL"]
    first += ["of 4 March 2019", "on the protection of rivers (Text with EEA relevance)", ""]
    pages = [_page(77, 1, [*first, "Whereas:", "(1)", "", BODY * 3, ""])]
    for p in range(2, 6):
        pages.append(_page(77, p, [f"({p})", "", BODY * 4, ""]))
    return "\f".join("\n".join(page) for page in pages) + "\n"


def _read(tmp_path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "act.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok, nb.conservation[0].problems("act.txt")
    return nb.manuscript.texts[0]


def test_the_act_s_own_title_is_the_title_not_its_series_or_section_label(tmp_path):
    text = _read(tmp_path, _act("DIRECTIVES", "DIRECTIVE (EU) 2019/904"))
    assert text.meta.title == "DIRECTIVE (EU) 2019/904 OF THE UNION ASSEMBLY AND OF THE COUNCIL"
    body = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para)]
    assert any(p.startswith("of 4 March 2019 on the protection of rivers") for p in body)
    assert "I (Legislative acts)" in body and "DIRECTIVES" in body  # kept, not the title


def test_the_first_page_s_head_is_furniture_like_every_other_page_s(tmp_path):
    text = _read(tmp_path, _act("REGULATIONS", "REGULATION (EU) 2019/12"))
    words = " ".join(plain_text(b.inlines) for b in text.blocks if isinstance(b, Para | Heading))
    assert "Official Journal" not in words and "12.3.2019" not in words and "L 77/" not in words
    assert text.meta.title.startswith("REGULATION (EU) 2019/12")


def test_a_plural_label_is_skipped_only_over_its_own_singular(tmp_path):
    text = _read(tmp_path, _act("POEMS", "DIRECTIVE (EU) 2019/904"))
    assert text.meta.title.startswith("POEMS DIRECTIVE")  # no label of this title: its first line
