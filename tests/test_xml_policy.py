"""A catalogue of hostile TEI files: what each gets from `corpus build` and `corpus validate`.

Each case is a real document of the corpus changed in one way. A case either builds cleanly or
gets a one-line error and a non-zero exit; never a traceback or a hang, never a file opened
beyond the document, and a failed build leaves the previous database byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = "thisday-pow-1942.xml"
DECL = b'<?xml version="1.0" encoding="UTF-8"?>'
TEI_START = b"<TEI "


def with_doctype(doctype: bytes):
    return lambda data: data.replace(TEI_START, doctype + b"\n" + TEI_START, 1)


def in_first_paragraph(text: str):
    marker = b'<p xml:id="thisday-pow-1942-p1">'
    return lambda data: data.replace(marker, marker + text.encode("utf-8"), 1)


def utf16(bom: bool):
    def change(data: bytes) -> bytes:
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16" if bom else "utf-16-le")
    return change


def deep(data: bytes) -> bytes:
    marker = b'<p xml:id="thisday-pow-1942-p1">'
    return data.replace(marker, marker + b"<hi>" * 5000 + b"x" + b"</hi>" * 5000, 1)


def huge_line(data: bytes) -> bytes:  # 50 MB on one line: one enormous paragraph
    marker = b'<p xml:id="thisday-pow-1942-p1">'
    return data.replace(marker, marker + b"word " * 10_000_000, 1)


LAUGHS = (b'<!DOCTYPE TEI [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')

# name: (change to the document's bytes, the rule of the one-line error, or None for a build)
CATALOGUE = {
    "billion laughs": (with_doctype(LAUGHS), "xml-policy"),
    "XXE to a file": (with_doctype(b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
                      "xml-policy"),
    "XXE to a loopback port": (with_doctype(
        b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>'), "xml-policy"),
    "parameter entities": (with_doctype(
        b'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'), "xml-policy"),
    "external DTD on standard input": (with_doctype(b'<!DOCTYPE TEI SYSTEM "/dev/stdin">'),
                                       "xml-policy"),
    "external DTD on a FIFO": (with_doctype(b'<!DOCTYPE TEI SYSTEM "FIFO">'), "xml-policy"),
    "XInclude": (in_first_paragraph(
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
        "xml-policy"),
    "a bare DOCTYPE": (with_doctype(b"<!DOCTYPE TEI>"), None),
    "deep nesting": (deep, "malformed-xml"),
    "50 MB on one line": (huge_line, None),
    "UTF-16 with a BOM": (utf16(bom=True), None),
    "UTF-16 without a BOM": (utf16(bom=False), None),
    "a NUL byte": (in_first_paragraph("a\0b"), "malformed-xml"),
    "a noncharacter": (in_first_paragraph("a\ufffeb"), "malformed-xml"),
    "bidi overrides": (in_first_paragraph("\u202eevil\u202c "), None),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A TEI folder (the register and one document) and a database built from it."""
    folder = tmp_path_factory.mktemp("policy")
    tei = folder / "tei"
    tei.mkdir()
    shutil.copy(ROOT / "tei" / "register.xml", tei)
    shutil.copy(ROOT / "tei" / DOC, tei)
    db = folder / "corpus.db"
    done = run_cli("build", "--tei", str(tei), "--db", str(db), "-q")
    assert done.returncode == 0, done.stderr
    return tei, db


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from corpus.cli import cli; cli()", *args],
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("case", list(CATALOGUE))
def test_hostile_file(base, tmp_path, case):
    tei, db = base
    change, rule = CATALOGUE[case]
    folder = tmp_path / "tei"
    shutil.copytree(tei, folder)
    fifo = tmp_path / "dtd.fifo"
    data = change((tei / DOC).read_bytes()).replace(b'"FIFO"', f'"{fifo}"'.encode())
    if "FIFO" in case:
        os.mkfifo(fifo)  # a reader would wait for ever
    hostile = folder / "hostile.xml"
    hostile.write_bytes(data.replace(b'xml:id="thisday-pow-1942', b'xml:id="hostile')
                        if rule else data.replace(b'"thisday-pow-1942', b'"hostile'))
    (folder / DOC).unlink()  # the hostile copy stands in for it
    target = tmp_path / "corpus.db"
    shutil.copy(db, target)
    before = target.read_bytes()
    start = time.monotonic()
    built = run_cli("build", "--tei", str(folder), "--db", str(target), "-q")
    assert time.monotonic() - start < 120
    assert "Traceback" not in built.stderr, built.stderr
    if rule is None:
        assert built.returncode == 0, built.stderr
    else:
        assert built.returncode == 1
        lines = built.stderr.strip().splitlines()
        assert len(lines) == 1 and rule in lines[0] and "hostile.xml" in lines[0], lines
        assert target.read_bytes() == before  # the previous database, byte for byte
        assert not list(tmp_path.glob(".corpus.db*"))  # no temporary file left
    checked = run_cli("validate", "--tei", str(folder), "--no-schema")
    assert "Traceback" not in checked.stderr + checked.stdout
    if rule is not None:
        assert checked.returncode != 0 and rule in checked.stdout + checked.stderr
