"""The instruments catalogue, country names and ratification status.

A finding cites instruments; a reviewer must be able to tell "binding on this
State" from "authoritative guidance". This module answers that question from
data a specialist can correct: rules/instruments.yaml (what each instrument is
and whom it can bind) and rules/ratifications/*.csv (who ratified what), plus
any CSV the user passes with --ratifications. Where there is no data the answer
is "unknown" (None), never a guess.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InputError, LawreviewError, RulebookError
from ..paths import rules_dir
from .reservations import AS_OF, Reservation, read_reservations_csv
from .vocab import read_yaml

Kind = Literal["treaty", "regional_treaty", "eu_law", "customary", "interpretation", "soft_law"]
Status = Literal["party", "signatory", "none"]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
RATIFIABLE = ("treaty", "regional_treaty")
SHIPPED_SOURCE_GLOB = "*.csv"
DECLARATIONS_FOLDER = "declarations"     # rules/ratifications/declarations/*.csv
_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")


# --------------------------------------------------------------------------- countries

class Country(BaseModel):
    """A State as ISO 3166-1 knows it (pycountry)."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    alpha_2: str
    alpha_3: str
    name: str                     # ISO short name ("Bolivia, Plurinational State of")
    official_name: str | None = None
    common_name: str | None = None

    @property
    def display_name(self) -> str:
        return self.common_name or self.name

    def __str__(self) -> str:
        return f"{self.display_name} ({self.alpha_2})"


# Common English names ISO does not list. Keys are normalised (see _norm).
_COUNTRY_ALIASES: dict[str, str] = {
    "russia": "RU", "turkey": "TR", "turkiye": "TR", "ivory coast": "CI", "swaziland": "SZ",
    "cape verde": "CV", "macedonia": "MK", "fyrom": "MK", "holy see": "VA", "vatican": "VA",
    "vatican city": "VA", "palestine": "PS", "state of palestine": "PS", "east timor": "TL",
    "uk": "GB", "britain": "GB", "great britain": "GB", "united kingdom": "GB",
    "usa": "US", "america": "US", "united states": "US", "drc": "CD", "dr congo": "CD",
    "democratic republic of congo": "CD", "democratic republic of the congo": "CD",
    "congo kinshasa": "CD", "congo brazzaville": "CG", "republic of the congo": "CG",
    "republic of congo": "CG", "brunei": "BN", "micronesia": "FM", "south korea": "KR",
    "korea": "KR", "north korea": "KP", "laos": "LA", "syria": "SY", "vietnam": "VN",
    "burma": "MM", "czech republic": "CZ", "uae": "AE", "emirates": "AE",
    "the netherlands": "NL", "holland": "NL", "sao tome": "ST", "saint kitts": "KN",
    "st kitts": "KN", "iran": "IR", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
    "moldova": "MD", "gambia": "GM", "bahamas": "BS", "taiwan": "TW",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    words = ["saint" if w in ("st", "ste") else w for w in words]
    return " ".join(words)


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict[str, str], dict[str, str]]:
    """(codes -> alpha2, names -> alpha2): codes are matched exactly, names fuzzily."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for c in pycountry.countries:
        codes[c.alpha_2.casefold()] = c.alpha_2
        codes[c.alpha_3.casefold()] = c.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if not value:
                continue
            names.setdefault(_norm(value), c.alpha_2)
            if ", " in value:   # "Korea, Republic of" -> "Republic of Korea"
                head, _, tail = value.partition(", ")
                names.setdefault(_norm(f"{tail} {head}"), c.alpha_2)
    for alias, a2 in _COUNTRY_ALIASES.items():
        names[_norm(alias)] = a2
    return codes, names


@lru_cache(maxsize=None)
def _country(alpha_2: str) -> Country:
    c = pycountry.countries.get(alpha_2=alpha_2)
    return Country(alpha_2=c.alpha_2, alpha_3=c.alpha_3, name=c.name,
                   official_name=getattr(c, "official_name", None),
                   common_name=getattr(c, "common_name", None))


def resolve_country(text: str) -> Country:
    """Accept what a user types after --country: FR, FRA, France, "Republic of Korea"..."""
    raw = (text or "").strip()
    if not raw:
        raise InputError("no country given; use an ISO 3166 code (e.g. FR, FRA) or an English name")
    codes, names = _country_index()
    key = raw.casefold()
    if len(raw) in (2, 3) and key in codes:
        return _country(codes[key])
    norm = _norm(raw)
    if norm in names:
        return _country(names[norm])
    suggestions = _suggest_countries(norm, names)
    hint = (f"did you mean {', '.join(suggestions)}?" if suggestions
            else "use an ISO 3166 code (e.g. FR, FRA) or an English country name")
    raise InputError(f"unknown country {raw!r}; {hint}")


def _suggest_countries(norm: str, names: dict[str, str]) -> list[str]:
    close = difflib.get_close_matches(norm, list(names), n=8, cutoff=0.6)
    if close:   # keep only the near-best: "Untied States" should not suggest Mexico
        best = difflib.SequenceMatcher(None, norm, close[0]).ratio()
        close = [m for m in close if difflib.SequenceMatcher(None, norm, m).ratio() >= best - 0.08]
    out: list[str] = []
    for match in close:
        label = str(_country(names[match]))
        if label not in out:
            out.append(label)
    return out[:3]


# --------------------------------------------------------------------------- instruments

class Instrument(BaseModel):
    """One entry of rules/instruments.yaml; `kind` is the binding-force vocabulary."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    title_es: str
    title_fr: str
    short_title: str
    year: int | None = Field(default=None, ge=1800, le=2100)
    kind: Kind
    organisation: str | None = None
    region: str | None = None
    # States (ISO alpha-2) a regional instrument or EU act can bind at all.
    applies_to: tuple[str, ...] = ()
    # True when every State in applies_to is bound without a ratification
    # record: EU law for the States listed; the ECHR, whose ratification is a
    # condition of Council of Europe membership; lists that are themselves the
    # States parties (ACHR).
    binds_all_listed: bool = False
    interprets: tuple[str, ...] = ()   # interpretations: the treaty id(s) read
    parent: str | None = None          # protocols: the instrument they supplement
    ratification_key: str | None = None  # hr_status_<key>.csv in the UN data
    aliases: tuple[str, ...] = ()      # other names found in citations
    symbol: str | None = None          # UN document symbol, CETS/OJ number, case series
    notes: str | None = None

    @field_validator("id")
    @classmethod
    def _id_syntax(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"bad instrument id {v!r} (letters, digits and '-')")
        return v

    @field_validator("applies_to", mode="before")
    @classmethod
    def _yaml_norway(cls, v: object) -> object:
        if isinstance(v, list) and any(isinstance(c, bool) for c in v):
            raise ValueError("a country code was read as true/false by YAML: quote it ('NO' is Norway)")
        return v

    @field_validator("applies_to")
    @classmethod
    def _alpha2(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in v if not (len(c) == 2 and c.isupper() and pycountry.countries.get(alpha_2=c))]
        if bad:
            raise ValueError(f"not ISO 3166 alpha-2 codes: {', '.join(map(str, bad))}")
        dups = sorted({c for c in v if v.count(c) > 1})
        if dups:
            raise ValueError(f"listed twice: {', '.join(dups)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "Instrument":
        if self.kind in ("regional_treaty", "eu_law"):
            if not self.applies_to or not self.region:
                raise ValueError(f"a {self.kind} needs 'region' and 'applies_to'")
        elif self.applies_to or self.binds_all_listed:
            raise ValueError("'applies_to' and 'binds_all_listed' are only for regional_treaty and eu_law")
        if self.kind == "interpretation" and not self.interprets:
            raise ValueError("an interpretation needs 'interprets' (the treaty id it reads)")
        if self.kind != "interpretation" and self.interprets:
            raise ValueError("'interprets' is only for kind interpretation")
        if self.ratification_key and self.kind not in RATIFIABLE:
            raise ValueError(f"a {self.kind} is not ratified: drop 'ratification_key'")
        return self

    @property
    def binding(self) -> str:
        """The binding-force label a citation carries ("treaty", "soft_law"...)."""
        return self.kind

    def title_in(self, lang: str) -> str:
        return {"es": self.title_es, "fr": self.title_fr}.get(lang, self.title)


class _Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    groups: dict[str, list] = Field(default_factory=dict)   # YAML anchors; checked where used
    instruments: list[dict]


def load_instruments(path: Path | None = None) -> dict[str, Instrument]:
    """Load and check the catalogue; every error names the file and the entry."""
    path = (Path(path) if path else rules_dir() / "instruments.yaml").resolve()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise RulebookError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return dict(_load_instruments_cached(path, stamp))


@lru_cache(maxsize=8)
def _load_instruments_cached(path: Path, _stamp: int) -> dict[str, Instrument]:
    try:
        data = read_yaml(path)
    except OSError as exc:
        raise RulebookError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise RulebookError(f"{path}: invalid YAML: {' '.join(str(exc).split())}") from None
    try:
        cat = _Catalogue.model_validate(data)
    except ValidationError as exc:
        raise RulebookError(f"{path}: {_errors(exc)}") from None
    out: dict[str, Instrument] = {}
    for i, entry in enumerate(cat.instruments, 1):
        label = f"entry {i}" + (f" ({entry['id']})" if isinstance(entry.get("id"), str) else "")
        try:
            inst = Instrument.model_validate(entry)
        except ValidationError as exc:
            raise RulebookError(f"{path}: {label}: {_errors(exc)}") from None
        if inst.id in out:
            raise RulebookError(f"{path}: {label}: duplicate id {inst.id!r}")
        out[inst.id] = inst
    for inst in out.values():
        refs = [*inst.interprets, *([inst.parent] if inst.parent else [])]
        missing = [r for r in refs if r not in out]
        if missing:
            raise RulebookError(f"{path}: instrument {inst.id}: unknown instrument(s) {', '.join(missing)}")
    names: dict[str, str] = {}
    for inst in out.values():
        for name in dict.fromkeys([inst.id, *inst.aliases]):
            other = names.setdefault(_norm(name), inst.id)
            if other != inst.id:
                raise RulebookError(f"{path}: instrument {inst.id}: name {name!r} also names {other}")
    keys = [i.ratification_key for i in out.values() if i.ratification_key]
    dup_keys = sorted({k for k in keys if keys.count(k) > 1})
    if dup_keys:
        raise RulebookError(f"{path}: ratification_key used twice: {', '.join(dup_keys)}")
    return out


def _errors(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "literal_error":
            msg += f" (got {e.get('input')!r})"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def find_instrument(ref: str, instruments: dict[str, Instrument] | None = None) -> Instrument | None:
    """Match a citation's instrument: its id (any case) or one of its aliases."""
    instruments = instruments if instruments is not None else load_instruments()
    if ref in instruments:
        return instruments[ref]
    key = _norm(ref)
    for inst in instruments.values():
        if key == _norm(inst.id) or any(key == _norm(a) for a in inst.aliases):
            return inst
    return None


# --------------------------------------------------------------------------- ratifications

class RatificationStatus(BaseModel):
    """Whether one instrument binds one State, and on what evidence."""
    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str
    country: str                       # ISO alpha-2
    kind: Kind
    applicable: bool                   # False: a regional instrument / EU act that cannot bind this State
    ratified: bool | None              # True party, False signatory/none; None unknown, not ratifiable or not open to the State
    status: Status | None = None       # the data row's status, if any
    year: int | None = None
    as_of: str | None = None           # date of the data row (YYYY, YYYY-MM or YYYY-MM-DD)
    source: str | None = None
    binding_on_state: bool | None      # None: unknown, or guidance that binds no one
    basis: str                         # one English sentence for reports and `instruments show`


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    instrument: str
    country: str
    status: Status
    year: int | None
    as_of: str | None
    source: str
    origin: str                        # file:line, for messages


REQUIRED_COLUMNS = ("instrument", "country", "status")
OPTIONAL_COLUMNS = ("year", "source", "as_of", "note")
_STATUS_WORDS = {"party": "party", "signatory": "signatory", "none": "none"}


class Ratifications:
    """Ratification data (shipped + user files) answering status(instrument, State)."""

    def __init__(self, rows: Iterable[_Row], instruments: dict[str, Instrument],
                 files: Sequence[Path] = (), data_date: str | None = None,
                 source_description: str = "", reservations: Iterable[Reservation] = ()) -> None:
        self.instruments = instruments
        self.files = list(files)
        self.data_date = data_date
        self.source_description = source_description
        self._rows: dict[tuple[str, str], _Row] = {}
        for row in rows:                       # later rows win
            self._rows[(row.instrument, row.country)] = row
        self._reservations = {(r.instrument, r.country): r for r in reservations}

    def reservations_of(self, instrument_id: str, country_alpha2: str) -> Reservation | None:
        """The State's reservations and declarations to the instrument, if the data has them.

        Only for a State that is party or signatory: a former party's
        reservation no longer speaks for it.
        """
        key = (instrument_id, country_alpha2.upper())
        row = self._rows.get(key)
        return self._reservations.get(key) if row is not None and row.status != "none" else None

    def reservation(self, instrument_id: str, country_alpha2: str, provision: str) -> dict | None:
        """The State's reservation or declaration touching the cited provision (see Reservation.note)."""
        res = self.reservations_of(instrument_id, country_alpha2)
        return res.note(provision) if res is not None else None

    def __len__(self) -> int:
        return len(self._rows)

    def countries(self) -> set[str]:
        return {c for _, c in self._rows}

    def status(self, instrument_id: str, country_alpha2: str) -> RatificationStatus:
        inst = self.instruments.get(instrument_id)
        if inst is None:
            raise RulebookError(f"unknown instrument id {instrument_id!r}")
        country = country_alpha2.upper()
        if not pycountry.countries.get(alpha_2=country):
            raise InputError(f"unknown country code {country_alpha2!r}")
        row = self._rows.get((inst.id, country))
        name = _country(country).display_name
        base = {"instrument": inst.id, "country": country, "kind": inst.kind}
        if inst.kind in ("soft_law", "interpretation"):
            what = "soft law" if inst.kind == "soft_law" else "an interpretation of " + ", ".join(inst.interprets)
            return RatificationStatus(**base, applicable=True, ratified=None, binding_on_state=None,
                                      basis=f"{inst.short_title} is {what}: authoritative guidance, not ratified")
        if inst.kind == "customary":
            return RatificationStatus(**base, applicable=True, ratified=None, binding_on_state=True,
                                      basis="customary international law binds every State")
        if inst.kind == "eu_law":
            listed = country in inst.applies_to
            return RatificationStatus(
                **base, applicable=listed, ratified=None, binding_on_state=listed,
                source="rules/instruments.yaml",
                basis=(f"{inst.short_title} binds {name} ({inst.region})" if listed
                       else f"{inst.short_title} does not bind {name} (not among the States it applies to)"))
        listed = inst.kind == "treaty" or country in inst.applies_to
        if row is not None:
            party = row.status == "party"
            verb = {"party": "is party to", "signatory": "has signed but not ratified",
                    "none": "is not party to"}[row.status]
            year = f" ({row.year})" if row.year else ""
            return RatificationStatus(**base, applicable=listed or party, ratified=party, status=row.status,
                                      year=row.year, as_of=row.as_of, source=row.source, binding_on_state=party,
                                      basis=f"{name} {verb} the {inst.short_title}{year}")
        if not listed:   # outside the region and no data row: it does not apply; "not party" is not claimed
            return RatificationStatus(
                **base, applicable=False, ratified=None, binding_on_state=False,
                source="rules/instruments.yaml",
                basis=f"{inst.short_title} does not apply to {name} ({inst.region} instrument)")
        if inst.binds_all_listed:
            return RatificationStatus(
                **base, applicable=True, ratified=True, binding_on_state=True, source="rules/instruments.yaml",
                basis=f"{name} is bound by the {inst.short_title} ({inst.region})")
        return RatificationStatus(**base, applicable=True, ratified=None, binding_on_state=None,
                                  basis=f"no ratification data for {name} and the {inst.short_title}: unknown")

    def for_country(self, country_alpha2: str) -> dict[str, RatificationStatus]:
        return {iid: self.status(iid, country_alpha2) for iid in self.instruments}


def shipped_ratification_files(folder: Path | None = None) -> list[Path]:
    folder = folder or rules_dir() / "ratifications"
    return sorted(folder.glob(SHIPPED_SOURCE_GLOB))


def shipped_declaration_files(folder: Path | None = None) -> list[Path]:
    folder = folder or rules_dir() / "ratifications" / DECLARATIONS_FOLDER
    return sorted(folder.glob(SHIPPED_SOURCE_GLOB))


def load_ratifications(extra: Sequence[Path] = (), *, instruments: dict[str, Instrument] | None = None,
                       shipped: Sequence[Path] | None = None,
                       declarations: Sequence[Path] | None = None) -> Ratifications:
    """Shipped data first, then the user's files in order (a later row replaces an earlier one)."""
    instruments = instruments if instruments is not None else load_instruments()
    shipped = list(shipped) if shipped is not None else shipped_ratification_files()
    declarations = list(declarations) if declarations is not None else shipped_declaration_files()
    rows: list[_Row] = []
    sources: list[str] = []
    dates: list[str] = []
    for path in shipped:
        file_rows = read_ratifications_csv(path, instruments, error=RulebookError)
        rows += file_rows
        m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
        if m:
            dates.append(m.group(1))
        named = list(dict.fromkeys(r.source for r in file_rows))
        # a file compiled from many sources is named by itself; each row still carries its source
        sources.append("; ".join(named) if len(named) <= 2
                       else f"{path.name} ({len(named)} sources, each cited with its status)")
    for path in extra:
        path = Path(path)
        rows += read_ratifications_csv(path, instruments, error=InputError)
        sources.append(f"user file {path.name}")
    reservations = [r for path in declarations for r in read_reservations_csv(
        path, lambda inst, country, where: _resolve_pair(inst, country, instruments, where, RulebookError))]
    return Ratifications(rows, instruments, files=[*shipped, *map(Path, extra)],
                         data_date=max(dates) if dates else None, source_description="; ".join(sources),
                         reservations=reservations)


def read_ratifications_csv(path: Path, instruments: dict[str, Instrument],
                           error: type[LawreviewError] = InputError) -> list[_Row]:
    """Read one CSV in the documented format; errors name the file and line."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise error(f"{path}: cannot read ratifications file: {exc.strerror or exc}") from None
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    with fh:
        reader = csv.reader(fh)
        header: list[str] | None = None
        try:
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                    continue
                cells = [c.strip() for c in cells]
                if header is None:
                    header = [c.lower() for c in cells]
                    missing = [c for c in REQUIRED_COLUMNS if c not in header]
                    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
                    if missing or unknown:
                        raise error(f"{path}:{line}: header must have columns "
                                    f"{','.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS[:2])}"
                                    + (f"; missing {', '.join(missing)}" if missing else "")
                                    + (f"; unknown {', '.join(unknown)}" if unknown else ""))
                    continue
                if len(cells) != len(header):
                    raise error(f"{path}:{line}: expected {len(header)} fields, found {len(cells)}")
                rec = dict(zip(header, cells))
                row = _parse_row(rec, instruments, f"{path}:{line}", path, error)
                key = (row.instrument, row.country)
                if key in seen:
                    raise error(f"{path}:{line}: {row.instrument} / {row.country} already given on line {seen[key]}")
                seen[key] = line
                rows.append(row)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise error(f"{path}:{reader.line_num}: not a readable CSV file ({exc})") from None
    if header is None:
        raise error(f"{path}: empty ratifications file (expected a header line)")
    return rows


def _resolve_pair(instrument: str, country_text: str, instruments: dict[str, Instrument], where: str,
                  error: type[LawreviewError]) -> tuple[str, str]:
    """(instrument id, alpha-2) of a data row: a ratifiable instrument and a known State, or an error."""
    inst = find_instrument(instrument, instruments) if instrument else None
    if inst is None:
        close = difflib.get_close_matches(instrument, list(instruments), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise error(f"{where}: unknown instrument {instrument!r}{hint}")
    if inst.kind not in RATIFIABLE:
        raise error(f"{where}: {inst.id} is {inst.kind.replace('_', ' ')}, which States do not ratify")
    try:
        return inst.id, resolve_country(country_text).alpha_2
    except InputError as exc:
        raise error(f"{where}: {exc}") from None


def _parse_row(rec: dict[str, str], instruments: dict[str, Instrument], where: str, path: Path,
               error: type[LawreviewError]) -> _Row:
    inst_id, country = _resolve_pair(rec["instrument"], rec["country"], instruments, where, error)
    status = _STATUS_WORDS.get(rec["status"].lower())
    if status is None:
        raise error(f"{where}: status {rec['status']!r} must be party, signatory or none")
    year_text = rec.get("year", "")
    year = None
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text) or not 1900 <= int(year_text) <= 2100:
            raise error(f"{where}: year {year_text!r} is not a year (e.g. 2007)")
        if status != "party":
            raise error(f"{where}: a year is only given for status party (ratification or accession)")
        year = int(year_text)
    source = rec.get("source") or path.name
    as_of = rec.get("as_of", "")
    if as_of and not AS_OF.match(as_of):
        raise error(f"{where}: as_of {as_of!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if not as_of:    # the date of the data: in the source text ("UNHCR list 2024-06-01") or the file name
        found = _DATE_IN_TEXT.search(rec.get("source", "")) or _DATE_IN_TEXT.search(path.name)
        as_of = found.group(1) if found else None
    return _Row(instrument=inst_id, country=country, status=status, year=year, as_of=as_of, source=source,
                origin=where)
