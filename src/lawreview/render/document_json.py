"""The `lawreview.document/1` JSON of `lawreview parse` (see design.md)."""

from __future__ import annotations

from typing import Any

from ..model import Document, Provision


def provision_dict(p: Provision) -> dict[str, Any]:
    return {"eid": p.eid, "kind": p.kind, "num": p.num, "label": p.label, "heading": p.heading,
            "text": p.text, "page": p.page, "children": [provision_dict(c) for c in p.children]}


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "schema": "lawreview.document/1",
        "source": doc.source,
        "sha256": doc.sha256,
        "title": doc.title,
        "language": doc.language,
        "pages": doc.pages,
        "provisions": [provision_dict(p) for p in doc.provisions],
        "articles": [{"article": a.num, "eid": a.eid, "label": a.label, "heading": a.heading,
                      "page": a.page, "text": a.full_text()} for a in doc.articles()],
        "definitions": [{"term": d.term, "definition": d.definition, "eid": d.eid} for d in doc.definitions],
        "references": [{"from": r.source, "to": r.target, "text": r.text} for r in doc.references],
    }
