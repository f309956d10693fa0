"""Akoma Ntoso 3.0 XML export of the provision tree (`lawreview parse --format akn`)."""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET

from ..model import Document, Provision
from ..textutil import strip_controls

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_WESTMINSTER = {"article": "section", "paragraph": "subsection", "item": "paragraph"}
_CIVIL = {"article": "article", "paragraph": "paragraph", "item": "point"}
_GROUPS = {"book": "book", "part": "part", "title": "title", "chapter": "chapter", "section": "section"}


def _t(text: str) -> str:
    return strip_controls(text or "")


def _el(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v})


def _paras(parent: ET.Element, text: str) -> None:
    for line in (text or "").split("\n"):
        if line.strip():
            _el(parent, "p").text = _t(line)


def _node(parent: ET.Element, p: Provision, westminster: bool, in_article: bool) -> None:
    if p.kind == "article" and not in_article:
        westminster = p.label.lower().startswith(("section", "sec"))
    if p.kind == "article" and in_article:
        wrapper = _el(parent, "hcontainer", eId=f"{p.eid}__qstr", name="quotedStructure")
        parent, in_article = wrapper, False
    names = _WESTMINSTER if westminster else _CIVIL
    if p.kind in _GROUPS:
        tag, attrs = _GROUPS[p.kind], {}
    elif p.kind in names:
        tag, attrs = names[p.kind], {}
        if p.kind == "item" and p.parent is not None and p.parent.kind == "item" and westminster:
            tag = "subparagraph"
    else:
        tag, attrs = "hcontainer", {"name": p.kind}
    el = _el(parent, tag, eId=p.eid, **attrs)
    if p.label:
        _el(el, "num").text = _t(p.label)
    if p.heading:
        _el(el, "heading").text = _t(p.heading)
    if p.children:
        if p.text:
            _paras(_el(el, "intro"), p.text)
        for c in p.children:
            _node(el, c, westminster, in_article or p.kind == "article")
    else:
        _paras(_el(el, "content"), p.text or " ")
        if not len(el[-1]):
            _el(el[-1], "p")


def document_akn(doc: Document) -> str:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}akomaNtoso")
    act = _el(root, "act", name="act")
    meta = _el(act, "meta")
    ident = _el(meta, "identification", source="#lawreview")
    today = _dt.date.today().isoformat()
    lang = {"en": "eng", "es": "spa", "fr": "fra"}.get(doc.language, "und")
    for level, suffix in (("FRBRWork", ""), ("FRBRExpression", f"/{lang}@"), ("FRBRManifestation", f"/{lang}@/main.xml")):
        frbr = _el(ident, level)
        uri = f"/akn/un/act/draft/{doc.sha256[:12]}{suffix}"
        _el(frbr, "FRBRthis", value=uri + ("/!main" if level == "FRBRWork" else ""))
        _el(frbr, "FRBRuri", value=uri)
        _el(frbr, "FRBRdate", date=today, name="lawreview")
        _el(frbr, "FRBRauthor", href="#lawreview")
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", value="un")
        if level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", language=lang)
    refs = _el(meta, "references", source="#lawreview")
    _el(refs, "TLCOrganization", eId="lawreview", href="/ontology/organization/lawreview", showAs="lawreview")
    pre = [p for p in doc.provisions if p.kind == "preface"]
    preamble = [p for p in doc.provisions if p.kind == "preamble"]
    rest = [p for p in doc.provisions if p.kind not in ("preface", "preamble")]
    if pre:
        el = _el(act, "preface")
        _el(el, "longTitle").append(_p_with(doc.title))
        for p in pre:
            cont = _el(el, "container", eId=p.eid, name="preface")
            _paras(cont, p.text)
    if preamble:
        el = _el(act, "preamble")
        for p in preamble:
            cont = _el(el, "container", eId=p.eid, name="preamble")
            _paras(cont, p.text)
    body = _el(act, "body")
    for p in rest:
        _node(body, p, False, False)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _p_with(text: str) -> ET.Element:
    p = ET.Element(f"{{{NS}}}p")
    p.text = _t(text)
    return p
