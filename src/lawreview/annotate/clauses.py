"""Read what a sentence does: negation, modality and exceptions, per clause.

Cues live in rules/vocab/cues.yaml. A sentence is cut into clauses at
semicolons, adversative conjunctions and exception cues; each clause is
negated or not, mandatory / discretionary / indicative, and inside an
exception or not. Polarity is decided per clause because legal negation
governs the whole predicate ("No person who … may be detained").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rulebook.vocab import load_vocab


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    negated: bool
    modality: str        # mandatory | discretionary | indicative
    exception: bool      # opened by (or follows) an exception cue


@dataclass(frozen=True)
class _Cues:
    negation: re.Pattern
    not_negation: re.Pattern
    mandatory: re.Pattern
    discretionary: re.Pattern
    exception: re.Pattern
    clause_break: re.Pattern
    delegation: re.Pattern
    default_modality: str


def _union(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else re.compile(r"(?!x)x")


@lru_cache(maxsize=None)
def cues(lang: str) -> _Cues:
    data = load_vocab("cues").get(lang) or load_vocab("cues")["en"]
    return _Cues(
        negation=_union(data["negation"]),
        not_negation=_union(data.get("not_negation", [])),
        mandatory=_union(data["mandatory"]),
        discretionary=_union(data["discretionary"]),
        exception=_union(data["exception"]),
        clause_break=_union(data.get("clause_break", [])),
        delegation=_union(data.get("delegation", [])),
        default_modality=data.get("default_modality", "indicative"),
    )


def _mask(text: str, rx: re.Pattern) -> str:
    return rx.sub(lambda m: " " * (m.end() - m.start()), text)


def analyse(folded: str, lang: str) -> list[Clause]:
    """Clauses of one folded sentence, in order, covering it entirely."""
    c = cues(lang)
    cuts = {0, len(folded)}
    for m in c.clause_break.finditer(folded):
        cuts.add(m.start())
    exc_starts = [m.start() for m in c.exception.finditer(folded)]
    cuts.update(exc_starts)
    # A fronted exception ("Notwithstanding section 4, the Minister may…",
    # "Sin perjuicio de…, la autoridad…") ends at its comma; the main clause follows.
    fronted_end = None
    if exc_starts and min(exc_starts) <= 2:
        comma = folded.find(",", min(exc_starts))
        if comma != -1:
            fronted_end = comma + 1
            cuts.add(fronted_end)
            exc_starts = [e for e in exc_starts if e == min(exc_starts) or e >= fronted_end]
    bounds = sorted(cuts)
    neg_text = _mask(folded, c.not_negation)
    later = [e for e in exc_starts if fronted_end is None or e >= fronted_end]
    first_exc = min(later) if later else None
    clauses = []
    for start, end in zip(bounds, bounds[1:]):
        if end <= start:
            continue
        seg = neg_text[start:end]
        negated = c.negation.search(seg) is not None
        mand = c.mandatory.search(folded, start, end)
        disc = c.discretionary.search(folded, start, end)
        if mand and (not disc or mand.start() < disc.start()):
            modality = "mandatory"
        elif disc:
            modality = "discretionary"
        else:
            modality = c.default_modality
        exception = (first_exc is not None and start >= first_exc) or \
            (fronted_end is not None and start < fronted_end)
        clauses.append(Clause(start, end, negated, modality, exception))
    return clauses


def clause_at(clauses: list[Clause], pos: int) -> Clause:
    for cl in clauses:
        if cl.start <= pos < cl.end:
            return cl
    return clauses[-1]


def delegated(folded: str, lang: str) -> bool:
    """Does the sentence leave its content to regulations ("as may be prescribed")?"""
    return cues(lang).delegation.search(folded) is not None
