"""structure: turn a RawDocument into a Document (provision tree).

Reads: RawDocument (blocks with pages, language). Writes: Document with the
provision tree, eIds, definitions and cross-references.
"""

from __future__ import annotations

from ..errors import InputError
from ..model import Document, RawDocument
from .eids import assign_eids
from .references import extract_definitions, extract_references
from .tree import build_tree


def parse_raw(raw: RawDocument) -> Document:
    roots = build_tree(raw.blocks)
    assign_eids(roots)
    doc = Document(source=raw.source, sha256=raw.sha256, format=raw.format, title="",
                   language=raw.language or "en", pages=raw.pages, provisions=roots,
                   encoding=raw.encoding)
    articles = doc.articles()
    if not articles:
        raise InputError(f"{raw.source}: does not look like legislation (no articles or sections found)")
    doc.title = raw.title or _guess_title(doc)
    doc.definitions = extract_definitions(roots, doc.language)
    doc.references = extract_references(roots, articles, doc.language)
    return doc


def _guess_title(doc: Document) -> str:
    first = doc.provisions[0]
    if first.kind in ("preface", "preamble") and first.text:
        return first.text.split("\n", 1)[0][:200]
    for p in doc.walk():
        if p.heading:
            return p.heading[:200]
    return doc.source


def parse_file(path) -> Document:
    from ..ingest import load
    return parse_raw(load(path))
