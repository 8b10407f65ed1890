"""``python build.py serve``: build, watch, and serve the output folder on 127.0.0.1.

The book is rebuilt on every save (:mod:`.watch`, as ``--watch`` does) while a small standard
library HTTP server shows it: ``/`` links the review page (``review.html``), the reading view
(``/read/``: the EPUB's own XHTML and CSS, served from the built EPUB, beside its contents) and
the PDF. Every HTML page polls ``/__build`` (``{"build": N, "ok": …, "error": …}``) and reloads
when a build finishes; while the last build failed, pages show its one-line error instead of
the previous book. Ctrl-C stops the server and the watcher.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import signal
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup

from . import paths
from .errors import SamizdatError

HOST = "127.0.0.1"
#: What a reading system adds around an EPUB page (the EPUB's own CSS sets no page margins).
READING_MARGINS = (
    b"<style>body { margin: 1.5rem auto; max-width: 38em; padding: 0 1.5rem; }</style>"
)
#: Milliseconds between a page's polls of /__build.
POLL_MS = 700


@dataclass
class BuildState:
    """What the pages poll: a counter of finished builds and the last one's error."""

    build: int = 0
    building: bool = False
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self) -> dict[str, Any]:
        with self.lock:
            return {
                "build": self.build,
                "building": self.building,
                "ok": not self.error,
                "error": self.error,
            }

    def run(self, build: Callable[[], Any]) -> None:
        """Run one build, recording its outcome (a failure as one line)."""
        with self.lock:
            self.building = True
        error = ""
        try:
            build()
        except SamizdatError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: still shown, as the command line shows it
            error = f"internal error ({type(exc).__name__}: {exc})"
        with self.lock:
            self.error = " ".join(error.split())
            self.building = False
            self.build += 1


def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES / "serve"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


class _Handler(BaseHTTPRequestHandler):
    out: Path
    state: BuildState
    env: jinja2.Environment

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the build's own progress is what the terminal shows

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/__build":
            return self._send(json.dumps(self.state.status()).encode(), "application/json")
        status = self.state.status()
        page = path in ("/", "/read/") or path.endswith(".html")
        if page and (status["error"] or not status["build"]):
            return self._page("status.html", status=status)
        if path == "/":
            return self._page("home.html", **self._outputs())
        if path == "/read/":
            return self._reading_view()
        if path.startswith("/read/"):
            return self._from_epub(path.removeprefix("/read/"))
        return self._file(path.lstrip("/"))

    def _outputs(self) -> dict[str, Any]:
        report = self._report()
        return {
            "title": report.get("title", "samizdat"),
            "pdf": report.get("pdf", {}).get("file", ""),
            "epub": report.get("epub", {}).get("file", ""),
        }

    def _report(self) -> dict[str, Any]:
        try:
            return json.loads((self.out / "build-report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _epub(self) -> Path | None:
        name = self._report().get("epub", {}).get("file", "")
        return self.out / name if name and (self.out / name).is_file() else None

    def _reading_view(self) -> None:
        epub = self._epub()
        if epub is None:
            return self._page(
                "status.html", status={**self.state.status(), "error": "no EPUB built"}
            )
        with zipfile.ZipFile(epub) as z:
            nav = z.read("EPUB/text/nav.xhtml").decode("utf-8")
        toc = re.search(r'<nav id="toc".*?(<ol>.*</ol>)\s*</nav>', nav, re.S)
        links = re.sub(r'href="([^"]+)"', r'href="EPUB/text/\1" target="book"', toc.group(1))
        first = re.search(r'href="([^"]+)"', toc.group(1))
        start = f"EPUB/text/{first.group(1)}" if first else "EPUB/text/nav.xhtml"
        return self._page("read.html", toc=Markup(links), start=start, **self._outputs())

    def _from_epub(self, member: str) -> None:
        epub = self._epub()
        if epub is None:
            return self.send_error(HTTPStatus.NOT_FOUND)
        with zipfile.ZipFile(epub) as z:
            try:
                data = z.read(member)
            except KeyError:
                return self.send_error(HTTPStatus.NOT_FOUND)
        if member.endswith(".xhtml"):  # a reading system's margins around the EPUB's page
            data = data.replace(b"</head>", READING_MARGINS + b"</head>", 1)
            return self._send(data, "application/xhtml+xml")
        return self._send(data, _mime(member))

    def _file(self, name: str) -> None:
        """A file directly in the output folder (no folders, no hidden files); an HTML page
        with the reload script, any other file streamed as it is (a long book's PDF is large)."""
        target = self.out / name
        if not name or "/" in name or name.startswith(".") or not target.is_file():
            return self.send_error(HTTPStatus.NOT_FOUND)
        if name.endswith(".html"):
            data = target.read_bytes()
            data = _with_reload(data.decode("utf-8"), self.env).encode("utf-8")
            return self._send(data, _mime(name))
        try:
            f = target.open("rb")
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        with f:
            size = os.fstat(f.fileno()).st_size
            extra = {}
            if name.endswith(".epub") or name.endswith(".azw3"):  # no browser shows these
                extra["Content-Disposition"] = f'attachment; filename="{name}"'
            self._head(_mime(name), size, extra)
            shutil.copyfileobj(f, self.wfile)

    def _page(self, template: str, **values: Any) -> None:
        html = self.env.get_template(template).render(poll=POLL_MS, **values)
        return self._send(_with_reload(html, self.env).encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, data: bytes, kind: str) -> None:
        self._head(kind, len(data))
        self.wfile.write(data)

    def _head(self, kind: str, size: int, extra: dict[str, str] | None = None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(size))
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()


#: The types of the outputs, whatever the machine's mime.types knows.
TYPES = {
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".azw3": "application/vnd.amazon.mobi8-ebook",
    ".json": "application/json",
    ".md": "text/markdown",
    ".html": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".css": "text/css",
    ".png": "image/png",
}


def _mime(name: str) -> str:
    """``name``'s content type (text in UTF-8).

    >>> _mime("book.pdf"), _mime("book.kepub.epub"), _mime("review.html")
    ('application/pdf', 'application/epub+zip', 'text/html; charset=utf-8')
    """
    kind = TYPES.get(Path(name).suffix) or mimetypes.guess_type(name)[0]
    kind = kind or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def _with_reload(html: str, env: jinja2.Environment) -> str:
    """The page with the script that polls /__build, before its closing body tag."""
    script = env.get_template("reload.html").render(poll=POLL_MS)
    at = html.rfind("</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


def make_server(out: Path, state: BuildState, port: int) -> ThreadingHTTPServer:
    """The server for ``out`` on 127.0.0.1:``port`` (0: any free port)."""
    handler = type("Handler", (_Handler,), {"out": out, "state": state, "env": _templates()})
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def serve(
    build: Callable[[], Any],
    roots: list[Path],
    out: Path,
    port: int,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``out`` and rebuild with ``build`` on every change under ``roots`` until Ctrl-C."""
    from .watch import watch

    state = BuildState()
    stop = threading.Event()
    try:
        server = make_server(out, state, port)
    except OSError as exc:
        raise SamizdatError(f"serve: cannot listen on {HOST}:{port} ({exc.strerror})") from None

    def rebuild(changed: list[str]) -> None:
        if changed:
            say(f"changed: {', '.join(changed)}")
        state.run(build)
        status = state.status()
        say(f"error: {status['error']} (still serving)" if status["error"] else "built")

    watcher = threading.Thread(
        target=watch, args=(roots, rebuild), kwargs={"ignore": [out], "stop": stop}
    )
    _interrupt_on(signal.SIGINT, signal.SIGTERM)
    watcher.start()
    say(f"serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        server.server_close()
        stop.set()
        watcher.join()


def _interrupt_on(*signals: signal.Signals) -> None:
    """Ctrl-C (and a plain kill) stop the server, also where a shell started it with SIGINT
    ignored (a background job)."""
    if threading.current_thread() is threading.main_thread():
        for sig in signals:
            signal.signal(sig, signal.default_int_handler)
