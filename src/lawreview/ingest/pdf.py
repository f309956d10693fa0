"""PDF ingest: the visible paragraphs of a draft, in reading order, with pages.

pdfium (pypdfium2) gives text and glyph boxes ~30x faster than pdfminer, so all
layout work -- rows, columns, ruled and unruled tables, running headers and
footers, paragraphs, hyphenation -- is rebuilt here from word boxes, one page
open at a time (memory stays flat on long drafts).

Coordinates are PDF points in "reading space": x grows along the text, y grows
down the page, so rotated pages are handled like upright ones.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
from collections import Counter, defaultdict
from operator import itemgetter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lawreview.errors import InputError
from lawreview.model import Block

__all__ = ["read_pdf"]

# ---------------------------------------------------------------- words
# A word is a list (cheaper than objects for ~40k words per 64 pages):
X0, X1, TOP, BOT, TEXT, IDX, FLAG, LAST = range(8)
F_HYPH = 1      # ends in a line-end hyphen that pdfium flagged (U+FFFE)
F_TOP = 2       # in one of the top rows of the page (running-header candidate)
F_BOTTOM = 4    # in one of the bottom rows (running-footer candidate)
F_TABLE = 8     # pseudo-word standing for a ruled table

_TOKEN = re.compile(r"[^\s\ufffe]+\ufffe?|\ufffe")
_HALF_PI = math.pi / 2


class _Pdfium:
    """Reusable ctypes out-parameters: allocating them per call costs more than the call."""

    def __init__(self) -> None:
        self.rect = pdfium_c.FS_RECTF()
        self.rect_p = ctypes.byref(self.rect)
        self.f = [ctypes.c_float() for _ in range(4)]
        self.f_p = [ctypes.byref(v) for v in self.f]
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_p = ctypes.byref(self.matrix)
        self.name = ctypes.create_string_buffer(160)
        self.flags = ctypes.c_int()
        self.flags_p = ctypes.byref(self.flags)


def _to_reading(quadrant: int, left: float, bottom: float, right: float, top: float):
    """(x0, x1, top, bottom) of a user-space box seen along text of that quadrant."""
    if quadrant == 0:
        return left, right, -top, -bottom
    if quadrant == 1:      # text runs upwards
        return bottom, top, left, right
    if quadrant == 2:      # upside down
        return -right, -left, bottom, top
    return -top, -bottom, -right, -left   # text runs downwards


def _char_box(api: _Pdfium, tp, idx: int):
    pdfium_c.FPDFText_GetLooseCharBox(tp, idx, api.rect_p)
    r = api.rect
    return r.left, r.bottom, r.right, r.top


def _quadrant(angle: float) -> int:
    """0..3 for text at 0/90/180/270 degrees, -1 for skewed text (stamps, watermarks)."""
    q = round(angle / _HALF_PI)
    if abs(angle - q * _HALF_PI) > 0.05:
        return -1
    return q % 4


def _extract_words(api: _Pdfium, tp) -> tuple[list[list], int]:
    """Words with boxes and the quadrant of the page's text.

    One loose-box lookup at each end of a word instead of one per glyph; the
    text angle is asked only for tokens whose ends do not sit on one upright line.
    """
    text = tp.get_text_range()
    if not text.strip():
        return [], 0
    n_chars = pdfium_c.FPDFText_CountChars(tp)
    mapped = len(text) != n_chars      # pdfium inserted/excluded chars: translate offsets
    to_char = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    rect, rect_p = api.rect, api.rect_p
    words: list[list] = []
    singles: list[int] = []     # positions in `words` of one-glyph tokens (angle unknown)
    odd: list[tuple] = []       # tokens whose ends are not on one upright line
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        if mapped:
            ca, cb = to_char(tp, a), to_char(tp, b - 1)
            if ca < 0 or cb < 0:
                continue
        else:
            ca, cb = a, b - 1
        token = m.group()
        flag = 0
        if token[-1] == "\ufffe":
            flag = F_HYPH
            token = token[:-1] + "-"
        get_box(tp, ca, rect_p)
        l1, b1, r1, t1 = rect.left, rect.bottom, rect.right, rect.top
        if ca == cb:
            singles.append(len(words))
            words.append([l1, r1, -t1, -b1, token, ca, flag, cb])
            continue
        get_box(tp, cb, rect_p)
        l2, b2, r2, t2 = rect.left, rect.bottom, rect.right, rect.top
        h = t1 - b1
        if (h > 0 and r2 >= l1 and abs(b2 - b1) <= 0.3 * h and abs(t2 - t1) <= 0.3 * h
                and l2 - r1 <= (cb - ca) * h * 1.5):
            words.append([l1, r2, -max(t1, t2), -min(b1, b2), token, ca, flag, cb])
        else:
            odd.append((token, ca, cb, flag))
    if not odd:
        return words, 0
    # some text is rotated, skewed or spans lines: sort it out with the text angle
    angle_of = pdfium_c.FPDFText_GetCharAngle
    weight: Counter[int] = Counter()
    weight[0] = sum(len(w[TEXT]) for w in words) - len(singles)
    odd_q = [(_quadrant(angle_of(tp, t[1])), t) for t in odd]
    for q, t in odd_q:
        weight[q] += len(t[0])
    quadrant = max((q for q in weight if q >= 0), key=weight.__getitem__, default=0)
    if quadrant != 0:
        words, singles = [], []
        odd_q = [(_quadrant(angle_of(tp, ca)), (token, ca, cb, flag))
                 for token, ca, cb, flag in _retokenize(text, mapped, tp)]
    else:
        drop = {k for k in singles if _quadrant(angle_of(tp, words[k][IDX])) != 0}
        if drop:
            words = [w for k, w in enumerate(words) if k not in drop]
    for q, (token, ca, cb, flag) in odd_q:
        if q == quadrant:
            words.extend(_split_token(api, tp, token, ca, cb, quadrant, flag))
    return words, quadrant


def _retokenize(text: str, mapped: bool, tp):
    to_char = pdfium_c.FPDFText_GetCharIndexFromTextIndex
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        ca, cb = (to_char(tp, a), to_char(tp, b - 1)) if mapped else (a, b - 1)
        if ca < 0 or cb < 0:
            continue
        token, flag = m.group(), 0
        if token[-1] == "\ufffe":
            token, flag = token[:-1] + "-", F_HYPH
        yield token, ca, cb, flag


def _split_token(api, tp, token, ca, cb, quadrant, flag) -> list[list]:
    out: list[list] = []
    cur = None
    n = min(len(token), cb - ca + 1)
    for k in range(n):
        x0, x1, top, bot = _to_reading(quadrant, *_char_box(api, tp, ca + k))
        h = max(bot - top, 1.0)
        if cur is not None:
            same_line = min(bot, cur[BOT]) - max(top, cur[TOP]) >= 0.3 * min(h, cur[BOT] - cur[TOP])
            if same_line and -0.5 * h <= x0 - cur[X1] <= 0.35 * h:
                cur[X1] = max(cur[X1], x1)
                cur[TOP] = min(cur[TOP], top)
                cur[BOT] = max(cur[BOT], bot)
                cur[TEXT] += token[k]
                cur[LAST] = ca + k
                continue
            out.append(cur)
        cur = [x0, x1, top, bot, token[k], ca + k, 0, ca + k]
    if cur is not None:
        out.append(cur)
    if out and flag:
        out[-1][FLAG] |= flag
    return out


# -------------------------------------------------------------- graphics
def _graphics(api: _Pdfium, page):
    """Ruling lines (for tables) and the number of images/forms on the page."""
    hr: list[tuple[float, float, float]] = []     # (y, x0, x1) in page space, y up
    vr: list[tuple[float, float, float]] = []     # (x, y0, y1)
    counts = {"images": 0}
    get_type = pdfium_c.FPDFPageObj_GetType
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    fl, fb, fr, ft = api.f
    pl, pb, pr, pt = api.f_p

    def add_box(l, b, r, t, m):
        if m is not None:
            pts = [(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
                   for x, y in ((l, b), (l, t), (r, b), (r, t))]
            l, r = min(p[0] for p in pts), max(p[0] for p in pts)
            b, t = min(p[1] for p in pts), max(p[1] for p in pts)
        w, h = r - l, t - b
        if h <= 3 and w >= 6:
            hr.append(((b + t) / 2, l, r))
        elif w <= 3 and h >= 6:
            vr.append(((l + r) / 2, b, t))
        return l, b, r, t

    def walk(count, get, m, depth):
        for i in range(count):
            obj = get(i)
            kind = get_type(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if not get_bounds(obj, pl, pb, pr, pt):
                    continue
                l, b, r, t = fl.value, fb.value, fr.value, ft.value
                if (r - l <= 3) != (t - b <= 3):
                    add_box(l, b, r, t, m)
                elif r - l > 3 and t - b > 3 and pdfium_c.FPDFPath_CountSegments(obj) in (4, 5):
                    # a rectangle: its four edges may be cell borders
                    add_box(l, b - 0.5, r, b + 0.5, m)
                    add_box(l, t - 0.5, r, t + 0.5, m)
                    add_box(l - 0.5, b, l + 0.5, t, m)
                    add_box(r - 0.5, b, r + 0.5, t, m)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                counts["images"] += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth < 4 and pdfium_c.FPDFPageObj_GetMatrix(obj, api.matrix_p):
                    fm = api.matrix
                    own = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                    if m is not None:   # compose: child -> form -> parent
                        own = (own[0] * m[0] + own[1] * m[2], own[0] * m[1] + own[1] * m[3],
                               own[2] * m[0] + own[3] * m[2], own[2] * m[1] + own[3] * m[3],
                               own[4] * m[0] + own[5] * m[2] + m[4], own[4] * m[1] + own[5] * m[3] + m[5])
                    walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                         lambda j, o=obj: pdfium_c.FPDFFormObj_GetObject(o, j), own, depth + 1)

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), None, 0)
    return hr, vr, counts["images"]


# ---------------------------------------------------------------- tables
def _merge_positions(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _rules_in_reading_space(hr, vr, quadrant: int, origin: tuple[float, float]):
    """Horizontal rules as (y, x0, x1) and vertical ones as (x, y0, y1), along the text."""
    ox, oy = origin
    hs, vs = [], []
    for y, a, b in hr:
        x0, x1, t0, t1 = _to_reading(quadrant, a, y, b, y)
        if quadrant in (0, 2):
            hs.append((t0 - oy, x0 - ox, x1 - ox))
        else:
            vs.append((x0 - ox, t0 - oy, t1 - oy))
    for x, a, b in vr:
        x0, x1, t0, t1 = _to_reading(quadrant, x, a, x, b)
        if quadrant in (0, 2):
            vs.append((x0 - ox, t0 - oy, t1 - oy))
        else:
            hs.append((t0 - oy, x0 - ox, x1 - ox))
    return hs, vs


def _ruled_tables(hs, vs):
    """Grids of ruling lines: list of (x0, x1, top, bottom, row boundaries, vertical rules)."""
    if len(hs) < 2 or len(vs) < 2 or len(hs) * len(vs) > 250_000:
        return []
    tol = 2.0
    parent = list(range(len(hs) + len(vs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, a, b) in enumerate(hs):
        for j, (x, c, d) in enumerate(vs):
            if a - tol <= x <= b + tol and c - tol <= y <= d + tol:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for i, hline in enumerate(hs):
        groups[find(i)][0].append(hline)
    for j, vline in enumerate(vs):
        groups[find(len(hs) + j)][1].append(vline)
    grids = []
    for hl, vl in groups.values():
        ys = _merge_positions([h[0] for h in hl], tol)
        xs = _merge_positions([v[0] for v in vl], tol)
        if len(ys) < 2 or len(xs) < 2:
            continue
        grids.append((xs[0], xs[-1], ys[0], ys[-1], ys, vl))
    return grids


def _take_tables(words: list[list], grids) -> tuple[list[list], list[list]]:
    """Pull the words inside ruled grids out of the flow; return (rest, table pseudo-words)."""
    if not grids:
        return words, []
    tables = []
    taken: set[int] = set()
    for gx0, gx1, gtop, gbot, ys, vl in grids:
        inside = [k for k, w in enumerate(words)
                  if k not in taken and gx0 <= (w[X0] + w[X1]) / 2 <= gx1 and gtop <= (w[TOP] + w[BOT]) / 2 <= gbot]
        if not inside:
            continue
        rows = []
        for r0, r1 in zip(ys, ys[1:]):
            mid = (r0 + r1) / 2
            xs = _merge_positions([x for x, a, b in vl if a - 2 <= mid <= b + 2], 2.0)
            if len(xs) < 2:
                xs = [gx0, gx1]
            cells: list[list[list]] = [[] for _ in range(len(xs) - 1)]
            for k in inside:
                w = words[k]
                cy = (w[TOP] + w[BOT]) / 2
                if not r0 <= cy <= r1:
                    continue
                cx = (w[X0] + w[X1]) / 2
                for c in range(len(xs) - 1):
                    if xs[c] <= cx <= xs[c + 1]:
                        cells[c].append(w)
                        break
            if any(cells):
                rows.append((r0, r1, cells))
        if not rows or max(sum(1 for c in cells if c) for _, _, cells in rows) < 2:
            continue     # a framed box, not a table: leave its text in the flow
        taken.update(inside)
        texts = []
        for r0, r1, cells in rows:
            parts = [_cell_text(c) for c in cells if c]
            texts.append((r0, " | ".join(p for p in parts if p)))
        tables.append([gx0, gx1, gtop, gbot, texts, -1, F_TABLE, -1])
    rest = [w for k, w in enumerate(words) if k not in taken]
    return rest, tables


def _cell_text(words: list[list]) -> str:
    lines = [" ".join(w[TEXT] for w in row.words) for row in _cluster_rows(words)]
    text = ""
    for line in lines:
        text = _join(text, line, None) if text else line
    return text


# ------------------------------------------------------------------ rows
_get_x0, _get_x1, _get_top, _get_bot = (itemgetter(k) for k in (X0, X1, TOP, BOT))


class _Row:
    __slots__ = ("words", "top", "bot", "x0", "x1", "table")

    def __init__(self, words: list[list], table: list | None = None) -> None:
        self.words = words
        self.table = table
        self.top = min(map(_get_top, words))
        self.bot = max(map(_get_bot, words))
        self.x0 = min(map(_get_x0, words))
        self.x1 = max(map(_get_x1, words))


def _cluster_rows(words: list[list], tables: list[list] = ()) -> list[_Row]:
    """Group words sharing a line (by vertical overlap with the row's first word)."""
    rows: list[_Row] = []
    cur: list[list] = []
    ref_top = ref_bot = 0.0
    for w in sorted(words, key=_get_top):
        if cur:
            ov = min(w[BOT], ref_bot) - max(w[TOP], ref_top)
            if ov >= 0.5 * min(w[BOT] - w[TOP], ref_bot - ref_top):
                cur.append(w)
                continue
            rows.append(_finish_row(cur))
        cur = [w]
        ref_top, ref_bot = w[TOP], w[BOT]
    if cur:
        rows.append(_finish_row(cur))
    for t in tables:
        rows.append(_Row([t], table=t))
    rows.sort(key=lambda r: r.top)
    return rows


def _finish_row(words: list[list]) -> _Row:
    words.sort(key=lambda w: w[X0])
    out = [words[0]]
    for w in words[1:]:
        p = out[-1]
        # the same word painted twice (fake bold, shadow): keep one
        if w[TEXT] == p[TEXT] and w[X0] < p[X1] - 0.5 * (p[X1] - p[X0]):
            continue
        out.append(w)
    return _Row(out)


def _median_height(rows: list[_Row]) -> float:
    hs = [w[BOT] - w[TOP] for r in rows if r.table is None for w in r.words]
    return statistics.median(hs) if hs else 10.0


# ---------------------------------------------------------------- layout
def _min_gutter(h: float) -> float:
    """Narrowest column gutter looked for: wider than the "rivers" of word gaps in justified text."""
    return max(6.0, 0.5 * h)


def _gutters(rows: list[_Row], x0: float, x1: float, h: float, limit: int = 3) -> list[float]:
    """Candidate column gutters, best first: strips at least _min_gutter wide in the middle of
    the text that three consecutive rows all leave free (word-gap "rivers" rarely line up over
    three lines that wide), ranked by how many rows leave their middle free.

    Rows are bitmasks over 1-pt columns, so this costs one operation per word."""
    width = x1 - x0
    lo, hi = x0 + 0.1 * width, x1 - 0.1 * width
    if hi - lo < 10 or len(rows) < 3:
        return []
    n = int(hi - lo) + 1
    full = (1 << n) - 1
    frees = []
    for r in rows:
        covered = 0
        for w in r.words:
            a, b = int(w[X0] - lo), int(w[X1] - lo) + 1
            if b <= 0 or a >= n:
                continue
            a, b = max(a, 0), min(b, n)
            covered |= ((1 << (b - a)) - 1) << a
        frees.append(full & ~covered)
    common = 0
    for f0, f1, f2 in zip(frees, frees[1:], frees[2:]):
        common |= f0 & f1 & f2
    if not common:
        return []
    bits = format(common, "b")[::-1]          # character k is 1-pt column k
    scored = []
    for m in re.finditer("1{%d,}" % max(1, int(_min_gutter(h))), bits):
        # inside a long run, the x that most rows leave free (sampled)
        step = max(1, (m.end() - m.start()) // 16)
        best = max((sum(1 for f in frees if f >> k & 1), k) for k in range(m.start(), m.end(), step))
        scored.append((-best[0], lo + best[1] + 0.5))
    scored.sort()
    return [x for _, x in scored[:limit]]


def _is_columns(band: list[_Row], mid: float, h: float, carried: bool = False) -> bool:
    """A text gutter, not a table or a river of word gaps: both sides hold several lines of
    prose (several words, flush left, most lines running to the side's right edge)."""
    sides: tuple[list, list] = ([], [])
    gaps: list[float] = []
    for r in band:
        lw = [w for w in r.words if w[X1] <= mid]
        rw = [w for w in r.words if w[X0] >= mid]
        for k, side in enumerate((lw, rw)):
            if side:
                gaps.extend(b[X0] - a[X1] for a, b in zip(side, side[1:]))
                sides[k].append((side[0][X0], side[-1][X1], len(side)))
    left, right = sides
    if carried:     # the tail of columns begun on the previous page: a line or two is enough
        if not left or not right:
            return False
        gutter = min(a for a, _, _ in right) - max(b for _, b, _ in left)
        return gutter >= max(3.0, 0.5 * h)
    if len(left) < 2 or len(right) < 2 or len(left) + len(right) < 5:
        return False
    gutter = min(a for a, _, _ in right) - max(b for _, b, _ in left)
    if gutter < max(3.0, 0.5 * h) or (gaps and gutter < 1.5 * statistics.median(gaps)):
        return False
    for side in sides:
        x0 = min(a for a, _, _ in side)
        x1 = max(b for _, b, _ in side)
        width = x1 - x0
        if width < 4 * h or statistics.median(n for _, _, n in side) < 3:
            return False
        flush = sum(1 for a, _, _ in side if a - x0 <= 1.0 + 0.1 * h)
        full = sum(1 for _, b, _ in side if x1 - b <= 0.2 * width)
        if flush < 0.6 * len(side) or full < 0.5 * len(side):
            return False
    return True


def _layout(rows: list[_Row], depth: int = 0, carry: dict | None = None) -> list[tuple[list[_Row], float, float]]:
    """Regions in reading order: (rows, left edge, right edge). Columns are read one after the other."""
    # the text block's edges, ignoring tables and header/footer rows (centred on the page,
    # they can stick out of a narrow text block)
    text_rows = ([r for r in rows if r.table is None and not all(w[FLAG] & (F_TOP | F_BOTTOM) for w in r.words)]
                 or [r for r in rows if r.table is None] or rows)
    x0 = min(r.x0 for r in text_rows)
    x1 = max(r.x1 for r in text_rows)
    # one split per page: columns inside columns are rare in legislation, rivers in narrow
    # justified columns are not
    if depth >= 1 or len(rows) < (2 if carry and carry.get("mid") is not None else 5):
        if carry is not None:
            carry["mid"] = None
        return [(rows, x0, x1)]
    h = _median_height(rows)
    # columns running on from the previous page are tried first, at the same gutter
    mids = [(carry["mid"], True)] if carry and carry.get("mid") is not None else []
    mids += [(x, False) for x in _gutters(rows, x0, x1, h)]
    if carry is not None:
        carry["mid"] = None
    for mid, carried in mids:
        out = _split_columns(rows, mid, h, depth, x0, x1, carried, carry)
        if out is not None:
            return out
    return [(rows, x0, x1)]


def _split_columns(rows: list[_Row], mid: float, h: float, depth: int, x0: float, x1: float,
                   carried: bool = False, carry: dict | None = None):
    """Regions for a candidate gutter at x=mid, or None if no band of rows is set in columns there.

    `carried`: the gutter of columns that ran to the bottom of the previous page, so a short
    first band suffices. `carry` receives the gutter if columns run to this page's bottom."""
    min_w = _min_gutter(h)
    detached = _detached_edge_rows(rows)

    def free(r: _Row) -> float:
        """Width of the gap the row leaves around the gutter's middle (0: a word covers it)."""
        left, right = -1e9, 1e9
        for w in r.words:
            if w[X0] < mid < w[X1]:
                return 0.0
            if w[X1] <= mid:
                left = max(left, w[X1])
            else:
                right = min(right, w[X0])
        return right - left

    # quick rejection: columns need at least three rows on each side of a free gutter
    right_free = left_free = 0
    for r in rows:
        if r.x1 > mid or r.x0 < mid:
            g = free(r)
            if g >= min_w:
                right_free += r.x1 > mid
                left_free += r.x0 < mid
    if not right_free or not left_free or (not carried and (right_free < 2 or left_free < 2
                                                           or right_free + left_free < 5)):
        return None
    # centre the test line in the gutter of the rows it separates: their right parts start
    # flush at one x, their left parts end (ragged or not) before it
    sides = []
    for r in rows:
        left = [w[X1] for w in r.words if w[X1] <= mid]
        right = [w[X0] for w in r.words if w[X0] >= mid]
        if len(left) + len(right) == len(r.words) and (not left or not right or min(right) - max(left) >= min_w):
            sides.append((max(left, default=None), min(right, default=None)))
    starts = Counter(round(b) for _, b in sides if b is not None)
    if starts:
        col_x = starts.most_common(1)[0][0]
        lefts = [a for a, b in sides if a is not None and (b is None or abs(b - col_x) <= 1.5)]
        if lefts and col_x - max(lefts) >= min_w:
            mid = (max(lefts) + col_x) / 2
    # a row stays out of a column band if a word covers the gutter's middle, or if the
    # gap it leaves there is only a word gap (a river in justified text)
    gaps = {id(r): (0.0 if id(r) in detached else free(r)) for r in rows}

    def bands_of(seq: list[_Row]) -> list[tuple[bool, list[_Row]]]:
        """Runs of rows that span the gutter and runs that leave it free; a row whose right part
        does not start flush with the right column's lines (a river in justified text) spans."""
        out: list[tuple[bool, list[_Row]]] = []
        for r in seq:
            free_ = gaps[id(r)] >= min_w
            if out and out[-1][0] == free_:
                out[-1][1].append(r)
            else:
                out.append((free_, [r]))
        refined: list[tuple[bool, list[_Row]]] = []
        for free_, run in out:
            if not free_ or len(run) < 2:
                refined.append((free_, run))
                continue
            starts = Counter(round(min(w[X0] for w in r.words if w[X0] >= mid)) for r in run if r.x1 > mid)
            col_x = starts.most_common(1)[0][0] if starts else -1e9
            for r in run:
                ok = r.x1 <= mid or min(w[X0] for w in r.words if w[X0] >= mid) >= col_x - 1.5
                if refined and refined[-1][0] == ok:
                    refined[-1][1].append(r)
                else:
                    refined.append((ok, [r]))
        return refined

    out: list[tuple[list[_Row], float, float]] = []
    flow: list[_Row] = []
    found = False
    runs = bands_of(rows)
    body = [k for k, (free_, band) in enumerate(runs) if not all(id(r) in detached for r in band)]
    first, last = (body[0], body[-1]) if body else (-1, -1)
    for k, (free_, band) in enumerate(runs):
        if not free_ or not _is_columns(band, mid, h, carried and k == first):
            flow.extend(band)
            continue
        if carried and k != first and not found:
            flow.extend(band)
            continue
        found = True
        if carry is not None and k == last:
            carry["mid"] = mid
        if flow:
            out.append((flow, x0, x1))
            flow = []
        left = [w for r in band for w in r.words if w[X1] <= mid]
        right = [w for r in band for w in r.words if w[X1] > mid]
        for side in (left, right):
            words = [w for w in side if not w[FLAG] & F_TABLE]
            tables = [w for w in side if w[FLAG] & F_TABLE]
            out.extend(_layout(_cluster_rows(words, tables), depth + 1))
    if flow:
        out.append((flow, x0, x1))
    return out if found else None


def _detached_edge_rows(rows: list[_Row]) -> set[int]:
    """Header/footer rows set apart from the text block by a gap: kept out of column bands."""
    out: set[int] = set()
    for seq, flag in ((rows, F_TOP), (rows[::-1], F_BOTTOM)):
        for a, b in zip(seq, seq[1:]):
            if a.table is not None or not all(w[FLAG] & flag for w in a.words):
                break
            gap = b.top - a.bot if flag == F_TOP else a.top - b.bot
            if gap < 0.8 * min(a.bot - a.top, b.bot - b.top):
                break
            out.add(id(a))
    return out


# ----------------------------------------------------------------- lines
class _Line:
    __slots__ = ("text", "page", "x0", "x1", "top", "bot", "h", "fw", "region", "rx0", "rx1",
                 "bold", "edge", "kind", "fidx", "lidx", "caps", "head")

    def __init__(self, text, page, x0, x1, top, bot, h, fw, region, rx0, rx1, kind="text"):
        self.text = text
        self.page = page
        self.x0, self.x1, self.top, self.bot, self.h, self.fw = x0, x1, top, bot, h, fw
        self.region, self.rx0, self.rx1 = region, rx0, rx1
        self.kind = kind
        self.bold = False
        self.edge = 0
        self.fidx = self.lidx = -1
        self.caps = _is_caps(text)
        self.head: bool | None = None     # cached _Stats.headingish


def _is_bold(api: _Pdfium, tp, idx: int) -> bool:
    if pdfium_c.FPDFText_GetFontWeight(tp, idx) >= 600:
        return True
    pdfium_c.FPDFText_GetFontInfo(tp, idx, api.name, len(api.name), api.flags_p)
    name = api.name.value.lower()
    return b"bold" in name or b"black" in name or b"heavy" in name


def _page_lines(api: _Pdfium, tp, words: list[list], tables: list[list], page_no: int,
                page_h: float, hrules: list[tuple[float, float, float]], carry: dict) -> list[_Line]:
    rows = _cluster_rows(words, tables)
    if not rows:
        return []
    _mark_edges(rows, page_h)
    lines: list[_Line] = []
    for k, (region_rows, rx0, rx1) in enumerate(_layout(rows, carry=carry)):
        region = (page_no, k)
        bands = _table_bands(region_rows, hrules)
        i = 0
        while i < len(region_rows):
            r = region_rows[i]
            if i in bands:
                end, cells_rows = bands[i]
                for top, bot, text in cells_rows:
                    lines.append(_Line(text, page_no, r.x0, r.x1, top, bot, bot - top, 0.0, region, rx0, rx1,
                                       kind="row"))
                i = end
                continue
            if r.table is not None:
                for r0, text in r.table[TEXT]:
                    if text:
                        lines.append(_Line(text, page_no, r.x0, r.x1, r0, r0, 0.0, 0.0, region, rx0, rx1,
                                           kind="row"))
            else:
                lines.append(_row_line(r, page_no, region, rx0, rx1))
            i += 1
    for line in lines:
        if line.kind == "text":
            line.bold = _is_bold(api, tp, line.fidx) and _is_bold(api, tp, line.lidx)
    return lines


def _row_line(r: _Row, page_no: int, region, rx0: float, rx1: float) -> _Line:
    ws = r.words
    bots = sorted(w[BOT] for w in ws)
    tops = sorted(w[TOP] for w in ws)
    bot = bots[len(bots) // 2]
    top = tops[len(tops) // 2]
    line = _Line(" ".join(w[TEXT] for w in ws), page_no, ws[0][X0], ws[-1][X1], top, bot,
                 bot - top, ws[0][X1] - ws[0][X0], region, rx0, rx1)
    flags = F_TOP | F_BOTTOM
    for w in ws:
        flags &= w[FLAG]
    line.edge = flags
    line.fidx, line.lidx = ws[0][IDX], ws[-1][LAST]
    return line


def _strips(cover: list[tuple[float, float]], min_w: float) -> list[tuple[float, float]]:
    """Gaps at least min_w wide between merged x-intervals."""
    out = []
    end = None
    for a, b in cover:
        if end is not None and a - end >= min_w:
            out.append((end, a))
        end = b if end is None else max(end, b)
    return out


def _narrow(strips, words: list[list], min_w: float):
    """Strips left empty by one more row; each keeps its right-most free part (cells start flush)."""
    out = []
    for a, b in strips:
        pieces = [(a, b)]
        for w in words:
            if w[X1] <= a or w[X0] >= b:
                continue
            nxt = []
            for p0, p1 in pieces:
                if w[X1] <= p0 or w[X0] >= p1:
                    nxt.append((p0, p1))
                    continue
                if w[X0] > p0:
                    nxt.append((p0, w[X0]))
                if w[X1] < p1:
                    nxt.append((w[X1], p1))
            pieces = nxt
        pieces = [pc for pc in pieces if pc[1] - pc[0] >= min_w]
        if pieces:
            out.append(max(pieces, key=lambda pc: pc[1]))
    return out


def _table_bands(rows: list[_Row], hrules) -> dict[int, tuple[int, list[tuple[float, float, str]]]]:
    """Unruled (or partly ruled) tables: runs of rows whose words leave the same vertical
    strips empty, with cells starting (or ending) at one x in each column.

    Returns {first row index: (end index, [(top, bottom, "cell | cell"), ...])}.
    """
    text_rows = [r for r in rows if r.table is None]
    if len(text_rows) < 2:
        return {}
    gaps = [b[X0] - a[X1] for r in text_rows for a, b in zip(r.words, r.words[1:])]
    h = _median_height(text_rows)
    small = sorted(g for g in gaps if 0 < g < h)
    space = small[len(small) // 4] if small else 0.25 * h    # low quantile: justified lines stretch
    min_w = max(2.5, 1.4 * space)
    big = max(h, 3 * space)
    right_edge = max(r.x1 for r in text_rows)
    out: dict[int, tuple[int, list]] = {}
    n = len(rows)
    i = 0
    while i < n - 1:
        r = rows[i]
        if r.table is not None or not any(b[X0] - a[X1] >= big for a, b in zip(r.words, r.words[1:])):
            i += 1
            continue
        strips = _strips([(w[X0], w[X1]) for w in r.words], big)
        j = i + 1
        while j < n and rows[j].table is None and rows[j].top - rows[j - 1].bot <= 2.0 * h:
            new = _narrow(strips, rows[j].words, min_w)
            if len(new) < len(strips):
                break
            strips = new
            j += 1
        band = _make_table(rows[i:j], strips, h, hrules, right_edge)
        if band:
            used, cells_rows = band
            out[i] = (i + used, cells_rows)
            i += used
        else:
            i += 1
    return out


def _make_table(band: list[_Row], strips, h: float, hrules, right_edge: float):
    if len(band) < 2 or not strips:
        return None
    bounds = [(a + b) / 2 for a, b in strips]
    grid = []
    for r in band:
        cells: list[list[list]] = [[] for _ in range(len(bounds) + 1)]
        for w in r.words:
            c = 0
            cx = (w[X0] + w[X1]) / 2
            while c < len(bounds) and cx > bounds[c]:
                c += 1
            cells[c].append(w)
        grid.append(cells)
    # trailing rows with one filled cell belong to the table only as a wrapped cell line
    while len(grid) > 1 and sum(1 for c in grid[-1] if c) < 2 and band[len(grid) - 1].top - band[len(grid) - 2].bot > 0.6 * h:
        grid.pop()
    # cell gaps must stand out from word gaps in the same line (justified prose has
    # even gaps, so a "river" running down it is not a column)
    multi = support = 0
    for cells in grid:
        filled = [c for c in cells if c]
        if len(filled) < 2:
            continue
        multi += 1
        inner = max([b[X0] - a[X1] for c in filled for a, b in zip(c, c[1:])], default=0.0)
        crosses = [b[0][X0] - a[-1][X1] for a, b in zip(filled, filled[1:])]
        all_gaps = crosses + [b[X0] - a[X1] for c in filled for a, b in zip(c, c[1:])]
        # a justified line stretched over few words: even gaps, flush with the right edge
        stretched = max(all_gaps) - min(all_gaps) <= 1.0 and right_edge - filled[-1][-1][X1] <= 1.5
        support += min(crosses) >= 1.5 * max(inner, 0.25 * h) and not stretched
    if multi < 2 or support < 2 or support < 0.5 * multi:
        return None
    # columns must line up: cell starts (left-aligned) or ends (right-aligned)
    tol = 1.5 + 0.05 * h
    for c in range(1, len(bounds) + 1):
        starts = [cells[c][0][X0] for cells in grid if cells[c]]
        ends = [cells[c - 1][-1][X1] for cells in grid if cells[c - 1]]
        if len(starts) >= 2 and max(starts) - min(starts) > tol and max(ends) - min(ends) > tol:
            return None
    # two runs of prose side by side are columns (missed by the layout), not a table
    if len(bounds) == 1:
        words_per_cell = [len(c) for cells in grid for c in cells if c]
        if statistics.median(words_per_cell) >= 3 and len(grid) >= 3:
            return None
    # "(a)<tab>text" lists and "Article 5<tab>Title" headings are not tables
    firsts = [" ".join(w[TEXT] for w in cells[0]) for cells in grid if cells[0]]
    if firsts and all(_is_bare_marker(t) for t in firsts):
        return None
    used = len(grid)
    rows_out: list[tuple[float, float, str]] = []
    cur: list[list[str]] | None = None
    cur_top = cur_bot = 0.0
    ruled = _rules_between(band[:used], hrules)
    exclusive = ruled is not None and len(ruled) >= 2     # rules between rows: they alone decide
    prev = band[0]
    for k, cells in enumerate(grid):
        r = band[k]
        filled = {c for c, ws in enumerate(cells) if ws}
        if cur is None:
            new_row = True
        elif exclusive:
            new_row = k in ruled
        else:
            # a line with a first cell and more opens a row; a lone first cell or
            # later cells (vertically centred beside a wrapped cell) continue it
            new_row = ((ruled is not None and k in ruled) or r.top - prev.bot > 0.6 * h
                       or (0 in filled and len(filled) >= 2))
        if new_row:
            if cur is not None:
                rows_out.append((cur_top, cur_bot, _cells_text(cur)))
            cur = [[] for _ in cells]
            cur_top = r.top
        for c, ws in enumerate(cells):
            if ws:
                cur[c].append(" ".join(w[TEXT] for w in ws))
        cur_bot = max(cur_bot, r.bot)
        prev = r
    if cur is not None:
        rows_out.append((cur_top, cur_bot, _cells_text(cur)))
    return used, rows_out


def _rules_between(band: list[_Row], hrules) -> set[int] | None:
    """Indices of rows that follow a horizontal rule inside the band, or None if unruled."""
    if not hrules:
        return None
    x0 = min(r.x0 for r in band)
    x1 = max(r.x1 for r in band)
    starts = set()
    for k in range(1, len(band)):
        lo, hi = band[k - 1].bot, band[k].top + 0.3 * (band[k].bot - band[k].top)
        if any(lo - 1 <= y <= hi and a < x1 and b > x0 for y, a, b in hrules):
            starts.add(k)
    return starts or None


def _cells_text(cells: list[list[str]]) -> str:
    parts = []
    for lines in cells:
        text = ""
        for line in lines:
            text = _join(text, line, None) if text else line
        if text:
            parts.append(text)
    return " | ".join(parts)


def _mark_edges(rows: list[_Row], page_h: float) -> None:
    """Flag the words of header and footer blocks: at most three rows at the page's top (bottom)
    edge, set apart from the text by a gap. Only they can be running headers, footers or page
    numbers, so a body line at the top of a page ("Article 2 ...") never is."""
    text_rows = [r for r in rows if r.table is None]
    zone = 0.14 * page_h
    for seq, flag in ((text_rows, F_TOP), (text_rows[::-1], F_BOTTOM)):
        for k in range(min(3, len(seq))):
            r = seq[k]
            if (r.bot > zone) if flag == F_TOP else (r.top < page_h - zone):
                break
            if k + 1 >= len(seq):
                break       # nothing below it: the page's text, not its header
            nxt = seq[k + 1]
            gap = nxt.top - r.bot if flag == F_TOP else r.top - nxt.bot
            if gap < 0.6 * min(r.bot - r.top, nxt.bot - nxt.top):
                continue
            for block_row in seq[:k + 1]:
                for w in block_row.words:
                    w[FLAG] |= flag
            break


# ------------------------------------------------------ running elements
_PAGE_NO = re.compile(
    r"^[\s\-–—·|\[\(]*(?:(?:(?:page|pg|p|pág|pag|página|pagina|seite|folio|fol)\.?\s*)\d{1,4}"
    r"|\d{1,3}|(?-i:[ivxlc]{1,6}))"
    r"(?:\s*(?:/|of|de|sur|von|out\s+of)\s*\d{1,4})?[\s\-–—·|\]\)]*$",
    re.I,
)
_NUM = re.compile(r"\d+")


def _running_lines(lines: list[_Line], n_pages: int) -> set[int]:
    """ids of lines that are running headers/footers or bare page numbers."""
    drop: set[int] = set()
    groups: dict[tuple, list[_Line]] = defaultdict(list)
    for line in lines:
        if line.kind != "text" or not line.edge:
            continue
        if _PAGE_NO.match(line.text):
            drop.add(id(line))
            continue
        key = re.sub(r"\s+", " ", _NUM.sub("#", line.text.lower())).strip()
        edge = "t" if line.edge & F_TOP else "b"
        groups[(edge, key, round(line.h / 2))].append(line)
    for group in groups.values():
        if len(group) < 2:
            continue
        mid = statistics.median(l.top for l in group)
        group = [l for l in group if abs(l.top - mid) <= max(4.0, l.h)]
        pages = {l.page for l in group}
        if len(pages) < 2:
            continue
        texts = {l.text for l in group}
        running = False
        if len(texts) == 1:
            running = len(pages) >= 3 or len(pages) >= 0.5 * n_pages
        else:
            running = _numbers_follow_pages(group) or len(pages) >= max(3, 0.6 * n_pages)
        if running:
            drop.update(id(l) for l in group)
    return drop


def _numbers_follow_pages(group: list[_Line]) -> bool:
    nums = [[int(n) for n in _NUM.findall(l.text)] for l in group]
    if len({len(n) for n in nums}) != 1 or not nums[0]:
        return False
    for j in range(len(nums[0])):
        if len({n[j] - l.page for n, l in zip(nums, group)}) == 1:
            return True
    return False


# ------------------------------------------------------------ paragraphs
_ORDINAL = (r"(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[ée]ptim[oa]|"
            r"octav[oa]|noven[oa]|d[ée]cim[oa]|und[ée]cim[oa]|duod[ée]cim[oa]|[úu]nic[oa]|premi[eè]re?|"
            r"unique|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|"
            r"four|five|six|seven|eight|nine|ten)")
_LABEL = (r"(?:art[íi]culos?|articles?|arts?\.?|section|sect?\.|secci[óo]n|§+|chapter|chap\.|"
          r"cap[íi]tulo|chapitre|title|t[íi]tulo|titre|parte|partie|part|book|libro|livre|annexe|"
          r"annex|anexo|schedule|appendix|ap[ée]ndice|paragraph|p[áa]rrafo)")
_HEAD_MARK = re.compile(
    rf"^{_LABEL}\s*(?:\d+\s*[a-z]?\b|[IVXLCDM]+\b|{_ORDINAL}\b)(?:\s*(?:bis|ter|quater)\b)?", re.I)
_ENUM_MARK = re.compile(
    r"^(?:\(\s*(?:\d+|[a-zA-Z]{1,2}|[ivxlcIVXLC]+)\s*\)|(?:\d+|[a-z]|[ivx]+)\)|\d+(?:\.\d+)*\.(?=\s|$)"
    r"|\d+\s*[°º](?=\s|$|\.|-)|[IVXLC]+\.(?=\s)|[A-Z]\.(?=\s)|[•●▪◦■□–—-](?=\s))")
_LIST_END = re.compile(r"(?:[.:;,]|[;,]\s*(?:and|or|y|o|u|e|et|ou))$", re.I)


def _is_bare_marker(text: str) -> bool:
    text = text.strip()
    m = _HEAD_MARK.match(text) or _ENUM_MARK.match(text)
    return bool(m) and not text[m.end():].strip(" .:-–—")


def _head_marker(text: str) -> str | None:
    """'strong' when a line opens like a provision heading, 'weak' for markers that may be prose."""
    m = _HEAD_MARK.match(text)
    if m:
        rest = text[m.end():].lstrip()
        if text[:1].isupper() and (not rest or rest[0] in ".-–—:)°º" or rest[0].isupper() or text[:m.end()].isupper()):
            return "strong"
        return "weak"  # "artículo 6° será…" wrapped onto a new line is a reference, not a heading
    if _ENUM_MARK.match(text):
        return "weak"
    return None


_COMPOUND_LEFT = {
    "non", "self", "ex", "quasi", "cross", "well", "long", "short", "full", "part", "vice", "half",
    "all", "so", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first",
    "second", "third", "low", "high", "sous", "avant", "après", "demi", "mi", "ex", "pre", "post",
    "co", "anti", "multi", "pan", "counter",
}
_COMPOUND_RIGHT = {
    "based", "related", "free", "like", "wide", "led", "owned", "run", "term", "time", "seeker",
    "seekers", "holder", "holders", "making", "specific", "sensitive", "up", "level", "scale",
    "founded", "bound", "oriented", "friendly", "refoulement", "citizen", "citizens", "national",
    "nationals", "border", "state", "states", "member",
}
_WORD = re.compile(r"[\w'’-]+")


def _join(left: str, right: str, vocab: Counter | None) -> str:
    """Join a wrapped line to its paragraph, undoing end-of-line hyphenation only for split words."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if not left.endswith("-") or len(left) < 2 or not left[-2].isalpha():
        return left + " " + right
    m = re.search(r"([\w'’-]*?)-$", left)
    frag_l = m.group(1) if m else ""
    frag_l = frag_l.split("-")[-1]
    m = _WORD.match(right)
    frag_r = m.group(0) if m else ""
    if not frag_l or not frag_r or not frag_r[0].isalpha() or not frag_r[0].islower():
        return left + right
    if not frag_l.isalpha():
        return left + right
    joined = (frag_l + frag_r).lower()
    hyphenated = (frag_l + "-" + frag_r).lower()
    if vocab is not None:
        cj, ch = vocab.get(joined, 0), vocab.get(hyphenated, 0)
        if ch > cj:
            return left + right
        if cj > ch:
            return left[:-1] + right
    if (frag_l.lower() in _COMPOUND_LEFT or frag_r.lower().rstrip("s") in _COMPOUND_RIGHT
            or frag_r.lower() in _COMPOUND_RIGHT or sum(c.isupper() for c in frag_l) >= 2):
        return left + right
    return left[:-1] + right


class _Stats:
    """Document-wide typography: body size, line pitch per size, whether caps/bold mean 'heading'."""

    def __init__(self, lines: list[_Line]) -> None:
        sizes: Counter[float] = Counter()
        caps = bold = total = 0
        for l in lines:
            if l.kind != "text":
                continue
            sizes[round(l.h * 2) / 2] += len(l.text)
            total += 1
            caps += l.caps
            bold += l.bold
        self.body_h = sizes.most_common(1)[0][0] if sizes else 10.0
        self.caps_heading = total == 0 or caps < 0.5 * total
        self.bold_heading = total == 0 or bold < 0.5 * total
        deltas: dict[float, Counter[float]] = defaultdict(Counter)
        for p, l in zip(lines, lines[1:]):
            if p.kind == l.kind == "text" and p.region == l.region and abs(p.h - l.h) <= 0.05 * l.h:
                d = l.bot - p.bot
                if 0.8 * l.h <= d <= 1.8 * l.h:
                    deltas[round(l.h * 2) / 2][round(d * 2) / 2] += 1
        self.pitch = {h: c.most_common(1)[0][0] for h, c in deltas.items()}

    def line_pitch(self, h: float) -> float:
        return self.pitch.get(round(h * 2) / 2, 1.2 * h)

    def headingish(self, l: _Line) -> bool:
        if l.head is None:
            l.head = (l.text.count(" ") < 20 and ((self.caps_heading and l.caps) or (self.bold_heading and l.bold)
                                                  or l.h >= 1.15 * self.body_h))
        return l.head


def _is_caps(text: str) -> bool:
    return text.upper() == text and sum(1 for c in text if c.isalpha()) >= 3


def _centred(l: _Line) -> bool:
    left, right = l.x0 - l.rx0, l.rx1 - l.x1
    return left > l.h and abs(left - right) < 0.1 * (l.rx1 - l.rx0)


def _fits_after(p: _Line, l: _Line) -> bool:
    """Would the next line's first word have fitted on the previous line? Then the break was deliberate."""
    slack = p.rx1 - p.x1
    if _centred(p):
        slack += p.x0 - p.rx0
    return slack > l.fw + 0.6 * p.h


def _continues(p: _Line, l: _Line, para: list[_Line], st: _Stats) -> bool:
    if p.kind != "text" or l.kind != "text":
        return False
    if abs(p.h - l.h) > 0.12 * max(p.h, l.h) or (p.bold != l.bold and st.bold_heading):
        return False
    hyph = p.text.endswith("-") and len(p.text) > 1 and p.text[-2].isalpha()
    p_head, l_head = st.headingish(p), st.headingish(l)
    if p_head != l_head and not hyph:
        return False
    if p_head and _head_marker(p.text) == "strong" and _is_bare_marker(p.text):
        return False    # "CHAPTER I" stays apart from its title
    marker = _head_marker(l.text)
    if marker == "strong":
        return False
    if marker == "weak" and (_LIST_END.search(p.text) or _fits_after(p, l)):
        return False
    if p.region == l.region:
        delta = l.bot - p.bot
        if delta <= 0 or delta > st.line_pitch(l.h) + max(1.5, 0.15 * l.h):
            return False
        tol = max(2.0, 0.4 * l.h)
        if _centred(p) and _centred(l):
            pass
        elif len(para) == 1:
            if l.x0 > p.x0 + tol and not (_head_marker(p.text) or l.x0 > p.x0 + 6 * l.h):
                return False
        else:   # continuation lines keep one indentation (relative: the paragraph may span columns)
            if abs((l.x0 - l.rx0) - (para[1].x0 - para[1].rx0)) > tol:
                return False
    else:
        # next column or page: only a line that was full and ends mid-sentence carries on
        if l.x0 > l.rx0 + max(2.0, 0.4 * l.h):
            return False
        # into a block below on the same page (e.g. from full width into columns): spacing counts
        if l.page == p.page and l.top > p.bot and l.bot - p.bot > st.line_pitch(l.h) + max(1.5, 0.15 * l.h):
            return False
    # a deliberate early break (the next word would have fitted): a paragraph ends there,
    # unless the text runs on in lower case (a manual line break inside a sentence)
    # (in a justified paragraph a line short of the right edge is its last)
    ended = _fits_after(p, l) or (len(para) >= 2 and p.rx1 - p.x1 > 1.5
                                  and all(x.rx1 - x.x1 <= 1.0 for x in para[:-1]))
    if (not hyph and ended and not l.text[:1].islower()
            and (p.text[-1:] in ".:;!?" or _head_marker(p.text))):
        return False
    return True


def _paragraphs(lines: list[_Line]) -> list[Block]:
    st = _Stats(lines)
    vocab: Counter[str] = Counter()
    for l in lines:
        for tok in _WORD.findall(l.text.lower()):
            vocab[tok.strip("-'’")] += 1
    blocks: list[Block] = []
    para: list[_Line] = []
    text = ""

    def flush() -> None:
        nonlocal para, text
        if para:
            t = re.sub(r"\s+", " ", text).strip()
            if t:
                style = "heading" if all(st.headingish(x) for x in para) and len(t.split()) <= 30 else "body"
                blocks.append(Block(text=t, page=para[0].page, style=style, level=0))
        para, text = [], ""

    prev: _Line | None = None
    for l in lines:
        if l.kind == "row":
            flush()
            blocks.append(Block(text=re.sub(r"\s+", " ", l.text).strip(), page=l.page, style="table_row", level=0))
            prev = None
            continue
        if prev is not None and para and _continues(prev, l, para, st):
            para.append(l)
            text = _join(text, l.text, vocab)
        else:
            flush()
            para, text = [l], l.text
        prev = l
    flush()
    return blocks


# ------------------------------------------------------------------ main
def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from None
    if b"%PDF-" not in head:
        raise InputError(f"{path.name} is not a PDF file (no PDF header); check that it is not damaged or mislabelled")
    if b"%%EOF" not in tail:
        raise InputError(f"{path.name} is truncated or damaged (no end-of-file marker); get a complete copy of the PDF")


def _open(path: Path):
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(f"{path.name} is password-protected (encrypted); provide an unprotected copy") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(f"{path.name} uses an unsupported encryption scheme; provide an unprotected copy") from None
        raise InputError(f"{path.name} is damaged or not a valid PDF; it cannot be opened") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{path.name}: cannot open the PDF ({exc})") from None


def read_pdf(path: Path) -> tuple[list[Block], int]:
    """Return the visible paragraphs of the PDF in reading order, and the page count."""
    path = Path(path)
    _check_file(path)
    doc = _open(path)
    try:
        try:
            n_pages = len(doc)
            lines, image_pages = _read_pages(doc)
        except (pdfium.PdfiumError, ctypes.ArgumentError, OSError):
            raise InputError(f"{path.name} is damaged: a page could not be read") from None
    finally:
        doc.close()
    if n_pages == 0:
        raise InputError(f"{path.name} has no pages")
    drop = _running_lines(lines, n_pages)
    blocks = _paragraphs([l for l in lines if id(l) not in drop])
    if image_pages > 0 and (not blocks or image_pages > 0.5 * n_pages):
        raise InputError(
            f"{path.name} has no text layer on {image_pages} of {n_pages} pages: it looks scanned; run OCR on it first")
    if not blocks:
        raise InputError(f"{path.name} contains no text")
    return blocks, n_pages


def _read_pages(doc) -> tuple[list[_Line], int]:
    """Lines of every page in reading order, and the number of pages that are only images."""
    api = _Pdfium()
    carry: dict = {"mid": None}     # gutter of columns running on to the next page
    lines: list[_Line] = []
    image_pages = 0
    for i in range(len(doc)):
        page = doc[i]
        try:
            tp = page.get_textpage()
            try:
                words, quadrant = _extract_words(api, tp)
                hr, vr, images = _graphics(api, page)
                if not words:
                    image_pages += bool(images)
                    continue
                origin, page_h = _reading_origin(page, quadrant)
                for w in words:
                    w[X0] -= origin[0]
                    w[X1] -= origin[0]
                    w[TOP] -= origin[1]
                    w[BOT] -= origin[1]
                hs, vs = _rules_in_reading_space(hr, vr, quadrant, origin)
                words, tables = _take_tables(words, _ruled_tables(hs, vs))
                lines.extend(_page_lines(api, tp, words, tables, i + 1, page_h, hs, carry))
            finally:
                tp.close()
        finally:
            page.close()
    return lines, image_pages


def _reading_origin(page, quadrant: int) -> tuple[tuple[float, float], float]:
    """Top-left corner of the page in reading space, and the page height along the text."""
    left, bottom, right, top = page.get_bbox()
    px0, px1, ptop, pbot = _to_reading(quadrant, left, bottom, right, top)
    return (px0, ptop), pbot - ptop
