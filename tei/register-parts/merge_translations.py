"""Add the curators' names in other languages (translations.tsv) to tei/register.xml.

Run from the checkout: `python tei/register-parts/merge_translations.py`. Each row becomes a
`variant` name of its entity, tagged with its language (Serbian with its script: sr-Cyrl or
sr-Latn), and its address joins the entity's `<note type="sources">`. Rows whose text the entity
already has, or that another entity already uses (a shared spelling would make both
ambiguous), are skipped and listed; new language tags are declared in the header's langUsage.
The register is edited as text, not re-serialised, so its hand-kept layout and comments stay
as they are; running it twice adds nothing.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
REGISTER = HERE.parent / "register.xml"
NAME_ELEMENT = {"org": "orgName", "place": "placeName", "item": "term", "person": "persName"}
SOURCES_LEAD = "Names in other languages as reference works give them: "
CYRILLIC = re.compile("[\u0400-\u04ff]")


def tag(lang: str, text: str) -> str:
    if lang == "sr":
        return "sr-Cyrl" if CYRILLIC.search(text) else "sr-Latn"
    return lang


def main() -> None:
    xml = REGISTER.read_text(encoding="utf-8")
    with open(HERE / "translations.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    owners: dict[str, set[str]] = defaultdict(set)
    for m in re.finditer(r'<(org|place|item|person) xml:id="([^"]+)"(.*?)</\1>', xml, re.S):
        for text in re.findall(r">([^<>]+)</(?:orgName|placeName|term|persName)>", m.group(3)):
            owners[text].add(m.group(2))
    by_entity: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        text = escape(row["text"])
        if owners.get(text, set()) - {row["entity"]}:
            print(f"skipped (another entity's spelling): {row['entity']} {row['text']}")
        elif row["entity"] not in owners.get(text, set()):
            by_entity[row["entity"]].append(row)
            owners[text].add(row["entity"])
    for entity, new in by_entity.items():
        xml = add_to_entry(xml, entity, new)
    xml = declare_languages(xml)
    REGISTER.write_text(xml, encoding="utf-8")
    print(f"added {sum(map(len, by_entity.values()))} names to {len(by_entity)} entries")


def declare_languages(xml: str) -> str:
    """Every xml:lang the register uses, declared in its langUsage (validate insists)."""
    m = re.search(r"<langUsage>\n(.*?)\n\s*</langUsage>", xml, re.S)
    if not m:
        sys.exit(f"{REGISTER}: no langUsage in the header")
    indent = m.group(1)[: len(m.group(1)) - len(m.group(1).lstrip())]
    idents = set(re.findall(r'<language ident="([^"]+)"/>', m.group(1)))
    idents |= set(re.findall(r'xml:lang="([^"]+)"', xml))
    body = "\n".join(f'{indent}<language ident="{i}"/>' for i in sorted(idents))
    return xml[: m.start(1)] + body + xml[m.end(1):]


def add_to_entry(xml: str, entity: str, rows: list[dict]) -> str:
    m = re.search(rf'<(org|place|item|person) xml:id="{re.escape(entity)}"[^>]*>(.*?)</\1>', xml,
                  re.S)
    if not m:
        sys.exit(f"translations.tsv: no entry {entity!r} in {REGISTER}")
    kind, body = m.group(1), m.group(2)
    element = NAME_ELEMENT[kind]
    last = list(re.finditer(rf"\n(\s*)<{element} [^\n]*</{element}>", body))[-1]
    indent = last.group(1)
    names = "".join(f'\n{indent}<{element} type="variant" xml:lang="{tag(r["lang"], r["text"])}">'
                    f'{escape(r["text"])}</{element}>' for r in rows)
    body = body[: last.end()] + names + body[last.end():]
    cited = "; ".join(f'{r["lang"]} {escape(r["address"])}'
                      for r in {(r["lang"], r["address"]): r for r in rows}.values())
    note = re.search(r'(<note type="sources" xml:lang="en">)(.*?)\.</note>', body, re.S)
    if note:
        body = body[: note.end(2)] + f"; {cited}" + body[note.end(2):]
    else:
        body = body.rstrip() + (f'\n{indent}<note type="sources" xml:lang="en">{SOURCES_LEAD}'
                                f"{cited}.</note>\n{indent[:-1]}")
    return xml[: m.start(2)] + body + xml[m.end(2):]


if __name__ == "__main__":
    main()
