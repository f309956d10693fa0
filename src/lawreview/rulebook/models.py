"""The rulebook's file formats, validated by pydantic when loaded.

A concept (rules/lexicon/ID.yaml) is a set of regular expressions per language
naming one idea a rule looks for ("detention", "child", "court").

A rule (rules/standards/ID.yaml) is one IML standard. It has one of two types:
  conditional  the law regulates a subject => it must contain the safeguards,
               and no red flag may be in force (Vale's "X implies Y");
  existence    only red flags are looked for (terminology advice).

A pattern matches one sentence: the concepts of `all` (the first of which is
the predicate whose clause decides polarity and modality), at least one of
`any`, none of `none`; `context` concepts must appear in the same article, an
article tied to it by a cross-reference, or the heading of its chapter.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGS = ("en", "es", "fr")
Status = Literal["compliant", "partial", "gap", "conflict", "not_applicable"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    en: str
    es: str
    fr: str

    def get(self, lang: str) -> str:
        return getattr(self, lang, None) or self.en


class DefinedAs(Strict):
    en: list[str] = Field(default_factory=list)
    es: list[str] = Field(default_factory=list)
    fr: list[str] = Field(default_factory=list)


class Concept(Strict):
    id: str
    description: str
    en: list[str] = Field(default_factory=list)
    es: list[str] = Field(default_factory=list)
    fr: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    # A term the draft defines with words matching these patterns counts as this
    # concept in that draft ("'reception point' means a place where persons are
    # kept pending departure" makes "reception point" a detention facility).
    defined_as: DefinedAs | None = None

    @model_validator(mode="after")
    def _some_terms(self) -> "Concept":
        if not (self.en or self.es or self.fr or self.include):
            raise ValueError("a concept needs terms in at least one language or an include")
        return self


class Pattern(Strict):
    all: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    polarity: Literal["affirmed", "negated", "any"] = "any"
    modality: Literal["mandatory", "discretionary", "not_discretionary", "any"] = "any"
    exception: Literal["required", "forbidden", "any"] = "any"
    # where the `all` concepts must meet: the sentence, or the predicate's own clause
    within: Literal["sentence", "clause"] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> "Pattern":
        if not (self.all or self.any):
            raise ValueError("a pattern needs 'all' or 'any' concepts")
        return self

    def concepts(self) -> set[str]:
        return set(self.all) | set(self.any) | set(self.none) | set(self.context)


class Element(Strict):
    """A subject, safeguard or red flag: what it is and how it reads in a law."""
    id: str
    label: Localized                   # a noun phrase used in summaries
    patterns: list[Pattern]
    required: bool = True              # safeguards only: missing => partial / gap
    undermined_by: list[str] = Field(default_factory=list)   # safeguards: exceptions naming these gut it
    neutralised_by: list[str] = Field(default_factory=list)  # red flags: safeguard ids that answer them


class Citation(Strict):
    instrument: str
    provision: str


class Example(Strict):
    lang: Literal["en", "es", "fr"]
    text: str
    expect: Status
    note: str = ""


class Rule(Strict):
    id: str
    type: Literal["conditional", "existence"]
    theme: Literal["return", "expulsion", "detention", "criminal", "trafficking", "children",
                   "equality", "work"]
    severity: Literal["high", "medium", "low"]
    title: Localized
    standard: Localized               # what the standard requires, one or two sentences
    why: Localized                    # why it matters (for `rules show`)
    recommendation: Localized
    citations: list[Citation]
    subject: list[Element]
    safeguards: list[Element] = Field(default_factory=list)
    red_flags: list[Element] = Field(default_factory=list)
    examples: list[Example]

    @field_validator("citations")
    @classmethod
    def _has_citation(cls, v: list[Citation]) -> list[Citation]:
        if not v:
            raise ValueError("a rule needs at least one citation")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Rule":
        if self.type == "existence" and self.safeguards:
            raise ValueError("an existence rule has red flags only, no safeguards")
        if self.type == "conditional" and not self.safeguards:
            raise ValueError("a conditional rule needs safeguards")
        ids = [e.id for e in self.safeguards]
        for flag in self.red_flags:
            for sid in flag.neutralised_by:
                if sid not in ids:
                    raise ValueError(f"red flag {flag.id!r} is neutralised by unknown safeguard {sid!r}")
        for lang in LANGS:
            kinds = {e.expect for e in self.examples if e.lang == lang}
            if not kinds & {"compliant"} or not kinds & {"conflict", "gap", "partial"}:
                raise ValueError(f"examples in '{lang}' need at least one compliant and one non-compliant case")
        return self

    def concepts(self) -> set[str]:
        out: set[str] = set()
        for el in [*self.subject, *self.safeguards, *self.red_flags]:
            for p in el.patterns:
                out |= p.concepts()
            out |= set(el.undermined_by)
        return out
