"""Data passed between the pipeline stages.

ingest   -> RawDocument (a list of Blocks: visible paragraphs with their page)
structure-> Document (provision tree, flat article list, definitions, references)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockStyle = Literal["title", "heading", "list", "table_row", "quote", "body"]
ProvisionKind = Literal[
    "preface", "preamble", "book", "part", "title", "chapter", "section",
    "article", "paragraph", "item", "annex", "other", "note",
]
# "note": an editorial note on the history of the text ("Historical Note …", "[Reformado DOF
# 12-07-2019]", "(Amended by …)", the F-markers of a consolidation): kept in the tree as a child
# of the provision it annotates, never read or quoted as the law.


@dataclass
class Block:
    """One visible paragraph of the source, as a reader sees it.

    `text` includes labels that the format renders but does not store as text
    (Word's automatic numbering). Wrapped lines are joined, hyphenation undone.
    `level` is a heading level when the source marks one (Markdown '#', Word
    'Heading N'), else 0.
    """

    text: str
    page: int = 1
    style: BlockStyle = "body"
    level: int = 0


@dataclass
class RawDocument:
    """What ingest hands to structure."""

    source: str                 # file name as given
    sha256: str
    format: str                 # txt | md | docx | pdf
    blocks: list[Block]
    pages: int | None = None    # None when the format has no pages (text)
    title: str | None = None    # from metadata, when the format has it
    language: str | None = None  # set by ingest.language.detect
    encoding: str | None = None  # text formats: the encoding assumed ("utf-8", "cp1252"…)


@dataclass
class Provision:
    kind: ProvisionKind
    eid: str = ""
    num: str | None = None          # normalised number: "8", "15bis", "1" for "premier", "a"
    label: str = ""                 # as written: "ARTÍCULO 8.-", "Section 8", "(a)"
    heading: str = ""
    text: str = ""                  # own text, children excluded
    page: int = 1
    children: list["Provision"] = field(default_factory=list)
    parent: "Provision | None" = field(default=None, repr=False, compare=False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        """Own text followed by every descendant's label and text."""
        parts = [self.text] if self.text else []
        for child in self.children:
            head = " ".join(p for p in (child.label, child.heading) if p)
            body = child.full_text()
            parts.append(" ".join(p for p in (head, body) if p))
        return "\n".join(parts)

    def article(self) -> "Provision | None":
        """The enclosing article-level provision (itself if it is one)."""
        node: Provision | None = self
        while node is not None and node.kind != "article":
            node = node.parent
        return node


@dataclass
class Definition:
    term: str
    definition: str
    eid: str


@dataclass
class Reference:
    source: str     # eid of the provision where the reference is written
    target: str     # eid it points to
    text: str       # the words of the reference


@dataclass
class Document:
    source: str
    sha256: str
    format: str
    title: str
    language: str
    pages: int | None
    provisions: list[Provision]
    definitions: list[Definition] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    encoding: str | None = None     # text formats only: the encoding the file was read in

    def walk(self):
        for p in self.provisions:
            yield from p.walk()

    def articles(self) -> list[Provision]:
        return [p for p in self.walk() if p.kind == "article" and _top_level_article(p)]

    def by_eid(self) -> dict[str, Provision]:
        return {p.eid: p for p in self.walk()}


def _top_level_article(p: Provision) -> bool:
    node = p.parent
    while node is not None:
        if node.kind == "article":
            return False
        node = node.parent
    return True
