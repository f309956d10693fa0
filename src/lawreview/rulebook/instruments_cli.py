"""`lawreview instruments list [--country X]` and `instruments show ID`."""

from __future__ import annotations

from pathlib import Path

from ..errors import LawreviewError
from .instruments import RATIFIABLE, find_instrument, load_instruments, load_ratifications, resolve_country


def _status_text(st) -> str:
    if not st.applicable:
        text = "not applicable"
    elif st.ratified is True:
        text = f"party{f' ({st.year})' if st.year else ''}"
    elif st.ratified is False:
        text = "signatory" if st.status == "signatory" else "not party"
    elif st.kind == "customary":
        return "binding on all States"
    elif st.kind in ("soft_law", "interpretation"):
        return "guidance"
    else:
        return "no data" if st.kind in RATIFIABLE else "unknown"
    return f"{text}, data as of {st.as_of}" if st.as_of else text


def cmd_instruments(args) -> int:
    instruments = load_instruments()
    country = resolve_country(args.country) if getattr(args, "country", None) else None
    rats = load_ratifications([Path(p) for p in getattr(args, "ratifications", []) or []]) if country else None
    if args.instruments_command == "show":
        inst = find_instrument(args.instrument_id, instruments)
        if inst is None:
            import difflib
            close = difflib.get_close_matches(args.instrument_id, list(instruments), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else " (see `lawreview instruments list`)"
            raise LawreviewError(f"unknown instrument {args.instrument_id!r}{hint}")
        lines = [f"{inst.id} — {inst.title}", f"  short title: {inst.short_title}", f"  year: {inst.year or '—'}",
                 f"  binding force: {inst.kind}"]
        if inst.organisation:
            lines.append(f"  organisation: {inst.organisation}")
        if inst.region:
            lines.append(f"  region: {inst.region} ({len(inst.applies_to)} States)")
        if inst.interprets:
            lines.append(f"  interprets: {', '.join(inst.interprets)}")
        lines += [f"  es: {inst.title_es}", f"  fr: {inst.title_fr}"]
        if country is not None:
            st = rats.status(inst.id, country.alpha_2)
            lines.append(f"  {country}: {_status_text(st)} — {st.basis}")
            res = rats.reservations_of(inst.id, country.alpha_2)
            if res is not None:
                arts = f"arts. {', '.join(res.articles)}" if res.articles else "no article named"
                lines.append(f"  reservations or declarations ({arts}; {res.source}, {res.as_of}):")
                lines.append(f"    {res.text}")
            if st.source:
                lines.append(f"  source: {st.source}")
        print("\n".join(lines))
        return 0
    width = max(len(i) for i in instruments)
    header = f"{'id'.ljust(width)}  {'kind':<15} year  title"
    if country is not None:
        header += f"  [{country}]"
    print(header)
    for inst in sorted(instruments.values(), key=lambda i: (i.kind, i.year or 0, i.id)):
        line = f"{inst.id.ljust(width)}  {inst.kind:<15} {inst.year or '    '}  {inst.short_title}"
        if country is not None:
            line += f"  — {_status_text(rats.status(inst.id, country.alpha_2))}"
        print(line)
    if country is not None:
        print(f"\nratification data: {rats.source_description}")
    return 0
