"""spaCy for tokens and sentences, spacy-lookups-data for lemmas — offline.

`spacy download` cannot run here and no current model is on PyPI for all three
languages, so lawreview uses a blank pipeline with a sentencizer. It is the
multi-language blank ("xx") with the legal abbreviations of
rules/vocab/abbreviations.yaml as tokenizer exceptions: spaCy's French blank
spends ~2.5 s compiling tokenizer exceptions (elisions, hyphenated words) that
sentence splitting does not need. Lemmas come from the lookup tables of
spacy-lookups-data; decoding those JSON tables costs about a second, so a
pickled copy is cached per user.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from ..paths import cache_dir, read_cached, write_cached


def _import_spacy():
    """Import spaCy without its command-line package.

    `import spacy` also imports `spacy.cli` (typer, click, the download and
    training commands) just to re-export `spacy.info`: a quarter of its
    import time, which a review pays on every run. A placeholder stands in for
    that one module while spaCy is imported; spaCy's own CLI is untouched
    when it is run as `python -m spacy`.
    """
    import sys
    import types
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy
        return spacy
    cli = types.ModuleType("spacy.cli")
    info = types.ModuleType("spacy.cli.info")
    info.info = lambda *a, **k: None  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    cli.__path__ = []  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    except Exception:
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    return spacy


@lru_cache(maxsize=None)
def pipeline(lang: str):
    spacy = _import_spacy()
    from spacy.symbols import ORTH

    from ..rulebook.vocab import load_vocab
    nlp = spacy.blank("xx")
    for abbr in load_vocab("abbreviations").get("all", []) + load_vocab("abbreviations").get(lang, []):
        for form in {abbr, abbr.capitalize(), abbr.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=None)
def lemma_table(lang: str) -> dict[str, str]:
    """Lower-cased form -> lemma, from spacy-lookups-data's lookup table."""
    import spacy_lookups_data
    src = Path(spacy_lookups_data.__file__).parent / "data" / f"{lang}_lemma_lookup.json.gz"
    if not src.exists():
        return {}
    cache = cache_dir() / f"{lang}_lemma_lookup.{src.stat().st_mtime_ns}.pickle"
    table = read_cached(cache)
    if isinstance(table, dict):
        return table
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    # most tables map a form to one lemma; French maps some forms to a list
    table = {k.lower(): (v[0] if isinstance(v, list) else v).lower() for k, v in raw.items() if v}
    write_cached(cache, table)
    return table


def lemmatize(lang: str, word: str) -> str:
    w = word.lower()
    return lemma_table(lang).get(w, w)


_INNER_STOP = re.compile(r"[.!?;:][)\]\"'”»]*\s+\S")


def split_sentences(lang: str, texts: list[str]) -> list[list[tuple[int, int]]]:
    """For each text, the (start, end) character spans of its sentences.

    Only texts that may hold more than one sentence go through spaCy: most
    lines of a law (headings, items, one-sentence paragraphs) are one sentence.
    """
    out: list[list[tuple[int, int]]] = [[(0, len(t))] for t in texts]
    todo = [i for i, t in enumerate(texts) if _INNER_STOP.search(t.rstrip())]
    if not todo:
        return out
    nlp = pipeline(lang)
    for i, doc in zip(todo, nlp.pipe((texts[i] for i in todo), batch_size=256)):
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            if doc.text[start:end].strip():
                spans.append((start, end))
        out[i] = spans
    return out
