"""SKOS (Turtle): the register as a concept scheme, one `skos:Concept` per entity.

- Labels keep their full BCP 47 tags, so each transliteration habit or scheme has its own:
  `"Wlassow"@de-t-ru`, `"Vlasov"@ru-Latn-t-ru-m0-bgn`.
- `skos:prefLabel`: one per tag (SKOS allows no more): the register's main name where the tag
  has one, else the tag's first attested spelling, else its first full spelling, in register
  order. `skos:altLabel`: every other register spelling, abbreviations included. Together
  they are exactly the register forms of the entity.
- `skos:hiddenLabel`: the spellings only a transliteration scheme generates (search aids, not
  for display, as SKOS intends hidden labels), under the scheme's tag.
- `skos:notation`: the register id; `skos:definition`: the register's English note;
  `skos:note`: each fact ("birth: 1901-09-14").
- Types: one `skos:Collection` per entity type (`<base>type/person`, …) and, inside it, one
  per subtype (`<base>type/org/army`), each with `skos:member` (ids never contain a slash).

Concept IRIs are `<base><id>`; the default base is a URN (`urn:corpus-rlm:register:`), since
the project has no web namespace, and `--base` replaces it. rdflib builds the graph and writes
Turtle; the output is sorted by subject and the header comment names the corpus version.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import PRODUCER, __version__, write_atomically
from .tables import entities_and_forms

DEFAULT_BASE = "urn:corpus-rlm:register:"
TYPE_LABELS = {"person": "Persons", "org": "Organisations", "place": "Places", "term": "Terms"}


def labels(rows: list[dict]) -> tuple[list, list, list]:
    """(pref, alt, hidden) label pairs (text, tag) for one entity's forms rows."""
    register = [r for r in rows if r["source"] == "register"]
    pref: dict[str, str] = {}
    for rank in (lambda r: r["type"] == "main", lambda r: bool(r["attested"]) and
                 r["type"] != "abbr", lambda r: r["type"] != "abbr", lambda r: True):
        for r in register:
            if r["lang"] not in pref and rank(r):
                pref[r["lang"]] = r["text"]
    pref_pairs = {(text, tag) for tag, text in pref.items()}
    alt = {(r["text"], r["lang"]) for r in register} - pref_pairs
    taken = pref_pairs | alt
    # renderings and a place's CLDR names: found by search, not the register's own labels
    hidden = {(r["text"], r["lang"]) for r in rows if r["source"] != "register"} - taken
    return sorted(pref_pairs), sorted(alt), sorted(hidden)


def build_graph(conn, base: str = DEFAULT_BASE):
    # imported here, at first use: rdflib takes 76 ms to import
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

    reg = Namespace(base)
    scheme = URIRef(base.rstrip(":/#") if base.endswith((":", "/", "#")) else base + "scheme")
    graph = Graph()
    for prefix, ns in (("skos", SKOS), ("dcterms", DCTERMS), ("owl", OWL), ("reg", reg)):
        graph.bind(prefix, ns)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Authority register of the Russian Liberation "
                                              "Movement corpus", lang="en")))
    graph.add((scheme, OWL.versionInfo, Literal(__version__)))
    graph.add((scheme, DCTERMS.creator, Literal(PRODUCER)))
    entities, forms = entities_and_forms(conn, "text, lang, type, source, attested")
    for e in entities:
        concept = reg[e["id"]]
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.inScheme, scheme))
        graph.add((concept, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, concept))
        graph.add((concept, SKOS.notation, Literal(e["id"])))
        pref, alt, hidden = labels(forms.get(e["id"], []))
        for predicate, pairs in ((SKOS.prefLabel, pref), (SKOS.altLabel, alt),
                                 (SKOS.hiddenLabel, hidden)):
            for text, tag in pairs:
                graph.add((concept, predicate, Literal(text, lang=tag)))
        if e["note"]:
            graph.add((concept, SKOS.definition, Literal(e["note"], lang="en")))
        for key, value in sorted(json.loads(e["facts"] or "{}").items()):
            graph.add((concept, SKOS.note, Literal(f"{key}: {value}", lang="en")))
        collection = reg[f"type/{e['type']}"]
        graph.add((collection, RDF.type, SKOS.Collection))
        graph.add((collection, SKOS.prefLabel, Literal(TYPE_LABELS.get(e["type"], e["type"]),
                                                       lang="en")))
        if e["subtype"]:
            sub = reg[f"type/{e['type']}/{e['subtype']}"]
            graph.add((sub, RDF.type, SKOS.Collection))
            graph.add((sub, SKOS.prefLabel, Literal(f"{e['type']}: {e['subtype']}", lang="en")))
            graph.add((collection, SKOS.member, sub))
            graph.add((sub, SKOS.member, concept))
        else:
            graph.add((collection, SKOS.member, concept))
    return graph


def write(conn, out: Path, base: str = DEFAULT_BASE) -> None:
    turtle = build_graph(conn, base).serialize(format="turtle")
    head = (f"# {PRODUCER}: SKOS export of the authority register, corpus version "
            f"{__version__}\n# Concepts <{base}ID>; see corpus/export/skos.py for the mapping.\n")
    write_atomically(out, (head + turtle).encode("utf-8"))
