"""Sample packs, marks bundles and receipts: the formats, their cryptography and hostile-input checks.

No database code: the central store imports bundles through this API, and the local store's exporter
builds :class:`MarksPayload` objects for it. See docs/bundle-format.md.
"""

from casereader.bundles.crypto import CentralKeys, CentralPublic, DeviceKey, device_id_of
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import (
    GENESIS,
    chain_head,
    open_marks_bundle,
    verify_bundle,
    write_marks_bundle,
)
from casereader.bundles.models import (
    AnswerModel,
    AuditModel,
    CaseModel,
    InspectionInfo,
    Manifest,
    MarksPayload,
    PackPayload,
    Receipt,
    SampleCase,
    SecondMarking,
)
from casereader.bundles.packs import central_of, form_bytes, form_file, read_sample_pack, write_sample_pack
from casereader.bundles.receipts import manifest_sha256, read_receipt, write_receipt
from casereader.bundles.validation import case_state, to_answer, validate_against

__all__ = [
    "GENESIS",
    "AnswerModel",
    "AuditModel",
    "BundleError",
    "CaseModel",
    "CentralKeys",
    "CentralPublic",
    "DeviceKey",
    "InspectionInfo",
    "Manifest",
    "MarksPayload",
    "PackPayload",
    "Receipt",
    "SampleCase",
    "SecondMarking",
    "case_state",
    "central_of",
    "chain_head",
    "device_id_of",
    "form_bytes",
    "form_file",
    "manifest_sha256",
    "open_marks_bundle",
    "read_receipt",
    "read_sample_pack",
    "to_answer",
    "validate_against",
    "verify_bundle",
    "write_marks_bundle",
    "write_receipt",
    "write_sample_pack",
]
