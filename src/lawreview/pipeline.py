"""The whole flow for one file: ingest -> structure -> annotate -> assess.

`review_file` returns a Review, which every report format renders; its
`as_dict` is the `lawreview.review/1` JSON contract of design.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .annotate import annotate
from .assess.engine import Finding, assess
from .model import Document
from .rulebook.instruments import RATIFIABLE
from .rulebook.loader import Rulebook, load_rulebook
from .structure import parse_file
from .textutil import unquote


@dataclass
class Review:
    document: Document
    findings: list[Finding]
    rulebook: Rulebook
    country: Any = None                 # lawreview.rulebook.instruments.Country or None
    ratifications: Any = None           # Ratifications or None
    extra: dict = field(default_factory=dict)

    def citation(self, instrument: str, provision: str) -> dict[str, Any]:
        inst = self.rulebook.instruments.get(instrument)
        kind = getattr(inst, "kind", None)
        out: dict[str, Any] = {"instrument": instrument, "provision": provision, "binding": kind, "ratified": None}
        if self.country is not None and self.ratifications is not None:
            st = self.ratifications.status(instrument, self.country.alpha_2)
            out["ratified"] = st.ratified
            out["applicable"] = st.applicable
            out["binding_on_state"] = st.binding_on_state
            if st.year:
                out["year"] = st.year
            if kind in RATIFIABLE:
                # the date of the data behind the status; null where there is none ("no data")
                out.update(status=st.status, as_of=st.as_of, source=st.source)
                reservation = self.ratifications.reservation(instrument, self.country.alpha_2, provision)
                if reservation:
                    out["reservation"] = reservation
        return out

    def as_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "schema": "lawreview.review/1",
            "document": {"source": doc.source, "sha256": doc.sha256, "title": doc.title,
                         "language": doc.language, "articles": len(doc.articles()), "pages": doc.pages,
                         "encoding": doc.encoding},
            "country": self.country.alpha_3 if self.country is not None else None,
            "lang": self.extra.get("lang") or doc.language,   # the language of titles, summaries, recommendations
            "rulebook": {"version": self.rulebook.version, "rules": len(self.rulebook.rules)},
            "findings": [self.finding_dict(f) for f in self.findings],
        }

    def summary(self, f: Finding, lang: str) -> str:
        return (self.extra.get("summaries", {}).get(f.rule.id) or {}).get(lang) or f.summary

    def finding_dict(self, f: Finding) -> dict[str, Any]:
        lang = self.extra.get("lang") or self.document.language
        return {
            "rule": f.rule.id,
            "title": f.rule.title.get(lang),
            "status": f.status,
            "severity": f.rule.severity,
            "summary": self.summary(f, lang),
            # every report language, so that a stored review renders in another one (batch.stored)
            "summaries": self.extra.get("summaries", {}).get(f.rule.id) or {lang: f.summary},
            "evidence": [{"eid": e.eid, "article": e.article, "label": e.label,
                          "page": e.page if self.document.pages is not None else None,
                          "quote": e.quote, "role": e.role, "amends": e.amends} for e in f.evidence],
            "citations": [self.citation(c.instrument, c.provision) for c in f.rule.citations],
            "recommendation": unquote(f.rule.recommendation.get(lang)),
            "confidence": f.confidence,
            "trace": f.trace,
        }


def review_document(doc: Document, *, lang: str | None = None, country: str | None = None,
                    ratification_files: list[str] | None = None, rulebook: Rulebook | None = None) -> Review:
    rulebook = rulebook or load_rulebook()
    lang = lang or doc.language
    ann = annotate(doc, rulebook)
    findings = assess(ann, lang)
    # the summaries in the other report languages cost little once the draft is annotated
    summaries = {f.rule.id: {lang: f.summary} for f in findings}
    for other in ("en", "es", "fr"):
        if other != lang:
            for f in assess(ann, other):
                summaries.setdefault(f.rule.id, {})[other] = f.summary
    review = Review(document=doc, findings=findings, rulebook=rulebook, extra={"lang": lang, "summaries": summaries})
    if country or ratification_files:
        from .rulebook.instruments import load_ratifications, resolve_country
        review.ratifications = load_ratifications([Path(p) for p in ratification_files or []])
        review.country = resolve_country(country) if country else None
    return review


def review_file(path: str | Path, *, lang: str | None = None, country: str | None = None,
                ratification_files: list[str] | None = None) -> Review:
    if country:  # refuse a bad --country before reading anything
        from .rulebook.instruments import resolve_country
        resolve_country(country)
    return review_document(parse_file(path), lang=lang, country=country, ratification_files=ratification_files)
