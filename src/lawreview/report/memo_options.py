"""The Word memo's options from the command line: --memo full|short, --memo-to,
--memo-from, --memo-date, --memo-ref, or a small YAML header file (--memo-header)
holding any of to, from, date, ref (and variant). The options override the file."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from ..errors import LawreviewError

KEYS = ("to", "from", "date", "ref")


def memo_options(args: Any) -> dict[str, str]:
    """{'variant': 'short', 'to': ..., ...}: only what was given; checked now (exit 2 when bad)."""
    out: dict[str, str] = {}
    header = getattr(args, "memo_header", None)
    if header:
        out.update(_read_header(Path(header)))
    for key in KEYS:
        value = getattr(args, f"memo_{key}", None)
        if value is not None:
            out[key] = value
    if getattr(args, "memo", None):
        out["variant"] = args.memo
    if out.get("variant", "full") not in ("full", "short"):
        raise LawreviewError(f"memo variant must be full or short (got {out['variant']!r})")
    if "date" in out:
        try:
            _dt.date.fromisoformat(str(out["date"]))
        except ValueError:
            raise LawreviewError(f"--memo-date must be YYYY-MM-DD (got {out['date']!r})") from None
        out["date"] = str(out["date"])
    return {k: " ".join(str(v).split()) for k, v in out.items()}


def _read_header(path: Path) -> dict[str, str]:
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LawreviewError(f"{path}: no such memo header file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LawreviewError(f"{path}: not a readable YAML memo header: {' '.join(str(exc).split())[:200]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LawreviewError(f"{path}: a memo header is a mapping of to, from, date, ref")
    unknown = sorted(set(map(str, data)) - {*KEYS, "variant"})
    if unknown:
        raise LawreviewError(f"{path}: unknown memo header field {unknown[0]!r} (use to, from, date, ref, variant)")
    return {str(k): str(v) for k, v in data.items() if v is not None}
