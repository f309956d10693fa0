"""The one view-model every human-readable report renders (HTML, Markdown, DOCX).

Ordering, grouping, counting and wording are decided here once, so the three
formats cannot disagree; the renderers only lay it out. Fixed wording comes
from report_templates/i18n/<lang>.yaml, never from Python.
"""

from __future__ import annotations

import datetime as _dt
import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
import markupsafe
import yaml

from ..textutil import unquote
from ..paths import templates_dir
from ..textutil import strip_controls

STATUS_ORDER = ("conflict", "gap", "partial", "compliant", "not_applicable")
FLAGGED = ("conflict", "gap", "partial")
THEME_ORDER = ("return", "detention", "expulsion", "criminal", "trafficking", "children", "work", "equality")
SEVERITY_ORDER = ("high", "medium", "low")
RATIFIABLE = ("treaty", "regional_treaty")
LANGS = ("en", "es", "fr")


# --------------------------------------------------------------------------- wording

@lru_cache(maxsize=None)
def translations(lang: str) -> dict[str, Any]:
    """The fixed wording of reports; keys missing in `lang` fall back to English."""
    def load(code: str) -> dict[str, Any]:
        with (templates_dir() / "i18n" / f"{code}.yaml").open(encoding="utf-8") as fh:
            return yaml.safe_load(fh) or {}

    def merge(base: dict, over: dict) -> dict:
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
        return out

    en = load("en")
    return en if lang == "en" or lang not in LANGS else merge(en, load(lang))


def state_name(country: Any, lang: str) -> str:
    """The State's name in the report language (pycountry ships the ISO translations)."""
    if country is None:
        return ""
    name = country.display_name
    if lang != "en":
        try:
            import pycountry
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
            name = tr.gettext(country.common_name or country.name)
        except (OSError, ImportError):
            pass
    return name


def format_date(day: _dt.date, t: dict[str, Any]) -> str:
    return t["date_format"].format(d=day.day, month=t["months"][day.month - 1], y=day.year)


def anchor(prefix: str, key: str) -> str:
    return prefix + "-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def clean_label(label: str) -> str:
    """'ARTÍCULO 8.-' -> 'ARTÍCULO 8' for use inside a sentence or heading."""
    return label.rstrip(" .-–—:") or label


# --------------------------------------------------------------------------- view-model

@dataclass
class CitationView:
    instrument: str
    title: str              # in the report language, or the id when the catalogue lacks it
    provision: str
    kind: str | None
    kind_label: str
    binding_on_state: bool | None = None
    state_status: str = ""  # "party since 1990, data as of 6 July 2013", "not a party"... ("" without a State)
    reservation: str = ""   # the State's reservation or declaration touching the cited article, if any
    source: str = ""        # where the status comes from (ratification data row)

    @property
    def text(self) -> str:
        return f"{self.instrument} {self.provision}".strip()


@dataclass
class QuoteView:
    eid: str
    label: str
    page: int | None
    quote: str
    role: str
    role_label: str
    href: str | None = None       # anchor in the article-by-article view, when the provision is there


@dataclass
class FindingView:
    rule: str
    anchor: str
    title: str
    status: str
    status_label: str
    severity: str
    severity_label: str
    theme: str
    theme_label: str
    summary: str
    confidence_label: str
    standard: str
    recommendation: str
    evidence: list[QuoteView]
    citations: list[CitationView]
    binding: list[CitationView] = field(default_factory=list)    # with a State: binding on it
    guidance: list[CitationView] = field(default_factory=list)   # with a State: everything else

    @property
    def provisions(self) -> list[QuoteView]:
        """One entry per provision cited (several quotes may come from one)."""
        return list({q.label: q for q in self.evidence}.values())

    @property
    def key_citations(self) -> list[CitationView]:
        return (self.binding + self.guidance)[:3] if self.binding else self.citations[:3]


@dataclass
class ArticleComment:
    anchor: str
    label: str
    heading: str
    page: int | None
    title: str                    # "Comment on Article 7 (Duration)"
    quotes: list[QuoteView]
    findings: list[FindingView]
    position: int = 0             # index of the article in the draft


@dataclass
class ThemeView:
    theme: str
    label: str
    findings: list[FindingView]


@dataclass
class InstrumentView:
    id: str
    title: str
    year: int | None
    kind_label: str
    state_status: str = ""
    binding_on_state: bool | None = None


@dataclass
class ReportView:
    lang: str
    t: dict[str, Any]
    title: str
    source: str
    language_label: str
    encoding_note: str                    # "" for UTF-8 or a binary format: the encoding assumed otherwise
    pages: int | None
    articles: int
    sha256: str
    rulebook_version: str
    date: str
    state: str                            # "" when no State was given
    state_code: str
    ratification_date: str
    ratification_source: str
    counts: list[tuple[str, str, int]]     # (status, label, n), conflicts first
    findings: list[FindingView]            # every finding, ordered for the table
    themes: list[ThemeView]                # findings other than not_applicable, by theme
    not_applicable: list[FindingView]
    comments: list[ArticleComment]         # flagged provisions, in the draft's order
    instruments: list[InstrumentView]      # annex
    not_ratified: list[InstrumentView]     # ratification advice (with a State)
    unknown_ratification: list[InstrumentView]
    flagged: list[FindingView]             # conflict, gap, partial: the recommendations

    @property
    def total(self) -> int:
        return len(self.findings)

    def count(self, status: str) -> int:
        return next((n for s, _, n in self.counts if s == status), 0)


def _finding_order(f: FindingView) -> tuple:
    return (STATUS_ORDER.index(f.status) if f.status in STATUS_ORDER else 9,
            SEVERITY_ORDER.index(f.severity) if f.severity in SEVERITY_ORDER else 9,
            THEME_ORDER.index(f.theme) if f.theme in THEME_ORDER else 99, f.rule)


def _state_status(cit: dict[str, Any], t: dict[str, Any], state: str) -> str:
    """What a citation's instrument means for the State, in words, with the date of the data."""
    r = t["ratification"]
    kind = cit.get("binding")
    if kind in ("soft_law", "interpretation"):
        return r["guidance"]
    if cit.get("applicable") is False:
        text = r["not_applicable"].format(state=state)
    elif kind == "customary":
        return r["customary"]
    elif kind == "eu_law":
        return r["binding"]
    elif cit.get("ratified") is True:
        text = r["party_year"].format(year=cit["year"]) if cit.get("year") else r["party"]
    elif cit.get("ratified") is False:
        text = r["signatory"] if cit.get("status") == "signatory" else r["not_party"]
    else:
        return r["unknown"]
    as_of = as_of_text(cit.get("as_of"), t)
    return r["with_date"].format(status=text, as_of=as_of) if as_of else text


def as_of_text(as_of: str | None, t: dict[str, Any]) -> str:
    """'2013-07-06' -> 'data as of 6 July 2013'; '2012' -> 'data as of 2012' (in the report language)."""
    if not as_of:
        return ""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return t["ratification"]["as_of_day"].format(date=format_date(_dt.date(*parts), t))
    when = (t["month_year_format"].format(month=t["months"][parts[1] - 1], y=parts[0]) if len(parts) == 2
            else str(parts[0]))
    return t["ratification"]["as_of_period"].format(date=when)


def _reservation_note(res: dict[str, Any] | None, t: dict[str, Any], state: str) -> str:
    """'Honduras: reservation or declaration on art. I — With respect to article I (1): …'.

    The State's text is shown without quotation marks: in a report they enclose only the law's words."""
    if not res:
        return ""
    articles = ("art. " if len(res["articles"]) == 1 else "arts. ") + ", ".join(res["articles"])
    return f"{t['ratification']['reservation'].format(state=state, articles=articles)} — {res['excerpt']}"


def build_view(review: Any, lang: str | None = None, today: _dt.date | None = None) -> ReportView:
    """Turn a pipeline.Review into the report view-model, in `lang` (default: the review's)."""
    lang = lang or review.extra.get("lang") or review.document.language
    lang = lang if lang in LANGS else "en"
    t = translations(lang)
    doc = review.document
    instruments = getattr(review.rulebook, "instruments", {}) or {}
    has_state = review.country is not None and review.ratifications is not None
    state = state_name(review.country, lang) if review.country is not None else ""

    def inst_title(iid: str) -> str:
        inst = instruments.get(iid)
        return inst.title_in(lang) if inst is not None and hasattr(inst, "title_in") else iid

    cited: dict[str, CitationView] = {}
    views: list[FindingView] = []
    for f in review.findings:
        rule = f.rule
        cits = []
        for c in rule.citations:
            d = review.citation(c.instrument, c.provision)
            kind = d.get("binding")
            cv = CitationView(instrument=c.instrument, title=inst_title(c.instrument), provision=c.provision,
                              kind=kind, kind_label=t["kinds"].get(kind, t["kinds"]["unknown"]))
            if has_state:
                cv.binding_on_state = d.get("binding_on_state")
                cv.state_status = _state_status(d, t, state)
                cv.reservation = _reservation_note(d.get("reservation"), t, state)
                cv.source = d.get("source") or ""
            cits.append(cv)
            cited.setdefault(c.instrument, cv)
        paged = review.document.pages is not None   # text files have no pages: cite by article only
        ev = [QuoteView(eid=e.eid, label=clean_label(e.label), page=e.page if paged else None, quote=e.quote, role=e.role,
                        role_label=t["roles"].get(e.role, e.role)) for e in f.evidence]
        fv = FindingView(
            rule=rule.id, anchor=anchor("f", rule.id), title=rule.title.get(lang), status=f.status,
            status_label=t["statuses"].get(f.status, f.status), severity=rule.severity,
            severity_label=t["severities"].get(rule.severity, rule.severity), theme=rule.theme,
            theme_label=t["themes"].get(rule.theme, rule.theme),
            summary=review.summary(f, lang) if hasattr(review, "summary") else f.summary,
            confidence_label=t["severities"].get(f.confidence, f.confidence),
            standard=unquote(rule.standard.get(lang)), recommendation=unquote(rule.recommendation.get(lang)),
            evidence=ev, citations=cits)
        if has_state:
            fv.binding = [c for c in cits if c.binding_on_state is True]
            fv.guidance = [c for c in cits if c.binding_on_state is not True]
        views.append(fv)
    views.sort(key=_finding_order)

    comments = _article_comments(review, views, t)
    linked = {q.eid: c.anchor for c in comments for q in c.quotes}
    for fv in views:
        for q in fv.evidence:
            q.href = linked.get(q.eid) if fv.status in FLAGGED else None

    themes = []
    for theme in [*THEME_ORDER, *sorted({v.theme for v in views} - set(THEME_ORDER))]:
        fs = [v for v in views if v.theme == theme and v.status != "not_applicable"]
        if fs:
            themes.append(ThemeView(theme, t["themes"].get(theme, theme), fs))

    annex = []
    for iid, cv in sorted(cited.items(), key=lambda kv: (_kind_rank(kv[1].kind), kv[0])):
        inst = instruments.get(iid)
        annex.append(InstrumentView(id=iid, title=cv.title, year=getattr(inst, "year", None),
                                    kind_label=cv.kind_label, state_status=cv.state_status,
                                    binding_on_state=cv.binding_on_state))
    by_id = {i.id: i for i in annex}
    not_ratified, unknown = [], []
    if has_state:
        for iid, cv in cited.items():
            if cv.kind not in RATIFIABLE:
                continue
            st = review.ratifications.status(iid, review.country.alpha_2)
            if not st.applicable:
                continue
            if st.ratified is False:
                not_ratified.append(by_id[iid])
            elif st.ratified is None:
                unknown.append(by_id[iid])

    counts = [(s, t["statuses"][s], sum(1 for v in views if v.status == s)) for s in STATUS_ORDER]
    rat = review.ratifications if has_state else None
    encoding = getattr(doc, "encoding", None)
    return ReportView(
        lang=lang, t=t, title=strip_controls(doc.title or doc.source), source=strip_controls(doc.source),
        language_label=t["languages"].get(doc.language, doc.language),
        encoding_note=t["encoding_note"].format(encoding=encoding) if encoding not in (None, "utf-8") else "",
        pages=doc.pages,
        articles=len(doc.articles()), sha256=doc.sha256, rulebook_version=review.rulebook.version,
        date=format_date(today or _dt.date.today(), t), state=state,
        state_code=review.country.alpha_3 if review.country is not None else "",
        ratification_date=(rat.data_date or "") if rat else "",
        ratification_source=_cited_sources(cited.values()) if rat else "",
        counts=counts, findings=views, themes=themes,
        not_applicable=[v for v in views if v.status == "not_applicable"],
        comments=comments, instruments=annex, not_ratified=sorted(not_ratified, key=lambda i: i.id),
        unknown_ratification=sorted(unknown, key=lambda i: i.id),
        flagged=[v for v in views if v.status in FLAGGED])


def _cited_sources(cited: Any) -> str:
    """The sources of the ratification statuses this review shows, once each."""
    found = [c.source for c in cited if c.kind in RATIFIABLE and c.source and c.source != "rules/instruments.yaml"]
    return "; ".join(dict.fromkeys(s for src in found for s in src.split("; ")))


def _kind_rank(kind: str | None) -> int:
    order = ("treaty", "regional_treaty", "eu_law", "customary", "interpretation", "soft_law")
    return order.index(kind) if kind in order else len(order)


def _article_comments(review: Any, views: list[FindingView], t: dict[str, Any]) -> list[ArticleComment]:
    """Flagged provisions grouped by their top-level article, in the draft's order."""
    from ..annotate import top_article
    doc = review.document
    walk = list(doc.walk())
    order = {p.eid: i for i, p in enumerate(walk)}
    by_eid = {p.eid: p for p in walk}
    groups: dict[str, ArticleComment] = {}
    for fv in views:
        if fv.status not in FLAGGED:
            continue
        for q in fv.evidence:
            prov = by_eid.get(q.eid)
            top = top_article(prov) if prov is not None else None
            key = top.eid if top is not None else q.eid
            g = groups.get(key)
            if g is None:
                label = clean_label(top.label) if top is not None else clean_label(q.label)
                heading = top.heading if top is not None else ""
                title = t["comment_on"].format(label=label) + (f" ({heading})" if heading else "")
                g = groups[key] = ArticleComment(anchor=anchor("p", key), label=label, heading=heading,
                                                 page=(top.page if top is not None else q.page)
                                                 if review.document.pages is not None else None,
                                                 title=title, quotes=[], findings=[],
                                                 position=order.get(key, 1 << 30))
            if not any(x.eid == q.eid and x.quote == q.quote for x in g.quotes):
                g.quotes.append(QuoteView(q.eid, q.label, q.page, q.quote, q.role, q.role_label))
            if fv not in g.findings:
                g.findings.append(fv)
    for g in groups.values():
        g.quotes.sort(key=lambda q: order.get(q.eid, 1 << 30))
    return sorted(groups.values(), key=lambda g: g.position)


# --------------------------------------------------------------------------- templates

def environment(autoescape: bool) -> jinja2.Environment:
    """A jinja2 environment on report_templates/; HTML escapes everything it prints,
    and no printed value carries a control character (a file name with ESC in it)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())),
                              autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              finalize=_printable)


def _printable(value: Any) -> Any:
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(strip_controls(value))
    return strip_controls(value) if isinstance(value, str) else value
