"""Canonical JSON: the one byte form every signed or hashed document takes, and a hostile-input parser.

Canonical = ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
allow_nan=False)`` encoded as UTF-8. The parser refuses input nested deeper than a limit (checked by
a bracket scan before parsing), duplicate keys, NaN/Infinity, bad UTF-8 and anything that is not
already in canonical form.

:func:`dumps_floatless` gives the same bytes several times faster with ``orjson`` when it is installed, for
objects that hold no float: orjson writes strings, integers, ``true``/``false``/``null``, arrays and sorted
objects exactly as the standard library does, but some floats differently (``1e-05`` is ``0.00001``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from itertools import accumulate
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from casereader.bundles.errors import BundleError
from casereader.bundles.limits import MAX_JSON_DEPTH

try:  # optional accelerator (see dumps_floatless); without it every encoding takes the standard library's path
    import orjson
except ImportError:  # pragma: no cover - depends on the installation
    orjson = None  # type: ignore[assignment]

_KEEP_SPECIALS = bytes(range(256)).translate(None, b'"[]{}')
_KEEP_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _not_json(obj: Any) -> Any:
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def text_encoder(*, allow_nan: bool = False) -> Callable[[Any], str]:
    """``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=...)`` as a
    reusable function: the C encoder is made once, not per call as ``json.dumps`` does (which costs more
    than encoding a small object; a bundle has hundreds of thousands of them)."""
    if c_make_encoder is None:  # no C accelerator: the standard library's pure-Python encoder
        return json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=allow_nan).encode
    chunks = c_make_encoder(None, _not_json, encode_basestring, None, ":", ",", True, False, allow_nan)
    join = "".join

    def encode(obj: Any) -> str:
        return join(chunks(obj, 0))

    return encode


_TEXT = text_encoder()
# Subclasses of str/int/dict/list, dataclasses and dates go to ``default`` (which refuses them, so dumps decides)
# instead of orjson's own conversions, which the standard library does not share.
_ORJSON_OPTIONS = 0 if orjson is None else (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS
                                            | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)


def dumps(obj: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON-able object."""
    return _TEXT(obj).encode("utf-8")


def dumps_floatless(obj: Any) -> bytes:
    """:func:`dumps` of an object the caller knows holds no float anywhere (only dicts with text keys, lists,
    text, integers, booleans and None): byte for byte the same, through orjson when it is installed.

    Anything orjson refuses (an integer beyond 64 bits, a lone surrogate, a key that is not text, nesting
    past its limit) is left to :func:`dumps`, which encodes it or raises as it always did.
    """
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=_ORJSON_OPTIONS, default=_not_json)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return dumps(obj)


def holds_float(obj: Any) -> bool:
    """Whether a float occurs anywhere in ``obj`` (walking dicts' values, lists and tuples)."""
    if isinstance(obj, float):
        return True
    if isinstance(obj, dict):
        return any(map(holds_float, obj.values()))
    if isinstance(obj, (list, tuple)):
        return any(map(holds_float, obj))
    return False


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw`` (brackets inside strings do not count)."""
    # Drop escape pairs (left to right, as JSON pairs them), so every remaining quote opens or closes a
    # string; the even pieces between quotes are then outside strings.
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _KEEP_SPECIALS)
    brackets = b"".join(unescaped.split(b'"')[::2]).translate(None, _KEEP_BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(map(_STEP.__getitem__, brackets)))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key '{key[:100]}'")
            seen.add(key)
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def loads(raw: bytes, where: str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse untrusted JSON bytes from ``where`` (e.g. "bundle.zip: manifest.json"), or raise BundleError."""
    depth = json_depth(raw)
    if depth > max_depth:
        raise BundleError(f"{where}: JSON is nested {depth} levels deep; at most {max_depth} are allowed", "json-depth")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{where}: not valid UTF-8 text (byte {exc.start})", "json-encoding") from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BundleError(f"{where}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                          "json-syntax") from None
    except (ValueError, RecursionError) as exc:
        raise BundleError(f"{where}: not acceptable JSON: {exc}", "json-content") from None
    try:
        again = dumps(obj)
    except ValueError:  # a number too large for a float, such as 1e999
        again = b""
    if again != raw:
        raise BundleError(f"{where}: JSON is not in canonical form (it was edited or not written by Casereader)",
                          "json-canonical")
    return obj
