"""``serve``'s server without a browser: what it serves, the build status, a failed build."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from samizdat.cli import main
from samizdat.errors import SamizdatError
from samizdat.serve import BuildState, make_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, BuildState, Path]]:
    out = tmp_path / "out"
    out.mkdir()
    (out / "review.html").write_text("<html><body><p>the review</p></body></html>")
    (out / ".cache").mkdir()
    (out / ".cache" / "secret").write_text("no")
    (tmp_path / "outside.html").write_text("no")
    state = BuildState()
    srv = make_server(out, state, 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", state, out
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_it_serves_the_output_folder_and_nothing_else(server):
    base, state, _ = server
    state.run(lambda: None)
    code, page = _get(f"{base}/review.html")
    assert code == 200 and "the review" in page
    assert page.index('fetch("/__build"') < page.index("</body>")  # reloads after a build
    for path in ("/.cache/secret", "/../outside.html", "/%2e%2e/outside.html", "/nothing.pdf"):
        assert _get(base + path)[0] == 404, path
    assert json.loads(_get(f"{base}/__build")[1]) == {
        "build": 1,
        "building": False,
        "ok": True,
        "error": "",
    }


def test_a_failed_build_shows_its_error_instead_of_the_book(server):
    base, state, _ = server

    def broken() -> None:
        raise SamizdatError("corrections.toml: line 2: expected ']]'\n(the rest)")

    state.run(broken)
    status = json.loads(_get(f"{base}/__build")[1])
    assert status["ok"] is False and status["error"] == (
        "corrections.toml: line 2: expected ']]' (the rest)"
    )
    code, page = _get(f"{base}/review.html")
    assert code == 200 and "the review" not in page
    assert "corrections.toml: line 2: expected &#39;]]&#39; (the rest)" in page
    state.run(lambda: None)
    assert "the review" in _get(f"{base}/review.html")[1]


def test_before_the_first_build_pages_say_so(server):
    base, _, _ = server
    code, page = _get(f"{base}/review.html")
    assert code == 200 and "Building the book" in page


def test_a_busy_port_is_a_one_line_error(tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--port", str(port), "--seeds", str(tmp_path), "--out", str(tmp_path)]
        )
    assert result.exit_code == 1
    assert f"serve: cannot listen on 127.0.0.1:{port}" in result.output


def _fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, dict(r.headers), r.read()


def test_the_pdf_and_the_epub_are_served_with_their_types(server):
    base, state, out = server
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4000 + b"\n%%EOF\n"  # binary, 1 MB
    epub = b"PK\x03\x04mimetypeapplication/epub+zip" + bytes(range(256))
    (out / "a-book.pdf").write_bytes(pdf)
    (out / "a-book.epub").write_bytes(epub)
    report = {"title": "A Book", "pdf": {"file": "a-book.pdf"}, "epub": {"file": "a-book.epub"}}
    (out / "build-report.json").write_text(json.dumps(report))
    state.run(lambda: None)
    home = _get(f"{base}/")[1]
    assert all(f'href="{h}"' in home for h in ("a-book.pdf", "read/", "a-book.epub"))
    code, headers, body = _fetch(f"{base}/a-book.pdf")
    assert (code, headers["Content-Type"], body) == (200, "application/pdf", pdf)
    assert headers["Content-Length"] == str(len(pdf)) and "Content-Disposition" not in headers
    code, headers, body = _fetch(f"{base}/a-book.epub")
    assert (code, headers["Content-Type"], body) == (200, "application/epub+zip", epub)
    assert headers["Content-Disposition"] == 'attachment; filename="a-book.epub"'
    code, headers, _ = _fetch(f"{base}/build-report.json")
    assert headers["Content-Type"] == "application/json"
