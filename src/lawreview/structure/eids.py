"""Akoma Ntoso eIds, following the naming rules of laws-africa's bluebell.

Containers down to the article are named on their own (`chp_2`, `art_12`);
what sits inside an article is prefixed by its parent
(`art_12__para_2__point_a`). Unnumbered elements are `nn`; a repeated id
gets `_2`, `_3` … A Westminster "Section 8" is `sec_8`, its "(1)" `subsec_1`.
"""

from __future__ import annotations

import re

from ..model import Provision

_CIVIL = {"book": "book", "part": "part", "title": "title", "chapter": "chp", "section": "sec",
          "article": "art", "paragraph": "para", "item": "point", "other": "hcontainer",
          "annex": "att", "preface": "preface", "preamble": "preamble", "note": "note"}
_WESTMINSTER = {**_CIVIL, "article": "sec", "paragraph": "subsec", "item": "para"}
_UNPREFIXED = {"book", "part", "title", "chapter", "section", "other", "annex", "preface", "preamble"}
_SINGLE = {"preface", "preamble"}


def clean_num(num: str | None) -> str:
    if not num:
        return "nn"
    out = re.sub(r"[^\w.-]+", "-", num.strip().strip("().")).strip("-.")
    return out or "nn"


def assign_eids(roots: list[Provision]) -> None:
    seen: set[str] = set()

    def unique(eid: str) -> str:
        if eid not in seen:
            seen.add(eid)
            return eid
        n = 2
        while f"{eid}_{n}" in seen:
            n += 1
        seen.add(f"{eid}_{n}")
        return f"{eid}_{n}"

    def visit(node: Provision, parent_eid: str, westminster: bool, in_article: bool) -> None:
        if node.kind == "article" and not in_article:
            westminster = node.label.lower().startswith(("section", "sec")) or node.label.rstrip(".").isdigit()
        names = _WESTMINSTER if westminster else _CIVIL
        name = names[node.kind]
        if node.kind == "item" and node.parent is not None and node.parent.kind == "item":
            name = "subpara" if westminster else "point"
        local = name if node.kind in _SINGLE else f"{name}_{clean_num(node.num)}"
        prefixed = in_article or node.kind not in _UNPREFIXED | {"article"}
        eid = f"{parent_eid}__{local}" if (prefixed and parent_eid) else local
        node.eid = unique(eid)
        for child in node.children:
            visit(child, node.eid, westminster, in_article or node.kind == "article")

    for root in roots:
        visit(root, "", False, False)
