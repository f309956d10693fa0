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
# -o's extension -> format, when --format is not given (a conflict is an error)
EXTENSIONS_REVIEW = {".json": "json", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md",
                     ".docx": "docx"}
EXTENSIONS_PARSE = {".json": "json", ".xml": "akn", ".akn": "akn"}
LANGS = ("en", "es", "fr")

EPILOG = """examples:
  lawreview review DRAFT.pdf                          JSON review on standard output
  lawreview review DRAFT.docx -o review.html          the format follows -o's extension
  lawreview review DRAFT.docx -o memo.docx --lang es --country AR
  lawreview batch DRAFTS/ -o REVIEWS/ --format html,docx
  lawreview rules show detention.max_duration --lang es

Unusable input or arguments: one line on standard error and exit status 2.
`lawreview COMMAND --help` describes each command's options."""


def _lang(p, help_text="report language: en, es or fr (default: the draft's language)", **kw):
    p.add_argument("--lang", choices=LANGS, metavar="LANG", help=help_text, **kw)


def _country(p, help_text="State under review, as ISO 3166 alpha-2/alpha-3 code or English name "
                          "(e.g. AR, ARG, Argentina): citations then say whether each instrument binds it"):
    p.add_argument("--country", metavar="STATE", help=help_text)


def _ratifications(p):
    p.add_argument("--ratifications", action="append", default=[], metavar="FILE",
                   help="CSV adding to or correcting the shipped ratification data (repeatable)")


def _memo_options(p) -> None:
    g = p.add_argument_group("Word memo (--format docx)")
    g.add_argument("--memo", choices=("full", "short"), default=None, metavar="FULL|SHORT",
                   help="'full' (default): every section; 'short': executive summary, the flagged findings "
                        "with evidence and recommendations, and the annex of instruments")
    g.add_argument("--memo-to", metavar="TEXT", help="the memo's To line (default: a placeholder to fill in)")
    g.add_argument("--memo-from", metavar="TEXT", help="the memo's From line (default: a placeholder)")
    g.add_argument("--memo-date", metavar="YYYY-MM-DD", help="the memo's date (default: today)")
    g.add_argument("--memo-ref", metavar="TEXT", help="a reference line (file number) for the memo")
    g.add_argument("--memo-header", metavar="FILE.yaml",
                   help="YAML file with any of to, from, date, ref (the --memo-* options override it)")


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    ap = argparse.ArgumentParser(prog="lawreview", formatter_class=fmt, epilog=EPILOG,
                                 description="Review draft migration laws against international migration law "
                                             "standards. Every finding is a first, automated review: a "
                                             "specialist must check it.")
    ap.add_argument("--version", action="version", version=f"lawreview {__version__}",
                    help="show the version and exit")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    p = sub.add_parser("parse", help="read a draft into its provision tree",
                       description="Read a draft (PDF, Word, text) into its provision tree.")
    p.add_argument("path", metavar="DRAFT", help="the draft: .pdf, .docx, .txt or .md")
    p.add_argument("--format", choices=("json", "akn"), default=None, metavar="FORMAT",
                   help="json or akn (Akoma Ntoso XML); default: from -o's extension "
                        "(.json, .xml, .akn), else json")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file ('-' or absent: standard output; never the draft itself)")

    r = sub.add_parser("review", help="review a draft against the IML standards",
                       description="Review a draft against the IML standards and write the review.")
    r.add_argument("path", metavar="DRAFT", help="the draft: .pdf, .docx, .txt or .md")
    r.add_argument("--format", choices=FORMATS_REVIEW, default=None, metavar="FORMAT",
                   help="json, html, md or docx (Word memo); default: from -o's extension "
                        "(.json, .html/.htm, .md, .docx), else json. A --format that contradicts "
                        "the extension is an error")
    r.add_argument("-o", "--output", metavar="OUT",
                   help="output file ('-' or absent: standard output; never the draft itself)")
    _lang(r)
    _country(r)
    _ratifications(r)
    _memo_options(r)

    a = sub.add_parser("annotate", help="copy a Word draft with a comment on each flagged provision",
                       description="Copy a Word draft, adding a Word comment on each flagged provision.")
    a.add_argument("path", metavar="DRAFT.docx", help="the Word draft (it is never modified)")
    a.add_argument("-o", "--output", required=True, metavar="OUT.docx", help="the annotated copy to write")
    _country(a)
    _lang(a, "language of the comments: en, es or fr (default: the draft's language)")

    b = sub.add_parser("batch", help="review every draft under a folder",
                       description="Review every draft under a folder, resumably: a re-run redoes only "
                                   "what is missing or stale, and renders new formats, a new language or "
                                   "new memo options from the stored reviews without reviewing again.")
    b.add_argument("dir", metavar="DIR", help="folder of drafts (.pdf, .docx, .txt, .md), searched recursively")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                   help="folder for the reviews (mirrors DIR; created if missing; not DIR itself)")
    b.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: one per available CPU)")
    b.add_argument("--format", default="json", metavar="FORMATS",
                   help="comma-separated formats to write for each draft: json,html,md,docx "
                        "(default: json; the JSON review is always written)")
    _country(b, "default State for every draft (ISO code or English name); DIR/countries.csv "
                "(pattern,country rows) or an upper-case country code in a file name (ley_AR.pdf) "
                "sets it per draft")
    _lang(b, "report language for every draft: en, es or fr (default: each draft's language)")
    _ratifications(b)
    b.add_argument("--force", action="store_true",
                   help="review every draft again, even those whose outputs are up to date")
    b.add_argument("--follow-symlinks", action="store_true",
                   help="also review symlinks that lead out of DIR (skipped by default)")
    b.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where reviews run: local worker processes (default) or a Dask cluster")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --executor dask)")
    _memo_options(b)

    ex = sub.add_parser("explain", help="why a rule got its status on a draft: every element found, where",
                        description="Explain a status: the safeguards and red flags found, where, and what is missing.")
    ex.add_argument("path", metavar="DRAFT", help="a draft, or a stored review (.json)")
    ex.add_argument("rule_id", nargs="?", metavar="RULE_ID", help="a rule id (default: every rule)")
    _lang(ex, "language of the explanation: en, es or fr (default: the draft's language)")

    ru = sub.add_parser("rules", help="list or explain the rules",
                        description="List the rules of the rulebook, or explain one.")
    rsub = ru.add_subparsers(dest="rules_command", metavar="SUBCOMMAND", title="subcommands")
    rsub.add_parser("list", help="one line per rule: id, severity, theme, title",
                    description="List every rule: id, severity, theme and title.")
    rs = rsub.add_parser("show", help="what a rule checks, why, its sources, examples and fix",
                         description="Explain one rule: what it checks, why, its sources, examples and fix.")
    rs.add_argument("rule_id", metavar="RULE_ID", help="a rule id, e.g. detention.max_duration (see 'rules list')")
    _lang(rs, "language of the explanation: en, es or fr (default: en)", default="en")

    ins = sub.add_parser("instruments", help="list or show the instruments catalogue",
                         description="The treaties and other instruments the rules cite.")
    isub = ins.add_subparsers(dest="instruments_command", metavar="SUBCOMMAND", title="subcommands")
    il = isub.add_parser("list", help="every instrument, with a State's status when --country is given",
                         description="List every instrument (with a State's ratification status with --country).")
    _country(il, "State whose ratification status to show (ISO code or English name)")
    _ratifications(il)
    ish = isub.add_parser("show", help="one instrument: title, kind, year, a State's status",
                          description="Show one instrument (and a State's status with --country).")
    ish.add_argument("instrument_id", metavar="INSTRUMENT_ID", help="an instrument id, e.g. CSR51 (see 'instruments list')")
    _country(ish, "State whose ratification status to show (ISO code or English name)")
    _ratifications(ish)
    return ap


def output_format(given: str | None, output: str | None, by_ext: dict[str, str], default: str = "json",
                  option: str = "--format") -> str:
    """The format to write: --format, else -o's extension, else `default`.
    A --format that contradicts a known extension is refused (LawreviewError, exit 2)."""
    ext = os.path.splitext(output)[1].lower() if output and output != "-" else ""
    implied = by_ext.get(ext)
    if given and implied and given != implied:
        raise LawreviewError(f"{option} {given} contradicts the output name {os.path.basename(output)!r} "
                             f"(a {ext} file is {implied}): drop {option} or rename the output")
    return given or implied or default


def _target(args, *inputs: str):
    """The checked -o of a command, before any work (see output.check_output)."""
    from .output import check_output
    return check_output(args.output, [args.path, *inputs])


def cmd_parse(args) -> int:
    from .output import write_output
    from .structure import parse_file
    args.format = output_format(args.format, args.output, EXTENSIONS_PARSE)
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
    args.format = output_format(args.format, args.output, EXTENSIONS_REVIEW)
    target = _target(args, *args.ratifications)
    if args.format == "docx" and target.is_stdout and (args.output is None or sys.stdout.isatty()):
        raise LawreviewError("--format docx needs -o OUT.docx (a Word file cannot go to the terminal)")
    from .report.memo_options import memo_options
    memo = memo_options(args)
    if memo and args.format != "docx":
        raise LawreviewError("the --memo options shape the Word memo: use them with --format docx or -o OUT.docx")
    review = review_file(args.path, lang=args.lang, country=args.country, ratification_files=args.ratifications)
    write_output(target, render_review(review, args.format, lang=args.lang, memo=memo))
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
    if args.command == "rules" and not args.rules_command:
        args.rules_command = "list"
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
