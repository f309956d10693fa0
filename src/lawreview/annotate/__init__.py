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
from functools import lru_cache
from dataclasses import dataclass, field

from ..model import Document, Provision
from ..rulebook.loader import Rulebook
from ..textutil import fold
from .clauses import Clause, analyse, clause_at, delegated, hedged, short_title
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

    def hedged_at(self, pos: int) -> bool:
        """Is the clause of the word at `pos` hedged ("where possible")?"""
        c = self.clause(pos)
        return hedged(self.folded[c.start:c.end], self.lang)

    def negated_at(self, pos: int) -> bool:
        return self.clause(pos).negated_at(pos)

    def clause(self, pos: int) -> Clause:
        return clause_at(self.clauses, pos)

    def lemmas(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), lemmatize(self.lang, m.group(0)))
                for m in re.finditer(r"[^\W\d_]+", self.text)]


LONG_SENTENCE = 700


def _split_long(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut very long 'sentences' (inline lists of a consolidated code run to
    thousands of characters) at semicolons and colons, so that concepts must
    still meet within one list item to co-occur."""
    out = []
    for start, end in spans:
        if end - start <= LONG_SENTENCE:
            out.append((start, end))
            continue
        cut = start
        for m in re.finditer(r"[;:]\s+", text[start:end]):
            pos = start + m.end()
            if pos - cut >= 40:
                out.append((cut, pos))
                cut = pos
        out.append((cut, end))
    return out


@lru_cache(maxsize=None)
def anaphora_vocab(lang: str) -> tuple[frozenset[str], re.Pattern | None, int]:
    """rules/vocab/anaphora.yaml: the concepts an anaphor may stand for, its terms, the look-back."""
    from ..errors import RulebookError
    from ..rulebook.vocab import load_vocab
    v = load_vocab("anaphora")
    try:
        terms = list(v.get(lang) or [])
        rx = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{t})" for t in terms) + r")(?!\w)") if terms else None
        return frozenset(v.get("antecedents", [])), rx, int(v.get("lookback", 6))
    except (re.error, TypeError, ValueError, AttributeError) as exc:
        raise RulebookError(f"rules/vocab/anaphora.yaml: {exc}") from None


def _marginal_note(prev: str, line: str) -> bool:
    """'Revocation of work permit' after a finished sentence: a marginal note kept in the text
    (the heading of the next subsection), never a sentence of the law."""
    t = line.strip()
    return bool(prev) and prev.rstrip().endswith((".", ";")) and t[:1].isupper() and not t.isupper() \
        and len(t.split()) <= 8 and not t.endswith((".", ";", ":", ",", "—", "–", "-")) \
        and not re.search(r"\b(?:shall|may|must|is|are|será|podrá|deberá|es|son|est|sont|peut|doit)\b", t, re.I)


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
        self._local: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._defined: dict[str, re.Pattern | None] = {}
        self._by_article: dict[str, list[int]] | None = None
        self._word_index: dict[str, set[int]] | None = None
        self._headings: dict[str, list[int]] | None = None
        self._direct: dict[str, dict[int, list[tuple[int, int]]]] = {}
        self._anaphor_cache: dict[int, tuple[tuple[int, int], frozenset[str]]] | None = None

    def _build(self) -> None:
        units: list[tuple[Provision, str, bool]] = []
        for p in self.doc.walk():
            if p.kind == "note":
                continue  # notes on the history of the text are not the law
            if p.heading:
                units.append((p, p.heading, True))
            prev = ""
            for line in (p.text or "").split("\n"):
                if line.strip():
                    units.append((p, line, _marginal_note(prev, line)))
                    prev = line
        spans = split_sentences(self.lang, [u[1] for u in units])
        pieces: list[str] = []
        offset = 0
        for (prov, text, is_heading), sents in zip(units, spans):
            art = top_article(prov)
            for start, end in _split_long(text, sents or [(0, len(text))]):
                raw = text[start:end].strip()
                if not raw:
                    continue
                folded = fold(raw)
                # a short title names the law: like a heading, it is context, never evidence
                s = Sentence(len(self.sentences), raw, folded, prov, art,
                             is_heading or short_title(folded, self.lang), lang=self.lang)
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
        """sentence index -> spans (in that sentence) where the concept occurs,
        by its own terms, terms the draft defines as it, and anaphoric phrases
        ("esta medida") that stand for it."""
        if concept in self._hits:
            return self._hits[concept]
        out = self._direct_hits(concept)
        if concept in self._anaphora_vocab()[0]:
            for i, (span, concepts) in self._anaphors().items():
                if concept in concepts:
                    out.setdefault(i, []).append(span)
                    out[i].sort()
        self._hits[concept] = out
        return out

    def _anaphora_vocab(self) -> tuple[frozenset[str], re.Pattern | None, int]:
        return anaphora_vocab(self.lang)

    def _anaphors(self) -> dict[int, tuple[tuple[int, int], frozenset[str]]]:
        """Anaphoric phrases resolved to the antecedent concepts of the nearest
        earlier sentence of the same article that names one of them."""
        if self._anaphor_cache is not None:
            return self._anaphor_cache
        antecedents, rx, lookback = self._anaphora_vocab()
        out: dict[int, tuple[tuple[int, int], frozenset[str]]] = {}
        self._anaphor_cache = out
        if rx is None:
            return out
        direct = {c: self._direct_hits(c) for c in antecedents}
        for m in rx.finditer(self._text):
            i = bisect.bisect_right(self._starts, m.start()) - 1
            s = self.sentences[i]
            if s.article is None or i in out:
                continue
            for j in range(i - 1, max(-1, i - 1 - lookback), -1):
                prev = self.sentences[j]
                if prev.article is not s.article:
                    break
                found = frozenset(c for c in antecedents if j in direct[c]) or (out[j][1] if j in out else frozenset())
                if found:
                    base = self._starts[i]
                    out[i] = ((m.start() - base, m.end() - base), found)
                    break
        return out

    def _direct_hits(self, concept: str) -> dict[int, list[tuple[int, int]]]:
        if concept in self._direct:
            return self._direct[concept]
        out: dict[int, list[tuple[int, int]]] = {}
        keys = self.rulebook.concept_keys(concept, self.lang)
        rx = self.rulebook.concept_regex(concept, self.lang)
        todo: set[int] = set()
        if keys is not None and rx is not None:
            for k in keys:
                todo.update(self.word_index.get(k, ()))
        if keys is not None and rx is not None and len(todo) < len(self.sentences) // 4:
            # only the sentences holding a word that starts like one of the terms
            # (when they are few: one scan of the whole text is cheaper otherwise)
            for i in todo:
                spans = [(m.start(), m.end()) for m in rx.finditer(self.sentences[i].folded)]
                if spans:
                    out[i] = spans
            rx = None
        for rx in (rx, self._defined_regex(concept)):
            if rx is None:
                continue
            for m in rx.finditer(self._text):
                i = bisect.bisect_right(self._starts, m.start()) - 1
                base = self._starts[i]
                if m.end() - base > len(self.sentences[i].folded):
                    continue  # a term never runs across two sentences
                out.setdefault(i, []).append((m.start() - base, m.end() - base))
        for spans in out.values():
            spans.sort()
        self._direct[concept] = out
        return out

    @property
    def word_index(self) -> dict[str, set[int]]:
        """Word beginnings (2, 3 and 4 letters) -> sentences holding such a word."""
        if self._word_index is None:
            index: dict[str, set[int]] = {}
            for s in self.sentences:
                for w in set(re.findall(r"\w{2,}", s.folded)):
                    for n in (2, 3, 4):
                        if len(w) >= n:
                            index.setdefault(w[:n], set()).add(s.index)
            self._word_index = index
        return self._word_index

    def hits_at(self, concept: str, index: int) -> list[tuple[int, int]]:
        """Spans of the concept in one sentence, without scanning the whole draft:
        secondary concepts of a pattern are only ever looked up in candidates."""
        if concept in self._hits:
            return self._hits[concept].get(index, [])
        if concept in self._anaphora_vocab()[0]:
            return self.hits(concept).get(index, [])
        key = (concept, index)
        if key not in self._local:
            s = self.sentences[index]
            spans = []
            rx = self.rulebook.concept_regex(concept, self.lang)
            if rx is not None:
                spans = [(m.start(), m.end()) for m in rx.finditer(s.folded)]
            terms = self._defined_regex(concept)
            if terms is not None:
                spans += [(m.start(), m.end()) for m in terms.finditer(s.folded)]
            self._local[key] = sorted(spans)
        return self._local[key]

    def _defined_regex(self, concept: str) -> re.Pattern | None:
        if concept not in self._defined:
            terms = [t for inc in self.rulebook.concept_family(concept) for t in self.defined_terms(inc)]
            self._defined[concept] = (re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w])")
                                      if terms else None)
        return self._defined[concept]

    def article_sentences(self, eids: set[str]) -> list[int]:
        if self._by_article is None:
            self._by_article = {}
            for s in self.sentences:
                if s.article is not None:
                    self._by_article.setdefault(s.article.eid, []).append(s.index)
        return [i for eid in eids for i in self._by_article.get(eid, [])]

    def in_scope(self, concept: str, sentence: Sentence) -> bool:
        """Is the concept in the same article, a tied article, or a grouping heading?"""
        if self.hits_at(concept, sentence.index):
            return True
        for i in self.article_sentences(self.tied_articles(sentence.article)):
            if self.hits_at(concept, i):
                return True
        heads = {g.eid for g in groupings(sentence.provision)}
        return any(self.hits_at(concept, i) for i in self._heading_sentences(heads))

    def _heading_sentences(self, eids: set[str]) -> list[int]:
        if self._headings is None:
            self._headings = {}
            for s in self.sentences:
                if s.heading:
                    self._headings.setdefault(s.provision.eid, []).append(s.index)
        return [i for eid in eids for i in self._headings.get(eid, ())]


def annotate(doc: Document, rulebook: Rulebook) -> AnnotatedDocument:
    return AnnotatedDocument(doc, rulebook)
