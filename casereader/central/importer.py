"""Central import of marks bundles: verify, decrypt, validate, then merge in one transaction.

The bundle is checked completely before anything is written: signature and device, decryption, the
question set the centre holds for the bundle's hash, and every field against it. The merge then runs
in one transaction, so a bundle is imported whole or not at all. Conflicts (two devices marking the
same case differently, an older bundle after a newer one, a gap in a device's sequence) are recorded
in ``central_conflict`` and reported; a case is never silently overwritten by another device's marks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from casereader.bundles.case_marks import CaseMarks
from casereader.central import allowed, recordchain
from casereader.central.errors import CentralError
from casereader.central.import_rows import ANSWER_COLUMNS, Incoming, answer_rows, case_row, chunks, conflict_message
from casereader.central.packs import refuse_clash
from casereader.central.review_events import merge_bundle_events
from casereader.central.schema import (
    BundleRecord,
    CentralAnswerRecord,
    CentralAuditRecord,
    CentralBase,
    CentralCaseRecord,
    CentralInspectionRecord,
    FormRecord,
)
from casereader.central.store import CentralStore, bulk_insert, bulk_update, utc_now
from casereader.core.loader import QuestionSetError, question_set_for_hash
from casereader.core.questionset import QuestionSet

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys, Manifest
    from casereader.bundles.validation import PayloadChecker

MAX_BUNDLE_BYTES = 512 * 1024 * 1024
BULK_CACHE_KIB = 256 * 1024  # upper bound of the SQLite page cache while a bundle is merged (allocated as used)
_TABLES = CentralBase.metadata.tables


@dataclass
class ImportResult:
    """What importing one bundle did."""

    sha256: str
    status: str  # imported | already imported
    manifest: Manifest | None = None
    cases: int = 0
    applied: int = 0
    unchanged: int = 0
    answers: int = 0
    audit_events: int = 0
    conflicts: list[str] = field(default_factory=list)
    review_events: int = 0  # answers to queries not held before

    def summary(self) -> str:
        if self.status != "imported":
            return self.status
        text = (f"imported: {self.cases} case(s), {self.applied} written, {self.unchanged} unchanged, "
                f"{self.answers} answer(s), {self.audit_events} audit event(s)")
        if self.review_events:
            text += f", {self.review_events} answer(s) to queries"
        if self.conflicts:
            text += f"; {len(self.conflicts)} conflict(s)"
        return text


def import_bundle(store: CentralStore, data: bytes, keys: CentralKeys) -> ImportResult:
    """Import one marks bundle. Raises :class:`CentralError` (the store unchanged) if it is refused.

    The only write outside the merge transaction is recording an unknown device as *pending*.
    """
    from casereader.bundles.marks import gc_paused

    try:
        with gc_paused():
            return _import(store, data, keys)
    except SQLAlchemyError as exc:
        raise CentralError(f"bundle not imported (nothing changed): {exc.__class__.__name__}: {exc}") from exc


def _import(store: CentralStore, data: bytes, keys: CentralKeys) -> ImportResult:
    from casereader.bundles import BundleError, verify_bundle
    from casereader.bundles.checksums import marks_checksum
    from casereader.bundles.marks import open_marks_doc
    from casereader.bundles.validation import PayloadChecker, validate_doc

    if len(data) > MAX_BUNDLE_BYTES:
        raise CentralError(f"bundle is {len(data)} bytes, over the {MAX_BUNDLE_BYTES}-byte limit")
    sha = hashlib.sha256(data).hexdigest()
    try:
        manifest = verify_bundle(data)
    except BundleError as exc:
        raise CentralError(f"bundle rejected: {exc}") from exc
    except Exception as exc:  # the trust boundary: any failure to read untrusted bytes is a rejection
        raise CentralError(f"bundle rejected: unreadable ({type(exc).__name__}: {exc})") from exc
    with store.sessions() as s:
        if s.get(BundleRecord, sha) is not None:
            return ImportResult(sha, "already imported", manifest)
    device = store.device(manifest.device.id)
    if device is None or device.status == "pending":
        if device is None:
            store.record_pending(manifest.device.id, _device_public_key(manifest))
        raise CentralError(f"unknown device {manifest.device.id}: accept it with "
                           f"casereader central accept {manifest.device.id}")
    if device.status != "enrolled":
        raise CentralError(f"device {manifest.device.id} is {device.status}: its bundles are refused")
    try:
        manifest, payload = open_marks_doc(data, keys, device_public_key=device.public_key)
    except BundleError as exc:
        raise CentralError(f"bundle rejected: {exc}") from exc
    except Exception as exc:  # the trust boundary, as above
        raise CentralError(f"bundle rejected: unreadable ({type(exc).__name__}: {exc})") from exc
    qs = _question_set(store, manifest)
    try:
        checker = PayloadChecker(qs)
        problems = validate_doc(payload, qs, checker)
        cases = [Incoming(c, marks_checksum(c)) for c in payload["cases"]]
        audit = sorted([*payload.get("audit", ()), *(e for c in payload["cases"] for e in c.get("audit", ()))],
                       key=itemgetter("seq"))
    except (ValueError, TypeError, KeyError, RecursionError) as exc:  # content the engine cannot evaluate
        raise CentralError(f"bundle rejected: its content cannot be checked ({type(exc).__name__}: {exc})") from exc
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise CentralError(f"bundle rejected: {len(problems)} invalid field(s): {shown}")
    _check_case_ids(manifest, cases)
    with store.transaction() as s, _bulk_cache(s):
        if s.get(BundleRecord, sha) is not None:  # imported concurrently
            return ImportResult(sha, "already imported", manifest)
        result = _merge(s, sha, manifest, checker, cases, audit)
        # the device's answers to queries; every signed-off case is folded again (its marks may have changed)
        result.review_events = merge_bundle_events(s, sha, manifest.device.id, manifest.inspection_id,
                                                   payload.get("reviews", ()))
        return result


@contextmanager
def _bulk_cache(s: Session) -> Iterator[None]:
    """On SQLite, a page cache of up to BULK_CACHE_KIB for the merge: the default 2 MB is far smaller than what a
    large bundle changes, so changed pages were spilled to the WAL and written again. The connection's own size
    is put back before the commit, inside the transaction (changed pages stay cached until the commit writes
    them), so the pooled connection is never touched outside it. Durability is unchanged: the commit is
    synchronous=FULL as always."""
    conn = s.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    before = int(driver.execute("PRAGMA cache_size").fetchone()[0])
    driver.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {before}")


def _device_public_key(manifest: Manifest) -> bytes:
    from casereader.bundles.crypto import unb64

    return unb64(manifest.device.public_key, "device public key", length=32)


def _question_set(store: CentralStore, manifest: Manifest) -> QuestionSet:
    ref = manifest.question_set
    with store.sessions() as s:
        insp = s.get(CentralInspectionRecord, manifest.inspection_id)
        if insp is None:
            raise CentralError(f"bundle rejected: inspection {manifest.inspection_id} is not known to this "
                               "centre (issue its sample pack with casereader central pack)")
        if insp.form_hash != manifest.question_set.hash and not allowed.is_allowed(s, insp.id, ref.hash):
            raise CentralError(
                f"bundle rejected: it was made for question set {ref.id}@{ref.version} "
                f"with hash {ref.hash}, but inspection {insp.id} uses {insp.form_id}@"
                f"{insp.form_version} with hash {insp.form_hash} (after 'inspection migrate', allow the new "
                f"version with: casereader central allow {insp.id} --form {ref.id}@{ref.version})")
        refuse_clash(s, ref.id, ref.version, ref.hash, f"the bundle's copy (inspection {manifest.inspection_id})")
        form = s.get(FormRecord, ref.hash)
        if form is None:
            raise CentralError(f"bundle rejected: the centre does not hold question set hash {ref.hash}")
        content = bytes(form.content)
    try:
        return question_set_for_hash(ref.hash, lambda: content, f"{ref.id}@{ref.version}")
    except QuestionSetError as exc:
        raise CentralError(f"the centre's copy of question set {ref.hash[:12]} is invalid: {exc}") from exc


def _check_case_ids(manifest: Manifest, cases: Sequence[Incoming]) -> None:
    seen: set[str] = set()
    for c in cases:
        if c.id in seen:
            raise CentralError(f"bundle rejected: case {c.id} appears twice")
        seen.add(c.id)
    if set(manifest.cases) != seen:
        raise CentralError("bundle rejected: the manifest's case list does not match the cases in the bundle")


def _merge(s: Session, sha: str, manifest: Manifest, checker: PayloadChecker, cases: Sequence[Incoming],
           audit: Sequence[dict[str, Any]]) -> ImportResult:
    now = utc_now()
    device_id = manifest.device.id
    result = ImportResult(sha, "imported", manifest, cases=len(cases))
    conflicts: list[dict[str, Any]] = []

    def conflict(kind: str, detail: str, case_id: str | None = None) -> None:
        conflicts.append({"bundle_sha256": sha, "case_id": case_id, "kind": kind, "detail": detail,
                          "recorded_at": now, "resolved": False})

    heads: dict[int, str] = {}
    earlier: dict[int, str] = {}
    for seq, kind, head in s.execute(select(BundleRecord.sequence, BundleRecord.kind, BundleRecord.audit_head).where(
            BundleRecord.device_id == device_id, BundleRecord.inspection_id == manifest.inspection_id)):
        earlier[seq], heads[seq] = kind, head
    latest = max(earlier, default=0)
    if manifest.sequence in earlier:
        conflict("sequence_fork", f"device {device_id} already sent a different bundle with sequence "
                 f"{manifest.sequence} for inspection {manifest.inspection_id}")
    elif manifest.sequence < latest:
        conflict("stale_bundle", f"bundle sequence {manifest.sequence} from device {device_id} arrived after "
                 f"sequence {latest}; cases already written by the newer bundle were kept")
    elif manifest.kind == "incremental":
        base = max((n for n, kind in earlier.items() if kind == "full" and n < manifest.sequence), default=0)
        missing = [n for n in range(base + 1, manifest.sequence) if n not in earlier]
        if missing:
            conflict("sequence_gap", f"incremental bundle {manifest.sequence} from device {device_id}: bundle(s) "
                     f"{', '.join(map(str, missing))} before it have not been imported; ask for a full export "
                     "(casereader bundle export INSPECTION --out FILE, without --since-last)")
    prior = manifest.previous_sequence
    if manifest.kind == "incremental" and prior in heads and heads[prior] != manifest.audit_chain.previous_head:
        conflict("audit_fork", f"incremental bundle {manifest.sequence} from device {device_id} does not continue "
                 f"the audit chain of bundle {prior}: the device's audit trail was rewritten or restored")
    record_head = recordchain.check(s, manifest, audit)
    allowed.adopt(s, manifest)

    case_table = _TABLES["central_case"]
    existing = {r.id: r for r in s.execute(select(
        case_table.c.id, case_table.c.reference, case_table.c.header, case_table.c.checksum, case_table.c.device_id,
        case_table.c.sequence, case_table.c.reserve).where(case_table.c.inspection_id == manifest.inspection_id))}
    new_ids = [c.id for c in cases if c.id not in existing]
    for chunk in chunks(new_ids):
        taken = s.scalars(select(CentralCaseRecord.id).where(CentralCaseRecord.id.in_(chunk))).first()
        if taken is not None:
            raise CentralError(f"bundle rejected: case {taken} belongs to another inspection")

    new_cases: list[dict[str, Any]] = []
    replaced: list[str] = []
    updates: list[dict[str, Any]] = []
    answers: list[tuple[Any, ...]] = []
    second: list[Incoming] = []
    for c in cases:
        row = existing.get(c.id)
        if c.role != "first" and row is not None:
            second.append(c)
            result.applied += 1
            answers.extend(answer_rows(checker, c))
            continue
        if row is not None:
            if row.checksum == c.checksum:
                result.unchanged += 1
                continue
            if row.device_id and row.device_id != device_id:
                if c.untouched:
                    result.unchanged += 1
                    continue
                conflict("different_marks", json.dumps(
                    {"message": f"case {row.reference} was marked by device {row.device_id} and differently by "
                                f"device {device_id}; the first marks were kept",
                     "other": CaseMarks.from_doc(c.doc).to_json()},
                    sort_keys=True), c.id)
                continue
            if row.device_id == device_id and row.sequence >= manifest.sequence:
                continue  # a newer (or forked) bundle from this device already wrote this case
            if (not row.device_id and c.untouched and dict(c.header) == dict(row.header)
                    and bool(c.doc.get("reserve", False)) == bool(row.reserve)):  # a reserve brought in is a change
                result.unchanged += 1
                continue
            replaced.append(c.id)
            updates.append({"id": c.id, **case_row(c, device_id, manifest.sequence)})
        else:
            new_cases.append({"id": c.id, "inspection_id": manifest.inspection_id,
                              **case_row(c, device_id, manifest.sequence)})
        result.applied += 1
        answers.extend(answer_rows(checker, c))
    for chunk in chunks(replaced):
        s.execute(delete(CentralAnswerRecord).where(CentralAnswerRecord.case_id.in_(chunk),
                                                    CentralAnswerRecord.role == "first"))
    for c in second:
        s.execute(delete(CentralAnswerRecord).where(CentralAnswerRecord.case_id == c.id,
                                                    CentralAnswerRecord.role == c.role))
    if updates:
        bulk_update(s, CentralCaseRecord, updates)
    if new_cases:
        columns = list(new_cases[0])
        bulk_insert(s, case_table, columns, [tuple(r[k] for k in columns) for r in new_cases])
    if answers:
        # in primary-key order (each case's answers are already in question order): the key's index is then
        # written from left to right instead of at 10,000 random places
        answers.sort(key=itemgetter(0))
        bulk_insert(s, _TABLES["central_answer"], ANSWER_COLUMNS, answers)
    result.answers = len(answers)
    result.audit_events = _merge_audit(s, device_id, audit, conflict)
    s.add(BundleRecord(record_head=record_head, sha256=sha, bundle_id=manifest.bundle_id, device_id=device_id,
                       inspection_id=manifest.inspection_id, sequence=manifest.sequence, kind=manifest.kind,
                       cases=len(cases), imported_at=now, form_hash=manifest.question_set.hash,
                       audit_head=manifest.audit_chain.head, applied=result.applied,
                       conflicts=len(conflicts)))
    if conflicts:
        s.execute(insert(_TABLES["central_conflict"]), conflicts)
    result.conflicts = [f"{c['kind']}: {conflict_message(c['detail'])}" for c in conflicts]
    return result


_AUDIT_COLUMNS = ("device_id", "seq", "at", "actor", "case_id", "kind", "key", "old", "new", "reason")


def _merge_audit(s: Session, device_id: str, audit: Sequence[dict[str, Any]], conflict: Any) -> int:
    """Append the device's audit events the centre does not hold yet; a different event at a known
    sequence number (a rewritten chain) is recorded as a conflict."""
    if not audit:
        return 0
    lo, hi = audit[0]["seq"], audit[-1]["seq"]  # in sequence order
    held = {r[0]: r[1:] for r in s.execute(select(
        CentralAuditRecord.seq, CentralAuditRecord.at, CentralAuditRecord.kind, CentralAuditRecord.key,
        CentralAuditRecord.new).where(CentralAuditRecord.device_id == device_id,
                                      CentralAuditRecord.seq.between(lo, hi)))}

    def row(e: dict[str, Any]) -> tuple[Any, ...]:
        return (device_id, e["seq"], e["at"], e["actor"], e["case_id"], e["kind"], e.get("key", ""), e.get("old"),
                e.get("new"), e.get("reason", ""))

    forks = 0
    if not held:  # the usual case: none of these events is at the centre yet (seq numbers are unique in a bundle)
        rows = [row(e) for e in audit]
    else:
        rows = []
        for e in audit:
            seen = (e["at"], e["kind"], e.get("key", ""), e.get("new"))
            known = held.get(e["seq"])
            if known is None:
                rows.append(row(e))
                held[e["seq"]] = seen
            elif tuple(known) != seen:
                forks += 1
    if forks:
        conflict("audit_fork", f"{forks} audit event(s) from device {device_id} differ from the ones the centre "
                 "already holds at the same sequence numbers; the centre's copies were kept")
    if rows:
        bulk_insert(s, _TABLES["central_audit"], _AUDIT_COLUMNS, rows)
    return len(rows)
