"""Query packs (centre → inspector): every review event the centre holds for one inspection, signed.

A query pack is a canonical zip of exactly ``manifest.json``, ``queries.json`` and ``signature.bin``
(Ed25519 by the central signing key over ``"casereader-query-pack-v1\\0" ‖ sha256(manifest.json) ‖
sha256(queries.json)``). Like a sample pack it is signed but not encrypted; it holds the queries' and answers'
text but no marks beyond a changed mark as it was answered. See docs/bundle-format.md.
"""

from __future__ import annotations

import io
import uuid
import zipfile

import casereader
from casereader.bundles import canonical, documents
from casereader.bundles.centre_signed import members, read_signed, write_signed
from casereader.bundles.crypto import CentralKeys
from casereader.bundles.errors import BundleError
from casereader.bundles.marks import utc_now
from casereader.bundles.review_models import QueryPackManifest, QueryPackPayload

FORMAT = "casereader-query-pack"
FORMAT_VERSION = 1
_SIGN_CONTEXT = b"casereader-query-pack-v1\x00"
MEMBERS = members("queries.json")


def is_query_pack(data: bytes) -> bool:
    """Whether ``data`` looks like a query pack (a zip holding ``queries.json``) rather than a sample pack.
    Only a first look: :func:`read_query_pack` checks everything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "queries.json" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False


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
    return write_signed(keys, _SIGN_CONTEXT, manifest, "queries.json", content)


def read_query_pack(data: bytes, *, trusted_central: bytes, display: str = "query pack") -> QueryPackPayload:
    """Check and read a query pack. It must be signed by ``trusted_central`` (the centre's Ed25519 signing key
    this installation pinned when it imported the inspection's sample pack)."""
    manifest, content = read_signed(data, QueryPackManifest, context=_SIGN_CONTEXT, name="queries.json",
                                    fmt=FORMAT, version=FORMAT_VERSION, trusted_central=trusted_central,
                                    display=display, what="the query pack")
    pack, _ = documents.parse(QueryPackPayload, content, f"{display}: queries.json")
    if pack.central != manifest.central or pack.inspection_id != manifest.inspection_id \
            or len(pack.events) != manifest.events:
        raise BundleError(f"{display}: queries.json differs from the manifest", "manifest-mismatch")
    return pack
