"""Read a Word (.docx) draft into the visible paragraphs of its body.

We walk the OOXML parts ourselves with a hardened lxml parser rather than going
through python-docx's object model, because python-docx
- drops Word's automatic numbering: in many drafts "Article 5" or "(b)" is never
  typed, it is rendered from numbering.xml, and without it the structure stage
  sees no articles at all;
- ignores tracked insertions, content controls and field results;
- lets zipfile/lxml exceptions through, and inflates parts without limits.

Security: parts are read through a size-capped stream after the ZIP directory
has been checked for bombs, and parsed with entity resolution, DTD loading and
network access off. A part that declares a DOCTYPE is refused outright: Word
itself never writes one and refuses to open such files.
"""

from __future__ import annotations

import pathlib
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from lawreview.errors import InputError
from lawreview.model import Block, BlockStyle

__all__ = ["read_docx"]

# --- limits (a law draft's XML is a few MB; media are never inflated) -------
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024   # declared size of all members
MAX_PART_BYTES = 64 * 1024 * 1024            # any single part we inflate
MAX_RATIO = 200                              # deflated zeros reach ~1000:1
RATIO_MIN_SIZE = 4 * 1024 * 1024             # small parts may compress well
MAX_MEMBERS = 10_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 Strict
)
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_M_STRICT = "http://purl.oclc.org/ooxml/officeDocument/math"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DC = "http://purl.org/dc/elements/1.1/"

_FALSE = {"0", "false", "off", "none"}

# Run/paragraph children whose content is never displayed as body text.
_SKIP = {
    "pPr", "rPr", "del", "moveFrom", "delText", "delInstrText", "drawing",
    "pict", "object", "footnoteReference", "endnoteReference",
    "commentReference", "annotationRef", "footnoteRef", "endnoteRef",
    "separator", "continuationSeparator", "sdtPr", "sdtEndPr", "rt", "rubyPr",
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
    "proofErr", "permStart", "permEnd", "subDoc", "pgNum", "dayShort",
    "monthShort", "yearShort", "dayLong", "monthLong", "yearLong", "contentPart",
}


def read_docx(path: pathlib.Path) -> tuple[list[Block], int, str | None]:
    """Visible paragraphs in document order, page count (1 + explicit/rendered
    page breaks), core-properties title or None.

    Any problem with the file surfaces as a one-line InputError.
    """
    path = pathlib.Path(path)
    name = path.name
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
    except FileNotFoundError:
        raise InputError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not a Word document") from None
    except OSError as exc:
        raise InputError(_one_line(f"{name}: cannot be read ({exc.strerror or exc})")) from None

    if magic == _OLE_MAGIC:
        raise InputError(
            f"{name} is encrypted (password-protected) or an old Word 97-2003 .doc "
            "file; save it as an unprotected .docx and try again"
        )
    try:
        zf = zipfile.ZipFile(path)
    except Exception:  # noqa: BLE001 - zipfile raises many types on garbage
        raise InputError(f"{name} is not a Word document (not a ZIP/OOXML file)") from None

    with zf:
        try:
            pkg = _Package(zf, name)
            return _DocxReader(pkg).read()
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            raise InputError(_one_line(f"{name}: damaged ZIP archive ({exc})")) from None
        except RecursionError:
            raise InputError(f"{name}: document structure is nested too deeply") from None
        except RuntimeError as exc:  # zipfile: "File ... is encrypted"
            raise InputError(_one_line(f"{name}: cannot be read ({exc})")) from None
        except Exception as exc:  # noqa: BLE001 - the contract is: only InputError escapes
            raise InputError(
                _one_line(f"{name}: cannot read Word document ({type(exc).__name__}: {exc})")
            ) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _on(el: etree._Element | None, w: str) -> bool | None:
    """OOXML on/off property: absent element -> None, bare element -> True."""
    if el is None:
        return None
    return el.get(f"{{{w}}}val", "true").lower() not in _FALSE


# --- package access -----------------------------------------------------------

class _Package:
    """ZIP access with bomb checks and capped inflation."""

    def __init__(self, zf: zipfile.ZipFile, name: str) -> None:
        self.zf = zf
        self.name = name
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{name}: refused, the archive has {len(infos)} members (zip bomb?)")
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise InputError(f"{name} is password-protected (encrypted ZIP); save it unprotected")
            if (info.file_size > RATIO_MIN_SIZE
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                raise InputError(
                    f"{name}: refused, part {info.filename} would inflate "
                    f"{info.file_size // max(info.compress_size, 1)}:1 to "
                    f"{info.file_size // 2**20} MB (zip bomb?)"
                )
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(
                f"{name}: refused, the archive would inflate to {total // 2**20} MB, "
                f"over the {MAX_TOTAL_UNCOMPRESSED // 2**20} MB limit (zip bomb?)"
            )
        # OPC part names are case-insensitive.
        self.members = {i.filename.lstrip("/").lower(): i for i in infos if not i.is_dir()}

    def has(self, part: str) -> bool:
        return part.lower() in self.members

    def read(self, part: str) -> bytes | None:
        info = self.members.get(part.lower())
        if info is None:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise InputError(
                f"{self.name}: refused, part {info.filename} is "
                f"{info.file_size // 2**20} MB (limit {MAX_PART_BYTES // 2**20} MB)"
            )
        chunks, size = [], 0
        # Stream with a cap: the declared size in the directory may lie.
        with self.zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_PART_BYTES:
                    raise InputError(f"{self.name}: refused, part {info.filename} inflates past its size (zip bomb?)")
                chunks.append(chunk)
        return b"".join(chunks)

    def xml(self, part: str) -> etree._Element | None:
        data = self.read(part)
        if data is None:
            return None
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False,
            dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True,
        )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(_one_line(f"{self.name}: {part} is corrupt (XML error: {exc})")) from None
        except ValueError as exc:
            raise InputError(_one_line(f"{self.name}: {part} is corrupt ({exc})")) from None
        if root is None:
            raise InputError(f"{self.name}: {part} is empty")
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise InputError(
                f"{self.name}: {part} declares a DOCTYPE/entities, which Word documents "
                "never contain; refused for safety"
            )
        return root

    def rels(self, part: str) -> list[tuple[str, str]]:
        """(type, resolved target part) of a part's internal relationships."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_part)
        if root is None:
            return []
        out = []
        for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
            out.append((rel.get("Type") or "", resolved))
        return out

    def rel_target(self, part: str, suffix: str, fallback: str) -> str:
        for rtype, target in self.rels(part):
            if rtype.endswith(suffix) and self.has(target):
                return target
        return fallback


# --- styles -------------------------------------------------------------------

@dataclass
class _Style:
    sid: str
    name: str
    kind: str
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    page_break_before: bool | None = None
    vanish: bool | None = None


class _Styles:
    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.w = w
        self.by_id: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.lang = ""
        if root is None:
            return
        q = lambda t: f"{{{w}}}{t}"  # noqa: E731
        val = f"{{{w}}}val"
        lang = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}/{q('lang')}")
        if lang is not None:
            self.lang = (lang.get(val) or "").lower()
        for el in root.findall(q("style")):
            sid = el.get(q("styleId"))
            if not sid:
                continue
            name_el = el.find(q("name"))
            st = _Style(sid, (name_el.get(val, "") if name_el is not None else sid),
                        el.get(q("type"), "paragraph"))
            based = el.find(q("basedOn"))
            if based is not None:
                st.based_on = based.get(val)
            ppr = el.find(q("pPr"))
            if ppr is not None:
                num_pr = ppr.find(q("numPr"))
                if num_pr is not None:
                    n, lv = num_pr.find(q("numId")), num_pr.find(q("ilvl"))
                    st.num_id = n.get(val) if n is not None else None
                    st.ilvl = _int(lv.get(val)) if lv is not None else None
                ol = ppr.find(q("outlineLvl"))
                if ol is not None:
                    st.outline = _int(ol.get(val))
                st.page_break_before = _on(ppr.find(q("pageBreakBefore")), w)
            rpr = el.find(q("rPr"))
            if rpr is not None:
                st.vanish = _on(rpr.find(q("vanish")), w)
            self.by_id[sid] = st
            if st.kind == "paragraph" and (el.get(q("default")) or "").lower() in {"1", "true", "on"}:
                self.default_para = sid

    def chain(self, sid: str | None):
        seen: set[str] = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = st.based_on

    def first(self, sid: str | None, attr: str):
        for st in self.chain(sid):
            value = getattr(st, attr)
            if value is not None:
                return value
        return None

    def heading_level(self, sid: str | None) -> int:
        for st in self.chain(sid):
            if st.outline is not None:
                return st.outline + 1 if 0 <= st.outline <= 8 else 0
            m = re.fullmatch(r"heading\s*([1-9])", st.name.strip(), re.I)
            if m:
                return int(m.group(1))
            if st.name.strip().lower() == "title":
                return 1
        return 0


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


# --- numbering ----------------------------------------------------------------

@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suff: str = "tab"
    restart: int | None = None
    is_lgl: bool = False
    hidden: bool = False
    pstyle: str | None = None


@dataclass
class _Num:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Replays Word's list counters so labels Word renders end up in the text."""

    def __init__(self, root: etree._Element | None, w: str, styles: _Styles) -> None:
        self.w = w
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}        # abstractId -> numbering style id
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        q = lambda t: f"{{{w}}}{t}"  # noqa: E731
        val = q("val")
        for an in root.findall(q("abstractNum")):
            aid = an.get(q("abstractNumId"))
            if aid is None:
                continue
            self.abstract[aid] = {
                lvl_i: lvl for lvl_i, lvl in
                ((_int(lv.get(q("ilvl")), 0), self._level(lv)) for lv in an.findall(q("lvl")))
            }
            link = an.find(q("numStyleLink"))
            if link is not None and link.get(val):
                self.style_link[aid] = link.get(val)
        for num in root.findall(q("num")):
            nid = num.get(q("numId"))
            ref = num.find(q("abstractNumId"))
            if nid is None or ref is None or ref.get(val) is None:
                continue
            entry = _Num(ref.get(val))
            for ov in num.findall(q("lvlOverride")):
                ilvl = _int(ov.get(q("ilvl")), 0)
                so = ov.find(q("startOverride"))
                if so is not None:
                    entry.start_overrides[ilvl] = _int(so.get(val), 0)
                lv = ov.find(q("lvl"))
                if lv is not None:
                    entry.level_overrides[ilvl] = self._level(lv)
            self.nums[nid] = entry

    def _level(self, lv: etree._Element) -> _Level:
        w = self.w
        q = lambda t: f"{{{w}}}{t}"  # noqa: E731
        val = q("val")
        level = _Level()
        start = lv.find(q("start"))
        if start is not None:
            level.start = _int(start.get(val), 1)
        fmt = lv.find(q("numFmt"))
        if fmt is None:  # Word 2010+ wraps custom formats in AlternateContent
            fmt = lv.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Fallback/{q('numFmt')}")
        if fmt is not None:
            level.fmt = fmt.get(val, "decimal")
        text = lv.find(q("lvlText"))
        if text is not None:
            level.text = text.get(val, "")
        suff = lv.find(q("suff"))
        if suff is not None:
            level.suff = suff.get(val, "tab")
        restart = lv.find(q("lvlRestart"))
        if restart is not None:
            level.restart = _int(restart.get(val))
        level.is_lgl = bool(_on(lv.find(q("isLgl")), w))
        rpr = lv.find(q("rPr"))
        if rpr is not None:
            level.hidden = bool(_on(rpr.find(q("vanish")), w))
        ps = lv.find(q("pStyle"))
        if ps is not None:
            level.pstyle = ps.get(val)
        return level

    def _resolve_abstract(self, aid: str) -> str:
        """Follow numStyleLink (a list defined through a numbering style)."""
        for _ in range(10):
            style_id = self.style_link.get(aid)
            if style_id is None:
                return aid
            st = self.styles.by_id.get(style_id)
            num = self.nums.get(st.num_id) if st and st.num_id else None
            if num is None or num.abstract == aid:
                return aid
            aid = num.abstract
        return aid

    def levels(self, num_id: str) -> tuple[str, dict[int, _Level]] | None:
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = self._resolve_abstract(num.abstract)
        levels = dict(self.abstract.get(aid, {}))
        levels.update(num.level_overrides)
        return aid, levels

    def level_for_style(self, num_id: str, style_id: str | None) -> int:
        """ilvl Word uses when numbering comes from a style without an ilvl."""
        resolved = self.levels(num_id)
        if resolved and style_id:
            for ilvl, lvl in sorted(resolved[1].items()):
                if lvl.pstyle == style_id:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters; label with its suffix ('' for bullets), None if unnumbered."""
        resolved = self.levels(num_id)
        if resolved is None:
            return None
        aid, levels = resolved
        ilvl = min(max(ilvl, 0), 8)
        ctr = self.counters.setdefault(aid, [None] * 9)
        num = self.nums[num_id]
        if num_id not in self.started:
            # startOverride restarts the list at the first paragraph using this num.
            self.started.add(num_id)
            for lv_i, start in sorted(num.start_overrides.items()):
                if 0 <= lv_i <= 8:
                    ctr[lv_i] = start - 1
                    for deeper in range(lv_i + 1, 9):
                        ctr[deeper] = None
        lvl = levels.get(ilvl, _Level())
        ctr[ilvl] = lvl.start if ctr[ilvl] is None else ctr[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                ctr[deeper] = None
        if lvl.fmt == "bullet" or lvl.hidden:
            return ""

        def render(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k, _Level())
            value = ctr[k] if ctr[k] is not None else ref.start
            fmt = "decimal" if lvl.is_lgl and ref.fmt != "none" else ref.fmt
            if fmt == "bullet":
                return ""
            return format_number(value, fmt, self.styles.lang)

        label = re.sub(r"%([1-9])", render, lvl.text).strip()
        if not label:
            return ""
        return label + {"nothing": "", "space": " "}.get(lvl.suff, " ")


# --- number formats -------------------------------------------------------------

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))

_EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve "
             "thirteen fourteen fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                     "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}

_ES_UNITS = ("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
             "catorce quince dieciséis diecisiete dieciocho diecinueve veinte veintiuno "
             "veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete "
             "veintiocho veintinueve").split()
_ES_TENS = "_ _ veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
_ES_ORD_UNITS = ("_ primero segundo tercero cuarto quinto sexto séptimo octavo noveno").split()
_ES_ORD_TENS = ("_ décimo vigésimo trigésimo cuadragésimo quincuagésimo sexagésimo "
                "septuagésimo octogésimo nonagésimo").split()


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word repeats the letter: 26 -> z, 27 -> aa, 28 -> bb.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _en_cardinal(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_EN_UNITS[hundreds]} hundred" + (f" {_en_cardinal(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{_en_cardinal(thousands)} thousand" + (f" {_en_cardinal(rest)}" if rest else "")


def _en_ordinal_word(n: int) -> str:
    words = _en_cardinal(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _EN_ORD_IRREGULAR:
        last = _EN_ORD_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _en_ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _es_cardinal(n: int) -> str | None:
    if n < 30:
        return _ES_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _ES_TENS[tens] + (f" y {_ES_UNITS[unit]}" if unit else "")
    return None


def _es_ordinal_word(n: int) -> str | None:
    if n == 11:
        return "undécimo"
    if n == 12:
        return "duodécimo"
    if 1 <= n < 100:
        tens, unit = divmod(n, 10)
        if tens == 1:  # decimotercero ... decimonoveno (one word, no accent)
            return ("decim" + ("o" if unit != 8 else "") + _ES_ORD_UNITS[unit]) if unit else "décimo"
        parts = [_ES_ORD_TENS[tens]] if tens else []
        if unit:
            parts.append(_ES_ORD_UNITS[unit])
        return " ".join(parts)
    return None


def format_number(n: int, fmt: str, lang: str = "") -> str:
    """Render one list counter the way Word shows it for numFmt `fmt`.

    Unknown or script-specific formats fall back to decimal: a parseable number
    is better for the structure stage than nothing.
    """
    lang = lang[:2]
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        s = _letters(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "ordinal":
        if lang in ("es", "pt", "it", "gl", "ca"):
            return f"{n}.º" if lang == "es" else f"{n}º"
        if lang == "fr":
            return "1er" if n == 1 else f"{n}e"
        if lang in ("de", "da", "nb", "nn", "no", "fi", "sv", "cs", "pl", "hu"):
            return f"{n}."
        return _en_ordinal_suffix(n)
    if fmt in ("cardinalText", "ordinalText") and n >= 0:
        word: str | None
        if lang == "es":
            word = _es_cardinal(n) if fmt == "cardinalText" else _es_ordinal_word(n)
        elif lang in ("", "en") and n < 1_000_000:
            word = _en_cardinal(n) if fmt == "cardinalText" else _en_ordinal_word(n)
        else:
            word = None
        if word:
            return word[0].upper() + word[1:]
        return str(n) if fmt == "cardinalText" else format_number(n, "ordinal", lang)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


# --- document walk ------------------------------------------------------------

@dataclass
class _Field:
    instr: list[str] = field(default_factory=list)
    in_result: bool = False

    @property
    def is_toc(self) -> bool:
        return "".join(self.instr).strip().upper().startswith("TOC")


@dataclass
class _Para:
    text: str
    page: int
    style: BlockStyle
    level: int


class _DocxReader:
    def __init__(self, pkg: _Package) -> None:
        self.pkg = pkg
        self.page = 1
        self.pending_hard_break = False   # a hard break not yet matched by Word's rendered one
        self.seen_paragraph = False
        self.fields: list[_Field] = []
        self.section_types: list[str] = []
        self.section_index = 0

    # -- entry -------------------------------------------------------------
    def read(self) -> tuple[list[Block], int, str | None]:
        pkg = self.pkg
        main = pkg.rel_target("", "/officeDocument", "word/document.xml")
        if not pkg.has(main):
            raise InputError(
                f"{pkg.name} is a ZIP file but not a Word document (no word/document.xml)"
            )
        root = pkg.xml(main)
        assert root is not None
        ns = etree.QName(root).namespace
        if ns not in _W_NAMESPACES or etree.QName(root).localname != "document":
            raise InputError(f"{pkg.name}: {main} is not a WordprocessingML document")
        self.w = w = ns
        self.m = _M_STRICT if w == _W_NAMESPACES[1] else _M
        folder = posixpath.dirname(main)
        styles_part = pkg.rel_target(main, "/styles", posixpath.join(folder, "styles.xml"))
        numbering_part = pkg.rel_target(main, "/numbering", posixpath.join(folder, "numbering.xml"))
        self.styles = _Styles(pkg.xml(styles_part), w)
        self.numbering = _Numbering(pkg.xml(numbering_part), w, self.styles)

        body = root.find(self.q("body"))
        if body is None:
            raise InputError(f"{pkg.name} is empty (the document has no body)")
        self.section_types = self._section_types(body)
        blocks: list[Block] = []
        self._blocks(body, blocks)
        if not blocks:
            raise InputError(f"{pkg.name} is empty (no text in the document body)")
        return blocks, self.page, self._title()

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"

    def _title(self) -> str | None:
        part = self.pkg.rel_target("", "/core-properties", "docProps/core.xml")
        try:
            core = self.pkg.xml(part)
        except InputError:
            return None  # metadata only: a broken core.xml does not spoil the text
        if core is None:
            return None
        el = core.find(f"{{{_DC}}}title")
        title = "".join(el.itertext()).strip() if el is not None else ""
        return title or None

    def _section_types(self, body: etree._Element) -> list[str]:
        types = []
        for sect in body.iter(self.q("sectPr")):
            parent = sect.getparent()
            if parent is body or (parent is not None and parent.tag == self.q("pPr")
                                  and parent.getparent() is not None
                                  and parent.getparent().tag == self.q("p")):
                t = sect.find(self.q("type"))
                types.append(t.get(self.q("val"), "nextPage") if t is not None else "nextPage")
        return types

    # -- pages ---------------------------------------------------------------
    def _hard_break(self) -> None:
        self.page += 1
        self.pending_hard_break = True

    def _rendered_break(self) -> None:
        # Word also writes lastRenderedPageBreak where a hard break started a
        # page: count that page once.
        if self.pending_hard_break:
            self.pending_hard_break = False
        else:
            self.page += 1

    # -- block level -----------------------------------------------------------
    def _blocks(self, container: etree._Element, blocks: list[Block]) -> None:
        for child in container:
            tag = child.tag
            if tag == self.q("p"):
                para = self._paragraph(child, in_table=False)
                if para is not None:
                    blocks.append(Block(para.text, para.page, para.style, para.level))
            elif tag == self.q("tbl"):
                for text, page in self._table_rows(child):
                    blocks.append(Block(text, page, "table_row", 0))
            elif tag == self.q("sdt"):
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    self._blocks(content, blocks)
            elif tag in (self.q("customXml"), self.q("ins"), self.q("moveTo"), self.q("smartTag")):
                self._blocks(child, blocks)

    def _table_rows(self, tbl: etree._Element) -> list[tuple[str, int]]:
        rows = []
        for tr in self._children(tbl, "tr"):
            tr_pr = tr.find(self.q("trPr"))
            if tr_pr is not None and tr_pr.find(self.q("del")) is not None:
                continue
            start_page = self.page
            first_page: int | None = None
            cells = []
            for tc in self._children(tr, "tc"):
                merge = tc.find(f"{self.q('tcPr')}/{self.q('vMerge')}")
                continued = merge is not None and merge.get(self.q("val"), "continue") != "restart"
                parts, page = self._cell(tc)
                if page is not None and first_page is None:
                    first_page = page
                text = " ".join(parts).strip()
                if text and not continued:
                    cells.append(text)
            if cells:
                rows.append((" | ".join(cells), first_page or start_page))
        return rows

    def _cell(self, container: etree._Element) -> tuple[list[str], int | None]:
        parts: list[str] = []
        first_page: int | None = None
        for child in container:
            tag = child.tag
            if tag == self.q("p"):
                para = self._paragraph(child, in_table=True)
                if para is not None:
                    parts.append(para.text)
                    first_page = first_page or para.page
            elif tag == self.q("tbl"):
                for text, page in self._table_rows(child):
                    parts.append(text)
                    first_page = first_page or page
            elif tag in (self.q("sdt"), self.q("customXml")):
                inner = child.find(self.q("sdtContent")) if tag == self.q("sdt") else child
                if inner is not None:
                    sub, page = self._cell(inner)
                    parts.extend(sub)
                    first_page = first_page or page
        return parts, first_page

    def _children(self, parent: etree._Element, local: str):
        """Direct children named `local`, looking through content-control wrappers."""
        for child in parent:
            if child.tag == self.q(local):
                yield child
            elif child.tag == self.q("sdt"):
                content = child.find(self.q("sdtContent"))
                if content is not None:
                    yield from self._children(content, local)
            elif child.tag == self.q("customXml"):
                yield from self._children(child, local)

    # -- paragraphs ------------------------------------------------------------
    def _paragraph(self, p: etree._Element, in_table: bool) -> _Para | None:
        q, val = self.q, self.q("val")
        ppr = p.find(q("pPr"))
        style_id = None
        if ppr is not None:
            ps = ppr.find(q("pStyle"))
            if ps is not None:
                style_id = ps.get(val)
        if style_id is None or style_id not in self.styles.by_id:
            style_id = self.styles.default_para

        # Page break before the paragraph (ignored by Word in tables and at the very start).
        pbb = _on(ppr.find(q("pageBreakBefore")), self.w) if ppr is not None else None
        if pbb is None:
            pbb = self.styles.first(style_id, "page_break_before")
        if pbb and not in_table and self.seen_paragraph:
            self._hard_break()
        self.seen_paragraph = True
        start_page = self.page

        mark_deleted = ppr is not None and ppr.find(f"{q('rPr')}/{q('del')}") is not None

        out: list[str] = []
        state = {"first_page": None}
        para_vanish = self.styles.first(style_id, "vanish")
        self._inline(p, out, state, para_vanish)
        text = "".join(out)

        # Drop unfinished field instructions: they never span paragraphs in
        # practice, and an unterminated one would hide the rest of the document.
        self.fields = [f for f in self.fields if f.in_result]

        label = None
        if not (mark_deleted and not text.strip()):
            label = self._label(ppr, style_id)

        level = 0
        direct_outline = ppr.find(q("outlineLvl")) if ppr is not None else None
        if direct_outline is not None:
            lv = _int(direct_outline.get(val), 9)
            level = lv + 1 if lv is not None and 0 <= lv <= 8 else 0
        else:
            level = self.styles.heading_level(style_id)

        # A section break after this paragraph starts a new page unless the
        # next section is continuous.
        if ppr is not None and ppr.find(q("sectPr")) is not None:
            self.section_index += 1
            nxt = (self.section_types[self.section_index]
                   if self.section_index < len(self.section_types) else "nextPage")
            if nxt not in ("continuous", "nextColumn"):
                self._hard_break()

        full = ((label or "") + text).strip(" \t\r\n")
        page = state["first_page"] or start_page
        if not full.strip():
            return None
        style: BlockStyle
        if level:
            style = "heading"
        elif label is not None:
            style = "list"
        else:
            style = "body"
        return _Para(full, page, style, level)

    def _label(self, ppr: etree._Element | None, style_id: str | None) -> str | None:
        q, val = self.q, self.q("val")
        num_id = ilvl = None
        if ppr is not None:
            num_pr = ppr.find(q("numPr"))
            if num_pr is not None:
                n, lv = num_pr.find(q("numId")), num_pr.find(q("ilvl"))
                if n is not None:
                    num_id = n.get(val)
                if lv is not None:
                    ilvl = _int(lv.get(val))
        if num_id is None:
            num_id = self.styles.first(style_id, "num_id")
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            ilvl = self.styles.first(style_id, "ilvl")
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id)
        return self.numbering.next_label(num_id, ilvl)

    # -- inline content ----------------------------------------------------------
    def _suppressed(self) -> bool:
        return any((not f.in_result) or f.is_toc for f in self.fields)

    def _emit(self, text: str, out: list[str], state: dict) -> None:
        if not text or self._suppressed():
            return
        out.append(text)
        if text.strip():
            self.pending_hard_break = False
            if state["first_page"] is None:
                state["first_page"] = self.page

    def _inline(self, el: etree._Element, out: list[str], state: dict, vanish: bool | None) -> None:
        w = self.w
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # entity references, comments
            qn = etree.QName(tag)
            ns, local = qn.namespace, qn.localname
            if ns == w:
                if local == "r":
                    self._run(child, out, state, vanish)
                elif local in _SKIP:
                    continue
                elif local == "sdt":
                    content = child.find(self.q("sdtContent"))
                    if content is not None:
                        self._inline(content, out, state, vanish)
                elif local == "fldSimple":
                    if not (child.get(self.q("instr")) or "").strip().upper().startswith("TOC"):
                        self._inline(child, out, state, vanish)
                elif local in ("p", "tbl", "txbxContent"):
                    continue  # nested block content (text boxes) is not body text
                else:  # hyperlink, ins, moveTo, smartTag, customXml, dir, bdo, ruby, rubyBase...
                    self._inline(child, out, state, vanish)
            elif ns == self.m:
                if local == "t":
                    self._emit(child.text or "", out, state)
                else:
                    self._inline(child, out, state, vanish)
            # mc:AlternateContent (drawings, text boxes) and foreign markup: skipped

    def _run(self, r: etree._Element, out: list[str], state: dict, para_vanish: bool | None) -> None:
        q, w = self.q, self.w
        rpr = r.find(q("rPr"))
        hidden = None
        if rpr is not None:
            hidden = _on(rpr.find(q("vanish")), w)
            if hidden is None:
                rs = rpr.find(q("rStyle"))
                if rs is not None:
                    hidden = self.styles.first(rs.get(q("val")), "vanish")
        if hidden is None:
            hidden = bool(para_vanish)
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            qn = etree.QName(tag)
            if qn.namespace != w:
                continue
            local = qn.localname
            if local == "t":
                if not hidden:
                    self._emit(child.text or "", out, state)
            elif local in ("tab", "ptab", "cr"):
                if not hidden:
                    self._emit(" ", out, state)
            elif local == "br":
                if not hidden:
                    self._emit(" ", out, state)
                if child.get(q("type")) == "page":
                    self._hard_break()
            elif local == "noBreakHyphen":
                if not hidden:
                    self._emit("-", out, state)
            elif local == "sym":
                code = _int_hex(child.get(q("char")))
                if code is not None and not hidden:
                    if 0xF000 <= code <= 0xF0FF:  # symbol-font private-use range
                        code -= 0xF000
                    if code >= 0x20:
                        self._emit(chr(code), out, state)
            elif local == "lastRenderedPageBreak":
                self._rendered_break()
            elif local == "fldChar":
                kind = child.get(q("fldCharType"))
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].in_result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif local == "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr.append(child.text or "")
            elif local == "ruby":
                base = child.find(q("rubyBase"))
                if base is not None:
                    self._inline(base, out, state, para_vanish)


def _int_hex(text: str | None) -> int | None:
    try:
        return int(text, 16)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
