"""WeasyPrint's warnings reach the user: one line each naming the stylesheet, once per build,
and a failure under --strict (cli.py, render/pdf_warnings.py)."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from weasyprint import CSS, HTML

from samizdat.cli import main
from samizdat.render import pdf, pdf_layout
from samizdat.render.pdf_warnings import sheet_name

TEXT = "A Clean Text\n\nThis is a plain paragraph of a made-up text, with nothing to review.\n"


def test_a_warning_names_its_stylesheet(caplog):
    caplog.expect_warnings = True
    caplog.set_level(logging.WARNING)
    bad = CSS(string="p { colr: red }", base_url="file:///somewhere/bad.css")
    HTML(string="<p>x</p>").render(stylesheets=[bad])
    assert any(r.getMessage().startswith("bad.css: Ignored `colr: red") for r in caplog.records)
    assert sheet_name("file:///a/print/") == "<style>"


@pytest.fixture
def css_typo(monkeypatch):
    """Every print document carries a declaration WeasyPrint ignores."""
    original = pdf.render_document

    def render(source: str, **kw):
        return original(source.replace("</head>", "<style>p { colr: red }</style></head>"), **kw)

    monkeypatch.setattr(pdf, "render_document", render)
    monkeypatch.setattr(pdf_layout, "render_document", render)


def test_warnings_show_once_and_fail_strict(tmp_path, css_typo, caplog):
    caplog.expect_warnings = True
    seeds = tmp_path / "book"
    seeds.mkdir()
    (seeds / "a.txt").write_text(TEXT, encoding="utf-8")
    args = ["pdf", "--seeds", str(seeds), "--jobs", "1", "--no-cache"]
    shown = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "out")])
    assert shown.exit_code == 0, shown.output
    lines = [r.getMessage() for r in caplog.records if r.name == "weasyprint"]
    assert lines == ["<style>: Ignored `colr: red ` at 1:5, unknown property."], lines
    strict = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1
    assert "--strict: 1 WeasyPrint warnings" in strict.output
