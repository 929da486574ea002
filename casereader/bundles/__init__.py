"""Sample packs, marks bundles and receipts: the formats, their cryptography and hostile-input checks.

No database code: the local store's exporter builds a marks payload as plain JSON objects (one schema,
:class:`PayloadDoc`) and writes it with :func:`write_marks_doc`; the central store opens it with
:func:`open_marks_doc` and checks it with :func:`validate_doc`. See docs/bundle-format.md.
"""

from casereader.bundles.crypto import CentralKeys, CentralPublic, DeviceKey, device_id_of
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import (
    GENESIS,
    chain_head,
    open_marks_doc,
    validate_payload_doc,
    verify_bundle,
    write_marks_doc,
)
from casereader.bundles.models import (
    AnswerDoc,
    AuditDoc,
    CaseDoc,
    InspectionDoc,
    InspectionInfo,
    Manifest,
    PackPayload,
    PayloadDoc,
    Receipt,
    SampleCase,
    SecondMarking,
)
from casereader.bundles.packs import central_of, form_bytes, form_file, read_sample_pack, write_sample_pack
from casereader.bundles.receipts import manifest_sha256, read_receipt, write_receipt
from casereader.bundles.validation import PayloadChecker, doc_answer, doc_state, validate_doc

__all__ = [
    "GENESIS",
    "AnswerDoc",
    "AuditDoc",
    "BundleError",
    "CaseDoc",
    "CentralKeys",
    "CentralPublic",
    "DeviceKey",
    "InspectionDoc",
    "InspectionInfo",
    "Manifest",
    "PackPayload",
    "PayloadChecker",
    "PayloadDoc",
    "Receipt",
    "SampleCase",
    "SecondMarking",
    "central_of",
    "chain_head",
    "device_id_of",
    "doc_answer",
    "doc_state",
    "form_bytes",
    "form_file",
    "manifest_sha256",
    "open_marks_doc",
    "read_receipt",
    "read_sample_pack",
    "validate_doc",
    "validate_payload_doc",
    "verify_bundle",
    "write_marks_doc",
    "write_receipt",
    "write_sample_pack",
]
