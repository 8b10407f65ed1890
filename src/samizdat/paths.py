"""Where samizdat's own files live: templates, CSS and fonts (the only files renderers may load)."""

from pathlib import Path

import font_source_serif_pro

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT_ROOT / "templates"
FONTS = Path(font_source_serif_pro.__file__).resolve().parent / "files"
#: A system word list, if installed (Debian: wbritish / wamerican); corpus evidence comes first.
WORD_LISTS = (Path("/usr/share/dict/british-english"), Path("/usr/share/dict/words"))
