"""Load and check the rulebook: rules/standards, rules/lexicon, instruments.

Every load error names the file it comes from. Concepts are compiled once per
language into one regular expression each.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import RulebookError
from ..paths import cache_dir, read_cached, rules_dir, write_cached
from .models import LANGS, Concept, Rule
from .vocab import load_vocab, read_yaml

_MACRO = re.compile(r"\{(number|duration_unit)\}")


@dataclass
class Rulebook:
    rules: list[Rule]
    concepts: dict[str, Concept]
    instruments: dict[str, object]
    version: str
    _compiled: dict[tuple[str, str], re.Pattern | None] = field(default_factory=dict)
    _keys: dict[tuple[str, str], frozenset[str] | None] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def concept_family(self, concept_id: str) -> list[str]:
        """The concept and every concept it includes, transitively."""
        out, todo = [], [concept_id]
        while todo:
            cid = todo.pop()
            if cid in out or cid not in self.concepts:
                continue
            out.append(cid)
            todo += self.concepts[cid].include
        return out

    def concept_keys(self, concept_id: str, lang: str) -> frozenset[str] | None:
        """Word beginnings (2–4 letters) one of which every match starts with,
        or None when some term can start otherwise (then the draft is scanned)."""
        key = (concept_id, lang)
        if key not in self._keys:
            keys: set[str] | None = set()
            for term in _expand_terms(self.concepts, concept_id, lang, set()):
                for alt in split_alternatives(term):
                    heads = literal_prefixes(alt)
                    if heads is None:
                        keys = None
                        break
                    keys.update(word_key(h) for h in heads)
                if keys is None:
                    break
            self._keys[key] = frozenset(keys) if keys else None
        return self._keys[key]

    def concept_regex(self, concept_id: str, lang: str) -> re.Pattern | None:
        key = (concept_id, lang)
        if key not in self._compiled:
            terms = _expand_terms(self.concepts, concept_id, lang, set())
            self._compiled[key] = _compile(terms, lang) if terms else None
        return self._compiled[key]


def _expand_terms(concepts: dict[str, Concept], cid: str, lang: str, seen: set[str]) -> list[str]:
    if cid in seen:
        return []
    seen.add(cid)
    c = concepts[cid]
    terms = list(getattr(c, lang))
    for inc in c.include:
        terms += _expand_terms(concepts, inc, lang, seen)
    return terms


@lru_cache(maxsize=None)
def _number_regex(lang: str) -> str:
    data = load_vocab("numbers").get(lang, {})
    words = sorted(data.get("words", []), key=len, reverse=True)
    word = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    joiner = data.get("joiner", r"\s")
    spelled = rf"{word}(?:{joiner}+{word}){{0,4}}"
    return rf"(?:\d+(?:[.,]\d+)?|{spelled})(?:\s*\(\d+\))?"


def _compile(terms: list[str], lang: str) -> re.Pattern:
    def expand(t: str) -> str:
        return _MACRO.sub(lambda m: _number_regex(lang) if m.group(1) == "number" else m.group(0), t)
    body = "|".join(f"(?:{expand(t)})" for t in terms)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


_LEADING_GROUP = re.compile(r"^\(\?:((?:[\w' -]+\|)*[\w' -]+)\)")


def _top_level(term: str):
    """(index, char, depth) of each character outside escapes and classes."""
    depth, in_class, i = 0, False, 0
    while i < len(term):
        ch = term[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            yield i, ch, depth
        i += 1


def split_alternatives(term: str) -> list[str]:
    """Split a term at its top-level '|' (outside groups and classes)."""
    cuts = [i for i, ch, depth in _top_level(term) if ch == "|" and depth == 0]
    bounds = [-1] + cuts + [len(term)]
    return [term[a + 1:b] for a, b in zip(bounds, bounds[1:])]


def _group_end(term: str, start: int) -> int:
    """Index of the ')' closing the group that opens at `start`."""
    for i, ch, depth in _top_level(term[start:]):
        if ch == ")" and depth == 0:
            return start + i
    return -1


def literal_prefixes(term: str, depth: int = 0) -> list[str] | None:
    """The literal beginnings (two letters at least) that every match of
    `term` starts with, or None when a match may start with anything else."""
    if depth > 6:
        return None
    out: list[str] = []
    if term.startswith("(?:"):
        end = _group_end(term, 0)
        if end < 0:
            return None
        inner, rest = term[3:end], term[end + 1:]
        quant = rest[:1]
        if quant == "{":
            return None
        after = rest[1:] if quant in "?*+" and quant else rest
        for alt in split_alternatives(inner):
            heads = literal_prefixes(alt + (rest[1:] if quant == "+" else after), depth + 1)
            if heads is None:
                return None
            out += heads
        if quant in ("?", "*"):
            heads = literal_prefixes(after, depth + 1) if after else None
            if heads is None:
                return None
            out += heads
    elif term.startswith("[") and "]" in term:
        end = term.index("]")
        chars = term[1:end]
        rest = term[end + 1:]
        if not chars or "-" in chars or "\\" in chars or chars.startswith("^") or rest[:1] in ("*", "{"):
            return None
        optional = rest[:1] == "?"
        rest = rest[1:] if rest[:1] in "?+" and rest[:1] else rest
        for ch in chars:
            heads = literal_prefixes(ch + rest, depth + 1)
            if heads is None:
                return None
            out += heads
        if optional:
            heads = literal_prefixes(rest, depth + 1)
            if heads is None:
                return None
            out += heads
    else:
        lit = []
        for i, ch in enumerate(term):
            if not (ch.isalnum() or ch in " '-" or (ch == "." and i > 0 and term[i + 1:i + 2].isalpha())):
                if ch in "([" and len(lit) < 2:
                    nested = literal_prefixes(term[i:], depth + 1)
                    if nested is None:
                        return None
                    return ["".join(lit) + n for n in nested]
                break
            if i + 1 < len(term) and term[i + 1] in "?*{":
                break
            lit.append(ch)
        out = ["".join(lit)]
    if out and all(re.search(r"[^\W_]{2,}", h) for h in out):
        return out
    return None


def word_key(text: str) -> str:
    """The index key of a literal beginning: its longest word, cut to 4 letters
    (every match contains that word, starting at a word boundary)."""
    return max(re.findall(r"[^\W_]{2,}", text), key=len)[:4]


def _read_yaml(path: Path):
    try:
        return read_yaml(path)
    except yaml.YAMLError as exc:
        raise RulebookError(f"{path}: invalid YAML: {' '.join(str(exc).split())}") from exc


def _validation_message(path: Path, exc: ValidationError) -> str:
    errs = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])
    return f"{path}: {errs}"


def _load_files(folder: Path, model):
    """Validate every YAML file of a folder as `model`; the id must be the file name."""
    for path in sorted(folder.glob("*.yaml")):
        try:
            item = model.model_validate(_read_yaml(path))
        except ValidationError as exc:
            raise RulebookError(_validation_message(path, exc)) from None
        if item.id != path.stem:
            raise RulebookError(f"{path}: id {item.id!r} does not match the file name")
        yield path, item


def load_concepts(folder: Path) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    for path, c in _load_files(folder, Concept):
        for lang in LANGS:
            for term in getattr(c, lang) + (getattr(c.defined_as, lang) if c.defined_as else []):
                try:
                    re.compile(_MACRO.sub("x", term))
                except re.error as exc:
                    raise RulebookError(f"{path}: bad pattern {term!r} ({exc})") from None
        concepts[c.id] = c
    for c in concepts.values():
        for inc in c.include:
            if inc not in concepts:
                raise RulebookError(f"{folder / (c.id + '.yaml')}: includes unknown concept {inc!r}")
    return concepts


def load_rules(folder: Path, concepts: dict[str, Concept], instruments: dict[str, object]) -> list[Rule]:
    rules: list[Rule] = []
    for path, rule in _load_files(folder, Rule):
        unknown = sorted(rule.concepts() - set(concepts))
        if unknown:
            raise RulebookError(f"{path}: unknown concept(s) {', '.join(unknown)}")
        if instruments:
            bad = sorted({c.instrument for c in rule.citations} - set(instruments))
            if bad:
                raise RulebookError(f"{path}: unknown instrument(s) {', '.join(bad)}")
        rules.append(rule)
    return rules


def _version(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".csv"):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    from .. import __version__
    return f"{__version__}+{h.hexdigest()[:12]}"


@lru_cache(maxsize=1)
def load_rulebook(root: Path | None = None) -> Rulebook:
    """The validated rulebook. Parsing and validating ~300 YAML files costs
    about half a second, so the validated result is cached per user, keyed by
    a hash of every rule file (any edit to rules/ invalidates it)."""
    root = root or rules_dir()
    version = _version(root)
    cache = _cache_path(version)
    book = read_cached(cache)
    if isinstance(book, Rulebook) and book.version == version:
        return book
    book = _load_uncached(root, version)
    if write_cached(cache, book):
        for old in cache.parent.glob("rulebook-*.pickle"):
            if old != cache:
                old.unlink(missing_ok=True)
    return book


def _cache_path(version: str) -> Path:
    # the pickle holds instances of the rulebook's models: a change to their
    # code (a new field) must not read an old pickle
    code = hashlib.sha256((Path(__file__).parent / "models.py").read_bytes()).hexdigest()[:8]
    return cache_dir() / f"rulebook-{version}-{code}.pickle"


def _load_uncached(root: Path, version: str) -> Rulebook:
    concepts = load_concepts(root / "lexicon")
    instruments: dict[str, object] = {}
    if (root / "instruments.yaml").exists():
        from .instruments import load_instruments
        instruments = load_instruments(root / "instruments.yaml")
    rules = load_rules(root / "standards", concepts, instruments)
    return Rulebook(rules=rules, concepts=concepts, instruments=instruments, version=version)
