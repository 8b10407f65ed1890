"""A typographic cover: the book's title, subtitle and editor set in Source Serif Pro with Pillow.

No artwork, no network: the cover is drawn from the book's own metadata, so it is reproducible
(same inputs and Pillow build → same PNG bytes; PNG carries no timestamp unless asked to).

Layout (portrait, 1600×2400, the 2:3 ratio most stores and readers expect): a cream page with a
deep-red band across the upper half holding the title in cream, the subtitle beneath it, then the
editor near the foot between two rules. High contrast, so it still reads on greyscale e-ink.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from ..paths import FONTS

WIDTH, HEIGHT = 1600, 2400
MARGIN = 150
PAPER = (246, 241, 229)
INK = (28, 24, 22)
BAND = (122, 22, 24)
BAND_INK = PAPER


@dataclass(frozen=True)
class Cover:
    """The cover image and the text alternative that says what it shows."""

    png: bytes
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / f"SourceSerifPro-{style}.otf"), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured advance width (a single over-long word gets its own line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if not line or font.getlength(trial) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(
    text: str, style: str, sizes: range, width: int, max_lines: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size in ``sizes`` (descending) at which ``text`` fits ``max_lines`` lines."""
    font, lines = _font(style, sizes.start), [text]
    for size in sizes:
        font = _font(style, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines and all(font.getlength(s) <= width for s in lines):
            break
    return font, lines


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    font: ImageFont.FreeTypeFont,
    top: float,
    fill: tuple[int, int, int],
    leading: float = 1.18,
) -> float:
    """Centre ``lines`` from ``top`` down; return the y below the last line."""
    size = font.size
    y = top
    for line in lines:
        draw.text((WIDTH / 2, y), line, font=font, fill=fill, anchor="ma")
        y += size * leading
    return y


def cover_alt(title: str, subtitle: str = "", editor: str = "") -> str:
    """The cover's text alternative: exactly the words the image shows."""
    alt = f"Cover: {title}"
    if subtitle:
        alt += f": {subtitle}"
    if editor:
        alt += f". Edited by {editor}"
    return alt + "."


def make_cover(title: str, subtitle: str = "", editor: str = "") -> Cover:
    """Draw the cover for a book and return it as PNG bytes with its alt text."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    band_top, band_bottom = 330, 1500
    draw.rectangle((0, band_top, WIDTH, band_bottom), fill=BAND)

    title_font, title_lines = _fit(title or "Untitled", "Semibold", range(200, 59, -10), inner, 4)
    sub_font, sub_lines = (None, [])
    if subtitle:
        sub_font, sub_lines = _fit(subtitle, "It", range(96, 39, -4), inner, 3)

    title_h = len(title_lines) * title_font.size * 1.18
    sub_h = (len(sub_lines) * sub_font.size * 1.25 + 40 + 0.3 * title_font.size) if sub_font else 0
    y = band_top + (band_bottom - band_top - title_h - sub_h) / 2
    y = _draw_lines(draw, title_lines, title_font, y, BAND_INK)
    if sub_font:
        y += 0.3 * title_font.size  # clear the last line's descenders
        rule = 160
        draw.line((WIDTH / 2 - rule, y, WIDTH / 2 + rule, y), fill=BAND_INK, width=4)
        _draw_lines(draw, sub_lines, sub_font, y + 40, BAND_INK, leading=1.25)

    if editor:
        label_font = _font("Regular", 60)
        ed_font, ed_lines = _fit(editor, "Semibold", range(96, 39, -4), inner, 2)
        block = label_font.size * 1.6 + len(ed_lines) * ed_font.size * 1.18
        top = HEIGHT - 260 - block
        draw.line((MARGIN, top - 70, WIDTH - MARGIN, top - 70), fill=INK, width=3)
        y = _draw_lines(draw, ["Edited by"], label_font, top, INK, leading=1.6)
        _draw_lines(draw, ed_lines, ed_font, y, INK)
        draw.line((MARGIN, HEIGHT - 200, WIDTH - MARGIN, HEIGHT - 200), fill=INK, width=3)

    # A palette image keeps the file small (a few dozen KB) without visible banding: the cover
    # has three colours plus anti-aliasing ramps between them.
    out = io.BytesIO()
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", optimize=True
    )
    return Cover(out.getvalue(), cover_alt(title, subtitle, editor))
