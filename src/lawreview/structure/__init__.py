"""structure: turn a RawDocument into a Document (provision tree).

Reads: RawDocument (blocks with pages, language). Writes: Document with the
provision tree, eIds, definitions and cross-references.
"""

from __future__ import annotations

import re

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
    doc.title = choose_title(raw.title, doc)
    doc.definitions = extract_definitions(roots, doc.language)
    doc.references = extract_references(roots, articles, doc.language)
    return doc


# A line that names the instrument: 'Decreto 366/2025', 'Ley N° 25.871', 'Act No. 66 of 2015', 'Loi du 28 mai 2009 …'.
_INSTRUMENT = re.compile(
    r"^\W*(?:ley|decreto|dnu|decreto-ley|resoluci[oó]n|reglamento|c[oó]digo|proyecto de ley|anteproyecto|"
    r"act|bill|code|ordinance|regulations?|republic act|loi|d[ée]cret|ordonnance|projet de loi|avant-projet|arr[êe]t[ée])\b"
    r"[^\n]{0,160}?(?:\d|\b(?:of|de|du|sur|relative|portant|on|respecting|concerning)\b)", re.I)
# A heading that names who issues or publishes the text, or only its subject, is not its title.
_ISSUER = re.compile(
    r"^\W*(?:poder (?:ejecutivo|legislativo)|honorable|congreso|senado|c[aá]mara|asamblea|ministerio|ministry|"
    r"presidencia|gobierno|government|rep[uú]blica|republic of|bolet[ií]n oficial|diario oficial|journal officiel|"
    r"gazette|parliament|parlement|assembl[ée]e|minist[eè]re|pr[ée]sidence)\b", re.I)


def choose_title(given: str | None, doc: Document) -> str:
    """The law's title for reports: the title the source gives, unless it only names the issuing
    body ('PODER EJECUTIVO NACIONAL'); then the line of the preface that names the instrument
    ('Decreto 366/2025'), else the first heading."""
    given = (given or "").strip()
    if given and (_INSTRUMENT.match(given) or not _ISSUER.match(given)):
        return given
    for p in doc.walk():
        if p.kind not in ("preface", "preamble", "other"):
            break
        for line in [p.heading, *(p.text or "").split("\n")]:
            line = line.strip(" *#")
            if line and len(line) <= 200 and _INSTRUMENT.match(line) and not _ISSUER.match(line):
                # 'Decreto 366/2025 DNU-2025-366-APN-PTE - Disposiciones.': the name, not the file code after it
                return re.sub(r"^(\W*\w+\s+(?:N[°º.]?\s*)?\d[\d./-]*)\s+[A-Z]{2,}-[\w-]+.*$", r"\1", line)
    guess = _guess_title(doc)
    return guess if not _ISSUER.match(guess) or not given else given


def _guess_title(doc: Document) -> str:
    first = doc.provisions[0]
    if first.kind in ("preface", "preamble") and first.text:
        return first.text.split("\n", 1)[0][:200]
    for p in doc.walk():
        if p.heading and not _ISSUER.match(p.heading):
            return p.heading[:200]
    return doc.source


def parse_file(path) -> Document:
    from ..ingest import load
    return parse_raw(load(path))
