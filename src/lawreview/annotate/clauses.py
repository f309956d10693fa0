"""Read what a sentence does: negation, modality and exceptions, per clause.

Cues live in rules/vocab/cues.yaml. A sentence is cut into clauses at
semicolons, adversative conjunctions and exception cues; each clause is
negated or not, mandatory / discretionary / indicative, and inside an
exception or not. Legal negation governs the whole predicate ("No person
who … may be detained"), so a cue negates what follows it in its clause,
across commas — except from inside a subordinate segment ("Where no
facility is available, the person shall be detained"; "no habiendo orden…,
la autoridad solicitará…"). After the predicate only an explicit prohibition
counts ("The detention of children … is prohibited").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rulebook.vocab import load_vocab


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    negation: bool       # holds a negation cue
    prohibition: bool    # holds an explicit prohibition ("is prohibited", "queda prohibida")
    subordinate: bool    # a subordinate or absolute construction ("where…", "no habiendo…")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    negated: bool        # some negation cue governs the clause's main predicate
    modality: str        # mandatory | discretionary | indicative
    exception: bool      # opened by (or follows) an exception cue
    segments: tuple[Segment, ...] = ()

    def negated_at(self, pos: int) -> bool:
        """Is the word at `pos` under a negation?"""
        seen = False
        for seg in self.segments:
            if seg.start <= pos < seg.end:
                if seg.negation:
                    return True
                seen = True
                continue
            if not seen and seg.negation and not seg.subordinate:
                return True   # "Minors shall not, in any case, be detained"
            if seen and seg.prohibition and not seg.subordinate:
                return True   # "The detention of children, …, is prohibited"
        return False


@dataclass(frozen=True)
class _Cues:
    negation: re.Pattern
    not_negation: re.Pattern
    mandatory: re.Pattern
    discretionary: re.Pattern
    exception: re.Pattern
    clause_break: re.Pattern
    delegation: re.Pattern
    hedge: re.Pattern
    short_title: re.Pattern
    prohibition: re.Pattern
    subordinate: re.Pattern
    coordination: re.Pattern
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
        hedge=_union(data.get("hedge", [])),
        short_title=_union(data.get("short_title", [])),
        prohibition=_union(data.get("prohibition", [])),
        subordinate=_union(data.get("subordinate", [])),
        coordination=_union(data.get("coordination", [])),
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
        segments = _segments(folded, neg_text, start, end, c)
        negated = any(g.negation for g in segments)
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
        clauses.append(Clause(start, end, negated, modality, exception, tuple(segments)))
    return clauses


def _segments(folded: str, neg_text: str, start: int, end: int, c: _Cues) -> list[Segment]:
    """The comma-separated segments of one clause."""
    inner = {start + m.end() for m in re.finditer(r",\s*", folded[start:end])}
    inner |= {m.start() for m in c.coordination.finditer(folded, start, end)}
    cuts = [start] + sorted(x for x in inner if start < x < end) + [end]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if b <= a:
            continue
        text = neg_text[a:b]
        out.append(Segment(a, b, c.negation.search(text) is not None, c.prohibition.search(text) is not None,
                           c.subordinate.match(folded, a) is not None))
    return out


def clause_at(clauses: list[Clause], pos: int) -> Clause:
    for cl in clauses:
        if cl.start <= pos < cl.end:
            return cl
    return clauses[-1]


def delegated(folded: str, lang: str) -> bool:
    """Does the sentence leave its content to regulations ("as may be prescribed")?"""
    return cues(lang).delegation.search(folded) is not None


def hedged(folded: str, lang: str) -> bool:
    """Is the sentence's promise hedged ("where possible", "en la medida de lo
    posible", "dans la mesure du possible")? Such a safeguard is not a guarantee."""
    return cues(lang).hedge.search(folded) is not None


def short_title(folded: str, lang: str) -> bool:
    """'This Act may be cited as …': names the law, regulates nothing."""
    return cues(lang).short_title.search(folded) is not None
