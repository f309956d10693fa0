"""The State under review, per draft, for a mixed-country corpus.

In order:
1. DIR/countries.csv: rows `pattern,country` (a header row `pattern,country` is
   allowed; `#` starts a comment). The pattern is a glob on the draft's path under
   DIR ('/'-separated; `*` does not stop at '/'), e.g. `argentina/*,AR` or
   `*_honduras_*.pdf,HN`. The first matching row wins.
2. A country code in the file name: an upper-case ISO 3166 alpha-2 or alpha-3 code
   standing alone between separators, e.g. `ley_AR.pdf`, `HND-2024-proyecto.docx`.
   Lower case is not read as a code (`ley_es.txt` is Spanish, not Spain).
3. The global --country, else none.
"""

from __future__ import annotations

import csv
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LawreviewError

COUNTRIES_CSV = "countries.csv"
_TOKEN = re.compile(r"(?<![A-Za-z])([A-Z]{2,3})(?![A-Za-z])")


@dataclass
class CountryMap:
    default: str | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)   # (pattern, ISO alpha-3)
    source: Path | None = None

    def for_draft(self, rel: str) -> str | None:
        for pattern, code in self.rows:
            if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern):
                return code
        code = code_in_name(rel.rsplit("/", 1)[-1])
        return code or self.default


def code_in_name(name: str) -> str | None:
    """The ISO alpha-3 code of an upper-case country code in a file name, or None."""
    from ..rulebook.instruments import resolve_country
    stem = name.rsplit(".", 1)[0]
    for token in _TOKEN.findall(stem):
        try:
            return resolve_country(token).alpha_3
        except LawreviewError:
            continue
    return None


def load_country_map(root: Path, default: str | None) -> CountryMap:
    """DIR/countries.csv, checked now (a bad row is exit 2 before any work)."""
    from ..rulebook.instruments import resolve_country
    cmap = CountryMap(default=default)
    path = root / COUNTRIES_CSV
    if not path.is_file():
        return cmap
    cmap.source = path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LawreviewError(f"{path}: cannot read: {exc}") from None
    for n, row in enumerate(csv.reader(text.splitlines()), 1):
        row = [c.strip() for c in row]
        if not row or not row[0] or row[0].startswith("#"):
            continue
        if n == 1 and [c.lower() for c in row[:2]] == ["pattern", "country"]:
            continue
        if len(row) < 2 or not row[1]:
            raise LawreviewError(f"{path}:{n}: expected 'pattern,country' (e.g. argentina/*,AR)")
        try:
            code = resolve_country(row[1]).alpha_3
        except LawreviewError as exc:
            raise LawreviewError(f"{path}:{n}: {exc}") from None
        cmap.rows.append((row[0].lstrip("./"), code))
    return cmap
