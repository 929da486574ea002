"""Archives the centre signs (sample packs, query packs): a canonical zip of ``manifest.json``, one content
member and ``signature.bin`` — Ed25519 by the central signing key over ``context ‖ sha256(manifest.json) ‖
sha256(content)``, the context naming the kind of archive so that one kind's signature never passes as
another's. Signed, not encrypted: readable offline before the inspector holds any key of the centre's."""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from pydantic import BaseModel

from casereader.bundles import canonical, documents
from casereader.bundles import limits as L
from casereader.bundles.archive import read_archive, write_archive
from casereader.bundles.crypto import CentralKeys, CentralPublic, verify_signature
from casereader.bundles.errors import BundleError

M = TypeVar("M", bound=BaseModel)


def members(content: str) -> tuple[L.MemberSpec, ...]:
    """The members of an archive whose content member is called ``content``, with their size limits."""
    return (L.MemberSpec("manifest.json", L.MAX_MANIFEST_BYTES), L.MemberSpec(content, L.MAX_PACK_JSON_BYTES),
            L.MemberSpec("signature.bin", L.SIGNATURE_BYTES, exact_bytes=L.SIGNATURE_BYTES))


def signed_message(context: bytes, manifest_bytes: bytes, content: bytes) -> bytes:
    return context + hashlib.sha256(manifest_bytes).digest() + hashlib.sha256(content).digest()


def write_signed(keys: CentralKeys, context: bytes, manifest: BaseModel, name: str, content: bytes) -> bytes:
    """The archive's bytes: ``manifest`` (canonical JSON), the ``content`` member ``name``, the signature."""
    manifest_bytes = canonical.dumps(manifest.model_dump(mode="json"))
    signature = keys.sign(signed_message(context, manifest_bytes, content))
    return write_archive([("manifest.json", manifest_bytes), (name, content), ("signature.bin", signature)])


def read_signed(data: bytes, manifest_model: type[M], *, context: bytes, name: str, fmt: str, version: int,
                trusted_central: bytes | None, display: str, what: str) -> tuple[M, bytes]:
    """The checked manifest and content bytes of a centre-signed archive (``what`` names it in messages).

    ``trusted_central`` is the centre's signing public key (32 raw bytes) this installation trusts: the archive
    must be signed by it. Without it (first contact) it must be signed by the key it carries."""
    found = read_archive(data, members(name), display, max_bytes=L.MAX_BUNDLE_BYTES)
    manifest_bytes, content = found["manifest.json"], found[name]
    manifest, _ = documents.parse(manifest_model, manifest_bytes, f"{display}: manifest.json", fmt=fmt,
                                  version=version)
    fields: Any = manifest  # every centre-signed manifest names the central keys and the content's checksum
    carried = CentralPublic.from_json(fields.central.model_dump(), f"{display}: manifest.json: central")
    if trusted_central is not None and carried.signing_public != trusted_central:
        raise BundleError(f"{display}: signed by another centre's key (fingerprint {carried.fingerprint[:16]}…), "
                          "not the central key this installation trusts", "wrong-central")
    if not verify_signature(carried.signing_public, found["signature.bin"],
                            signed_message(context, manifest_bytes, content)):
        raise BundleError(f"{display}: signature does not match: {what} was altered or not signed by the "
                          f"centre {carried.fingerprint[:16]}…", "signature")
    if canonical.sha256_hex(content) != fields.content_sha256 or len(content) != fields.content_size:
        raise BundleError(f"{display}: {name} does not match the manifest's checksum", "payload-checksum")
    return manifest, content
