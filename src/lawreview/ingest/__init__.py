"""ingest: read a file into a RawDocument (visible paragraphs with pages).

Reads: a path (PDF, DOCX, TXT, Markdown). Writes: RawDocument with blocks,
page count, metadata title, the text encoding assumed (text formats) and
detected language. Control characters (NUL, ESC, C1…) are dropped from the
text here, once for every format and every report. Every refusal is an
InputError with one line the user can act on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import InputError
from ..model import RawDocument
from ..textutil import strip_controls
from .language import detect_language

SUPPORTED = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".markdown": "md"}
MAX_BYTES = 200 * 1024 * 1024


def load(path: str | Path) -> RawDocument:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a draft law (use 'lawreview batch' for folders)")
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        kinds = ", ".join(sorted(SUPPORTED))
        raise InputError(f"{path.name}: unsupported file type '{path.suffix or '(none)'}' (lawreview reads {kinds})")
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError(f"{path.name}: the file is empty")
        if size > MAX_BYTES:
            raise InputError(f"{path.name}: file too large ({size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB)")
        digest = _sha256(path)
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    title = None
    pages: int | None = None
    encoding: str | None = None
    if fmt == "pdf":
        from .pdf import read_pdf
        blocks, pages = read_pdf(path)
    elif fmt == "docx":
        from .docx import read_docx
        blocks, pages, title = read_docx(path)
    else:
        from .text import decode, markdown_blocks, text_blocks
        try:
            text, encoding = decode(path.read_bytes(), path.name)
        except PermissionError:
            raise InputError(f"{path}: permission denied") from None
        if fmt == "md":
            blocks, title = markdown_blocks(text)
        else:
            blocks = text_blocks(text)
    for b in blocks:
        b.text = strip_controls(b.text)
    title = strip_controls(title) if title else title
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path.name}: the document contains no text")
    raw = RawDocument(source=path.name, sha256=digest, format=fmt, blocks=blocks, pages=pages, title=title,
                      encoding=encoding)
    raw.language = detect_language("\n".join(b.text for b in blocks[:4000]))
    if raw.language is None:
        raise InputError(f"{path.name}: does not look like legislation in English, Spanish or French")
    return raw


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
