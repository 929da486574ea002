"""``casereader central allow INSPECTION --form ID@VERSION``: accept an inspection's bundles in another
version of its question set (after ``casereader inspection migrate`` on the laptops)."""

from __future__ import annotations

from casereader.cli.context import Context


def cmd_allow(ctx: Context) -> int:
    from casereader.central.allowed import allow
    from casereader.cli.central import open_store
    from casereader.cli.migrate import versioned_set

    a = ctx.args
    qs, path = versioned_set(ctx, "--form", a.form)
    store = open_store(ctx)
    try:
        inspection_id = allow(store, a.inspection, qs, path.read_bytes(), source=str(path), reason=a.reason.strip())
    finally:
        store.close()
    ctx.out(f"inspection {inspection_id}: bundles in {qs.key} (sha256 {qs.content_hash}) are accepted; the first "
            "one moves the inspection to it")
    return 0
