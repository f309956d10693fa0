"""Reports from a stored review (the lawreview.review/1 JSON), without reviewing again.

The report layer renders a pipeline.Review. `review_from_json` rebuilds the parts
of one that rendering needs from the JSON and the current rulebook: the document's
identity (source, hash, title, language, pages, encoding, article count), each
finding's status, summary, evidence, confidence and trace, the rule objects (by
id, from the rulebook whose version the JSON names), and the State and
ratification data. The draft's full provision tree is not in the JSON: the
article-by-article comments are grouped by the top-level article named in each
evidence eid (art_12__para_2 -> art_12), and an article's heading is not shown.

A finding's summary is language-bound; reviews since this change store it in
every report language (`summaries`); an older review keeps its own language's
summary in a report of another language (StoredReviewError when that would
happen, so the batch reviews such a draft again instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LawreviewError
from ..model import Document, Provision
from .tasks import SCHEMA


class StoredReviewError(LawreviewError):
    """The stored review cannot be rendered as asked: review the draft again."""


@dataclass
class _StoredDocument(Document):
    article_count: int = 0

    def articles(self) -> list[Provision]:     # the count is all a report needs
        return [Provision(kind="article")] * self.article_count


def _top_label(label: str) -> str:
    """'ARTÍCULO 2°(c)' -> 'ARTÍCULO 2°' (the article's own label, without the point)."""
    return re.sub(r"(\s*\([^)]*\))+\s*$", "", label).strip() or label


def review_from_json(data: dict[str, Any], *, lang: str | None = None, rulebook=None,
                     ratification_files: list[str] | tuple[str, ...] = ()):
    """A pipeline.Review rebuilt from its JSON, ready for report.render_review (in `lang`)."""
    from ..assess.engine import Evidence, Finding
    from ..pipeline import Review
    from ..rulebook.loader import load_rulebook

    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise StoredReviewError("not a lawreview review (schema lawreview.review/1)")
    rulebook = rulebook or load_rulebook()
    stored_version = data["rulebook"]["version"]
    if stored_version != rulebook.version:
        raise StoredReviewError(f"reviewed with rulebook {stored_version}, now {rulebook.version}")
    d = data["document"]
    lang = lang or d.get("language") or "en"

    tops: dict[str, Provision] = {}
    findings = []
    for fd in data["findings"]:
        try:
            rule = rulebook.rule(fd["rule"])
        except KeyError:
            raise StoredReviewError(f"rule {fd['rule']} is no longer in the rulebook") from None
        summaries = fd.get("summaries") or {}
        summary = summaries.get(lang)
        if summary is None:
            if lang != (data.get("lang") or d.get("language")):
                raise StoredReviewError(f"the stored review has no {lang} summaries")
            summary = fd["summary"]
        evidence = []
        for e in fd.get("evidence", []):
            evidence.append(Evidence(eid=e["eid"], article=e.get("article"), label=e.get("label", ""),
                                     page=e.get("page") or 1, quote=e.get("quote", ""), role=e.get("role", "")))
            _add_article(tops, e)
        findings.append(Finding(rule=rule, status=fd["status"], evidence=evidence, summary=summary,
                                trace=fd.get("trace") or {}, confidence=fd.get("confidence") or "high"))
    doc = _StoredDocument(source=d["source"], sha256=d["sha256"], format=Path(d["source"]).suffix.lstrip(".") or "txt",
                          title=d.get("title") or "", language=d.get("language") or lang, pages=d.get("pages"),
                          provisions=sorted(tops.values(), key=_draft_order), encoding=d.get("encoding"),
                          article_count=d.get("articles") or 0)
    review = Review(document=doc, findings=findings, rulebook=rulebook, extra={"lang": lang})
    review.extra["summaries"] = {fd["rule"]: fd.get("summaries") or {} for fd in data["findings"]}
    if data.get("country") or ratification_files:
        from ..rulebook.instruments import load_ratifications, resolve_country
        review.ratifications = load_ratifications([Path(p) for p in ratification_files])
        review.country = resolve_country(data["country"]) if data.get("country") else None
    return review


def _draft_order(p: Provision) -> tuple:
    """Articles in the draft's order, as far as their numbers tell (5 < 5bis < 12)."""
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.findall(r"\d+|[^\d_]+", p.eid.split("_", 1)[-1]))


def _add_article(tops: dict[str, Provision], e: dict) -> None:
    eid = e["eid"]
    top = eid.split("__", 1)[0]
    if not re.match(r"(art|sec)_", top):
        return
    prov = tops.get(top)
    if prov is None:
        prov = tops[top] = Provision(kind="article", eid=top, num=e.get("article"),
                                     label=_top_label(e.get("label", "")), page=e.get("page") or 1)
    if eid == top:
        prov.label = e.get("label", prov.label)
    elif eid not in {c.eid for c in prov.children}:
        child = Provision(kind="paragraph", eid=eid, label=e.get("label", ""), page=e.get("page") or 1, parent=prov)
        prov.children.append(child)
