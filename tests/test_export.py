"""Exports: each format is deterministic, names the corpus version, and gives back what it took.

Everything runs on a snapshot of tei/ built into a scratch database once per module, so the
comparisons are between an export and the very database it came from.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus import __version__
from corpus.cli import cli
from corpus.export import FORMATS, export

ROOT = Path(__file__).resolve().parent.parent
ROUND_TRIP_TABLES = ("documents", "segments", "entities", "forms", "mentions", "notes",
                     "corrections", "gaps", "dates")
TBX = {"t": "urn:iso:std:iso:30042:ed-2"}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A copy of tei/ (frozen for this module), its database, and every export of it."""
    from corpus.index.build import build

    base = tmp_path_factory.mktemp("export")
    tei = base / "tei"
    tei.mkdir()
    for path in (ROOT / "tei").glob("*.xml"):
        shutil.copy2(path, tei / path.name)
    db = base / "corpus.db"
    build(tei, db, full=True, quiet=True)
    out = base / "out"
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = export(fmt, out / f"corpus.{fmt}", db=db, tei=tei)
    return {"tei": tei, "db": db, "out": paths, "base": base}


def table_rows(db: Path, table: str) -> set[tuple]:
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute(f"select * from {table}"))
    finally:
        conn.close()


def digest(path: Path) -> str:
    """A file's bytes, or a folder's file names and bytes."""
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes()
                                   for f in sorted(path.rglob("*")) if f.is_file())).hexdigest()


def test_the_format_table_matches_the_command_line():
    from corpus.cli.export import FORMAT_NAMES

    assert set(FORMAT_NAMES) == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_are_deterministic_and_name_the_version(snapshot, fmt, tmp_path):
    again = export(fmt, tmp_path / f"again.{fmt}", db=snapshot["db"], tei=snapshot["tei"])
    assert digest(again) == digest(snapshot["out"][fmt])
    first = again / "datapackage.json" if again.is_dir() else again
    head = first.read_text("utf-8")[:400]
    assert f"corpus-rlm {__version__}" in head


# --- TEI ---------------------------------------------------------------------------------

def test_tei_export_is_one_valid_tei_corpus(snapshot):
    from corpus.tei.validate import tei_schema

    tree = etree.parse(str(snapshot["out"]["tei"]))
    root = tree.getroot()
    assert etree.QName(root).localname == "teiCorpus"
    members = [m.get("{http://www.w3.org/XML/1998/namespace}id") for m in root[1:]]
    expected = ["register"] + sorted(p.stem for p in snapshot["tei"].glob("*.xml")
                                     if p.stem != "register")
    assert members == expected
    schema = tei_schema()
    assert schema.validate(tree), schema.error_log.last_error


def test_tei_export_round_trips_to_the_same_database(snapshot, tmp_path):
    from corpus.export.importer import import_tei

    db = tmp_path / "again.db"
    import_tei(snapshot["out"]["tei"], db, split_to=tmp_path / "split")
    for table in ROUND_TRIP_TABLES:
        assert table_rows(db, table) == table_rows(snapshot["db"], table), table
    # the split files carry their own ids again (the export's prefixes are undone)
    split = (tmp_path / "split" / "deac-vlasov.xml").read_text("utf-8")
    assert 'xml:id="annotator"' in split and "deac-vlasov.annotator" not in split


def test_import_tei_command_rejects_a_single_document(snapshot, tmp_path):
    result = CliRunner().invoke(cli, ["import-tei", str(snapshot["tei"] / "deac-vlasov.xml"),
                                      "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "not-corpus" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()


# --- JSON Lines and CSV ----------------------------------------------------------------

def test_jsonl_reimports_to_the_same_rows(snapshot, tmp_path):
    from corpus.export.importer import import_jsonl
    from corpus.index.db import Corpus

    db = tmp_path / "from-jsonl.db"
    counts = import_jsonl(snapshot["out"]["jsonl"], db)
    for table in ROUND_TRIP_TABLES:
        rows = table_rows(snapshot["db"], table)
        assert counts[table] == len(rows) > 0
        assert table_rows(db, table) == rows, table
    with Corpus(db) as corpus:  # and the result is a working database
        assert corpus.lookup("Wlassow")[0].id == "vlasov"
        assert corpus.search("Vlasov")


def test_jsonl_meta_line_describes_the_file(snapshot):
    lines = snapshot["out"]["jsonl"].read_text("utf-8").splitlines()
    meta = json.loads(lines[0])
    assert meta["table"] == "meta" and meta["corpus_version"] == __version__
    tables = [json.loads(line)["table"] for line in lines[1:]]
    assert {t: tables.count(t) for t in meta["tables"]} == {
        t: info["rows"] for t, info in meta["tables"].items()}
    assert "keys" not in meta["tables"]["segments"]["columns"]


def test_truncated_jsonl_is_refused_in_one_line(snapshot, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(snapshot["out"]["jsonl"].read_text("utf-8")
                                .splitlines()[:50]) + "\n", "utf-8")
    result = CliRunner().invoke(cli, ["import-jsonl", str(broken), "--db",
                                      str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "bad-jsonl" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def _crafted(snapshot, tmp_path, table: str, change) -> Path:
    """The JSONL export with the first record of `table` changed by `change(record)`."""
    lines = snapshot["out"]["jsonl"].read_text("utf-8").splitlines()
    for n, line in enumerate(lines):
        record = json.loads(line)
        if record["table"] == table:
            change(record)
            lines[n] = json.dumps(record, ensure_ascii=False)
            break
    crafted = tmp_path / "crafted.jsonl"
    crafted.write_text("\n".join(lines) + "\n", "utf-8")
    return crafted


@pytest.mark.parametrize("table, change, message", [
    # a column name that is SQL: the old importer pasted it into the INSERT
    ("segments", lambda r: r.update({'text") select sql from sqlite_master --': "x"}),
     "unknown column"),
    ("entities", lambda r: r.pop("label_en"), "missing column 'label_en'"),
    ("entities", lambda r: r.update({"label_en": {"nested": 1}}), "not a string, number"),
    ("mentions", lambda r: r.update({"entity": None}), "NOT NULL"),
    ("segments", lambda r: r.update({"id": None}), "NOT NULL"),
    ("mentions", lambda r: r.update({"entity": "no-such-entity"}), "FOREIGN KEY"),
])
def test_a_crafted_jsonl_is_refused_with_its_line(snapshot, tmp_path, table, change, message):
    crafted = _crafted(snapshot, tmp_path, table, change)
    target = tmp_path / "x.db"
    result = CliRunner().invoke(cli, ["import-jsonl", str(crafted), "--db", str(target)])
    assert result.exit_code == 1, result.output
    assert message in result.output and "bad-jsonl" in result.output
    assert f"{crafted}:" in result.output  # file and line named
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not target.exists()


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not utf-8\n", b"[1, 2]\n",
                                     b'{"table": "meta", "tables": 5}\n'])
def test_a_broken_jsonl_file_is_one_line(tmp_path, content):
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(content)
    result = CliRunner().invoke(cli, ["import-jsonl", str(broken), "--db",
                                      str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "bad-jsonl" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_csv_folder_has_one_file_per_table_and_a_data_package(snapshot):
    folder = snapshot["out"]["csv"]
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["version"] == __version__
    for resource in package["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == resource["count"] == len(table_rows(snapshot["db"],
                                                                resource["name"]))
        assert list(rows[0]) == [f["name"] for f in resource["schema"]["fields"]]
    mentions = next(r for r in package["resources"] if r["name"] == "mentions")
    assert {"fields": "entity", "reference": {"resource": "entities", "fields": "id"}} in \
        mentions["schema"]["foreignKeys"]


def test_csv_refuses_a_file_as_its_folder(snapshot, tmp_path):
    (tmp_path / "taken").write_text("x")
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out",
                                      str(tmp_path / "taken"), "--db", str(snapshot["db"])])
    assert result.exit_code == 1 and "export-out" in result.output


# --- TBX -----------------------------------------------------------------------------------

def tbx_terms(path: Path) -> set[tuple[str, str, str]]:
    root = etree.parse(str(path)).getroot()
    found = set()
    for entry in root.iterfind(".//t:conceptEntry", TBX):
        for term_sec in entry.iterfind(".//t:termSec", TBX):
            text = term_sec.findtext("t:term", namespaces=TBX)
            for tag in term_sec.iterfind("t:termNote[@type='languageTag']", TBX):
                found.add((entry.get("id"), text, tag.text))
    return found


def test_tbx_lists_every_spelling_under_its_concept(snapshot):
    root = etree.parse(str(snapshot["out"]["tbx"])).getroot()
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    forms = {(e, t, lang) for _, e, t, lang, *_ in table_rows(snapshot["db"], "forms")}
    assert tbx_terms(snapshot["out"]["tbx"]) == forms
    entries = root.findall(".//t:conceptEntry", TBX)
    assert len(entries) == len(table_rows(snapshot["db"], "entities"))
    for entry in entries:  # each langSec holds only its own language's tags
        for sec in entry.iterfind("t:langSec", TBX):
            lang = sec.get("{http://www.w3.org/XML/1998/namespace}lang")
            tags = [n.text for n in sec.iterfind(".//t:termNote[@type='languageTag']", TBX)]
            assert all(t.split("-")[0] == lang for t in tags)


def test_tbx_term_notes_say_type_status_and_scheme(snapshot):
    root = etree.parse(str(snapshot["out"]["tbx"])).getroot()
    vlasov = root.find(".//t:conceptEntry[@id='vlasov']", TBX)

    def notes(lang: str, text: str) -> dict[str, list[str]]:
        sec = next(s for s in vlasov.iterfind(f"t:langSec[@xml:lang='{lang}']/t:termSec",
                                              {**TBX, "xml": "http://www.w3.org/XML/1998/namespace"})
                   if s.findtext("t:term", namespaces=TBX) == text)
        found: dict[str, list[str]] = {}
        for note in sec.iterfind("t:termNote", TBX):
            found.setdefault(note.get("type"), []).append(note.text)
        return found

    main = notes("en", "Andrey Vlasov")
    assert main["termType"] == ["fullForm"]
    assert main["administrativeStatus"] == ["preferredTerm-admn-sts"]
    wlassow = notes("de", "Wlassow")
    assert wlassow["termType"] == ["transliteratedForm"]
    assert wlassow["languageTag"] == ["de-t-ru"] and "de" in wlassow["transliterationScheme"]
    assert wlassow["attestation"] == ["attested"]
    bgn = notes("ru", "Vlasov")
    assert "bgn" in bgn["transliterationScheme"] and bgn["attestation"] == ["generated"]
    assert "ru-Latn-t-ru-m0-bgn" in bgn["languageTag"]
    roa = root.find(".//t:conceptEntry[@id='roa']", TBX)
    acronyms = {s.findtext("t:term", namespaces=TBX) for s in roa.iterfind(".//t:termSec", TBX)
                if s.findtext("t:termNote[@type='termType']", namespaces=TBX) == "acronym"}
    assert {"ROA", "РОА"} <= acronyms


# --- SKOS ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph(snapshot):
    from rdflib import Graph

    return Graph().parse(snapshot["out"]["skos"], format="turtle")


def test_skos_labels_are_exactly_the_register_forms(snapshot, graph):
    from rdflib.namespace import SKOS

    from corpus.export.skos import DEFAULT_BASE

    register: dict[str, set] = {}
    generated: dict[str, set] = {}
    for _, entity, text, lang, _, _, source, *_ in table_rows(snapshot["db"], "forms"):
        (register if source == "register" else generated).setdefault(entity, set()).add(
            (text, lang))
    for entity, forms in register.items():
        concept = graph.resource(f"{DEFAULT_BASE}{entity}").identifier
        pref = {(str(o), o.language) for o in graph.objects(concept, SKOS.prefLabel)}
        alt = {(str(o), o.language) for o in graph.objects(concept, SKOS.altLabel)}
        hidden = {(str(o), o.language) for o in graph.objects(concept, SKOS.hiddenLabel)}
        assert pref | alt == forms, entity
        assert not pref & alt and not (pref | alt) & hidden
        assert hidden == generated.get(entity, set()) - forms
        tags = [lang for _, lang in pref]
        assert len(tags) == len(set(tags)), f"{entity}: two prefLabels in one language"


def test_skos_concept_for_vlasov(graph):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from corpus.export.skos import DEFAULT_BASE

    vlasov = URIRef(f"{DEFAULT_BASE}vlasov")
    assert (vlasov, RDF.type, SKOS.Concept) in graph
    prefs = set(graph.objects(vlasov, SKOS.prefLabel))
    assert Literal("Wlassow", lang="de-t-ru") in prefs
    assert Literal("Andrey Vlasov", lang="en") in prefs
    assert (vlasov, SKOS.notation, Literal("vlasov")) in graph
    assert any(graph.objects(vlasov, SKOS.definition))
    persons = URIRef(f"{DEFAULT_BASE}type/person")
    members = set(graph.objects(persons, SKOS.member))
    assert vlasov in members or any((sub, SKOS.member, vlasov) in graph for sub in members)


def test_export_command_writes_and_reports(snapshot, tmp_path):
    out = tmp_path / "terms.ttl"
    result = CliRunner().invoke(cli, ["export", "--format", "skos", "--out", str(out), "--db",
                                      str(snapshot["db"]), "--base", "https://example.org/r/"])
    assert result.exit_code == 0, result.output
    assert "<https://example.org/r/vlasov>" in out.read_text("utf-8") or \
        "@prefix reg: <https://example.org/r/>" in out.read_text("utf-8")
    bad = CliRunner().invoke(cli, ["export", "--format", "docx", "--out", str(out)])
    assert bad.exit_code == 2  # click's usage error, listing the formats
