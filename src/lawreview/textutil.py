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
