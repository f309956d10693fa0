"""Run a rule's own examples through the real engine (used by tests and `rules show`)."""

from __future__ import annotations

import hashlib

from ..model import Block, RawDocument
from ..structure import parse_raw
from .loader import Rulebook

HEADERS = {"en": "Article 1", "es": "Artículo 1.-", "fr": "Article 1"}


def example_document(text: str, lang: str):
    """A one-article draft holding the example (or the example itself when it
    already carries its own article labels)."""
    lines = [l for l in text.split("\n") if l.strip()]
    raw = RawDocument(source="example.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt",
                      blocks=[Block(text=l.strip()) for l in lines], language=lang)
    try:
        return parse_raw(raw)
    except Exception:
        raw.blocks = [Block(text=HEADERS[lang])] + raw.blocks
        return parse_raw(raw)


def run_example(rulebook: Rulebook, rule_id: str, text: str, lang: str):
    from ..annotate import annotate
    from ..assess.engine import assess_rule
    doc = example_document(text, lang)
    return assess_rule(annotate(doc, rulebook), rulebook.rule(rule_id), lang)
