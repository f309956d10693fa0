"""annotate: sentences, clauses (negation, modality, exception) and concept hits.

Reads: Document (provision tree) and the rulebook's concepts. Writes:
AnnotatedDocument — every sentence of every provision with its clauses, and
for any concept, the sentences and spans where it occurs. Concepts are
searched over the whole folded text at once and looked up lazily, so only
the concepts the rules ask about cost anything.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Document, Provision
from ..rulebook.loader import Rulebook
from ..textutil import fold
from .clauses import Clause, analyse, clause_at, delegated
from .nlp import lemmatize, split_sentences


@dataclass
class Sentence:
    index: int
    text: str                 # exact words of the draft
    folded: str
    provision: Provision
    article: Provision | None  # enclosing top-level article
    heading: bool = False      # a heading: context only, never evidence
    _clauses: list[Clause] | None = field(default=None, repr=False)
    lang: str = "en"

    @property
    def clauses(self) -> list[Clause]:
        if self._clauses is None:
            self._clauses = analyse(self.folded, self.lang)
        return self._clauses

    @property
    def delegated(self) -> bool:
        return delegated(self.folded, self.lang)

    def clause(self, pos: int) -> Clause:
        return clause_at(self.clauses, pos)

    def lemmas(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), lemmatize(self.lang, m.group(0)))
                for m in re.finditer(r"[^\W\d_]+", self.text)]


def top_article(p: Provision) -> Provision | None:
    node, found = p, None
    while node is not None:
        if node.kind == "article":
            found = node
        node = node.parent
    return found


def groupings(p: Provision) -> list[Provision]:
    out, node = [], p.parent
    while node is not None:
        if node.kind in ("book", "part", "title", "chapter", "section", "other"):
            out.append(node)
        node = node.parent
    return out


class AnnotatedDocument:
    def __init__(self, doc: Document, rulebook: Rulebook):
        self.doc = doc
        self.lang = doc.language
        self.rulebook = rulebook
        self.sentences: list[Sentence] = []
        self._starts: list[int] = []
        self._hits: dict[str, dict[int, list[tuple[int, int]]]] = {}
        self._build()
        self._graph = None

    def _build(self) -> None:
        units: list[tuple[Provision, str, bool]] = []
        for p in self.doc.walk():
            if p.heading:
                units.append((p, p.heading, True))
            for line in (p.text or "").split("\n"):
                if line.strip():
                    units.append((p, line, False))
        spans = split_sentences(self.lang, [u[1] for u in units])
        pieces: list[str] = []
        offset = 0
        for (prov, text, is_heading), sents in zip(units, spans):
            art = top_article(prov)
            for start, end in sents or [(0, len(text))]:
                raw = text[start:end].strip()
                if not raw:
                    continue
                s = Sentence(len(self.sentences), raw, fold(raw), prov, art, is_heading, lang=self.lang)
                self.sentences.append(s)
                self._starts.append(offset)
                pieces.append(s.folded)
                offset += len(s.folded) + 1
        self._text = "\n".join(pieces)

    def _tie_graph(self):
        """Articles tied by cross-references (either direction), as a networkx graph."""
        import networkx as nx  # imported here: ~0.2 s of start-up a draft without references need not pay
        g = nx.Graph()
        by_eid = self.doc.by_eid()
        for r in self.doc.references:
            a, b = by_eid.get(r.source), by_eid.get(r.target)
            if a is None or b is None:
                continue
            ta, tb = top_article(a), top_article(b)
            if ta is not None and tb is not None and ta is not tb:
                g.add_edge(ta.eid, tb.eid)
        return g

    def tied_articles(self, article: Provision | None) -> set[str]:
        if article is None:
            return set()
        if not self.doc.references:
            return {article.eid}
        if self._graph is None:
            self._graph = self._tie_graph()
        if article.eid in self._graph:
            return {article.eid, *self._graph.neighbors(article.eid)}
        return {article.eid}

    # -- concepts ------------------------------------------------------------
    def defined_terms(self, concept: str) -> list[str]:
        """Terms this draft defines as the concept (definitions rename things)."""
        c = self.rulebook.concepts.get(concept)
        patterns = getattr(c.defined_as, self.lang) if c is not None and c.defined_as else []
        if not patterns or not self.doc.definitions:
            return []
        rx = re.compile("|".join(f"(?:{p})" for p in patterns))
        out = []
        for d in self.doc.definitions:
            if rx.search(fold(d.definition)):
                term = fold(d.term).strip()
                if len(term) >= 3:
                    out.append(term)
        return out

    def hits(self, concept: str) -> dict[int, list[tuple[int, int]]]:
        """sentence index -> spans (in that sentence) where the concept occurs."""
        if concept in self._hits:
            return self._hits[concept]
        out: dict[int, list[tuple[int, int]]] = {}
        regexes = [self.rulebook.concept_regex(concept, self.lang)]
        terms = [t for inc in self.rulebook.concept_family(concept) for t in self.defined_terms(inc)]
        if terms:
            regexes.append(re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w])"))
        for rx in regexes:
            if rx is None:
                continue
            for m in rx.finditer(self._text):
                i = bisect.bisect_right(self._starts, m.start()) - 1
                base = self._starts[i]
                out.setdefault(i, []).append((m.start() - base, m.end() - base))
        for spans in out.values():
            spans.sort()
        self._hits[concept] = out
        return out

    def in_scope(self, concept: str, sentence: Sentence) -> bool:
        """Is the concept in the same article, a tied article, or a grouping heading?"""
        hits = self.hits(concept)
        if sentence.index in hits:
            return True
        scope = self.tied_articles(sentence.article)
        for i in hits:
            s = self.sentences[i]
            if s.article is not None and s.article.eid in scope:
                return True
        heads = {g.eid for g in groupings(sentence.provision)}
        return any(self.sentences[i].heading and self.sentences[i].provision.eid in heads for i in hits)


def annotate(doc: Document, rulebook: Rulebook) -> AnnotatedDocument:
    return AnnotatedDocument(doc, rulebook)
