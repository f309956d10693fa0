"""assess: one finding per rule, with evidence and citations.

Reads: AnnotatedDocument and the rulebook. Writes: Finding records, whose
status follows design.md — conflict when a red flag is in force (not negated,
not answered by a tied safeguard) or an exception guts a safeguard; otherwise
compliant / partial / gap by the required safeguards found; not_applicable
when nothing in the draft touches the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest

from ..annotate import AnnotatedDocument, Sentence, top_article
from ..model import Provision
from ..rulebook.models import Element, Pattern, Rule
from .messages import summary_for

MAX_EVIDENCE = 4
QUOTE_MAX = 400


@dataclass
class Match:
    sentence: Sentence
    span: tuple[int, int]        # predicate span in the sentence
    element: Element
    role: str                    # red_flag | safeguard | subject


@dataclass
class Evidence:
    eid: str
    article: str | None
    label: str
    page: int
    quote: str
    role: str
    amends: str | None = None    # the article an amending article inserts or replaces, when quoted from it


@dataclass
class Finding:
    rule: Rule
    status: str
    evidence: list[Evidence]
    summary: str
    present: list[str] = field(default_factory=list)   # safeguard ids found
    missing: list[str] = field(default_factory=list)   # required safeguard ids not found
    flags: list[str] = field(default_factory=list)     # red flag ids in force
    delegated: list[str] = field(default_factory=list)  # safeguards left to regulations
    trace: dict = field(default_factory=dict)          # why: every element found, where (see explain)
    confidence: str = "high"                           # high | medium | low (see _confidence)
    hedged: list[str] = field(default_factory=list)    # required safeguards stated only "where possible"


def _predicate_spans(ann: AnnotatedDocument, pat: Pattern, idx: int) -> list[tuple[int, int]]:
    for c in pat.all[:1] or pat.any:
        spans = ann.hits_at(c, idx)
        if spans:
            return spans
    return []


def _predicate_fits(s: Sentence, pat: Pattern, span: tuple[int, int]) -> bool:
    clause = s.clause(span[0])
    negated = clause.negated_at(span[0])
    if pat.polarity == "affirmed" and negated or pat.polarity == "negated" and not negated:
        return False
    if pat.modality == "mandatory" and clause.modality != "mandatory":
        return False
    if pat.modality == "discretionary" and clause.modality != "discretionary":
        return False
    if pat.modality == "not_discretionary" and clause.modality == "discretionary":
        return False
    if pat.exception == "required" and not clause.exception:
        return False
    if pat.exception == "forbidden" and clause.exception:
        return False
    return True


def _same_clause(ann: AnnotatedDocument, s: Sentence, pat: Pattern, span: tuple[int, int]) -> bool:
    """Do the other `all` concepts (and one `any`) stand in the predicate's clause?"""
    clause = s.clause(span[0])

    def inside(concept: str) -> bool:
        return any(clause.start <= a < clause.end for a, _ in ann.hits_at(concept, s.index))
    return all(inside(c) for c in pat.all[1:]) and (not pat.any or not pat.all or any(inside(c) for c in pat.any))


def find(ann: AnnotatedDocument, pat: Pattern, element: Element, role: str) -> list[Match]:
    """Sentences that satisfy one pattern."""
    # The predicate is scanned over the whole draft; every other concept is
    # only looked up in the sentences that have the predicate.
    if pat.all:
        candidates = [i for i in ann.hits(pat.all[0]) if all(ann.hits_at(c, i) for c in pat.all[1:])]
        if pat.any:
            candidates = [i for i in candidates if any(ann.hits_at(c, i) for c in pat.any)]
    else:
        candidates = sorted({i for c in pat.any for i in ann.hits(c)})
    out = []
    for i in sorted(candidates):
        s = ann.sentences[i]
        if s.heading or s.article is None:
            continue  # headings, the preface, recitals and tables of contents are not provisions in force
        if any(ann.hits_at(c, i) for c in pat.none):
            continue
        if pat.context and not all(ann.in_scope(c, s) for c in pat.context):
            continue
        # any occurrence of the predicate that meets the constraints will do
        within = pat.within or "sentence"
        span = next((sp for sp in _predicate_spans(ann, pat, i) if _predicate_fits(s, pat, sp)
                     and (within == "sentence" or _same_clause(ann, s, pat, sp))), None)
        if span is None:
            continue
        out.append(Match(s, span, element, role))
    return out


def find_element(ann: AnnotatedDocument, el: Element, role: str) -> list[Match]:
    seen: set[int] = set()
    out = []
    for pat in el.patterns:
        for m in find(ann, pat, el, role):
            if m.sentence.index not in seen:
                seen.add(m.sentence.index)
                out.append(m)
    return out


def _undermining(ann: AnnotatedDocument, sg: Element, matches: list[Match]) -> list[Match]:
    """Exceptions that take a safeguard away: an exception clause in the same or a
    tied article that names one of the safeguard's `undermined_by` concepts."""
    if not sg.undermined_by:
        return []
    out: list[Match] = []
    for m in matches:
        for i in ann.article_sentences(ann.tied_articles(m.sentence.article)):
            s = ann.sentences[i]
            if s.heading:
                continue
            for concept in sg.undermined_by:
                spans = ann.hits_at(concept, i)
                if any(s.clause(a).exception for a, _ in spans):
                    out.append(Match(s, spans[0], sg, "red_flag"))
                    break
    return out


def amended_article(p: Provision) -> Provision | None:
    """The article an amending article inserts or replaces, when p stands in its quoted text."""
    top = top_article(p)
    node, found = p, None
    while node is not None and node is not top:
        if node.kind == "article":
            found = node
        node = node.parent
    return found


# What an amending article does to the article it quotes, by the verb of its intro; and how a
# citation says it in the language of that verb.
_AMENDING = (
    (r"sustit[uú]y|reempl[aá]z|sustituir", "es", "que sustituye"),
    (r"incorp[oó]r|agr[eé]g|a[nñ][aá]d|intercal|ins[eé]rt", "es", "que incorpora"),
    (r"modif[ií]c", "es", "que modifica"),
    (r"substitut|replac", "en", "replacing"),
    (r"insert|add", "en", "inserting"),
    (r"amend", "en", "amending"),
    (r"remplac", "fr", "remplaçant"),
    (r"ins[eé]r|ajout|compl[eé]t", "fr", "insérant"),
    (r"modifi|r[eé]dig", "fr", "modifiant"),
)
_AMENDED_LAW = re.compile(
    r"(?:art[íi]culo|art\.|article|section|s\.)\s*[\w.º°-]+\s+(?:de\s+la|del|de\s+l[ae']|du|of(?:\s+the)?)\s*"
    r"(?P<law>(?:Ley|Decreto|Code|Loi|Act|[A-Z][\w' -]{2,60}?Act)[^,;:()]*?(?:N[°º.]?\s*)?\d[\d./-]*\d|"
    r"(?:Ley|Loi|Code)[^,;:()]{2,80})", re.I)


def _amending_phrase(top: Provision, quoted: Provision, chain: str) -> str:
    intro = " ".join(x for x in (top.heading, (top.text or "").split("\n")[0]) if x)
    low = intro.lower()
    verb = next(((lang, phrase) for rx, lang, phrase in _AMENDING if re.search(rx, low)), None)
    if verb is None:
        return ""
    lang, phrase = verb
    law = _AMENDED_LAW.search(intro)
    where = ""
    if law:
        name = re.sub(r"\s+(?:y sus modificaciones|and its amendments|et ses modifications)$", "", law.group("law").strip())
        name = re.sub(r"\b(?:N[°º.]?\s*)(?=\d)", "", name)
        name = re.sub(r"\bde Migraciones\s+", "", name) if re.search(r"\d", name) else name
        where = {"es": f" de la {name}", "en": f" of {name}", "fr": f" de la {name}"}[lang]
    art = f"art. {quoted.num}{chain}"
    return f"{phrase} el {art}{where}" if lang == "es" else f"{phrase} {art}{where}"


def label_of(p: Provision) -> str:
    """'Section 8(1)(a)', 'ARTÍCULO 8.-', 'Article 3(2)': the citable label. An amending article's
    quoted text is cited with the article it inserts or replaces: 'ARTÍCULO 19, que sustituye el
    art. 70 de la Ley 25.871', 'Section 4 (replacing art. 12(2) of the Aliens Act 1999)'."""
    top = top_article(p)
    if top is None:
        return p.label or p.heading or p.kind
    quoted = amended_article(p)
    chain = []
    node: Provision | None = p
    while node is not None and node is not top and node is not quoted:
        if node.kind in ("paragraph", "item") and node.num:
            chain.append(node.num)
        node = node.parent
    subs = "".join(f"({n})" for n in reversed(chain))
    if quoted is not None and quoted.num:
        phrase = _amending_phrase(top, quoted, subs)
        base = top.label.rstrip(" .-–—:")
        if phrase:
            return f"{base} ({phrase})" if phrase.startswith(("replacing", "inserting", "amending")) else f"{base}, {phrase}"
        return f"{base} (art. {quoted.num}{subs})"
    return f"{top.label.rstrip(' .-–—:')}{subs}" if subs else top.label


ELLIPSIS = "[…]"          # marks words left out of a quote; every piece between two marks is the law's own
FRAME_MAX = 900            # a chapeau with its list items, or an item with its chapeau
_CHAPEAU_END = (":", "—", "–", "-", "：")
_LIST_KINDS = ("paragraph", "item")


def _trim(text: str, pos: int, limit: int = QUOTE_MAX) -> str:
    """The text, or `limit` characters of it around `pos`, cut at word ends with a visible '[…]'."""
    if len(text) <= limit:
        return text
    start = max(0, pos - limit // 2)
    end = min(len(text), start + limit)
    start = max(0, min(start, end - limit))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    cut = text.find(" ", end)
    end = len(text) if cut == -1 else cut
    return ("" if start == 0 else ELLIPSIS + " ") + text[start:end].strip() + ("" if end >= len(text) else " " + ELLIPSIS)


def _quote_sentence(s: Sentence, span: tuple[int, int]) -> str:
    return _trim(s.text, span[0])


def _list_children(p: Provision) -> list[Provision]:
    return [c for c in p.children if c.kind in _LIST_KINDS]


def _last_line(p: Provision) -> str:
    return (p.text or "").rstrip().rsplit("\n", 1)[-1].strip()


def _frames_list(p: Provision, line: str) -> bool:
    """Does `line`, the end of p's own text, introduce p's list items (a chapeau)?
    'the following:', 'in the case of a person—', or an unfinished 'The objectives … are'."""
    if not line or not _list_children(p):
        return False
    return line.endswith(_CHAPEAU_END) or not line.endswith((".", ";", "!", "?", "”", "»", '"'))


def _head(p: Provision) -> str:
    """'(a)', or '11. Inadmisión […]': the separator between a heading and its text is not kept, so a
    cut is shown there rather than a guessed ':' or '.'."""
    if p.heading:
        return " ".join(x for x in (p.label, p.heading, ELLIPSIS) if x)
    return p.label


def _item_text(p: Provision) -> str:
    parts = [_head(p), (p.text or "").replace("\n", " ")]
    for c in p.children:
        if c.kind in _LIST_KINDS:
            parts.append(_item_text(c))
    return " ".join(x for x in parts if x)


def _with_items(chapeau: str, items: list[str], budget: int) -> str:
    """The chapeau followed by as many whole list items as fit, then '[…]' for the rest."""
    out, used = [chapeau], len(chapeau)
    for i, item in enumerate(items):
        if used + len(item) + 1 > budget:
            room = budget - used
            if room > 80 and i == 0:
                out.append(_trim(item, 0, room))
            else:
                out.append(ELLIPSIS)
            if room > 80 and i == 0 and len(items) > 1:
                out.append(ELLIPSIS)
            break
        out.append(item)
        used += len(item) + 1
    return " ".join(out).replace(f"{ELLIPSIS} {ELLIPSIS}", ELLIPSIS)


def _quote(s: Sentence, span: tuple[int, int]) -> str:
    """The provision as the law frames it: a sentence; a chapeau with its list items; a list item
    with the chapeau that introduces it. Long text is trimmed around the matched words, and every
    cut is shown by '[…]'."""
    own = _quote_sentence(s, span)
    p = s.provision
    text = (p.text or "").rstrip()
    if text.endswith(s.text) and _frames_list(p, s.text):
        return _with_items(own, [_item_text(c) for c in _list_children(p)], FRAME_MAX)
    parent = p.parent
    if p.kind in _LIST_KINDS and parent is not None and _frames_list(parent, _last_line(parent)):
        line = _last_line(parent)
        chapeau = _trim(line, len(line), 300)
        item = _item_text(p)
        if len(item) > QUOTE_MAX:
            first = (p.text or "").startswith(s.text)
            item = " ".join(x for x in (_head(p), own) if x) if first else f"{ELLIPSIS} {own}"
        first_item = _list_children(parent)[0] is p and bool(p.label) and item.startswith(p.label)
        joined = f"{chapeau} {item}" if first_item else f"{chapeau} {ELLIPSIS} {item}"
        return joined.replace(f"{ELLIPSIS} {ELLIPSIS}", ELLIPSIS)
    return own


def evidence_of(m: Match) -> Evidence:
    s = m.sentence
    art = s.article
    quoted = amended_article(s.provision)
    return Evidence(eid=s.provision.eid, article=art.num if art else None, label=label_of(s.provision),
                    page=s.provision.page, quote=_quote(s, m.span), role=m.role,
                    amends=quoted.num if quoted is not None else None)


def _evidence(matches: list[Match]) -> list[Evidence]:
    out, seen = [], set()
    for m in matches:
        if m.sentence.index in seen:
            continue
        seen.add(m.sentence.index)
        out.append(evidence_of(m))
        if len(out) >= MAX_EVIDENCE:
            break
    return out


def _where(matches: list[Match], limit: int = 3) -> list[dict]:
    """Trace entries: the citable label and the words that matched."""
    out, seen = [], set()
    for m in matches:
        if m.sentence.index in seen:
            continue
        seen.add(m.sentence.index)
        out.append({"label": label_of(m.sentence.provision), "eid": m.sentence.provision.eid,
                    "quote": _quote_sentence(m.sentence, m.span)})
        if len(out) >= limit:
            break
    return out


def assess_rule(ann: AnnotatedDocument, rule: Rule, lang: str) -> Finding:
    subject = [m for el in rule.subject for m in find_element(ann, el, "subject")]
    present: dict[str, list[Match]] = {}
    undermined: list[Match] = []
    trace_sg, trace_rf = [], []
    for sg in rule.safeguards:
        ms = find_element(ann, sg, "safeguard")
        gutted = _undermining(ann, sg, ms) if ms else []
        if gutted:
            undermined += gutted
        elif ms:
            present[sg.id] = ms
        trace_sg.append({"id": sg.id, "required": sg.required, "found": _where(ms),
                         "undermined_by": _where(gutted)})
    flags: list[Match] = []
    for flag in rule.red_flags:
        in_force, answered_by = [], []
        for m in find_element(ann, flag, "red_flag"):
            scope = ann.tied_articles(m.sentence.article)
            answer = next((mm for sid in flag.neutralised_by for mm in present.get(sid, [])
                           if mm.sentence.article is not None and mm.sentence.article.eid in scope), None)
            if answer is None:
                flags.append(m)
                in_force.append(m)
            else:
                answered_by.append(m)
        trace_rf.append({"id": flag.id, "in_force": _where(in_force), "neutralised": _where(answered_by)})
    # a safeguard only left to regulations ("as may be prescribed") is not in the law
    delegated = {sid for sid, ms in present.items() if all(m.sentence.delegated for m in ms)}
    # a safeguard promised only "where possible" is not a guarantee: never compliant on it
    hedged = {sid for sid, ms in present.items() if sid not in delegated and all(m.sentence.hedged_at(m.span[0]) for m in ms)}
    required = [sg.id for sg in rule.safeguards if sg.required]
    found_required = [sid for sid in required if sid in present and sid not in delegated]
    missing = [sid for sid in required if sid not in present or sid in delegated]
    weak = [sid for sid in required if sid in hedged]
    # one quote per safeguard first, so that every safeguard found is shown
    safeguard_matches = [m for rank in zip_longest(*present.values()) for m in rank if m is not None]
    touched = subject or flags or undermined or safeguard_matches
    if flags or undermined:
        status = "conflict"
        evidence = _evidence(sorted(flags + undermined, key=lambda m: m.sentence.index))
    elif not touched:
        status, evidence = "not_applicable", []
    elif rule.type == "existence":
        status, evidence = "compliant", _evidence(subject)
    elif not missing and not weak:
        status, evidence = "compliant", _evidence(safeguard_matches)
    elif present:  # some safeguards (an optional one counts when present), or only delegated ones
        status, evidence = "partial", _evidence(safeguard_matches)
    else:
        status, evidence = "gap", _evidence(subject)
    for t in trace_sg:
        t["delegated"] = t["id"] in delegated
        t["hedged"] = t["id"] in hedged
    finding = Finding(rule, status, evidence, "", present=[s for s in present if s not in delegated],
                      missing=[s for s in missing if s not in delegated], delegated=sorted(delegated),
                      flags=sorted({m.element.id for m in flags + undermined}),
                      trace={"subject": _where(subject), "safeguards": trace_sg, "red_flags": trace_rf})
    finding.hedged = sorted(set(weak))
    finding.confidence, notes = _confidence(status, subject, flags, undermined, weak, delegated)
    finding.trace["notes"] = notes
    finding.summary = summary_for(finding, subject, flags, undermined, lang)
    return finding


def _confidence(status: str, subject: list[Match], flags: list[Match], undermined: list[Match],
                weak: list[str], delegated: set[str]) -> tuple[str, list[str]]:
    """How far the words found carry the status; the notes say what a specialist should check.

    high: a red flag or governing exception in force, or every required safeguard
    stated without hedging; medium: a partial or gap, or a safeguard only hedged or
    left to regulations; low: the subject rests on one passing mention."""
    notes = []
    if weak:
        notes.append(f"safeguard stated only with a hedge ('where possible'): {', '.join(weak)}; to be checked by a specialist")
    if delegated:
        notes.append(f"safeguard left to regulations: {', '.join(sorted(delegated))}")
    if status == "conflict":
        return "high", notes
    if status == "not_applicable":
        return "high", notes
    subject_sentences = {m.sentence.index for m in subject}
    if status == "gap" and len(subject_sentences) <= 1:
        notes.append("the subject rests on a single mention; check that the law really regulates it")
        return "low", notes
    if status == "compliant":
        return "high", notes
    return "medium", notes


def assess(ann: AnnotatedDocument, lang: str) -> list[Finding]:
    return [assess_rule(ann, rule, lang) for rule in ann.rulebook.rules]
