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

# C0 controls but tab and newline, DEL, C1 controls, and the two non-characters
# XML forbids; line-like separators become a space so that words stay apart.
_CONTROL_SPACE = re.compile(r"[\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """Text without control characters (NUL, ESC, BEL, C1…): safe to print in a
    report or on a terminal; tab and newline are kept."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _CONTROL_SPACE.sub(" ", text))
