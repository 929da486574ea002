"""Query packs (centre → inspector): every review event the centre holds for one inspection, signed.

A query pack is a canonical zip of exactly ``manifest.json``, ``queries.json`` and ``signature.bin``
(Ed25519 by the central signing key over ``"casereader-query-pack-v1\\0" ‖ sha256(manifest.json) ‖
sha256(queries.json)``). Like a sample pack it is signed but not encrypted; it holds the queries' and answers'
text but no marks beyond a changed mark as it was answered. See docs/bundle-format.md.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile

import casereader
from casereader.bundles import canonical, documents
from casereader.bundles import limits as L
from casereader.bundles.archive import read_archive, write_archive
from casereader.bundles.crypto import CentralKeys, CentralPublic, verify_signature
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import utc_now
from casereader.bundles.review_models import QueryPackManifest, QueryPackPayload

FORMAT = "casereader-query-pack"
FORMAT_VERSION = 1
_SIGN_CONTEXT = b"casereader-query-pack-v1\x00"
MEMBERS = (
    L.MemberSpec("manifest.json", L.MAX_MANIFEST_BYTES),
    L.MemberSpec("queries.json", L.MAX_PACK_JSON_BYTES),
    L.MemberSpec("signature.bin", L.SIGNATURE_BYTES, exact_bytes=L.SIGNATURE_BYTES),
)


def is_query_pack(data: bytes) -> bool:
    """Whether ``data`` looks like a query pack (a zip holding ``queries.json``) rather than a sample pack.
    Only a first look: :func:`read_query_pack` checks everything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "queries.json" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False


def _signed_message(manifest_bytes: bytes, content: bytes) -> bytes:
    return _SIGN_CONTEXT + hashlib.sha256(manifest_bytes).digest() + hashlib.sha256(content).digest()


def write_query_pack(pack: QueryPackPayload, keys: CentralKeys, *, pack_id: str | None = None,
                     created_at: str | None = None, app_version: str = casereader.__version__) -> bytes:
    """The bytes of a query pack signed by the centre. The pack must name this centre's public keys."""
    public = keys.public_keys
    if pack.central.model_dump() != public.to_json():
        raise BundleError("cannot write the query pack: its central keys are not the keys signing it", "central-keys")
    content = canonical.dumps(pack.model_dump(mode="json"))
    manifest = documents.build(
        QueryPackManifest, "manifest.json", format=FORMAT, format_version=FORMAT_VERSION, app_version=app_version,
        pack_id=pack_id or str(uuid.uuid4()), created_at=created_at or utc_now(), central=public.to_json(),
        inspection_id=pack.inspection_id, events=len(pack.events), content_sha256=canonical.sha256_hex(content),
        content_size=len(content))
    manifest_bytes = canonical.dumps(manifest.model_dump(mode="json"))
    signature = keys.sign(_signed_message(manifest_bytes, content))
    return write_archive([("manifest.json", manifest_bytes), ("queries.json", content), ("signature.bin", signature)])


def read_query_pack(data: bytes, *, trusted_central: bytes, display: str = "query pack") -> QueryPackPayload:
    """Check and read a query pack. It must be signed by ``trusted_central`` (the centre's Ed25519 signing key
    this installation pinned when it imported the inspection's sample pack)."""
    members = read_archive(data, MEMBERS, display, max_bytes=L.MAX_BUNDLE_BYTES)
    manifest_bytes, content = members["manifest.json"], members["queries.json"]
    manifest, _ = documents.parse(QueryPackManifest, manifest_bytes, f"{display}: manifest.json", fmt=FORMAT,
                                  version=FORMAT_VERSION)
    carried = CentralPublic.from_json(manifest.central.model_dump(), f"{display}: manifest.json: central")
    if carried.signing_public != trusted_central:
        raise BundleError(f"{display}: signed by another centre's key (fingerprint {carried.fingerprint[:16]}…), "
                          "not the central key this installation trusts", "wrong-central")
    if not verify_signature(carried.signing_public, members["signature.bin"], _signed_message(manifest_bytes,
                                                                                              content)):
        raise BundleError(f"{display}: signature does not match: the query pack was altered or not signed by the "
                          f"centre {carried.fingerprint[:16]}…", "signature")
    if canonical.sha256_hex(content) != manifest.content_sha256 or len(content) != manifest.content_size:
        raise BundleError(f"{display}: queries.json does not match the manifest's checksum", "payload-checksum")
    pack, _ = documents.parse(QueryPackPayload, content, f"{display}: queries.json")
    if pack.central != manifest.central or pack.inspection_id != manifest.inspection_id \
            or len(pack.events) != manifest.events:
        raise BundleError(f"{display}: queries.json differs from the manifest", "manifest-mismatch")
    return pack
