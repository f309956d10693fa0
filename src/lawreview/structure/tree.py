"""Build the provision tree from ingested paragraphs.

Reads: RawDocument.blocks. Writes: a list of top-level Provisions (preface,
preamble, groupings, articles …) in which every paragraph of the source lands
somewhere. Quoted articles of an amending act stay inside the amending
article; a table of contents is kept as one 'other' provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Block, Provision
from ..textutil import fold
from .numbering import (
    QUOTES, Marker, match_article, match_grouping, match_numbered_heading, match_subdivision, vocabulary,
)

# Rank in the hierarchy; quoted structures are pushed QUOTED deeper.
RANK = {"preface": 0, "preamble": 0, "book": 1, "part": 2, "title": 3, "chapter": 4, "section": 5,
        "other": 5.5, "note": 5.5, "article": 6, "paragraph": 7, "item": 8, "subitem": 9, "annex": 1}
QUOTED = 20
# (a)(1)(A)(i)(I): ranks between the article (6) and a Westminster item (8)
_US_RANKS = {"lower_letter": 7.0, "digit": 7.2, "upper_letter": 7.4, "lower_roman": 7.6, "upper_roman": 7.8}
_TERMINAL = tuple(".;:!?…\"'”»)]")
_HEADING_MAX = 160


@dataclass
class _Mode:
    section_is_article: bool
    numbered_headings: bool


def _is_open(text: str) -> bool:
    """The paragraph stops mid-sentence (a wrapped line follows)."""
    t = text.rstrip()
    return bool(t) and not t.endswith(_TERMINAL) and not t.endswith(("—", "-.", ".-"))


def _looks_like_heading(text: str) -> bool:
    t = text.strip().rstrip(QUOTES + " ")
    if not t or len(t) > _HEADING_MAX:
        return False
    return t.isupper() or (not t.endswith((".", ";", ",", ":")) and len(t.split()) <= 16)


def detect_mode(blocks: list[Block]) -> _Mode:
    """Does this draft number its articles 'Article N', 'Section N' or 'N. Heading'?"""
    kw_articles = sections = numbered = 0
    prev_open = False
    for b in blocks:
        folded = fold(b.text)
        m = match_article(b.text, folded, section_is_article=True, previous_open=prev_open)
        if m and not m.quoted:
            if m.keyword in vocabulary().article_keywords:
                kw_articles += 1
            else:
                sections += 1
        elif b.style == "heading" and match_numbered_heading(b.text):
            numbered += 1
        prev_open = _is_open(b.text)
    best = max(kw_articles, sections, numbered)
    if best == 0 or kw_articles == best:
        return _Mode(section_is_article=False, numbered_headings=best == 0)
    if sections == best:
        return _Mode(section_is_article=True, numbered_headings=False)
    return _Mode(section_is_article=False, numbered_headings=True)


class TreeBuilder:
    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.mode = detect_mode(blocks)
        self.roots: list[Provision] = []
        self.stack: list[tuple[float, Provision]] = []
        self.quote_sig: str | None = None     # signature of the amending article while quoting
        self.quote_base_num: str | None = None
        self.toc: Provision | None = None
        self.not_law: Provision | None = None
        self.toc_seen: set[tuple[str, str]] = set()
        self.pending_heading: Provision | None = None
        self._us_article: Provision | None = None
        self._styled_headings: set[int] = set()   # headings that were a heading line of the source
        self._tentative: dict[int, tuple[Provision, str]] = {}  # 'Artículo 4. Objeto.' read as heading
        self._last_article_num: str | None = None
        self._last_body: tuple[Provision, str] | None = None  # the last line appended as text
        self.quote_open = False     # quoted text opened with a quotation mark…
        self.quote_closed = False   # …and that mark has been closed
        self.v = vocabulary()
        self._prev_text = ""
        self._article_level = 0    # the Markdown/Word heading level of the article headings, when they are headings
        self._f_markers = False   # the source is a consolidation with F-markers ('F9[ … ]')
        self.note: Provision | None = None   # an open 'Historical Note' that citation lines continue

    # -- placement -------------------------------------------------------
    def _push(self, prov: Provision, rank: float) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        if parent is None:
            self.roots.append(prov)
        else:
            prov.parent = parent
            parent.children.append(prov)
        self.stack.append((rank, prov))

    # -- editorial notes ---------------------------------------------------
    def _note_line(self, block: Block, text: str) -> bool:
        """A whole line of notes on the history of the text: 'Historical Note' and the
        citations under it, '[Reformado DOF 12-07-2019]', '(Amended by Act 12 of 2019.)'."""
        if _NOTE_OPENER.match(text):
            self.note = self._add_note(text, block)
            return True
        if self.note is not None and _NOTE_CITATION.match(text):
            self.note.text += "\n" + text
            return True
        self.note = None
        if _NOTE_LINE.match(text):
            self._add_note(text, block)
            return True
        return False

    def _add_note(self, text: str, block: Block) -> Provision:
        cur = self._current()
        note = Provision(kind="note", text=text, page=block.page)
        if cur is None:
            self.roots.append(note)
        else:
            note.parent = cur
            cur.children.append(note)
        return note

    def _current(self) -> Provision | None:
        return self.stack[-1][1] if self.stack else None

    def _append_text(self, prov: Provision, text: str) -> None:
        if not prov.text:
            prov.text = text
        elif _is_open(prov.text) and (text[:1].islower() or text[:1].isdigit() or prov.text.endswith("-")):
            prov.text = prov.text + ("" if prov.text.endswith("-") and text[:1].islower() and False else " ") + text
        elif _is_open(prov.text) and not (text.isupper() or prov.text.rsplit("\n", 1)[-1].isupper()):
            prov.text = prov.text + " " + text
        else:
            prov.text = prov.text + "\n" + text

    def _in_article(self) -> Provision | None:
        for rank, p in reversed(self.stack):
            if p.kind == "article":
                return p
        return None

    def _top_article(self) -> Provision | None:
        for rank, p in self.stack:
            if p.kind == "article":
                return p
        return None

    # -- main loop -------------------------------------------------------
    def build(self) -> list[Provision]:
        prev_open = False
        for block in self.blocks:
            text = block.text.strip()
            if not text:
                continue
            self.last_marker = False
            if self._note_line(block, text):
                continue
            text, notes = split_notes(text, self._f_markers)
            self._f_markers = self._f_markers or any(_F_MARKER.match(n) for n in notes)
            if not text:
                self._add_note(" ".join(notes), block)
                continue
            self._place(block, text, prev_open)
            for note in notes:
                self._add_note(note, block)
            self._prev_text = text
            prev_open = _is_open(text) and not self.last_marker and block.style != "heading"
        for prov, rest in self._tentative.values():
            if not prov.text and not prov.children:
                prov.heading, prov.text = "", rest   # nothing followed: it was the article's one sentence
        return self.roots

    def _place(self, block: Block, text: str, prev_open: bool) -> None:
        folded = fold(text)
        bare = re.sub(r"[^a-z ]", "", folded).strip()
        if bare in self.v.toc_headings and len(text) < 60:
            self.toc = Provision(kind="other", label=text, page=block.page)
            self.roots.append(self.toc)
            self.stack = [(0.5, self.toc)]
            return
        if bare in self.v.not_law_headings:
            self.not_law = Provision(kind="annex", label=text, page=block.page)
            self.roots.append(self.not_law)
            self.stack = [(RANK["annex"], self.not_law)]
            return
        text, folded = self._drop_restated_number(text, folded)
        marker = self._marker(block, text, folded, prev_open)
        if marker is not None and self.not_law is not None and marker.kind == "article":
            marker.kind = "other"  # a section of another act, reproduced for information
        if self.toc is not None and marker is None and any(folded.startswith(w) for w in self.v.preamble_starts):
            self.toc = None
            self.stack = []
            marker = None
        elif self.toc is not None:
            if marker is None or (marker.kind, marker.num) not in self.toc_seen:
                if marker is not None and marker.kind in RANK and marker.kind not in ("paragraph", "item", "subitem"):
                    self.toc_seen.add((marker.kind, marker.num))
                self._append_text(self.toc, text)
                return
            self.toc = None
            self.stack = []
        if marker is None:
            self._body(block, text, folded)
            return
        self._open(marker, block)

    def _drop_restated_number(self, text: str, folded: str) -> tuple[str, str]:
        """'20. (1) An officer may…' right under the heading '20. Detention of applicant':
        consolidations repeat the section number before its first subsection."""
        art = self._current()
        if art is None or art.kind != "article" or not art.num or art.text or art.children:
            return text, folded
        m = re.match(rf"^{re.escape(art.num)}\s*[.\-–—]+\s*(?=\()", text, re.I)
        if m is None:
            return text, folded
        text = text[m.end():]
        return text, fold(text)

    def _marker(self, block: Block, text: str, folded: str, prev_open: bool) -> Marker | None:
        m = match_grouping(text, folded, section_is_article=self.mode.section_is_article)
        if m is None:
            m = match_article(text, folded, section_is_article=self.mode.section_is_article, previous_open=prev_open)
        if m is None and self.mode.numbered_headings:
            m = self._numbered_section(block, text)
        if m is None and self._in_article() is not None:
            open_item = self._open_item_num()
            m = match_subdivision(text, open_item=open_item, open_subitem=self._open_is_subitem())
            if m and prev_open and not m.label.startswith("(") and m.kind == "paragraph":
                m = None
            if m and prev_open and m.kind == "paragraph" and _number_in_sentence(self._prev_text, m):
                m = None
        if m is None and self.stack and bare_annex(text, self.v.annex_keywords):
            m = Marker("annex", "", text, "")
        return m

    def _numbered_section(self, block: Block, text: str) -> Marker | None:
        """Westminster sections with no keyword: '4. Heading', '4. Text…' under a
        marginal note, '4. Heading.—Text', '4.—(1) Text'. A number counts as a
        section when it continues the sequence of sections; inside a section a
        number out of sequence is a paragraph."""
        m = match_numbered_heading(text)
        if m is None:
            return None
        if block.style != "heading" and not self._continues(m.num) and not self._opens_excerpt(m):
            return None
        rest = m.rest
        if block.style == "heading" and block.level and len(rest.split()) <= 16 and not rest.startswith("("):
            # a heading line of the source ('### 63 Right to appeal — visa refusal of family class'):
            # all of it is the heading, dash included
            m.rest = ""
            m.heading, m.body = rest.strip(), ""
            return m
        split = re.match(r"^(?P<h>[^\W\d_][^.—–]{0,120}?)\.?\s*[—–]+\s*(?P<body>\S.*)$", rest, re.S)
        if split and len(split.group("h").split()) <= 12:
            m.rest = ""
            m.heading, m.body = split.group("h").strip(), split.group("body").strip()
        elif rest.startswith("(") or (len(rest.split()) > 14 or rest.rstrip(QUOTES + " ").endswith((".", ";", ":"))):
            m.rest = ""
            m.heading, m.body = "", rest
        return m

    def _opens_excerpt(self, m: Marker) -> bool:
        """'12 Detention of persons liable to removal' as the first section of an
        excerpt: a number followed by a short capitalised noun phrase on a line
        of its own, before any section has been seen."""
        rest = m.rest.strip()
        return (self._last_article_num is None and bool(re.fullmatch(r"\d+[A-Z]?", m.num or ""))
                and rest[:1].isupper() and _looks_like_heading(rest) and not rest.endswith(".")
                and not _VERBISH.search(fold(rest)) and len(rest.split()) <= 10)

    def _continues(self, num: str) -> bool:
        last = self._last_article_num
        n = re.match(r"\d+", num)
        if n is None:
            return False
        if last is None:
            return int(n.group()) <= 3
        prev = re.match(r"\d+", last)
        if prev is None:
            return False
        a, b = int(prev.group()), int(n.group())
        return a < b <= a + 3 or (a == b and num != last and not num[len(n.group()):].isdigit())

    def _open_item_num(self) -> str | None:
        for rank, p in reversed(self.stack):
            if p.kind == "item":
                return p.num
            if p.kind == "article":
                return None
        return None

    def _us_rank(self, m: Marker, kind: str, rank: float) -> float:
        """United States Code nesting (a)(1)(A)(i)(I): an article whose first
        subdivision is '(a)' nests digits under letters, capitals under digits,
        and roman numerals below them; elsewhere '(1)' stays above '(a)'."""
        art = self._in_article()
        if art is None:
            return rank
        if not art.children and re.fullmatch(r"\([a-z]\)", m.label or ""):
            self._us_article = art
        if self._us_article is not art or not (m.label or "").startswith("("):
            return rank
        inner = (m.label or "")[1:-1]
        if inner.isdigit():
            style = "digit"
        elif kind == "subitem":
            style = "lower_roman"
        elif m.num and m.num.isupper():
            style = "upper_roman"
        elif inner.isupper():
            style = "upper_letter"
        else:
            style = "lower_letter"
        return _US_RANKS[style]

    def _open_is_subitem(self) -> bool:
        for rank, p in reversed(self.stack):
            if p.kind == "item":
                return rank % QUOTED in (RANK["subitem"], _US_RANKS["lower_roman"])
            if p.kind == "article":
                return False
        return False

    def _open(self, m: Marker, block: Block) -> None:
        kind = m.kind
        self.last_marker = True
        self._last_body = None if kind != "article" or getattr(m, "heading", None) is None else self._last_body
        if kind not in ("paragraph", "item", "subitem"):
            self.stack = [(r, p) for r, p in self.stack if p.kind not in ("preface", "preamble")]
        rank = RANK[kind]
        quoted = False
        if kind in ("article", "book", "part", "title", "chapter", "section"):
            quoted = self._is_quoted(m)
        elif self.quote_sig is not None and self._top_article() is not None:
            quoted = any(r >= QUOTED for r, _ in self.stack)
        if quoted:
            rank += QUOTED
        elif kind in ("article", "book", "part", "title", "chapter", "section", "annex"):
            self.quote_sig = None
        if kind in ("paragraph", "item", "subitem") and not quoted:
            rank = self._us_rank(m, kind, rank)
        prov_kind = "item" if kind == "subitem" else kind
        prov = Provision(kind=prov_kind, num=m.num or None, label=m.label, page=block.page)
        body_after = None
        if getattr(m, "heading", None) is not None or getattr(m, "body", None) is not None:
            prov.heading = getattr(m, "heading", "") or ""
            body_after = getattr(m, "body", "") or None
            if not prov.heading:
                prov.heading = self._take_marginal_note()
        if kind == "article" and m.rest and body_after is None:
            first = match_subdivision(m.rest, open_item=None)
            if first is not None and first.num in ("1", "a") and first.rest:
                # 'Article 2. (1) The officer…': the article's first paragraph, on the label's line
                body_after, m.rest = m.rest, ""
        if m.rest:
            run_in = _split_inline_heading(m.rest) if kind == "article" else ("", m.rest)
            if block.style == "heading" and kind not in ("paragraph", "item", "subitem") and _heading_words(m.rest):
                # a heading line of the source ('###### Artículo 2. El derecho de asilo.'): all of it is heading
                prov.heading = m.rest.strip().rstrip(".").strip()
                self._styled_headings.add(id(prov))
            elif run_in[0]:
                prov.heading, prov.text = run_in
            elif kind == "article" and _short_noun_phrase(m.rest):
                # tentative: it stays a heading only if body text follows (see build)
                prov.heading = m.rest.strip().rstrip(".").strip()
                self._tentative[id(prov)] = (prov, m.rest.strip())
            elif kind in ("article", "book", "part", "title", "chapter", "section") and _looks_like_heading(m.rest) \
                    and not (kind == "article" and (len(m.rest.split()) > 14 or
                                                    (not m.rest.isupper() and _VERBISH.search(fold(m.rest))))):
                prov.heading = m.rest
            else:
                heading, body = _split_inline_heading(m.rest)
                prov.heading, prov.text = heading, body
        self._push(prov, rank)
        if kind != "article" or quoted:
            self.pending_heading = prov if (kind not in ("paragraph", "item", "subitem") and not prov.heading) else None
        else:
            self.pending_heading = prov if not prov.heading and not prov.text else None
        if kind == "article" and not quoted:
            self._article_level = block.level if block.style == "heading" else self._article_level
            self.quote_base_sig = m.signature
            self.quote_base_num = m.num
            self._last_article_num = m.num
            self._check_quote_intro(prov)
        if body_after:
            self.pending_heading = None
            sub = match_subdivision(body_after, open_item=None)
            if sub is not None and (body_after.startswith("(") or sub.num in ("1", "a")):
                self._open(sub, block)
            else:
                prov.text = body_after

    def _take_marginal_note(self) -> str:
        """A short line just before a numbered section is its marginal note (heading)."""
        if self._last_body is None:
            return ""
        prov, line = self._last_body
        self._last_body = None
        if not _looks_like_heading(line) or len(line.split()) > 10 or not line[:1].isupper() or line.isupper():
            return ""
        if not prov.text.endswith(line):
            return ""
        head = prov.text[: len(prov.text) - len(line)]
        if head and not head.endswith("\n"):
            return ""  # joined into a running sentence: not a heading
        prov.text = head.rstrip("\n")
        return line

    def _is_quoted(self, m: Marker) -> bool:
        top = self._top_article()
        if top is None:
            return False
        if m.quoted:
            self.quote_open = True
            return True
        if self.quote_sig is None or self.quote_closed:
            return False
        same_style = m.signature == self.quote_sig
        return not (same_style and m.kind == "article" and _follows(self.quote_base_num, m.num))

    def _check_quote_intro(self, prov: Provision) -> None:
        text = fold(prov.text or prov.heading).rstrip()
        if text.endswith((":", "：")) or text.endswith(tuple(QUOTES)):
            tail = text[-160:]
            if any(intro in tail for intro in self.v.quote_intros) and \
                    any(re.search(rf"\b{re.escape(v)}\b", text) for v in self.v.amending_verbs):
                self.quote_sig = self.quote_base_sig
                self.quote_open = self.quote_closed = False

    def _body(self, block: Block, text: str, folded: str) -> None:
        cur = self._current()
        if self.quote_sig is not None and not self.quote_open and text[:1] in QUOTES:
            self.quote_open = True
        if self.quote_open and text.rstrip(" .;").endswith(("”", "»", '"', "’")):
            self.quote_closed = True
        if cur is None:
            kind = "preface"
            if any(folded.startswith(w) for w in self.v.preamble_starts):
                kind = "preamble"
            prov = Provision(kind=kind, label="", page=block.page)
            self._push(prov, RANK[kind])
            prov.text = text
            return
        if cur.kind == "preface" and any(folded.startswith(w) for w in self.v.preamble_starts):
            prov = Provision(kind="preamble", label="", page=block.page)
            self.stack = []
            self._push(prov, RANK["preamble"])
            prov.text = text
            return
        pending = self.pending_heading
        self.pending_heading = None
        if cur.heading and not cur.text and not cur.children and text[:1].islower() \
                and cur.kind == "article" and _is_open(cur.heading) and id(cur) not in self._styled_headings:
            cur.text, cur.heading = cur.heading + " " + text, ""  # a wrapped first line, not a heading
            self._check_quote_intro(cur)
            return
        if pending is not None and pending is cur and not cur.text and _looks_like_heading(text) \
                and block.style != "table_row" and (cur.kind != "article" or len(text.split()) <= 14):
            cur.heading = text
            return
        if block.style == "heading" and cur.kind in ("article",) and not cur.text and not cur.heading:
            cur.heading = text
            return
        if cur.kind == "article" and not cur.text and not cur.heading:
            heading, body = _split_inline_heading(text)
            if heading:
                cur.heading, cur.text = heading, body
                self._check_quote_intro(cur)
                return
        if block.style == "heading" and self._in_article() is None and cur.kind not in ("preface", "preamble"):
            # an unnumbered heading between groupings: a cross-heading
            prov = Provision(kind="other", label="", heading=text, page=block.page)
            self._push(prov, _cross_heading_rank(block.level))
            return
        if block.style == "heading" and self._in_article() is not None and block.level and block.level <= 3 \
                and (not self.mode.numbered_headings or block.level < self._article_level):
            prov = Provision(kind="other", label="", heading=text, page=block.page)
            self._push(prov, _cross_heading_rank(block.level))
            return
        self._append_text(cur, text)
        self._last_body = (cur, text)
        if cur.kind == "article" or (cur.parent is not None and cur.kind in ("paragraph", "item")):
            top = cur.article()
            if top is not None and not any(r >= QUOTED for r, _ in self.stack):
                self._check_quote_intro(cur)


# Notes on the history of the text, kept apart from it (see model.Provision kind "note").
_NOTE_OPENER = re.compile(r"^(?:historical notes?|notes? historiques?|historique|amendment notes?)\s*:?$", re.I)
_NOTE_CITATION = re.compile(r"^(?:\d{4}, (?:c|ch)\.\s*\d|[A-Z]\.[A-Z]\.\s*\d{4}|R\.S\.)")
_NOTE_BODY = (r"\[\s*(?:reformad[oa]s?|adicionad[oa]s?|derogad[oa]s?|abrogad[oa]s?|modificad[oa]s?|"
              r"fe de erratas|párrafo (?:reformado|adicionado)|abrogé|abrogée|modifié|modifiée|repealed|amended)\b[^\]]*\]"
              r"|\(\s*(?:as )?(?:amended|added|inserted|substituted|repealed|replaced|renumbered) by\b[^()]*(?:\([^()]*\)[^()]*)*\)\.?"
              r"|\(\s*(?:modifié|modifiée|abrogé|abrogée|inséré|insérée|remplacé|remplacée) par\b[^()]*(?:\([^()]*\)[^()]*)*\)\.?")
_NOTE_LINE = re.compile(rf"^(?:{_NOTE_BODY})(?:\s*(?:{_NOTE_BODY}))*$", re.I)
_NOTE_INLINE = re.compile(rf"\s*(?:{_NOTE_BODY})", re.I)
_F_MARKER = re.compile(r"F\d{1,4}\[")


def drop_unopened_brackets(line: str) -> str:
    """The line without the ']' that closes an F-marker opened before it (no '[' before it in the line)."""
    out, depth = [], 0
    for ch in line:
        if ch == "[":
            depth += 1
        elif ch == "]":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out)


def split_notes(text: str, markers_seen: bool = False) -> tuple[str, list[str]]:
    """The law's words of one line, and the editorial notes taken out of it: a note in brackets
    ('… de la autoridad. [Reformado DOF 12-07-2019]'), and a consolidation's F-markers
    ('F9[(aa) seek legal assistance …,]'), whose brackets enclose amended words of the law."""
    notes: list[str] = []
    if "[" in text or "(" in text:
        def take(m: re.Match) -> str:
            notes.append(m.group(0).strip())
            return ""
        stripped = _NOTE_INLINE.sub(take, text).strip()
        if notes and not stripped:
            return "", notes
        text = stripped if notes else text
    markers = _F_MARKER.findall(text)
    if markers or (markers_seen and "]" in text):
        text = re.sub(r"(?<=\w)F\d{1,4}\[(?=\w)", " ", text)
        text = _F_MARKER.sub("", text)
        text = drop_unopened_brackets(text).strip()
        if markers:
            notes.append(" ".join(markers))
    return text, notes


def _number_in_sentence(prev: str, m: Marker) -> bool:
    """'… en un plazo de hasta CUARENTA Y OCHO' + '(48) horas hábiles.': the figure repeated in
    parentheses after a number in words, wrapped onto a new line, is part of the sentence,
    not a paragraph label; so is a '(2)' that runs on in lower case after an unfinished line."""
    if m.rest.lstrip()[:1].islower():
        return True
    words = re.findall(r"[a-z]+", fold(prev)[-40:])
    return bool(words) and words[-1] in _cardinals()


@lru_cache(maxsize=1)
def _cardinals() -> frozenset[str]:
    from ..rulebook.vocab import load_vocab
    return frozenset(fold(w) for w in load_vocab("numbering").get("cardinal_words", []))


def bare_annex(text: str, keywords: tuple[str, ...]) -> bool:
    f = fold(text).strip()
    return len(text) < 80 and any(re.match(rf"^{re.escape(k)}\b(\s+[\divxlc]+|\s+[a-z]\b)?\s*[.:\-–—]?", f) for k in keywords) \
        and (text.isupper() or len(text.split()) <= 6)


def _follows(prev: str | None, num: str) -> bool:
    """Is `num` the article that comes after `prev` in a sequence (or a bis)?"""
    if prev is None:
        return True
    a, b = re.match(r"(\d+)", prev or ""), re.match(r"(\d+)", num or "")
    if not a or not b:
        return True
    return int(b.group(1)) in (int(a.group(1)), int(a.group(1)) + 1)


_INLINE_HEADING = re.compile(r"^\((?P<h>[^()]{2,120})\)\s*[.\-–—:]*\s*(?P<body>.+)$", re.S)
_RUN_IN_HEADING = re.compile(r"^(?P<h>[^\W\d_][^.;:()]{1,70}?)\s*(?:\.-|\.|:)\s+(?P<body>[^\W\d_«“\"].+)$", re.S)


def _split_inline_heading(rest: str) -> tuple[str, str]:
    """'(Derecho al refugio).- Toda persona…' or 'Objeto. La presente ley…' -> heading, body."""
    m = _INLINE_HEADING.match(rest)
    if m and m.group("body")[:1].isupper():
        return m.group("h").strip(), m.group("body").strip()
    m = _RUN_IN_HEADING.match(rest)
    if m and m.group("h")[:1].isupper() and m.group("body")[:1].isupper() and len(m.group("h").split()) <= 6 \
            and (m.group("h").isupper() or not _VERBISH.search(fold(m.group("h")))):
        return m.group("h").strip(), m.group("body").strip()
    return "", rest


# A run-in heading is a noun phrase: a short first sentence with a verb is a provision
# ("Les expulsions collectives sont interdites. …"), not a heading.
_VERBISH = re.compile(
    r"\b(?:is|are|was|were|be|shall|may|must|will|can|has|have|es|son|sera|seran|esta|estan|podra|podran|debera|deberan|"
    r"tiene|tienen|queda|quedan|se|est|sont|sera|seront|peut|peuvent|doit|doivent|ont)\b")


def _cross_heading_rank(level: int) -> float:
    """Unnumbered cross-headings nest by their level in the source: a '##' Part
    heading stays above the '###' headings under it (between groupings and articles)."""
    return RANK["other"] + (min(level, 6) * 0.05 if level else 0.35)


def _heading_words(rest: str) -> bool:
    """The words after a label on a heading line of the source are its heading,
    unless they are the start of a sentence wrapped onto the next line ('Artículo 6°:
    El Estado nacional garantiza a la víctima de los delitos')."""
    n = len(rest.split())
    return n <= 14 and (n <= 8 or not _is_open(rest)) and not _VERBISH.search(fold(rest))


def _short_noun_phrase(rest: str) -> bool:
    """'Derechos de los extranjeros internados.' after an article label, alone on its
    line: a heading (codes put a period after it), not a one-sentence article."""
    t = rest.strip()
    if not t.endswith(".") or t.endswith("..") or not t[:1].isupper():
        return False
    body = t.rstrip(".")
    return 1 <= len(body.split()) <= 10 and not re.search(r"[.;:]", body) and not _VERBISH.search(fold(body))


def build_tree(blocks: list[Block]) -> list[Provision]:
    return TreeBuilder(blocks).build()
