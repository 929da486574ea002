"""Every size, count and depth limit the bundle layer enforces, in one place, checked before any work."""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB

MAX_BUNDLE_BYTES = 200 * MIB  # a whole marks bundle or sample pack file
MAX_RECEIPT_BYTES = 8 * MIB
MAX_MANIFEST_BYTES = 16 * MIB  # 20,000 per-case checksums are about 2.4 MB
MAX_PACK_JSON_BYTES = 64 * MIB
MAX_PAYLOAD_PLAINTEXT_BYTES = 512 * MIB  # decompressed payload of a marks bundle
MAX_COMPRESSION_RATIO = 100  # decompressed : compressed, for the payload inside payload.bin
MAX_JSON_DEPTH = 16
SIGNATURE_BYTES = 64
READ_CHUNK = 1 * MIB

MAX_ID = 100
MAX_TEXT = 1_000  # titles, names, references, header text values, reasons
MAX_COMMENT = 20_000
MAX_CASES = 20_000
MAX_ANSWERS = 500
MAX_HEADER_FIELDS = 200
MAX_AUDIT_PER_CASE = 100_000
MAX_AUDIT_VALUE = 100_000  # an audit old/new value is the JSON text of an answer (with its comment)
MAX_INSPECTORS = 200
MAX_CHOICES = 200  # values of a multiple-choice answer
MAX_FORM_BYTES = 8 * MIB


@dataclass(frozen=True)
class MemberSpec:
    """One expected member of an archive: its exact name and the most bytes it may hold."""

    name: str
    max_bytes: int
    exact_bytes: int | None = None
