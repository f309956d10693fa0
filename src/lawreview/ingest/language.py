"""Detect the draft's language (en / es / fr) from function-word counts.

Function words are the cheapest reliable signal for legal prose, and the
vocabulary lives in rules/vocab/languages.yaml so that a language is added by
adding a list there (and its other vocabularies), not by editing code.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..rulebook.vocab import load_vocab

_WORD = re.compile(r"[^\W\d_]+", re.U)


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    data = load_vocab("languages")
    return {lang: frozenset(w.lower() for w in words) for lang, words in data.items()}


def detect_language(text: str, max_words: int = 20000) -> str | None:
    """Most likely language code, or None when no language is evident."""
    words = Counter()
    for i, m in enumerate(_WORD.finditer(text)):
        if i >= max_words:
            break
        words[m.group(0).lower()] += 1
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _stopwords().items()}
    if not scores:
        return None
    best = max(scores, key=scores.get)
    return best if scores[best] >= 3 else None
