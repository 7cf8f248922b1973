"""Decide how a CSV file's bytes are text: UTF-8, UTF-8 with a byte-order mark, or Windows-1252.

Councils export CSVs from Excel, which writes any of the three; a wrong guess turns "£" into
"Â£" or worse, silently. So the encoding is never guessed: Windows-1252 is accepted only when
the bytes are not UTF-8 and decode cleanly as 1252 with no UTF-8 mixed in, and anything that
looks binary (an XLSX renamed .csv, a PDF) is refused with what it looks like.
"""

from __future__ import annotations

import re
from pathlib import Path

from foi.importing.header import DOUBLE_BOM
from foi.importing.lines import ReadError

SNIFF_BYTES = 8 * 1024  # how much of a file the binary checks look at


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive, such as an XLSX workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Excel .xls or other Office document"),
    (b"\x1f\x8b", "a gzip archive"),
)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


_UTF8_BOM = b"\xef\xbb\xbf"


# Control bytes other than tab, line feed and carriage return.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0D} | {0x7F}


# A lead byte followed by UTF-8 continuation bytes: in a file that is not valid UTF-8 this means
# two encodings were mixed ("£" would read as "Â£").
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _binary_kind(head: bytes) -> str | None:
    """Say what a file looks like when it is clearly not text, so the message can name it."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > 0.05:
        return f"binary data ({controls / len(head):.0%} control characters)"
    return None


def _line_of(data: bytes, offset: int) -> int:
    """1-based text line holding a byte offset, for pointing at a bad byte."""
    return data.count(b"\n", 0, offset) + 1


def detect_encoding(data: bytes, *, file: str = "<data>") -> str:
    """Name the encoding of CSV bytes: "utf-8-sig", "utf-8" or "cp1252"; never a guess.

    Windows-1252 is accepted only when the bytes are not UTF-8 and decode cleanly as 1252 (the
    pound sign is 0xA3 there); anything else, and anything that looks binary, is a ReadError.
    """
    head = data[:SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        raise ReadError(file, "is UTF-16 text, which is not supported; save it as CSV UTF-8")
    kind = _binary_kind(head)
    if kind is not None:
        raise ReadError(file, f"is not a text CSV (looks like {kind})")
    if data.startswith(_UTF8_BOM):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start)
            raise ReadError(
                file,
                f"starts with a UTF-8 byte-order mark but byte {exc.start} on line "
                f"{line} is not UTF-8",
            ) from None
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        return _check_cp1252(data, utf8_error, file)
    return "utf-8"


def _check_cp1252(data: bytes, utf8_error: UnicodeDecodeError, file: str) -> str:
    """Accept Windows-1252 only when every byte is defined there and no UTF-8 is mixed in."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise ReadError(
            file,
            f"byte 0x{byte:02X} on line {_line_of(data, exc.start)} is undefined in "
            "Windows-1252: the encoding is not UTF-8 or Windows-1252; save it as CSV UTF-8",
        ) from None
    mixed = _UTF8_SEQUENCE.search(data)
    if mixed is not None:
        raise ReadError(
            file,
            f"mixes encodings: line {_line_of(data, mixed.start())} is written in UTF-8 but "
            f"byte 0x{data[utf8_error.start]:02X} on line {_line_of(data, utf8_error.start)} "
            "is not; save it as CSV UTF-8",
        )
    return "cp1252"


def decode_file(path: Path, file: str) -> tuple[str, str, list[str]]:
    """The file's text, its encoding, and notes on what was repaired on the way."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(file, f"cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise ReadError(file, "is empty")
    encoding = detect_encoding(data, file=file)
    notes: list[str] = []
    if encoding == "cp1252":
        notes.append("decoded as Windows-1252 because it is not valid UTF-8")
    text = data.decode(encoding)
    if text.startswith(DOUBLE_BOM):
        text = text[len(DOUBLE_BOM) :]
        notes.append(
            "the file starts with a byte-order mark that was encoded twice (it read as "
            "'\u00ef\u00bb\u00bf'); removed"
        )
    return text, encoding, notes
