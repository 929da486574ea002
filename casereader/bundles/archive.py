"""The zip container of packs, bundles and receipts: a fixed, canonical layout read only in memory.

Writing produces one exact byte layout: members stored (no compression), in a fixed order, with
fixed dates and permissions, no extra fields and no comment. Reading is hostile-input safe:

1. size cap on the whole file before anything is parsed;
2. the central directory is checked before any member is read: member count, exact names (no
   absolute paths, ``..``, backslashes, drive letters or duplicates), no directories or symlinks
   (``external_attr``), no encrypted members, declared sizes against per-member caps, compression
   method and ratio;
3. each member is read in chunks and reading stops as soon as a cap is passed (zip bombs);
4. the file must be byte for byte the canonical layout of the members read, so no byte of the
   file escapes a check: container bytes are compared, member bytes are covered by CRC-32 and by
   the signature over the content.

Deflate is refused because its stream has slack bits that can change without changing the content.
Nothing is ever extracted to disk.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Sequence

from casereader.bundles.errors import BundleError
from casereader.bundles.limits import MAX_COMPRESSION_RATIO, READ_CHUNK, MemberSpec

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0
_VERSION = 20
_MADE_BY = (3 << 8) | _VERSION  # unix
_FILE_MODE = (stat.S_IFREG | 0o644) << 16
_SLACK_ENTRIES = 8
_SAFE_NAME = re.compile(r"^[a-z0-9_-]{1,64}\.(json|bin)$")


def write_archive(members: Sequence[tuple[str, bytes]]) -> bytes:
    """The canonical zip of ``members`` (name, content), in that order."""
    out = io.BytesIO()
    central: list[bytes] = []
    for name, data in members:
        raw_name = name.encode("ascii")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", _VERSION, 0, zipfile.ZIP_STORED, _DOS_TIME, _DOS_DATE,
                              crc, len(data), len(data), len(raw_name), 0))
        out.write(raw_name)
        out.write(data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", _MADE_BY, _VERSION, 0, zipfile.ZIP_STORED,
                                   _DOS_TIME, _DOS_DATE, crc, len(data), len(data), len(raw_name), 0, 0, 0, 0,
                                   _FILE_MODE, offset) + raw_name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def _name_problem(name: str) -> str | None:
    if "\x00" in name:
        return "contains a NUL byte"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the archive (..)"
    if "/" in name:
        return "is inside a folder"
    if not _SAFE_NAME.match(name):
        return "is not an allowed member name"
    return None


def _check_directory(infos: list[zipfile.ZipInfo], specs: Sequence[MemberSpec], display: str) -> None:
    seen: set[str] = set()
    for info in infos:
        shown = info.filename[:80]
        problem = _name_problem(info.filename)
        if problem is not None:
            raise BundleError(f"{display}: member name '{shown}' is not allowed: it {problem}", "member-name")
        if info.filename in seen:
            raise BundleError(f"{display}: member '{shown}' appears more than once", "member-duplicate")
        seen.add(info.filename)
    expected = [s.name for s in specs]
    missing = [n for n in expected if n not in seen]
    extra = [n for n in seen if n not in expected]
    if extra:
        raise BundleError(f"{display}: unexpected member '{extra[0]}' (expected exactly: {', '.join(expected)})",
                          "member-extra")
    if missing:
        raise BundleError(f"{display}: member '{missing[0]}' is missing (expected exactly: {', '.join(expected)})",
                          "member-missing")
    if [i.filename for i in infos] != expected:
        raise BundleError(f"{display}: members are not in the expected order ({', '.join(expected)})", "member-order")
    for info, spec in zip(infos, specs):
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise BundleError(f"{display}: member '{spec.name}' is a symbolic link", "member-symlink")
        if info.is_dir() or (mode and not stat.S_ISREG(mode)):
            raise BundleError(f"{display}: member '{spec.name}' is not a regular file", "member-type")
        if info.flag_bits & 0x1:
            raise BundleError(f"{display}: member '{spec.name}' is zip-encrypted", "member-encrypted")
        if info.flag_bits & ~0x800:  # data descriptors, patched data, strong encryption...: none is written
            raise BundleError(f"{display}: member '{spec.name}' uses unsupported zip features (flags "
                              f"{info.flag_bits:#06x})", "member-flags")
        if info.file_size > spec.max_bytes:
            raise BundleError(f"{display}: member '{spec.name}' declares {info.file_size:,} bytes; "
                              f"at most {spec.max_bytes:,} are allowed", "member-size")
        if spec.exact_bytes is not None and info.file_size != spec.exact_bytes:
            raise BundleError(f"{display}: member '{spec.name}' must be exactly {spec.exact_bytes} bytes, "
                              f"not {info.file_size:,}", "member-size")
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise BundleError(f"{display}: member '{spec.name}' expands {info.file_size:,} bytes from "
                              f"{info.compress_size:,} (over {MAX_COMPRESSION_RATIO}:1, a zip bomb)", "member-ratio")
        if info.compress_type != zipfile.ZIP_STORED:
            raise BundleError(f"{display}: member '{spec.name}' uses compression method {info.compress_type}; "
                              "only stored members are allowed", "member-compression")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, spec: MemberSpec, display: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(READ_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > spec.max_bytes or total > info.file_size:
                raise BundleError(f"{display}: member '{spec.name}' holds more bytes than it declares or than "
                                  f"{spec.max_bytes:,} allowed", "member-size")
            chunks.append(chunk)
    data = b"".join(chunks)
    if len(data) != info.file_size:
        raise BundleError(f"{display}: member '{spec.name}' is shorter than it declares", "member-truncated")
    return data


def _check_end_record(data: bytes, count: int, display: str) -> None:
    """The end-of-archive record must end the file, with no comment and a sane entry count."""
    end = data[-22:]
    if len(end) < 22 or end[:4] != b"PK\x05\x06":
        if data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557)) >= 0:
            raise BundleError(f"{display}: there are bytes after the end of the archive", "trailing-bytes")
        raise BundleError(f"{display}: the file is truncated or damaged (no end-of-archive record)", "truncated")
    entries = struct.unpack("<H", end[10:12])[0]
    if entries > count + _SLACK_ENTRIES:  # refuse before parsing a huge central directory
        raise BundleError(f"{display}: the archive lists {entries:,} members; expected {count}", "member-count")


def read_archive(data: bytes, specs: Sequence[MemberSpec], display: str, *, max_bytes: int) -> dict[str, bytes]:
    """The members of the archive ``data`` as name → bytes, checked against ``specs``; or BundleError."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise BundleError(f"{display}: expected the file's bytes", "not-bytes")
    if len(data) == 0:
        raise BundleError(f"{display}: the file is empty", "empty")
    if len(data) > max_bytes:
        raise BundleError(f"{display}: the file is {len(data):,} bytes; at most {max_bytes:,} are allowed",
                          "file-size")
    data = bytes(data)
    if not data.startswith(b"PK\x03\x04"):
        raise BundleError(f"{display}: not a Casereader file (it is not a zip archive)", "not-zip")
    _check_end_record(data, len(specs), display)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error,
            NotImplementedError) as exc:
        raise BundleError(f"{display}: damaged or truncated zip archive ({exc})", "zip-damaged") from None
    with zf:
        infos = zf.infolist()
        if len(infos) != len(specs):
            _check_directory(infos, specs, display)  # names the missing, extra or bad member
            raise BundleError(f"{display}: expected {len(specs)} members, found {len(infos)}", "member-count")
        _check_directory(infos, specs, display)
        members: dict[str, bytes] = {}
        for info, spec in zip(infos, specs):
            try:
                members[spec.name] = _read_member(zf, info, spec, display)
            except BundleError:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, zlib.error,
                    NotImplementedError) as exc:
                raise BundleError(f"{display}: member '{spec.name}' is damaged ({exc})", "member-damaged") from None
    if write_archive([(s.name, members[s.name]) for s in specs]) != data:
        raise BundleError(f"{display}: the archive's layout has been altered (extra, missing or changed bytes "
                          "outside the members)", "layout")
    return members
