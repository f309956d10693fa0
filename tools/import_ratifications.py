#!/usr/bin/env python3
"""Convert the world-politics-datalab ratification tables into lawreview's CSV.

Input: a folder of hr_status_<key>.csv files (columns iso2, member, state party,
year ratification or accession, signatory, no action, status, note), scraped
from the UN Treaty Collection. <key> is matched to an instrument through its
`ratification_key` in rules/instruments.yaml, so the catalogue stays the one
place that names instruments.

Output: rules/ratifications/un_treaty_collection_<date>.csv with columns
instrument,country,status,year,source (see rules/ratifications/README.md).

The source tables have known defects; each is handled by a rule below and
reported on stderr, never silently:
  * legacy or truncated codes (TP for Timor-Leste, "S" for South Sudan) are
    fixed from the member name, and every code is checked against its name;
  * the `status` column decides, since the 0/1 flags contradict it in a few
    rows; a "state party" row with no year has nothing to back it and is
    dropped (status unknown);
  * a note saying the State denounced the instrument makes it "none";
  * a note saying the participation was tied to another State's (a colonial
    power's extension, not the State's own act) drops the row (unknown);
  * a country found in fewer than half of the tables is not one of the UN
    member States the data covers (Montserrat, a UK territory, stands in for
    Gabon in hr_status_op_crc_ic.csv): its rows are dropped.
A dropped row means "unknown", which lawreview reports as such: better than a
wrong "party".

Usage:
  .venv/bin/python tools/import_ratifications.py /work/shared/ratifications --date 2022-08-25
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pycountry  # noqa: E402

from lawreview.errors import InputError  # noqa: E402
from lawreview.rulebook.instruments import load_instruments, resolve_country  # noqa: E402

SOURCE = "UN Treaty Collection via world-politics-datalab, {date}"
LEGACY_CODES = {"TP": "TL"}          # East Timor's pre-2002 ISO code
STATUS = {"state party": "party", "signatory state": "signatory", "no action": "none"}
DENOUNCED = re.compile(r"\bdenounc", re.I)
TIED_TO_OTHER_STATE = re.compile(r"\btied to\b", re.I)


def warn(msg: str) -> None:
    print(f"note: {msg}", file=sys.stderr)


def country_code(iso2: str, member: str, where: str) -> str:
    by_name = None
    try:
        by_name = resolve_country(member).alpha_2
    except InputError:
        pass
    code = LEGACY_CODES.get(iso2, iso2)
    if not pycountry.countries.get(alpha_2=code):
        if by_name is None:
            raise SystemExit(f"{where}: cannot identify country {iso2!r} / {member!r}")
        warn(f"{where}: code {iso2!r} is not ISO 3166; using {by_name} from the name {member!r}")
        return by_name
    if code != iso2:
        warn(f"{where}: legacy code {iso2} -> {code} ({member})")
    if by_name is not None and by_name != code:
        raise SystemExit(f"{where}: code {iso2} does not match the name {member!r} ({by_name})")
    return code


def convert_file(path: Path, instrument: str, source: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            where = f"{path.name}:{reader.line_num}"
            rec = {k.strip().lower(): (v or "").strip() for k, v in rec.items() if k}
            note = rec.get("note", "") or rec.get("notes", "")
            country = country_code(rec["iso2"], rec["member"], where)
            status = STATUS.get(rec["status"].lower())
            if status is None:
                raise SystemExit(f"{where}: unknown status {rec['status']!r}")
            year = rec["year ratification or accession"]
            flags = (rec["state party"], rec["signatory"], rec["no action"])
            expected = {"party": ("1", "0", "0"), "signatory": ("0", "1", "0"), "none": ("0", "0", "1")}[status]
            if DENOUNCED.search(note):
                warn(f"{where}: {country} {instrument}: {note!r} -> none")
                status, year = "none", ""
            elif TIED_TO_OTHER_STATE.search(note):
                warn(f"{where}: {country} {instrument}: {note!r} -> dropped (unknown)")
                continue
            elif status == "party" and not year:
                warn(f"{where}: {country} {instrument}: 'state party' with no year, flags {flags} "
                     "-> dropped (unknown)")
                continue
            elif flags != expected:
                warn(f"{where}: {country} {instrument}: flags {flags} disagree with status "
                     f"{rec['status']!r}; kept {status} {year}".rstrip())
            if status != "party" and year:
                warn(f"{where}: {country} {instrument}: year {year} on a {status} row ignored")
                year = ""
            if year and not re.fullmatch(r"\d{4}", year):
                raise SystemExit(f"{where}: bad year {year!r}")
            out.append({"instrument": instrument, "country": country, "status": status,
                        "year": year, "source": source})
    seen: set[str] = set()
    for row in out:
        if row["country"] in seen:
            raise SystemExit(f"{path.name}: {row['country']} appears twice")
        seen.add(row["country"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder with hr_status_<key>.csv files")
    ap.add_argument("--date", required=True, help="date of the data (YYYY-MM-DD), e.g. 2022-08-25")
    ap.add_argument("--out", type=Path, help="output CSV (default rules/ratifications/"
                                             "un_treaty_collection_<date>.csv)")
    ap.add_argument("--instruments", type=Path, default=ROOT / "rules" / "instruments.yaml")
    args = ap.parse_args(argv)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        ap.error("--date must be YYYY-MM-DD")
    out_path = args.out or ROOT / "rules" / "ratifications" / f"un_treaty_collection_{args.date}.csv"
    by_key = {i.ratification_key: i.id for i in load_instruments(args.instruments).values()
              if i.ratification_key}
    files = sorted(args.folder.glob("hr_status_*.csv"))
    if not files:
        ap.error(f"no hr_status_*.csv files in {args.folder}")
    source = SOURCE.format(date=args.date)
    rows: list[dict[str, str]] = []
    for path in files:
        key = path.stem.removeprefix("hr_status_")
        if key not in by_key:
            raise SystemExit(f"{path.name}: no instrument has ratification_key {key!r} in {args.instruments}")
        rows += convert_file(path, by_key[key], source)
    tables = {}
    for r in rows:
        tables.setdefault(r["country"], set()).add(r["instrument"])
    stray = sorted(c for c, t in tables.items() if len(t) < len(files) / 2)
    for c in stray:
        warn(f"{c} appears in only {', '.join(sorted(tables[c]))}: not a State covered by the data; dropped")
    rows = [r for r in rows if r["country"] not in stray]
    missing = sorted(set(by_key) - {p.stem.removeprefix("hr_status_") for p in files})
    if missing:
        warn(f"no data file for ratification_key(s): {', '.join(missing)}")
    rows.sort(key=lambda r: (r["instrument"], r["country"]))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["instrument", "country", "status", "year", "source"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    states = {r["country"] for r in rows}
    counts = {s: sum(r["status"] == s for r in rows) for s in ("party", "signatory", "none")}
    print(f"wrote {out_path}: {len(rows)} rows, {len(files)} instruments, {len(states)} States "
          f"({', '.join(f'{k} {v}' for k, v in counts.items())})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
