"""`corpus validate`: the real corpus passes; each kind of damage is reported on one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.tei.validate import validate

from .conftest import TEI, TEXTS


def test_the_corpus_is_valid_against_tei_all_and_our_rules():
    assert [str(p) for p in validate(TEI, TEXTS)] == []


def first_doc(root):
    return sorted(p for p in (root / "tei").glob("*.xml") if p.name != "register.xml")[0]


def damage(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("target, old, new, rule", [
    ("doc", "</body>", "</bdy>", "malformed-xml"),
    ("doc", 'ref="reg:', 'ref="reg:no-such-entry-', "dangling-ref"),
    ("doc", 'xml:lang="en"', 'xml:lang="english language"', "bad-lang"),
    ("register", 'type="main" xml:lang="ru"', 'type="variant" xml:lang="ru"', "register-labels"),
    # a withdrawn code ICU maps to a successor (SU to Russia), a zone CLDR does not have
    ("register", '<idno type="cldr-territory">RU</idno>', '<idno type="cldr-territory">SU</idno>',
     "cldr-code"),
    ("register", "Europe/Moscow", "Europe/Moskva", "cldr-code"),
    ("doc", "<text>", '<text><!-- -->', None),
])
def test_damage_is_reported_with_file_line_and_rule(scratch, target, old, new, rule):
    path = scratch / "tei" / "register.xml" if target == "register" else first_doc(scratch)
    damage(path, old, new)
    problems = validate(scratch / "tei", scratch / "texts", schema=False)
    if rule is None:
        assert problems == []
        return
    assert any(p.rule == rule and p.path == str(path) for p in problems), problems
    hit = next(p for p in problems if p.rule == rule)
    assert hit.line or rule == "lang-usage"
    assert "\n" not in str(hit)


@pytest.mark.parametrize("marker", ["\ufdd0", "\ufdd3", "\ufdd5", "&#xFDD1;", "&#64978;",
                                    "&#x000fdd4;", "&#0064981;"])
def test_a_reserved_noncharacter_is_reported_where_it_is(scratch, marker):
    path = scratch / "tei" / "deac-vlasov.xml"
    lines = path.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if "<p " in line)
    lines[at] = lines[at].replace("</p>", f"{marker}</p>", 1)
    path.write_text("\n".join(lines), "utf-8")
    problems = validate(scratch / "tei", scratch / "texts", schema=False)
    assert [(p.rule, p.path, p.line) for p in problems] == [
        ("reserved-character", str(path), at + 1)]


def test_a_removed_tag_leaves_an_untagged_spelling(scratch):
    path = scratch / "tei" / "deac-vlasov.xml"
    text = path.read_text("utf-8")
    new = re.sub(r'<persName ref="reg:vlasov"[^>]*>Vlasov</persName>', "Vlasov", text, count=1)
    assert new != text
    path.write_text(new, "utf-8")
    problems = validate(scratch / "tei", scratch / "texts", schema=False)
    assert [p.rule for p in problems] == ["untagged-spelling"]
    assert "vlasov" in problems[0].message


def test_the_matcher_runs_again_only_when_a_file_the_register_or_the_code_changed(
        scratch, tmp_path, monkeypatch):
    """Passes of the untagged-spelling rule are remembered per file, register and code: an
    unchanged corpus is not matched again, and any change that could alter the outcome is."""
    import corpus.tei.validate as v
    from corpus.tei.annotate import Annotator

    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "cache"))
    v._passed.cache_clear()
    runs = []
    real = Annotator.spellings
    monkeypatch.setattr(Annotator, "spellings", lambda self, *a, **k: runs.append(1) or
                        real(self, *a, **k))

    def matched() -> int:
        runs.clear()
        v._passed.cache_clear()  # as a new run: passes read from the cache folder
        assert validate(scratch / "tei", scratch / "texts", schema=False) == []
        return len(runs)

    assert matched() > 0
    assert matched() == 0
    register = scratch / "tei" / "register.xml"
    register.write_bytes(register.read_bytes() + b"<!-- a curator's comment -->\n")
    assert matched() > 0
    monkeypatch.setattr(v, "_code_id", lambda: "another version of the code")
    assert matched() > 0


def test_a_changed_word_breaks_fidelity(scratch):
    path = scratch / "tei" / "deac-vlasov.xml"
    damage(path, "gaunt general", "gaunt generals")
    problems = validate(scratch / "tei", scratch / "texts", schema=False)
    assert [p.rule for p in problems] == ["fidelity"]


def test_missing_register_is_one_clear_error(scratch):
    (scratch / "tei" / "register.xml").unlink()
    problems = validate(scratch / "tei", scratch / "texts", schema=False)
    assert [p.rule for p in problems] == ["missing-file"]
    assert "register.xml" in str(problems[0])


def test_cli_exits_non_zero_with_one_line_per_problem(scratch):
    damage(first_doc(scratch), 'ref="reg:', 'ref="reg:nowhere-')
    result = CliRunner().invoke(cli, ["validate", "--no-schema", "--tei", str(scratch / "tei"),
                                      "--texts", str(scratch / "texts")])
    assert result.exit_code == 1
    *problems, summary = result.output.strip().splitlines()
    assert any(re.match(r".+\.xml:\d+: dangling-ref: ", line) for line in problems)
    assert all(re.match(r".+\.xml:\d+: [a-z-]+: ", line) for line in problems)
    assert summary == f"{len(problems)} problem(s)"


def test_files_that_passed_the_schema_are_not_checked_again(scratch, tmp_path, monkeypatch):
    """A second `corpus validate` of unchanged files compiles no schema; a changed file is
    checked again, and its schema errors are reported."""
    import corpus.tei.validate as v

    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "cache"))
    v._passed.cache_clear()
    assert validate(scratch / "tei", scratch / "texts") == []
    compiled = v.SCHEMAS["corpus"]

    def no_compile():
        raise AssertionError("the schema was compiled for unchanged files")

    monkeypatch.setitem(v.SCHEMAS, "corpus", (no_compile, compiled[1]))
    v._passed.cache_clear()  # as a new run: read from the cache folder
    assert validate(scratch / "tei", scratch / "texts") == []
    path = scratch / "tei" / "deac-vlasov.xml"
    path.write_text(path.read_text("utf-8").replace("<body>", "<body><notATeiElement/>", 1),
                    "utf-8")
    monkeypatch.setitem(v.SCHEMAS, "corpus", compiled)
    problems = validate(scratch / "tei", scratch / "texts")
    assert any(p.rule == "tei-schema" and p.path == str(path) for p in problems)
    v._passed.cache_clear()


def test_the_spelling_scan_finds_whatever_the_matcher_would_flag(annotator):
    """`validate` runs the full matcher only on a passage where the cheap spelling scan finds
    a spelling left untagged: so every span the matcher proposes by a spelling layer must be
    among the scan's (over essays full of names, in three languages)."""
    from corpus.tei.annotate import SPELLING_LAYERS

    data = Path(__file__).parent / "data" / "add"
    for name in ("en.txt", "de.txt", "ru.txt"):
        for line in (data / name).read_text("utf-8").splitlines()[:12]:
            scanned = set(annotator.spellings(line))
            for p in annotator.propose(line):
                if p.how in SPELLING_LAYERS or p.how.startswith("scheme"):
                    assert (p.start, p.end, p.entities[0]) in scanned or p.ambiguous, \
                        (name, p.surface)
