#!/usr/bin/env python3
"""Convert the migration-treaty ratification tables (ratifications2) into lawreview's CSVs.

Input: a folder with status_<key>.csv (columns iso2, member, state party, year
ratification or accession, signatory, no action, status, note, as_of,
source_id, confidence), declarations_untc.csv (iso2, state, instrument_id,
text, source_id) and ratification_events.csv. <key> is matched to an
instrument through its `ratification_key` in rules/instruments.yaml (the
declarations' instrument_id is the upper-case key).

Output:
  rules/ratifications/migration_treaties.csv
      instrument,country,status,year,as_of,source
  rules/ratifications/declarations/untc_declarations.csv
      instrument,country,articles,text,as_of,source
(see rules/ratifications/README.md).

Rules, each reported on stderr when it changes or drops a row:
  * status: "state party" -> party, "signatory state" -> signatory,
    "no action" -> none, "former party" (denounced, withdrew, ceased) -> none;
    "no data" rows are dropped: the status stays unknown.
  * a "no action" row with no source is derived from membership, not from a
    source: for a regional treaty (State outside the organisation) it is
    dropped, since rules/instruments.yaml (`applies_to`) already says the
    treaty does not apply; for an ILO convention (State not an ILO member,
    which cannot ratify) it becomes none, dated like the instrument's data.
  * as_of: each row's date, normalised to YYYY, YYYY-MM or YYYY-MM-DD:
    "c. 2012" -> 2012; a range "2023-10/2024" -> its start (the date the data
    is sure of); several sources "2003;c. 2012" -> the latest. Rows from the
    UN Treaty Collection scrape (S1) are dated by the last change of the
    scraped file (S1_FILE_AS_OF), not by the repository's last commit
    (2015-03-14) that the status files carry. A source with no date (the UNTS
    record of the OAU convention) is dated by the latest action it records.
  * States the data has that lawreview cannot review (the European Union as a
    party) are dropped; regional membership in the data is checked against
    `applies_to` in the catalogue.
  * declarations: `articles` lists the articles of the instrument each text
    names (lawreview.rulebook.reservations.declaration_articles); texts that
    are empty in the source are dropped.

Usage:
  .venv/bin/python tools/import_migration_ratifications.py /work/shared/ratifications2
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from import_ratifications import country_code, warn  # noqa: E402

from lawreview.rulebook.instruments import load_instruments  # noqa: E402
from lawreview.rulebook.reservations import AS_OF, declaration_articles  # noqa: E402

STATUS = {"state party": "party", "signatory state": "signatory", "no action": "none", "former party": "none"}
NOT_STATES = {"EU"}

# UN Treaty Collection (MTDSG) chapter and the scraped file of zmjones/untreaties
# @ 003ce1309cc2a27a5a3909f39b7e6634550bf173, with the file's last change.
S1_FILES = {
    "refugee_1951": ("V-2", "5-2", "2013-07-06"),
    "refugee_protocol_1967": ("V-5", "5-5", "2014-01-27"),
    "stateless_1954": ("V-3", "5-3", "2015-03-14"),
    "statelessness_1961": ("V-4", "5-4", "2015-01-27"),
    "vccr_1963": ("III-6", "3-6", "2014-07-10"),
    "untoc_2000": ("XVIII-12", "18-12", "2014-01-27"),
    "tip_protocol_2000": ("XVIII-12-a", "18-12-a", "2014-01-27"),
    "som_protocol_2000": ("XVIII-12-b", "18-12-b", "2014-07-10"),
}
S1_REPO_DATE = "2015-03-14"

# What each source id of ratifications2/SOURCES.md is, as a report names it.
SOURCES = {
    "S2": "Netherlands treaty database (Verdragenbank), 1954 Convention parties",
    "S3": "Netherlands treaty database (Verdragenbank), Trafficking Protocol parties",
    "S4": "whatconvention.org copy of the UN Treaty Collection table",
    "S5": "vLex, UNTS No. 5158 participants",
    "S6": "UNHCR release on ReliefWeb, 1 October 2018",
    "S7": "Wikipedia, Convention relating to the Status of Stateless Persons",
    "S8": "UN Treaty Collection MTDSG III-6 (count of parties) and Wikipedia mirrors",
    "S9a": "OAS Department of International Law, B-32 signatories table",
    "S9b": "IACHR Annual Report 2003, annex",
    "S9c": "derechos.org (Nizkor) and ASIL Insights, Venezuela's denunciation",
    "S10a": "europeancourt.org, ECHR ratification table",
    "S10b": "Council of Europe membership (every member State is party)",
    "S10c": "Council of Europe press release, 23 March 2022",
    "S11a": "europeancourt.org, Protocol No. 4 table",
    "S11b": "Netherlands treaty database (Verdragenbank), Protocol No. 4",
    "S11c": "humanrights.ch, Protocol No. 4",
    "S12": "europa.eu, EU countries",
    "S13": "secondary sources (54 of the 55 AU member States)",
    "S14a": "UNTS registration No. 14691 (UN Treaty Collection)",
    "S14b": "UNHCR statement reported by chimpreports.com, May 2016",
    "S15": "African Union treaty table via AfricanLII (updated 8 July 2024)",
    "S16a": "Wikipedia, Arab Charter on Human Rights",
    "S16b": "Alkarama press release, 21 March 2008",
    "S17": "Swiss Fedlex SR 0.822.728.9, scope of application",
    "S18": "ILO NORMLEX (French), C097 ratifications",
    "S19": "Wikipedia copy (2015), Convention No. 143",
    "S20": "Wikipedia copy, Convention No. 181 ratifying States",
    "S23": "German Federal Law Gazette, BGBl. 2017 II 1319",
    "S24": "Netherlands treaty database (Verdragenbank), treaty 007101",
    "S25": "KOK e.V., 9 November 2016",
    "S26": "Wikipedia, Forced Labour Convention, 1930",
}
NOT_ILO_MEMBER = "not an ILO member State (ILO conventions are open to members only)"
# A Convention's declaration naming "article VII of the Protocol" names another instrument.
FOREIGN_WORDS = {"refugee_1951": ("protocol",)}


def source_label(sid: str, key: str) -> str:
    if sid == "S1":
        chapter, name, _ = S1_FILES[key]
        return f"UN Treaty Collection, MTDSG {chapter} (scrape: zmjones/untreaties, {name}.csv)"
    if sid not in SOURCES:
        raise SystemExit(f"source id {sid!r} is not described in SOURCES")
    return SOURCES[sid]


def normalise_date(part: str) -> str | None:
    """'c. 2012' -> '2012', '2023-10/2024' -> '2023-10', '2024/25' -> '2024'; None if no date."""
    part = re.sub(r"^(?:c\.|circa)\s*", "", part.strip())
    part = part.split("/")[0].strip()
    return part if AS_OF.match(part) else None


def row_as_of(raw: str, sids: list[str], key: str, latest_event: dict) -> str | None:
    dates = []
    for part in raw.split(";"):
        d = normalise_date(part)
        if d == S1_REPO_DATE and "S1" in sids:
            d = S1_FILES[key][2]
        if d:
            dates.append(d)
    if not dates:
        dates = [latest_event[(key, s)] for s in sids if (key, s) in latest_event]
    return max(dates) if dates else None


def latest_events(path: Path) -> dict[tuple[str, str], str]:
    """(key, source id) -> latest dated action in ratification_events.csv."""
    out: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            key, sid, date = rec["instrument_id"].lower(), rec["source_id"].split(":")[0], rec["date"]
            if AS_OF.match(date) and date > out.get((key, sid), ""):
                out[(key, sid)] = date
    return out


def convert_status(path: Path, inst, key: str, latest_event: dict) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    pending_ilo: list[dict[str, str]] = []
    listed = set(inst.applies_to)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            where = f"{path.name}:{reader.line_num}"
            rec = {k: (v or "").strip() for k, v in rec.items()}
            if rec["iso2"] in NOT_STATES:
                warn(f"{where}: {rec['member']} is not a State; dropped")
                continue
            country = country_code(rec["iso2"], rec["member"], where)
            raw = rec["status"].lower()
            if raw == "no data":
                continue
            if raw not in STATUS:
                raise SystemExit(f"{where}: unknown status {rec['status']!r}")
            status = STATUS[raw]
            sids = [s.strip() for s in rec["source_id"].split(";") if s.strip()]
            if not sids:
                if raw != "no action":
                    raise SystemExit(f"{where}: a {raw!r} row with no source")
                if inst.kind == "regional_treaty":
                    if country in listed:
                        warn(f"{where}: {country} is in applies_to of {inst.id} but the data has no source "
                             "for it: dropped (unknown)")
                    continue
                if inst.organisation == "ILO":
                    pending_ilo.append({"instrument": inst.id, "country": country, "status": "none",
                                        "year": "", "as_of": "", "source": NOT_ILO_MEMBER})
                    continue
                raise SystemExit(f"{where}: a 'no action' row with no source for {inst.id}")
            if inst.kind == "regional_treaty" and country not in listed and status != "none":
                warn(f"{where}: {country} is {status} but not in applies_to of {inst.id}")
            year = rec["year ratification or accession"] if status == "party" else ""
            if year and not re.fullmatch(r"\d{4}", year):
                raise SystemExit(f"{where}: bad year {year!r}")
            as_of = row_as_of(rec["as_of"], sids, key, latest_event)
            if as_of is None:
                raise SystemExit(f"{where}: no date for the data ({rec['as_of']!r}, {sids})")
            if raw == "former party":
                warn(f"{where}: {country} {inst.id}: former party -> none ({rec['note'][:80]})")
            rows.append({"instrument": inst.id, "country": country, "status": status, "year": year,
                         "as_of": as_of, "source": "; ".join(source_label(s, key) for s in sids)})
    if pending_ilo:
        dated = max(r["as_of"] for r in rows) if rows else None
        if dated is None:
            raise SystemExit(f"{path.name}: ILO non-member rows but no dated row to date them by")
        for r in pending_ilo:
            r["as_of"] = dated
        rows += pending_ilo
    unknown = sorted(listed - {r["country"] for r in rows})
    if unknown:
        warn(f"{path.name}: {len(unknown)} States can be bound by {inst.id} but have no row (unknown): "
             + " ".join(unknown))
    return rows


def convert_declarations(path: Path, by_key: dict, statuses: dict) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            where = f"{path.name}:{reader.line_num}"
            key = rec["instrument_id"].lower()
            country = country_code(rec["iso2"], rec["state"], where)
            text = " ".join(rec["text"].split())
            if not text:
                warn(f"{where}: {country} {rec['instrument_id']}: no text in the source; dropped")
                continue
            inst = by_key[key]
            if statuses.get((inst.id, country)) not in ("party", "signatory"):
                warn(f"{where}: {country} {inst.id}: declaration but status "
                     f"{statuses.get((inst.id, country))!r}")
            articles = declaration_articles(text, FOREIGN_WORDS.get(key, ()))
            if not articles:
                warn(f"{where}: {country} {inst.id}: names no article (shown with no citation)")
            chapter, name, as_of = S1_FILES[key]
            rows.append({"instrument": inst.id, "country": country, "articles": " ".join(articles), "text": text,
                         "as_of": as_of, "source": f"UN Treaty Collection, MTDSG {chapter}, declarations and "
                                                   f"reservations (scrape: zmjones/untreaties, {name}.txt)"})
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    rows.sort(key=lambda r: (r["instrument"], r["country"]))
    keys = [(r["instrument"], r["country"]) for r in rows]
    if len(set(keys)) != len(keys):
        raise SystemExit(f"{path.name}: an (instrument, country) pair appears twice")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder with status_<key>.csv and declarations_untc.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "rules" / "ratifications" / "migration_treaties.csv")
    ap.add_argument("--declarations-out", type=Path,
                    default=ROOT / "rules" / "ratifications" / "declarations" / "untc_declarations.csv")
    ap.add_argument("--instruments", type=Path, default=ROOT / "rules" / "instruments.yaml")
    args = ap.parse_args(argv)
    by_key = {i.ratification_key: i for i in load_instruments(args.instruments).values() if i.ratification_key}
    latest_event = latest_events(args.folder / "ratification_events.csv")
    rows: list[dict[str, str]] = []
    for path in sorted(args.folder.glob("status_*.csv")):
        key = path.stem.removeprefix("status_")
        if key == "all_long":
            continue
        if key not in by_key:
            warn(f"{path.name}: no instrument has ratification_key {key!r}; skipped")
            continue
        inst_rows = convert_status(path, by_key[key], key, latest_event)
        dates = sorted({r["as_of"] for r in inst_rows})
        counts = {s: sum(r["status"] == s for r in inst_rows) for s in ("party", "signatory", "none")}
        print(f"{by_key[key].id}: {len(inst_rows)} rows ({', '.join(f'{k} {v}' for k, v in counts.items())}), "
              f"as of {dates[0]}{f' to {dates[-1]}' if len(dates) > 1 else ''}", file=sys.stderr)
        rows += inst_rows
    write_csv(args.out, rows, ["instrument", "country", "status", "year", "as_of", "source"])
    statuses = {(r["instrument"], r["country"]): r["status"] for r in rows}
    decl = convert_declarations(args.folder / "declarations_untc.csv", by_key, statuses)
    write_csv(args.declarations_out, decl, ["instrument", "country", "articles", "text", "as_of", "source"])
    print(f"wrote {args.out} ({len(rows)} rows) and {args.declarations_out} ({len(decl)} texts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
