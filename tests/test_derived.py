"""The register's derived rows kept in the cache folder: read back as made, never stale."""

from __future__ import annotations

import copy
import dataclasses

from corpus.names.entities import Register
from corpus.names.forms import form_rows, make_form_rows
from corpus.names.persons import make_part_rows, part_rows


def test_derived_rows_are_stored_and_read_back_unchanged(register, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path))
    made = form_rows(register)
    stored = list(tmp_path.rglob("forms-*.json"))
    assert len(stored) == 1
    assert form_rows(register) == made == make_form_rows(register)
    assert part_rows(register) == make_part_rows(register)
    marked = stored[0].read_text("utf-8").replace('"Vlasov"', '"Vlasov (stored)"', 1)
    stored[0].write_text(marked, "utf-8")  # a later run reads the file rather than remaking it
    assert "Vlasov (stored)" in {r.text for r in form_rows(register)}


def test_a_changed_register_never_reads_the_rows_of_the_old_one(register, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path))
    before = form_rows(register)
    entities = copy.deepcopy(list(register))
    first = entities[0]
    entities[0] = dataclasses.replace(first, forms=[
        *first.forms, dataclasses.replace(first.forms[0], text="Zzyzx Qwertyuiop")])
    changed = Register(entities)
    after = form_rows(changed)
    assert len(list(tmp_path.rglob("forms-*.json"))) == 2
    assert "Zzyzx Qwertyuiop" in {r.text for r in after} - {r.text for r in before}
