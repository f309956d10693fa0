"""Decode a text draft strictly: one encoding for the whole file, or a refusal.

- valid UTF-8 (with or without a BOM) is UTF-8;
- a UTF-16 or UTF-32 byte-order mark selects that encoding;
- a file that is mostly UTF-8 but has invalid bytes is damaged or mixed: it is
  refused, naming the first bad byte, rather than decoded whole as
  Windows-1252 (which garbles every accented letter of the UTF-8 part);
- anything else is given to charset-normalizer, restricted to the single-byte
  encodings a law in English, Spanish or French is written in, and accepted
  only when its decoding of the whole file is clean (low chaos).

The encoding assumed is returned with the text, so that the review can say so.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# the legacy encodings of Western European text, most likely first
LEGACY = ("cp1252", "iso8859_15", "latin_1", "mac_roman")
NAMES = {"cp1252": "cp1252", "iso8859_15": "iso-8859-15", "latin_1": "latin-1", "mac_roman": "mac-roman"}
MAX_CONTROLS = 20         # C0 control characters in the first 20,000: more is binary data, not a draft
MAX_CHAOS = 0.1           # charset-normalizer's own default threshold is 0.2
BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
)
# a well-formed multi-byte UTF-8 sequence (what a legacy file almost never contains by chance)
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_RESAVE = "re-save the file as UTF-8"


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text draft; InputError when not confidently decodable."""
    text, encoding = _decode(data, name)
    if _controls(text[:20000]) > MAX_CONTROLS:
        raise InputError(f"{name}: binary data, not a text draft")
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), label
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {label.upper()} at byte {exc.start + len(bom)} "
                                 f"although it starts with a {label.upper()} byte-order mark; {_RESAVE}") from None
    if _controls(data[:4096].decode("latin-1")) > MAX_CONTROLS:   # a stray NUL or ESC is dropped later
        raise InputError(f"{name}: binary data, not a text draft (a UTF-16 text needs a byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    utf8_like = len(_UTF8_SEQ.findall(data))
    if utf8_like:
        invalid = _invalid_utf8_bytes(data)
        # UTF-8 sequences are rare by chance in legacy text (1 in 16 in random bytes); this many
        # means a UTF-8 file that is damaged, or has text in another encoding pasted into it
        if utf8_like * 4 >= invalid:
            raise InputError(f"{name}: not valid UTF-8 at byte {first_bad} (0x{data[first_bad]:02x}), "
                             f"although the rest of the file is UTF-8; the file is damaged or mixes two "
                             f"encodings: correct that byte or {_RESAVE}")
    encoding = _detect_legacy(data)
    if encoding is None:
        raise InputError(f"{name}: not valid UTF-8 at byte {first_bad} (0x{data[first_bad]:02x}) and not "
                         f"confidently in another encoding; {_RESAVE}")
    return data.decode(encoding), NAMES[encoding]


def _controls(text: str) -> int:
    return sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f")


def _invalid_utf8_bytes(data: bytes) -> int:
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _detect_legacy(data: bytes) -> str | None:
    """The Western single-byte encoding charset-normalizer is confident of, or None."""
    from charset_normalizer import from_bytes
    best = from_bytes(data, cp_isolation=list(LEGACY)).best()
    if best is None or best.encoding not in NAMES or best.chaos > MAX_CHAOS:
        return None
    try:
        data.decode(best.encoding)
    except UnicodeDecodeError:  # pragma: no cover - charset-normalizer decodes before it answers
        return None
    return best.encoding
