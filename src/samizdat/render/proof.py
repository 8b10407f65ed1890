"""Proof images: chosen pages of the print PDF as PNGs (poppler's pdftoppm) and a contact sheet.

A proof is for looking at the book: ``render_proof(pdf, out_dir, "1-12,40")`` writes
``page-001.png`` … and ``contact-sheet.png`` with each page captioned by its physical number.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from .. import paths

#: Resolution of proof pages (dpi).
PROOF_DPI = 60


@dataclass(frozen=True)
class Proof:
    pages: list[int]  # 1-based physical page numbers
    images: list[Path]
    contact_sheet: Path


def parse_pages(spec: str, page_count: int) -> list[int]:
    """``"1-3,7,9-"`` → ``[1, 2, 3, 7, 9, …, page_count]`` (1-based, in order, no repeats).

    >>> parse_pages("1-3,7,9-", 10)
    [1, 2, 3, 7, 9, 10]
    """
    chosen: dict[int, None] = {}
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            start = int(first) if first else 1
            end = (int(last) if last else page_count) if dash else start
        except ValueError:
            raise ValueError(f"page range {part!r} is not like 1-12 or 40") from None
        if not 1 <= start <= end <= page_count:
            raise ValueError(f"page range {part!r} is outside 1-{page_count}")
        chosen.update(dict.fromkeys(range(start, end + 1)))
    if not chosen:
        raise ValueError("no pages chosen")
    return list(chosen)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(str(paths.FONTS / "SourceSerifPro-Regular.ttf"), size)
    except OSError:
        return ImageFont.load_default()


def contact_sheet(images: list[Path], captions: list[str], out: Path, columns: int = 6) -> Path:
    """Lay page images out in a grid with a caption under each."""
    opened = [Image.open(p).convert("RGB") for p in images]
    cell_w = max(im.width for im in opened)
    cell_h = max(im.height for im in opened)
    pad, caption_h = 12, 22
    rows = -(-len(opened) // columns)
    cols = min(columns, len(opened))
    sheet = Image.new(
        "RGB",
        (pad + cols * (cell_w + pad), pad + rows * (cell_h + caption_h + pad)),
        (200, 200, 200),
    )
    draw = ImageDraw.Draw(sheet)
    font = _font(14)
    for i, (im, caption) in enumerate(zip(opened, captions, strict=True)):
        x = pad + (i % columns) * (cell_w + pad)
        y = pad + (i // columns) * (cell_h + caption_h + pad)
        sheet.paste(im, (x, y))
        draw.rectangle((x - 1, y - 1, x + im.width, y + im.height), outline=(120, 120, 120))
        draw.text(
            (x + im.width // 2, y + im.height + 4), caption, fill=(0, 0, 0), font=font, anchor="mt"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def render_proof(pdf: Path, out_dir: Path, pages: str = "1-12", *, dpi: int = PROOF_DPI) -> Proof:
    """Render the chosen pages of ``pdf`` to PNG in ``out_dir`` and make a contact sheet."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm (poppler-utils) is needed for proofs")
    reader = PdfReader(pdf)
    count = len(reader.pages)
    labels = reader.page_labels
    chosen = parse_pages(pages, count)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    images = []
    for number in chosen:
        stem = out_dir / f"page-{number:03d}"
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                str(dpi),
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
            capture_output=True,
        )
        images.append(stem.with_suffix(".png"))
    captions = [
        f"{n} ({labels[n - 1]})" if labels and labels[n - 1] != str(n) else str(n) for n in chosen
    ]
    sheet = contact_sheet(images, captions, out_dir / "contact-sheet.png")
    return Proof(chosen, images, sheet)
