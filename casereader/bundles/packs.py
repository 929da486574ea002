"""Sample packs (centre → inspector): the exact question-set file, the inspection and its sample.

A pack is a canonical zip of exactly ``manifest.json``, ``pack.json`` and ``signature.bin`` (Ed25519
by the central signing key over ``"casereader-pack-v1\\0" ‖ sha256(manifest.json) ‖ sha256(pack.json)``).
It is signed but not encrypted: it must be readable offline before the inspector has any key of the
centre's, and it holds no marks — only the sample's references and header fields.
"""

from __future__ import annotations

import base64
import hashlib
import uuid

import casereader
from casereader.bundles import canonical, documents
from casereader.bundles.centre_signed import members, read_signed, write_signed
from casereader.bundles.crypto import CentralKeys, CentralPublic, b64
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import utc_now
from casereader.bundles.models import PackManifest, PackPayload

FORMAT = "casereader-pack"
FORMAT_VERSION = 1
_SIGN_CONTEXT = b"casereader-pack-v1\x00"
MEMBERS = members("pack.json")


def form_file(filename: str, content: bytes) -> dict[str, str]:
    """The ``form`` field of a :class:`PackPayload` for a question-set file's exact bytes."""
    return {"filename": filename, "content_b64": b64(content), "sha256": hashlib.sha256(content).hexdigest()}


def form_bytes(pack: PackPayload) -> bytes:
    """The exact question-set file bytes a pack carries (their sha256 is checked when the pack is read)."""
    return base64.b64decode(pack.form.content_b64, validate=True)


def central_of(pack: PackPayload) -> CentralPublic:
    return CentralPublic.from_json(pack.central.model_dump(), "pack.json: central")


def write_sample_pack(pack: PackPayload, keys: CentralKeys, *, pack_id: str | None = None,
                      created_at: str | None = None, app_version: str = casereader.__version__) -> bytes:
    """The bytes of a sample pack signed by the centre. The pack must name this centre's public keys."""
    public = keys.public_keys
    if pack.central.model_dump() != public.to_json():
        raise BundleError("cannot write the pack: its central keys are not the keys signing it", "central-keys")
    if hashlib.sha256(form_bytes(pack)).hexdigest() != pack.form.sha256:
        raise BundleError("cannot write the pack: the form bytes do not match their sha256", "form-hash")
    pack_bytes = canonical.dumps(pack.model_dump(mode="json"))
    manifest = documents.build(
        PackManifest, "manifest.json",
        format=FORMAT, format_version=FORMAT_VERSION, app_version=app_version,
        pack_id=pack_id or str(uuid.uuid4()), created_at=created_at or utc_now(),
        central=public.to_json(), inspection_id=pack.inspection.id,
        question_set={"id": pack.inspection.form_id, "version": pack.inspection.form_version,
                      "hash": pack.inspection.form_hash},
        content_sha256=canonical.sha256_hex(pack_bytes), content_size=len(pack_bytes),
    )
    return write_signed(keys, _SIGN_CONTEXT, manifest, "pack.json", pack_bytes)


def read_sample_pack(data: bytes, *, trusted_central: bytes | None = None, display: str = "pack") -> PackPayload:
    """Check and read a sample pack.

    ``trusted_central`` is the centre's Ed25519 signing public key (32 raw bytes) the device already
    trusts; the pack must be signed by it. Without it (first contact) the pack must be signed by the
    key it carries, and the caller should show its fingerprint and keep the key for later packs.
    """
    manifest, pack_bytes = read_signed(data, PackManifest, context=_SIGN_CONTEXT, name="pack.json", fmt=FORMAT,
                                       version=FORMAT_VERSION, trusted_central=trusted_central, display=display,
                                       what="the pack")
    pack, _ = documents.parse(PackPayload, pack_bytes, f"{display}: pack.json")
    if pack.central != manifest.central:
        raise BundleError(f"{display}: pack.json names other central keys than the manifest", "central-keys")
    info = pack.inspection
    qs = manifest.question_set
    if (info.id, info.form_id, info.form_version, info.form_hash) != (manifest.inspection_id, qs.id, qs.version,
                                                                      qs.hash):
        raise BundleError(f"{display}: pack.json's inspection differs from the manifest's", "manifest-mismatch")
    try:
        raw_form = form_bytes(pack)
    except ValueError:
        raise BundleError(f"{display}: pack.json: the form file is not valid base64", "base64") from None
    if hashlib.sha256(raw_form).hexdigest() != pack.form.sha256:
        raise BundleError(f"{display}: the question-set file does not match its sha256", "form-hash")
    return pack
