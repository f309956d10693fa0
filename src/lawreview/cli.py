"""The `lawreview` command (contract in design.md).

Every refusal is one line on stderr and exit 2; stdout carries only the
requested output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .errors import LawreviewError

FORMATS_REVIEW = ("json", "html", "md", "docx")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="lawreview", description="Review draft migration laws against international migration law standards.")
    ap.add_argument("--version", action="version", version=f"lawreview {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="read a draft into its provision tree")
    p.add_argument("path")
    p.add_argument("--format", choices=("json", "akn"), default="json")
    p.add_argument("-o", "--output")

    r = sub.add_parser("review", help="review a draft against the IML standards")
    r.add_argument("path")
    r.add_argument("--country", help="State under review (ISO alpha-2/alpha-3 or English name)")
    r.add_argument("--format", choices=FORMATS_REVIEW, default="json")
    r.add_argument("--lang", choices=("en", "es", "fr"), help="report language (default: the draft's)")
    r.add_argument("--ratifications", action="append", default=[], metavar="FILE",
                   help="CSV adding or correcting ratification data (repeatable)")
    r.add_argument("-o", "--output", help="output file ('-' for standard output; never the draft itself)")

    a = sub.add_parser("annotate", help="copy a Word draft with a comment on each flagged provision")
    a.add_argument("path")
    a.add_argument("-o", "--output", required=True)
    a.add_argument("--country")
    a.add_argument("--lang", choices=("en", "es", "fr"))

    b = sub.add_parser("batch", help="review every draft under a folder")
    b.add_argument("dir")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    b.add_argument("--jobs", type=int, default=None)
    b.add_argument("--format", default="json", help="comma-separated: json,html,md,docx")
    b.add_argument("--country")
    b.add_argument("--lang", choices=("en", "es", "fr"))
    b.add_argument("--ratifications", action="append", default=[], metavar="FILE")
    b.add_argument("--force", action="store_true")
    b.add_argument("--follow-symlinks", action="store_true",
                   help="also review symlinks that lead out of DIR (skipped by default)")
    b.add_argument("--executor", choices=("local", "dask"), default="local")
    b.add_argument("--scheduler", help="Dask scheduler address (with --executor dask)")

    ex = sub.add_parser("explain", help="why a rule got its status on a draft: every element found, where")
    ex.add_argument("path", help="a draft, or a stored review (.json)")
    ex.add_argument("rule_id", nargs="?", help="a rule id (default: every rule)")
    ex.add_argument("--lang", choices=("en", "es", "fr"))

    ru = sub.add_parser("rules", help="list or explain the rules")
    rsub = ru.add_subparsers(dest="rules_command", metavar="list|show")
    rsub.add_parser("list")
    rs = rsub.add_parser("show")
    rs.add_argument("rule_id")
    rs.add_argument("--lang", choices=("en", "es", "fr"), default="en")

    ins = sub.add_parser("instruments", help="list or show the instruments catalogue")
    isub = ins.add_subparsers(dest="instruments_command", metavar="list|show")
    il = isub.add_parser("list")
    il.add_argument("--country")
    il.add_argument("--ratifications", action="append", default=[], metavar="FILE")
    ish = isub.add_parser("show")
    ish.add_argument("instrument_id")
    ish.add_argument("--country")
    ish.add_argument("--ratifications", action="append", default=[], metavar="FILE")
    return ap


def _target(args, *inputs: str):
    """The checked -o of a command, before any work (see output.check_output)."""
    from .output import check_output
    return check_output(args.output, [args.path, *inputs])


def cmd_parse(args) -> int:
    from .output import write_output
    from .structure import parse_file
    target = _target(args)
    doc = parse_file(args.path)
    if args.format == "akn":
        from .render.akn import document_akn
        write_output(target, document_akn(doc))
    else:
        from .render.document_json import document_dict
        write_output(target, json.dumps(document_dict(doc), ensure_ascii=False, indent=2))
    return 0


def cmd_review(args) -> int:
    from .output import write_output
    from .pipeline import review_file
    from .report import render_review
    target = _target(args, *args.ratifications)
    if args.format == "docx" and target.is_stdout and (args.output is None or sys.stdout.isatty()):
        raise LawreviewError("--format docx needs -o OUT.docx (a Word file cannot go to the terminal)")
    review = review_file(args.path, lang=args.lang, country=args.country, ratification_files=args.ratifications)
    write_output(target, render_review(review, args.format, lang=args.lang))
    return 0


def cmd_rules(args) -> int:
    from .rulebook.docs import rule_doc, rules_table
    if args.rules_command == "show":
        print(rule_doc(args.rule_id, lang=args.lang))
    else:
        print(rules_table())
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if not args.command:
        ap.print_help(sys.stderr)
        return 2
    try:
        if args.command == "parse":
            return cmd_parse(args)
        if args.command == "review":
            return cmd_review(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "explain":
            from .report.explain import cmd_explain
            return cmd_explain(args)
        if args.command == "annotate":
            from .report.annotate_docx import cmd_annotate
            return cmd_annotate(args)
        if args.command == "batch":
            from .batch import cmd_batch
            return cmd_batch(args)
        if args.command == "instruments":
            from .rulebook.instruments_cli import cmd_instruments
            return cmd_instruments(args)
    except LawreviewError as exc:
        print(f"lawreview: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lawreview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print("lawreview: out of memory while reading the input", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback for the user
        name = getattr(args, "path", None) or getattr(args, "dir", "")
        print(f"lawreview: {_one_line(f'cannot process {name}: {type(exc).__name__}: {_one_line(str(exc))[:300]}')}",
              file=sys.stderr)
        if os.environ.get("LAWREVIEW_DEBUG"):
            raise
        return 2
    return 2


def _one_line(text: str) -> str:
    """A message on one line, without control characters (a file name may carry ESC sequences)."""
    from .textutil import strip_controls
    return " ".join(strip_controls(text).split())


if __name__ == "__main__":
    sys.exit(main())
