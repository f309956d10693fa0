"""Definitions and cross-references.

Reads the provision tree; writes Definition and Reference records and a
networkx graph whose edges let a safeguard in one article answer for another.
Patterns live in rules/vocab/references.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Definition, Provision, Reference
from ..rulebook.vocab import load_vocab
from ..textutil import fold
from .numbering import normalise_num


@lru_cache(maxsize=None)
def _ref_patterns(lang: str) -> dict[str, re.Pattern]:
    data = load_vocab("references")["references"].get(lang, {})
    return {k: re.compile(v) for k, v in data.items()}


@lru_cache(maxsize=None)
def _def_patterns(lang: str) -> list[re.Pattern]:
    return [re.compile(p, re.S) for p in load_vocab("references")["definitions"].get(lang, [])]


def _own_text(p: Provision) -> str:
    return " ".join(x for x in (p.heading, p.text) if x)


def extract_definitions(roots: list[Provision], lang: str) -> list[Definition]:
    out: list[Definition] = []
    pats = _def_patterns(lang)
    for root in roots:
        for p in root.walk():
            text = p.text
            if not text:
                continue
            for line in text.split("\n"):
                folded = fold(line)
                for rx in pats:
                    m = rx.search(folded)
                    if not m:
                        continue
                    term = line[m.start("term"):m.end("term")].strip(" “”\"'«»")
                    definition = line[m.start("definition"):m.end("definition")].strip()
                    if term and definition and len(term.split()) <= 10:
                        out.append(Definition(term=term, definition=definition, eid=p.eid))
                    break
    return out


def extract_references(roots: list[Provision], articles: list[Provision], lang: str) -> list[Reference]:
    by_num: dict[str, Provision] = {}
    for a in articles:
        by_num.setdefault(fold(a.num or ""), a)
    order = {id(a): i for i, a in enumerate(articles)}
    pats = _ref_patterns(lang)
    refs: list[Reference] = []
    for root in roots:
        for p in root.walk():
            text = _own_text(p)
            if not text:
                continue
            folded = fold(text)
            article = p.article()
            for key in ("range", "explicit"):
                rx = pats.get(key)
                if rx is None:
                    continue
                for m in rx.finditer(folded):
                    tail = folded[m.end():m.end() + 90]
                    if "external" in pats and pats["external"].match(tail):
                        continue
                    nums = [m.group("num")]
                    if key == "range":
                        nums = _expand(m.group("num"), m.group("num2"))
                    else:  # "articles 7 and 8", "artículos 7, 8 y 9", "articles 7 et 8"
                        more = _LIST.match(folded, m.end())
                        if more:
                            nums += re.findall(r"[lrd]?\.?\s?\d+(?:[-.]\d+)*[a-z]?", more.group(0))
                    suf = (m.groupdict().get("suf") or "").strip()
                    for raw in nums:
                        target = by_num.get(fold(normalise_num(raw, suf)))
                        if target is None or target is article:
                            continue
                        target = _sub_target(target, m.groupdict().get("sub") or "")
                        refs.append(Reference(source=p.eid, target=target.eid, text=text[m.start():m.end()].strip()))
            rx = pats.get("previous")
            if rx is not None and article is not None and id(article) in order:
                for m in rx.finditer(folded):
                    i = order[id(article)]
                    if i > 0:
                        refs.append(Reference(source=p.eid, target=articles[i - 1].eid, text=text[m.start():m.end()]))
    rx = pats.get("anaphora")
    if rx is not None:
        for i, art in enumerate(articles[1:], start=1):
            first = next((p for p in art.walk() if p.text), None)
            if first is not None:
                m = rx.match(fold(first.text))
                if m:
                    refs.append(Reference(source=first.eid, target=articles[i - 1].eid, text=first.text[:m.end()]))
    return _dedupe(refs)


_LIST = re.compile(r"(?:\s*(?:,|and|or|y|e|o|u|et|ou)\s+(?:[lrd]\.?\s?)?\d+(?:[-.]\d+)*[a-z]?(?:\s*[°º])?)+")


def _expand(a: str, b: str) -> list[str]:
    ma, mb = re.search(r"(\d+)$", a), re.search(r"(\d+)$", b)
    if not ma or not mb:
        return [a, b]
    lo, hi = int(ma.group(1)), int(mb.group(1))
    if hi < lo or hi - lo > 50:
        return [a, b]
    prefix = a[:ma.start()]
    return [f"{prefix}{n}" for n in range(lo, hi + 1)]


def _sub_target(article: Provision, sub: str) -> Provision:
    node = article
    for part in re.findall(r"\((\w+)\)", sub):
        child = next((c for c in node.children if (c.num or "").lower() == part.lower()), None)
        if child is None:
            break
        node = child
    return node


def _dedupe(refs: list[Reference]) -> list[Reference]:
    seen = set()
    out = []
    for r in refs:
        key = (r.source, r.target, r.text)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def reference_graph(refs: list[Reference]):
    """The cross-references as a networkx DiGraph (provision eid -> eid)."""
    import networkx as nx
    g = nx.DiGraph()
    for r in refs:
        g.add_edge(r.source, r.target, text=r.text)
    return g
