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
from ..paths import rules_dir
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
    root = root or rules_dir()
    concepts = load_concepts(root / "lexicon")
    instruments: dict[str, object] = {}
    if (root / "instruments.yaml").exists():
        from .instruments import load_instruments
        instruments = load_instruments(root / "instruments.yaml")
    rules = load_rules(root / "standards", concepts, instruments)
    return Rulebook(rules=rules, concepts=concepts, instruments=instruments, version=_version(root))
