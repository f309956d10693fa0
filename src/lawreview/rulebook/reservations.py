"""Reservations and declarations a State made to a treaty, and which articles they touch.

A citation names an article ("art. 33(1)"); a reservation names the articles it
concerns ("With respect to article 17: ..."). When the two meet, the review
shows the State's own words next to the citation. Which articles a text
touches is data (the `articles` column of rules/ratifications/declarations/
*.csv, computed by the converter with `declaration_articles` and correctable by
hand); this module only matches and quotes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..errors import LawreviewError, RulebookError

COLUMNS = ("instrument", "country", "articles", "text", "as_of", "source")
AS_OF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")   # YYYY, YYYY-MM or YYYY-MM-DD

_ROMAN = {"I": 1, "V": 5, "X": 10}
_NUM = r"(?:\d+|[IVX]+(?![A-Za-z]))"
_SUFFIX = r"(?:[A-Z](?![A-Za-z]))?(?:\s?\(\w{1,3}\))*(?:\.\d+)?"
_ITEM = _NUM + _SUFFIX
# "article 7", "articles 7, 13 and 24", "Ad article 17", "article I (1)", "Article VII.4", "article 1B"
_MENTION = re.compile(r"\b[Aa]rt(?:icles?|s?\.)\s+(?P<list>" + _ITEM
                      + r"(?:\s*(?:,|\band\b|\bto\b|–|-)\s*" + _ITEM + r")*)")
_LIST_ITEM = re.compile(r"(?P<num>" + _NUM + r")" + _SUFFIX + r"(?:\s*(?P<sep>,|\band\b|\bto\b|–|-)\s*)?")
# what follows a mention: "..., paragraph A, of the Convention" / "of the Federal Labour Act"
_OF_WHAT = re.compile(r"\s*,?\s*(?:(?:sub-?)?paragraph\s+\S+?\s*,?\s*)*of\s+"
                      r"(?:(?:the|its|this|that|said|present|aforementioned)\s+)*(?P<word>[\w-]+)")
_OWN_TEXT = {"convention", "protocol", "covenant"}
# a sentence ends at "." or ";" after a word, before a capital or an opening bracket or quote
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”'][.;])\s*(?=[\"“(]?[A-Z(]|\d{1,2}\.\s*[A-Z])")


def article_number(token: str) -> str:
    """'33' -> '33', 'I' -> '1', 'VII' -> '7': the form used to compare articles."""
    if token.isdigit():
        return str(int(token))
    total = 0
    for ch, nxt in zip(token, [*token[1:], ""]):
        v = _ROMAN[ch]
        total += -v if nxt and _ROMAN[nxt] > v else v
    return str(total)


def provision_articles(provision: str) -> list[str]:
    """The article numbers a citation names: 'art. 1A(2), art. 33(1)' -> ['1', '33']."""
    out: list[str] = []
    for m in re.finditer(r"\barts?\.\s*", provision):
        for piece in re.split(r",\s*|\s+and\s+", provision[m.end():]):
            piece = piece.strip()
            num = re.match(_NUM, piece)
            if num is None:
                if piece.startswith("("):     # "art. 14(1), (3)(f)"
                    continue
                break
            out.append(article_number(num.group(0)))
    return list(dict.fromkeys(out))


def _mentions(text: str, foreign: Iterable[str] = ()) -> list[tuple[int, list[str]]]:
    """(offset, article tokens) for each mention of this treaty's articles in a declaration.

    A mention followed by "of the <something>" other than the Convention or
    Protocol ("article 7 of the Federal Labour Act") names national law and is
    left out, as is "of the <word>" for a word in `foreign` (a Convention's
    declaration citing "article VII of the Protocol"). Ranges ("articles 13
    to 15") are expanded.
    """
    own = _OWN_TEXT - {w.casefold() for w in foreign}
    out = []
    for m in _MENTION.finditer(text):
        of = _OF_WHAT.match(text, m.end())
        if of and of.group("word").casefold() not in own:
            continue
        tokens: list[str] = []
        prev_sep = None
        for item in _LIST_ITEM.finditer(m.group("list")):
            tok = item.group("num")
            if prev_sep in ("to", "–", "-") and tokens and tok.isdigit() and tokens[-1].isdigit() \
                    and 0 < int(tok) - int(tokens[-1]) <= 40:
                tokens += [str(n) for n in range(int(tokens[-1]) + 1, int(tok))]
            tokens.append(tok)
            prev_sep = item.group("sep")
        out.append((m.start(), tokens))
    return out


def declaration_articles(text: str, foreign: Iterable[str] = ()) -> list[str]:
    """Articles a declaration names, as written ('7', 'I'), once each, in order."""
    seen: dict[str, str] = {}
    for _, tokens in _mentions(text, foreign):
        for tok in tokens:
            seen.setdefault(article_number(tok), tok)
    return list(seen.values())


def excerpt(text: str, articles: Iterable[str], limit: int = 400) -> str:
    """The sentences of `text` that name one of `articles` (at most two), trimmed with "[…]"."""
    wanted = {article_number(a) for a in articles}
    hits = [pos for pos, toks in _mentions(text) if wanted & {article_number(t) for t in toks}]
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    spans = list(zip(starts, [*starts[1:], len(text)]))
    picked = [(s, e, next(p for p in hits if s <= p < e)) for s, e in spans if any(s <= p < e for p in hits)]
    picked = picked[:2] or [(*spans[0], 0)]
    out = "[…] " if picked[0][0] > 0 else ""
    for n, (s, e, hit) in enumerate(picked):
        raw = text[s:e]
        sentence = raw.strip()
        cut_before = cut_after = False
        if len(sentence) > limit:
            rel = hit - s - (len(raw) - len(raw.lstrip()))
            start = max(0, min(rel - limit // 4, len(sentence) - limit))
            start = sentence.find(" ", start) + 1 if start else 0
            end = start + limit
            if end < len(sentence):
                end = sentence.rfind(" ", start, end)
                cut_after = True
            cut_before = start > 0
            sentence = sentence[start:end].strip()
        if n:
            out += " " if picked[n - 1][1] == s and not cut_before else " […] "
        elif cut_before and not out:
            out = "[…] "
        out += sentence + (" […]" if cut_after else "")
    return out.replace("[…] […]", "[…]").strip("\"“”")


class Reservation(BaseModel):
    """One State's reservations and declarations to one instrument (the whole text)."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str
    country: str
    articles: tuple[str, ...]          # as written: '17', 'I'
    text: str
    as_of: str | None = None
    source: str

    def touching(self, provision: str) -> list[str]:
        """The articles of this text that a citation's provision names ([] if none)."""
        cited = set(provision_articles(provision))
        return [a for a in self.articles if article_number(a) in cited]

    def note(self, provision: str) -> dict | None:
        """What a citation shows: the articles touched, the words that touch them, the whole text."""
        touched = self.touching(provision)
        if not touched:
            return None
        return {"articles": touched, "excerpt": excerpt(self.text, touched), "text": self.text,
                "as_of": self.as_of, "source": self.source}


def read_reservations_csv(path: Path, resolve: callable, error: type[LawreviewError] = RulebookError
                          ) -> list[Reservation]:
    """Read one declarations CSV; `resolve(instrument, country, where)` returns the (id, alpha-2) pair."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise error(f"{path}: cannot read declarations file: {exc.strerror or exc}") from None
    out: list[Reservation] = []
    seen: set[tuple[str, str]] = set()
    with fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise error(f"{path}:1: header must be {','.join(COLUMNS)}")
        for rec in reader:
            where = f"{path}:{reader.line_num}"
            inst, country = resolve(rec["instrument"], rec["country"], where)
            as_of = rec["as_of"].strip() or None
            if as_of and not AS_OF.match(as_of):
                raise error(f"{where}: as_of {as_of!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
            if (inst, country) in seen:
                raise error(f"{where}: {inst} / {country} given twice")
            seen.add((inst, country))
            out.append(Reservation(instrument=inst, country=country, articles=tuple(rec["articles"].split()),
                                   text=rec["text"].strip(), as_of=as_of, source=rec["source"] or path.name))
    return out
