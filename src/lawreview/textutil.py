"""Text helpers shared by the stages: accent folding that keeps offsets."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Lower-case and strip accents, one character for one, so that offsets in
    the folded text are offsets in the original (quotes stay exact)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Word tokens for no-text-lost checks: letters and digits, folded."""
    return re.findall(r"\w+", fold(text))


_QUOTE_MARKS = re.compile(r'\s*[«»“”„"]\s*')


_QUOTED_EXAMPLES = re.compile(r'\s*\((?:\s*(?:«[^»]*»|“[^”]*”|"[^"]*")\s*,?)+\)')


def unquote(text: str, *, drop_examples: bool = False) -> str:
    """Drop quotation marks from the rulebook's own wording (labels, proposed
    text in recommendations): in a report, quotation marks enclose only the
    law's own words. `drop_examples` also drops a parenthesis of quoted sample
    wording ('(«será asegurado», «será detenido»)'), which a reader would take
    for the law's."""
    if drop_examples:
        text = _QUOTED_EXAMPLES.sub("", text)
    def repl(m: re.Match) -> str:
        before = m.string[m.start() - 1] if m.start() > 0 else ""
        return " " if before and before not in "'’(" and m.end() < len(m.string) else ""
    out = _QUOTE_MARKS.sub(repl, text)
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s+", "(", out)).strip()
