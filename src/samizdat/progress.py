"""Progress on long work: one updating status line on a terminal, plain lines otherwise.

``--quiet`` silences it. On a terminal each stage overwrites the previous one on a single line
(cleared when the work ends); when stderr is a pipe or a file (CI logs, ``2> log``) each stage
is one plain line with the elapsed time, with no control characters. Work that ends (or fails)
within :data:`DELAY` seconds shows no progress at all, so quick errors stay one line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: ANSI: carriage return and erase to the end of the line.
CLEAR_LINE = "\r\x1b[K"
#: Seconds of work before progress is shown.
DELAY = 0.5


class Progress:
    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None, delay: float = DELAY):
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._open = False

    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.started
        if elapsed < self.delay:
            return
        line = f"[{elapsed:5.1f}s] {message}"
        if self.tty:
            self.stream.write(CLEAR_LINE + line)
            self._open = True
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def done(self) -> None:
        """Clear the status line (terminal only)."""
        if self._open:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()
            self._open = False
