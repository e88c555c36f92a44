"""Every table and view of the corpus database, each column defined once.

Whatever touches the schema reads it from here: the build (CREATE TABLE, keys and foreign keys,
the full-text index, named-column inserts, the workers' part files), the database reader (the
forms columns behind lookup), the Datasette metadata (descriptions, facets, labels, sort
orders), the exports (which columns, in which order) and the JSON Lines importer (which columns a
record must have). Adding a column is one edit here; tests/test_spec.py adds one to a copy of
the spec and proves every consumer follows it.

Passages and mentions are keyed by their document: a TEI `xml:id` is unique within its document
only, and most TEI in the wild numbers paragraphs p1, p2 ... So a segment's key is
`DOCUMENT#XMLID` (what `corpus cite` takes), and a mention's is its segment's key and number.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

CONTEXT = 60  # characters of context either side of a hit (search, the kwic view)

CODE_LICENCE = "Apache-2.0"
PER_DOCUMENT = "per document: each text keeps the licence its capture states (documents.licence)"
REGISTER = "the project's register (tei/register.xml), Apache-2.0 like the code"


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # str, int or float: what sqlite-utils makes TEXT, INTEGER or FLOAT
    description: str
    exported: bool = True  # False for an index rather than data, which an import recomputes


@dataclass(frozen=True)
class Table:
    """A table (or, with `view`, a view) and what Datasette says of it."""

    name: str
    description: str
    columns: tuple[Column, ...]
    licence: str = CODE_LICENCE
    pk: str | tuple[str, ...] = "id"
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)
    export_order: str = ""  # ORDER BY of an export (alias t), for byte-stable files; "" = none
    export_from: str = ""  # joins an export's order needs, after `from {name} t`
    fts: tuple[str, ...] = ()  # columns of the FTS5 index
    datasette: dict = field(default_factory=dict)  # label_column, sort, facets, searchmode ...
    view: str = ""  # the SELECT of a view

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def exported_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.exported)

    def types(self) -> dict[str, type]:
        return {c.name: c.type for c in self.columns}

    def insert_sql(self, names: tuple[str, ...] | None = None, prefix: str = "") -> str:
        """`insert into TABLE (columns) values (?, ...)`: rows go in by column name, so a
        column added to the spec never shifts another's values."""
        names = names or self.names
        return (f"insert into {prefix}[{self.name}] ({', '.join(f'[{n}]' for n in names)}) "
                f"values ({', '.join('?' * len(names))})")

    def export_sql(self) -> str:
        """The exported columns of every row, in a total order."""
        columns = ", ".join(f't."{n}"' for n in self.exported_names)
        joins = f" {self.export_from}" if self.export_from else ""
        order = f" order by {self.export_order}" if self.export_order else ""
        return f"select {columns} from [{self.name}] t{joins}{order}"


def _columns(*specs: tuple) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


DOCUMENTS = Table(
    "documents",
    "One row per encoded text: its title, author, date, publisher and address as the TEI "
    "header's source description gives them, the licence its capture states, and the sha256 "
    "of the raw capture it was encoded from.",
    _columns(
        ("id", str, "Stable document id (the TEI file's xml:id)."),
        ("title", str, "Title of the original publication."),
        ("author", str, "Author as the capture gives it (or why it is not stated)."),
        ("date", str, "Date of the original publication (ISO 8601), where known."),
        ("publisher", str, "Publisher of the original, where stated."),
        ("url", str, "Address the source was captured from, where known."),
        ("licence", str, "Licence as the capture states it; licences differ per document."),
        ("lang", str, "Main language of the text (BCP 47)."),
        ("sha256", str, "sha256 of the raw capture in texts/, so a passage can be traced to it."),
        ("seed", str, "File name of the capture the text was taken from."),
        ("tei_file", str, "TEI file in tei/ this row was built from."),
        ("segments", int, "Number of segments (paragraphs, headings, list items)."),
        ("mentions", int, "Number of tagged mentions of register entities."),
    ),
    licence=PER_DOCUMENT, export_order="t.id",
    datasette={"label_column": "title", "sort": "id", "facets": ["licence", "lang"]})

SEGMENTS = Table(
    "segments",
    "Paragraph-level passages of each document, keyed by document and TEI xml:id so they can "
    "be cited; full-text searchable in any script.",
    _columns(
        ("id", str, "The passage's key, DOCUMENT#XMLID: cite this (corpus cite takes it)."),
        ("document", str, "Document the passage belongs to."),
        ("xml_id", str, "The passage's TEI xml:id, unique within its document."),
        ("n", int, "Position of the passage within its document (1 = first)."),
        ("kind", str, "TEI element the passage comes from: head, p or item."),
        ("lang", str, "Language of the passage (BCP 47)."),
        ("text", str, "The passage as the source reads (sic readings kept, notes left out)."),
        ("keys", str, "The passage's words as cross-scheme keys, so a search in any script or "
                      "transliteration finds it.", False),
    ),
    licence=PER_DOCUMENT, foreign_keys=(("document", "documents", "id"),),
    export_order="t.document, t.n", fts=("text", "keys"),
    datasette={"label_column": "xml_id", "facets": ["document", "kind", "lang"],
               "fts_table": "segments_fts",
               # Words typed are words, not FTS5 syntax (a hyphen in "2-я" is no operator);
               # `?_searchmode=raw` still allows expressions per request.
               "searchmode": "escaped"})

ENTITIES = Table(
    "entities",
    "The register: every person, organisation, place and key term, with its English and "
    "Russian (Cyrillic) names and abbreviations.",
    _columns(
        ("id", str, "Stable entity id (the register entry's xml:id), e.g. vlasov, roa."),
        ("type", str, "person, org, place or term."),
        ("subtype", str, "Finer kind (army, committee, country...), where the register says."),
        ("label_en", str, "English name."),
        ("label_ru", str, "Russian name in Cyrillic."),
        ("abbr_en", str, "Latin-script abbreviation (ROA), if any."),
        ("abbr_ru", str, "Cyrillic abbreviation (РОА), if any."),
        ("note", str, "Short note from the register."),
        ("facts", str, "Facts the texts state (dates, roles), as JSON."),
        ("mentions", int, "Number of mentions across all documents."),
        ("documents", int, "Number of documents that mention it."),
    ),
    licence=REGISTER, export_order="t.id",
    datasette={"label_column": "label_en", "sort_desc": "mentions",
               "facets": ["type", "subtype"]})

FORMS = Table(
    "forms",
    "Every spelling of every entity: attested in the texts or the register, or generated by a "
    "transliteration scheme, with its language tag and the keys lookup matches on.",
    _columns(
        ("id", int, "Row number (the register's order, then generated forms)."),
        ("entity", str, "Entity this is a spelling of."),
        ("text", str, "The spelling."),
        ("lang", str, "BCP 47 tag: ru, en, de-t-ru (German habits), ru-Latn-t-ru-m0-bgn (a "
                      "romanisation system) ..."),
        ("type", str, "main, variant, abbr (abbreviation) or generated."),
        ("scheme", str, "Transliteration scheme that produced or also produces it, cldr for "
                        "a CLDR name (empty if none)."),
        ("source", str, "register (attested or curated), generated (computed by a scheme) or cldr "
                      "(a place's name in another language, from Unicode CLDR through ICU)."),
        ("attested", int, "1 if the spelling occurs in a source, 0 if curated or generated."),
        ("fold", str, "Folded key: lower case, no diacritics, ё as е, homoglyphs resolved."),
        ("cross", str, "Cross-scheme key shared by renderings of one Russian name (Wlassow, "
                       "Vlasov, Власов); corpus_key() computes it."),
        ("phonetic", str, "Coarse phonetic key for near misses; corpus_phonetic() computes it."),
        ("origin", str, "Cyrillic form a generated spelling was transliterated from."),
    ),
    licence=REGISTER, foreign_keys=(("entity", "entities", "id"),), export_order="t.id",
    datasette={"sort": "id", "facets": ["type", "attested", "scheme", "lang", "source"]})

WORDS = Table(
    "words",
    "Word-level keys of each entity's names, so a single word (a surname, a number) finds the "
    "entity.",
    _columns(
        ("key", str, "Folded word key."),
        ("entity", str, "Entity whose name contains the word."),
        ("form", int, "Spelling (forms.id) the word comes from."),
        ("size", int, "Number of words in that spelling, so a match on all of them ranks above "
                      "a match on one."),
    ),
    licence=REGISTER, pk=("key", "form"),
    foreign_keys=(("entity", "entities", "id"), ("form", "forms", "id")))

NAME_PARTS = Table(
    "name_parts",
    "The parts of each person's name (surname, forename, patronymic), from the register's TEI "
    "and each scheme's rendering of them: what the name model compares, so 'В. Ф. Малышкин' "
    "and 'Malyshkin, V.' find Malyshkin and 'Yury Vlasov' does not find Andrei Vlasov.",
    _columns(
        ("id", int, "Row number."),
        ("entity", str, "The person."),
        ("part", str, "surname, forename, patronymic; secular (a cleric's surname before his "
                       "religious name, written in brackets after it); forenames (text "
                       "'several': the register gives the person several forenames)."),
        ("text", str, "One spelling of that part."),
    ),
    licence=REGISTER, foreign_keys=(("entity", "entities", "id"),), export_order="t.id",
    datasette={"facets": ["part"]})

MENTIONS = Table(
    "mentions",
    "Every tagged mention: which entity, in which passage, at which character offsets, "
    "spelled how.",
    _columns(
        ("id", str, "Stable mention id: the passage's key and the mention's number in it."),
        ("document", str, "Document of the mention."),
        ("segment", str, "Passage of the mention (segments.id)."),
        ("start", int, "Offset of the first character in the passage text (0-based)."),
        ("end", int, "Offset after the last character."),
        ("surface", str, "The spelling the passage uses."),
        ("entity", str, "Entity mentioned (the TEI @ref)."),
        ("tag", str, "TEI element: persName, orgName, placeName or term."),
        ("cert", str, "TEI @cert of the identification, empty when certain."),
    ),
    licence=PER_DOCUMENT,
    foreign_keys=(("document", "documents", "id"), ("segment", "segments", "id"),
                  ("entity", "entities", "id")),
    export_from="join segments s on s.id = t.segment",
    export_order='t.document, s.n, t.start, t."end" desc, t.id',
    datasette={"facets": ["tag", "document", "entity", "cert"]})

BUILD_INFO = Table(
    "build_info",
    "How the database was built: input fingerprint, corpus and schema version.",
    _columns(("key", str, "Setting name."), ("value", str, "Its value.")), pk="key")

BUILD_FILES = Table(
    "build_files",
    "The TEI files the database was built from, with their sha256, so an incremental build "
    "knows what changed.",
    _columns(("path", str, "TEI file name."), ("sha256", str, "sha256 of the file when built."),
             ("document", str, "Document id it holds.")), pk="path")

KWIC = Table(
    "kwic", "View: every mention in context (keyword in context), in reading order.",
    _columns(
        ("mention", str, "Mention id."),
        ("document", str, "Document."),
        ("segment", str, "Passage (DOCUMENT#XMLID)."),
        ("entity", str, "Entity mentioned."),
        ("label_en", str, "English name of the entity."),
        ("type", str, "Entity type."),
        ("left", str, f"Up to {CONTEXT} characters before the mention."),
        ("hit", str, "The mention as spelled in the passage."),
        ("right", str, f"Up to {CONTEXT} characters after the mention."),
    ),
    licence=PER_DOCUMENT, datasette={"facets": ["type", "document", "entity"]},
    view=f"""select m.id as mention, m.document, m.segment, m.entity, e.label_en, e.type,
  substr(s.text, max(1, m.start - {CONTEXT} + 1), min(m.start, {CONTEXT})) as left,
  m.surface as hit,
  substr(s.text, m."end" + 1, {CONTEXT}) as right
from mentions m join segments s on s.id = m.segment join entities e on e.id = m.entity
order by m.document, s.n, m.start""")

SPELLING_COUNTS = Table(
    "spelling_counts", "View: how often each spelling of each entity occurs in each document.",
    _columns(
        ("entity", str, "Entity."),
        ("label_en", str, "English name of the entity."),
        ("surface", str, "Spelling used in the passage."),
        ("document", str, "Document."),
        ("mentions", int, "Number of mentions with this spelling in this document."),
    ),
    licence=PER_DOCUMENT, datasette={"facets": ["document", "entity"]},
    view="""select m.entity, e.label_en, m.surface, m.document, count(*) as mentions
from mentions m join entities e on e.id = m.entity
group by m.entity, m.surface, m.document order by m.entity, mentions desc""")

ENTITY_DOCUMENTS = Table(
    "entity_documents", "View: number of mentions of each entity in each document.",
    _columns(
        ("entity", str, "Entity."),
        ("label_en", str, "English name of the entity."),
        ("type", str, "Entity type."),
        ("document", str, "Document."),
        ("mentions", int, "Number of mentions."),
    ),
    licence=PER_DOCUMENT, datasette={"facets": ["type", "document"]},
    view="""select m.entity, e.label_en, e.type, m.document, count(*) as mentions
from mentions m join entities e on e.id = m.entity
group by m.entity, m.document order by m.entity, m.document""")

def _apparatus(name: str, description: str, *columns: tuple, **options) -> Table:
    """A table of the critical apparatus: each item keyed DOCUMENT/KINDn, with its document,
    the passage it sits in and its order in the document."""
    return Table(
        name, description,
        _columns(("id", str, f"Item key: the document and the item's number ({name[:-1]} 1, "
                              "2 ...) in it."),
                 ("document", str, "Document of the item."),
                 ("segment", str, "Passage the item sits in (segments.id); empty outside any."),
                 ("n", int, "Order of the item in its document (1 = first)."), *columns),
        licence=PER_DOCUMENT, foreign_keys=(("document", "documents", "id"),),
        export_order="t.document, t.n", **options)


NOTES = _apparatus(
    "notes", "The editor's notes on the sources (TEI note type=editorial): what the record says "
    "where a source is wrong; the editor's words, kept apart from the source's text and "
    "searchable on their own.",
    ("type", str, "TEI @type: editorial."),
    ("lang", str, "Language of the note (BCP 47)."),
    ("text", str, "The note, as the editor wrote it."),
    ("keys", str, "The note's words as cross-scheme keys, for search in any script.", False),
    fts=("text", "keys"), datasette={"facets": ["document", "type"],
                                     "fts_table": "notes_fts", "searchmode": "escaped"})
CORRECTIONS = _apparatus(
    "corrections", "The editor's corrections of slips in the sources (TEI choice): what the "
    "source reads (kept in the text) and what it should read.",
    ("sic", str, "What the source reads."),
    ("corr", str, "The editor's correction."),
    datasette={"facets": ["document"]})
GAPS = _apparatus(
    "gaps", "Places where text is evidently lost in the capture (TEI gap).",
    ("reason", str, "TEI @reason, e.g. lost."), datasette={"facets": ["document", "reason"]})
DATES = _apparatus(
    "dates", "Dates in the sources with their normalised value (TEI date @when, @from/@to, "
    "@notBefore/@notAfter), for questions like 'what happened in May 1945'.",
    ("text", str, "The date as the source writes it."),
    ("when", str, "TEI @when (ISO 8601), if the date is a point."),
    ("earliest", str, "Earliest the date can mean (ISO 8601): @when, @from or @notBefore."),
    ("latest", str, "Latest the date can mean (ISO 8601): @when, @to or @notAfter."),
    ("editorial", int, "1 for a date in the editor's note (a correction of the source), 0 "
                       "for one in the source's words."),
    datasette={"facets": ["document", "editorial"], "sort": "earliest"})

NOTE_ENTITIES = Table(
    "note_entities", "View: the entities each editorial note concerns (those mentioned in the "
    "passage it annotates), for 'what do the sources get wrong about X'.",
    _columns(
        ("note", str, "Note key."),
        ("entity", str, "Entity mentioned in the note's passage."),
        ("label_en", str, "English name of the entity."),
        ("document", str, "Document."),
        ("segment", str, "Passage the note annotates."),
        ("type", str, "Note type."),
        ("text", str, "The note."),
    ),
    licence=PER_DOCUMENT, datasette={"facets": ["entity", "document", "type"]},
    view="""select distinct n.id as note, m.entity, e.label_en, n.document, n.segment, n.type,
  n.text
from notes n join mentions m on m.segment = n.segment join entities e on e.id = m.entity
order by m.entity, n.document, n.n""")
ENTITY_DATES = Table(
    "entity_dates", "View: each dated passage with the entities it mentions: an entity's "
    "timeline.",
    _columns(
        ("entity", str, "Entity mentioned in the passage."),
        ("label_en", str, "English name of the entity."),
        ("earliest", str, "Earliest the date can mean (ISO 8601)."),
        ("latest", str, "Latest the date can mean (ISO 8601)."),
        ("date", str, "The date as the source writes it."),
        ("document", str, "Document."),
        ("segment", str, "Passage."),
    ),
    licence=PER_DOCUMENT, datasette={"facets": ["entity", "document"]},
    view="""select distinct m.entity, e.label_en, d.earliest, d.latest, d.text as date,
  d.document, d.segment
from dates d join mentions m on m.segment = d.segment join entities e on e.id = m.entity
order by m.entity, d.earliest, d.document""")

# In creation order: a table after the tables its foreign keys name.
TABLES: dict[str, Table] = {t.name: t for t in (
    BUILD_INFO, BUILD_FILES, DOCUMENTS, ENTITIES, FORMS, WORDS, NAME_PARTS, SEGMENTS, MENTIONS,
    NOTES, CORRECTIONS, GAPS, DATES)}
VIEWS: dict[str, Table] = {t.name: t for t in (KWIC, SPELLING_COUNTS, ENTITY_DOCUMENTS,
                                               NOTE_ENTITIES, ENTITY_DATES)}
# What an export carries and an import reads back, in this order (build_* describe one build,
# words is recomputed from forms).
EXPORTED = ("documents", "segments", "entities", "forms", "name_parts", "mentions", "notes",
            "corrections", "gaps", "dates")
# The tables workers write into part files during a build (see index/build.py).
PART_TABLES = ("segments", "mentions", "notes", "corrections", "gaps", "dates")
APPARATUS = {"note": "notes", "correction": "corrections", "gap": "gaps", "date": "dates"}


def segment_key(document: str, xml_id: str, n: int) -> str:
    """A passage's key: its document and xml:id; a passage without one (TEI from elsewhere
    need not number its paragraphs) is keyed by its position, which no xml:id can clash with
    (an xml:id cannot start with a digit)."""
    return f"{document}#{xml_id or n}"


def with_column(table: str, column: Column) -> dict[str, Table]:
    """A copy of TABLES with one column added: what tests use to prove consumers follow."""
    return {**TABLES, table: replace(TABLES[table], columns=TABLES[table].columns + (column,))}
