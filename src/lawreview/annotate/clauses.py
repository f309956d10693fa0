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
    bounds = sorted(cuts)
    neg_text = _mask(folded, c.not_negation)
    first_exc = min(exc_starts) if exc_starts else None
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
        exception = first_exc is not None and start >= first_exc
        clauses.append(Clause(start, end, negated, modality, exception))
    return clauses


def clause_at(clauses: list[Clause], pos: int) -> Clause:
    for cl in clauses:
        if cl.start <= pos < cl.end:
            return cl
    return clauses[-1]
