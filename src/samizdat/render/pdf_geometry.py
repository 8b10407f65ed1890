"""Paper presets of the print edition: page size, mirrored margins, type size and leading."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..config import PAPER_SIZES

#: Bleed added on every side when ``bleed=True`` (mm), with crop marks.
BLEED_MM = 3


@dataclass(frozen=True)
class Geometry:
    """Page and type geometry of one paper preset, in millimetres and points."""

    width: float
    height: float
    inner: float  # gutter margin
    outer: float  # fore-edge margin
    top: float
    bottom: float
    font_size: float  # pt
    leading: float  # pt

    @property
    def block_height(self) -> float:
        """Height of the text block (mm), less a little so rounding never spills a page."""
        return round(self.height - self.top - self.bottom - 1, 2)

    @property
    def sink(self) -> float:
        """Drop of a text opening below the top of the text block (mm)."""
        return round(self.block_height * 0.16, 2)


#: Mirrored margins for each paper preset (sizes from :data:`samizdat.config.PAPER_SIZES`).
#: Type size and measure give about 60–70 characters a line on every preset.
PAPER_GEOMETRY: dict[str, Geometry] = {
    "a5": Geometry(
        *PAPER_SIZES["a5"], inner=20, outer=16, top=18, bottom=20, font_size=10.5, leading=14
    ),
    "6x9": Geometry(
        *PAPER_SIZES["6x9"], inner=20, outer=16, top=19, bottom=22, font_size=10.5, leading=14.2
    ),
    "a4": Geometry(
        *PAPER_SIZES["a4"], inner=30, outer=46, top=26, bottom=30, font_size=12, leading=16.2
    ),
    "letter": Geometry(
        *PAPER_SIZES["letter"], inner=31, outer=49, top=24, bottom=28, font_size=12, leading=16.2
    ),
}
#: Outer margin (mm) with ``notes_margin=True``: room for handwritten notes.
NOTES_MARGIN: dict[str, float] = {"a5": 38, "6x9": 40, "a4": 75, "letter": 78}


def geometry_for(paper: str, *, notes_margin: bool = False) -> Geometry:
    try:
        geometry = PAPER_GEOMETRY[paper]
    except KeyError:
        raise ValueError(
            f"unknown paper {paper!r} (choose from {', '.join(PAPER_GEOMETRY)})"
        ) from None
    if notes_margin:
        geometry = replace(geometry, outer=NOTES_MARGIN[paper])
    return geometry
