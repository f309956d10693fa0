"""Recognise provision markers at the start of a paragraph.

Reads the numbering vocabulary (rules/vocab/numbering.yaml) and answers, for
one paragraph, "is this the start of a title / chapter / article / paragraph /
item, with which number, label and heading?". The tree builder decides where
the provision goes; this module only reads labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..rulebook.vocab import load_vocab
from ..textutil import fold

ROMAN = r"[ivxlcdm]+"
QUOTES = "\"'“”«»‘’„"


@dataclass
class Marker:
    kind: str            # book/part/title/chapter/section/article/paragraph/item
    num: str             # normalised number
    label: str           # as written
    rest: str            # the rest of the paragraph after the label
    keyword: str = ""    # folded keyword ("articulo", "section", "")
    signature: str = ""  # typographic style of the label (for quoted articles)
    quoted: bool = False  # the label opens with a quotation mark


@dataclass(frozen=True)
class Vocabulary:
    groupings: dict[str, tuple[str, ...]]
    article_keywords: tuple[str, ...]
    section_as_article: tuple[str, ...]
    series_prefixes: dict
    suffixes: tuple[str, ...]
    units: dict[str, int]
    tens: dict[str, int]
    joined: dict[str, int]
    toc_headings: tuple[str, ...]
    preamble_starts: tuple[str, ...]
    annex_keywords: tuple[str, ...]
    quote_intros: tuple[str, ...]
    amending_verbs: tuple[str, ...]
    not_law_headings: tuple[str, ...]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    v = load_vocab("numbering")
    o = v["ordinals"]
    return Vocabulary(
        groupings={k: tuple(fold(w) for w in ws) for k, ws in v["groupings"].items()},
        article_keywords=tuple(fold(w) for w in v["article_keywords"]),
        section_as_article=tuple(fold(w) for w in v["section_as_article"]),
        series_prefixes={fold(k): p for k, p in (v.get("series_prefixes") or {}).items()},
        suffixes=tuple(v["suffixes"]),
        units={fold(k): int(n) for k, n in o["units"].items()},
        tens={fold(k): int(n) for k, n in o["tens"].items()},
        joined={fold(k): int(n) for k, n in o["joined_prefixes"].items()},
        toc_headings=tuple(fold(w) for w in v["toc_headings"]),
        preamble_starts=tuple(fold(w) for w in v["preamble_starts"]),
        annex_keywords=tuple(fold(w) for w in v["annex_keywords"]),
        quote_intros=tuple(fold(w) for w in v["quote_intros"]),
        amending_verbs=tuple(fold(w) for w in v["amending_verbs"]),
        not_law_headings=tuple(fold(w) for w in v.get("not_law_headings", [])),
    )


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Patterns:
    article: re.Pattern
    grouping: re.Pattern
    numbered_heading: re.Pattern
    para: tuple[re.Pattern, ...]
    item: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    v = vocabulary()
    ordinal_words = set(v.units) | set(v.tens)
    ordinal = rf"(?:(?:{_alt(v.tens)})[\s-]?(?:{_alt(v.units)})|(?:{_alt(v.joined)})(?:{_alt(v.units)})|{_alt(ordinal_words)})"
    suffix = rf"(?:[\s-]*(?:{_alt(v.suffixes)})\b)?"
    code_num = r"[lrda]\*?\.?\s?\d+(?:[-.]\d+)*(?:\s[a-z](?![\w]))?"  # French codes: L. 551-1, R*122-1, L312-1 A
    arabic = r"\d+(?:[.-]\d+)*(?:er|re|[a-z])?(?![a-z0-9_])"
    num = rf"(?P<num>{code_num}|{arabic}|{ordinal}\b)"
    sep = r"(?P<sep>\s*[°º](?:\s*[.:\-–—)]+)*\s*|(?:\s*[.:\-–—)]+)+\s*|\s+|$)"
    kw = _alt(v.article_keywords + v.section_as_article)
    article = re.compile(
        rf"^(?P<q>[{QUOTES}]?\s*)(?P<kw>{kw})[.:]?\s*{num}(?P<deg0>\s*[°º])?(?P<suf>{suffix})(?P<deg>\s*[°º])?{sep}(?P<rest>.*)$", re.S)
    gkw = _alt([w for ws in v.groupings.values() for w in ws])
    gnum = rf"(?P<num>(?:{ROMAN}|\d+)(?:er|re|ier|ere)(?![a-z])|{ROMAN}|\d+(?:\.\d+)*[a-z]?|{ordinal}|[a-z])"
    grouping = re.compile(
        rf"^(?P<q>[{QUOTES}]?\s*)(?P<kw>{gkw})\s+{gnum}(?P<suf>{suffix})\b(?P<deg>\s*[°º])?{sep}(?P<rest>.*)$", re.S)
    numbered_heading = re.compile(
        rf"^(?P<num>\d+(?:\.\d+)*[A-Za-z]?){suffix}(?P<sep>\.?\s*[—–]+\s*|\.(?=\()|\.?\s+)(?P<rest>\S.*)$", re.S)
    para = (
        re.compile(r"^(?P<label>\((?P<num>\d+(?:\.\d+)?[a-z]?)\))\s*(?P<rest>.*)$", re.S),
        re.compile(r"^(?P<label>(?P<num>\d{1,3})[°º]\s*[.\-–)]?)\s*(?P<rest>.*)$", re.S),
        re.compile(r"^(?P<label>(?P<num>\d{1,3})[.)])\s+(?P<rest>.*)$", re.S),
        re.compile(r"^(?P<label>§\s*(?P<num>\d{1,3})\.?)\s+(?P<rest>.*)$", re.S),
    )
    item = (
        re.compile(r"^(?P<label>\((?P<num>[a-zñ]{1,2}(?:\.\d)?|[ivxlc]{1,6})\))\s*(?P<rest>.*)$", re.S | re.I),
        re.compile(r"^(?P<label>(?P<num>[a-zñ]{1,2}|[ivxlc]{1,6})\))\s*(?P<rest>.*)$", re.S | re.I),
        re.compile(r"^(?P<label>(?P<num>[a-z]|[ivxlc]{1,6})\.)\s+(?P<rest>.*)$", re.S | re.I),
        re.compile(r"^(?P<label>(?P<num>[ivxlc]{1,6})\s*[-–])\s+(?P<rest>.*)$", re.S | re.I),
    )
    return _Patterns(article, grouping, numbered_heading, para, item)


def ordinal_value(word: str) -> int | None:
    v = vocabulary()
    w = fold(word).replace("-", " ").strip()
    if w in v.units:
        return v.units[w]
    if w in v.tens:
        return v.tens[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in v.tens and parts[1] in v.units:
        return v.tens[parts[0]] + v.units[parts[1]]
    for prefix, tens in v.joined.items():
        if w.startswith(prefix) and w[len(prefix):] in v.units:
            return tens + v.units[w[len(prefix):]]
    return None


def normalise_num(num: str, suffix: str = "") -> str:
    """'15 bis' -> '15bis', 'PRIMERO' -> '1', 'L. 551-1' -> 'L551-1', '12°' -> '12'."""
    raw = num.strip()
    value = ordinal_value(raw) if not raw[:1].isdigit() else None
    if value is not None:
        out = str(value)
    elif re.match(r"^[LRDAlrda]\*?\.?\s?\d", raw):
        out = re.sub(r"[\s.]", "", raw[0].upper() + raw[1:])
    else:
        out = re.sub(r"^(\d+)(?:o|er|re|ER|RE|O)$", r"\1", raw.rstrip("."))  # "2o", "1er" are ordinals
    suf = fold(suffix).strip(" -")
    return out + suf


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
        if ch in QUOTES + "(«[":
            return True
    return True


def _signature(label: str, kw_orig: str) -> str:
    case = "U" if kw_orig.isupper() else ("T" if kw_orig[:1].isupper() else "L")
    short = "." if kw_orig.endswith(".") or len(kw_orig) <= 4 else ""
    end = re.search(r"[^\w\s°º*]*\s*$", label)
    tail = re.sub(r"\s", "", end.group(0) if end else "")[-2:]
    return f"{case}{short}{tail}"


def _clean_label(label: str) -> str:
    """'Article 1 - ' -> 'Article 1' (a spaced dash separates the heading); 'Art. 12.-' stays."""
    return re.sub(r"\s+[-–—:]\s*$", "", label.strip())


def match_article(text: str, folded: str, *, section_is_article: bool, previous_open: bool) -> Marker | None:
    """An article-level label at the start of `text`.

    `previous_open`: the preceding paragraph ends mid-sentence, so a lower-case
    "artículo 29 llevan…" is a wrapped reference, not a new article.
    """
    m = _patterns().article.match(folded)
    if not m:
        return None
    kw = m.group("kw")
    v = vocabulary()
    if kw in v.section_as_article and not section_is_article:
        return None
    sep, rest = m.group("sep"), text[m.start("rest"):]
    kw_orig = text[m.start("kw"):m.end("kw")]
    if not sep.strip() and rest and not _starts_upper(rest):
        return None  # "article 12 of the Act …": a reference, not a label
    if sep.strip().startswith(")") :
        return None
    if kw_orig.islower() and (previous_open or not sep.strip()):
        return None
    if kw in ("art",) and not text[m.end("kw"):m.end("kw") + 1] in (".", ":", " ", "\u00a0"):
        return None
    label = _clean_label(text[m.start("kw"):m.start("rest")])
    num = v.series_prefixes.get(kw, "") + normalise_num(text[m.start("num"):m.end("num")], m.group("suf") or "")
    return Marker("article", num, label, rest.strip(), kw, _signature(label, kw_orig), bool(m.group("q").strip()))


def match_grouping(text: str, folded: str, *, section_is_article: bool) -> Marker | None:
    m = _patterns().grouping.match(folded)
    if not m:
        return None
    kw = m.group("kw")
    kind = next(k for k, ws in vocabulary().groupings.items() if kw in ws)
    if kind == "section" and section_is_article and kw in vocabulary().section_as_article:
        return None
    kw_orig = text[m.start("kw"):m.end("kw")]
    sep, rest = m.group("sep"), text[m.start("rest"):]
    if not sep.strip() and rest and not _starts_upper(rest):
        return None
    if kw_orig.islower():
        return None
    raw_num = re.sub(r"(?i)(?<=[ivxlcdm\d])(?:er|re|ier|ère)$", "", text[m.start("num"):m.end("num")])
    if re.fullmatch(ROMAN, fold(raw_num)) and not raw_num.isupper() and not raw_num.isdigit():
        if ordinal_value(raw_num) is None and len(raw_num) > 1:
            return None  # "Title vi" in running text is unlikely; "Title civil" is not a label
    label = _clean_label(text[m.start("kw"):m.start("rest")])
    num = normalise_num(raw_num, m.group("suf") or "")
    if not raw_num[:1].isdigit() and ordinal_value(raw_num) is None:
        num = raw_num.upper() if re.fullmatch(ROMAN, fold(raw_num)) else raw_num
    return Marker(kind, num, label, rest.strip(), kw, _signature(label, kw_orig), bool(m.group("q").strip()))


def match_numbered_heading(text: str) -> Marker | None:
    """'4. Protection against return' or '4 Short title' (drafts with no keyword)."""
    m = _patterns().numbered_heading.match(text)
    if not m:
        bare = re.fullmatch(r"(\d+(?:\.\d+)*[A-Za-z]?)\.?", text.strip())
        return Marker("article", normalise_num(bare.group(1)), text.strip(), "") if bare else None
    return Marker("article", normalise_num(m.group("num")), text[:m.start("sep")].strip() + ".", m.group("rest").strip())


def match_subdivision(text: str, *, open_item: str | None, open_subitem: bool = False) -> Marker | None:
    """A paragraph "(1)" / "1." / "2°" or an item "(a)" / "a)" / "(i)" / "I.".

    `open_subitem`: the open item is itself a roman sub-item ("(i)" under "(e)"),
    so "(ii)" continues it rather than starting a new item."""
    p = _patterns()
    for rx in p.para:
        m = rx.match(text)
        if m:
            return Marker("paragraph", m.group("num"), m.group("label").strip(), m.group("rest").strip())
    for rx in p.item:
        m = rx.match(text)
        if m:
            num = m.group("num")
            is_roman = re.fullmatch(ROMAN, num.lower()) is not None
            if is_roman and open_item and len(num) == 1 and chr(ord(open_item[-1]) + 1) == num.lower():
                is_roman = False  # (h) then (i): a letter, not a roman numeral
            if num.isupper() and len(num) > 1 and not is_roman:
                continue
            kind = "subitem" if (is_roman and num.islower() and open_item
                                 and (open_subitem or not re.fullmatch(ROMAN, open_item))) else "item"
            if not m.group("rest") and not m.group("label").startswith("("):
                continue
            return Marker(kind, num.lower() if not (is_roman and num.isupper()) else num, m.group("label"), m.group("rest").strip())
    return None
