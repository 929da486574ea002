"""Device and central keys: generation, storage (0600, passphrase) and loading errors."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest

from casereader.bundles import BundleError, CentralKeys, DeviceKey


def test_device_key_round_trip_and_permissions(tmp_path) -> None:
    key = DeviceKey.generate()
    path = tmp_path / "keys" / "device.pem"
    key.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = DeviceKey.load(path)
    assert loaded.public_bytes() == key.public_bytes()
    assert len(key.public_bytes()) == 32
    assert key.device_id == hashlib.sha256(key.public_bytes()).hexdigest()[:32]
    assert loaded.sign(b"x") == key.sign(b"x")  # Ed25519 is deterministic
    assert [p.name for p in path.parent.iterdir()] == ["device.pem"]  # no temporary files left


def test_device_key_load_errors(tmp_path) -> None:
    with pytest.raises(BundleError, match="cannot read the device key"):
        DeviceKey.load(tmp_path / "missing.pem")
    bad = tmp_path / "bad.pem"
    bad.write_bytes(b"not a key")
    with pytest.raises(BundleError, match="not a Casereader device key"):
        DeviceKey.load(bad)


def test_central_keys_save_load_public(tmp_path) -> None:
    keys = CentralKeys.generate()
    keys.save(tmp_path, b"correct horse battery staple")
    for name in ("central-signing.pem", "central-encryption.pem"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
        assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / name).read_bytes()
    loaded = CentralKeys.load(tmp_path, b"correct horse battery staple")
    assert loaded.public_keys == keys.public_keys
    public = CentralKeys.public(tmp_path)
    assert public == keys.public_keys
    assert len(public.signing_public) == 32 and len(public.encryption_public) == 32 and len(public.fingerprint) == 64


def test_central_keys_wrong_passphrase_and_no_overwrite(tmp_path) -> None:
    keys = CentralKeys.generate()
    keys.save(tmp_path, b"right")
    with pytest.raises(BundleError, match="wrong passphrase, or the key file is damaged"):
        CentralKeys.load(tmp_path, b"wrong")
    with pytest.raises(BundleError, match="central keys already exist; refusing to replace them"):
        CentralKeys.generate().save(tmp_path, b"right")
    assert CentralKeys.load(tmp_path, b"right").public_keys == keys.public_keys
    with pytest.raises(BundleError, match="passphrase must not be empty"):
        keys.save(tmp_path / "other", b"")


def test_tampered_public_file_is_refused(tmp_path) -> None:
    CentralKeys.generate().save(tmp_path, b"pw")
    other = CentralKeys.generate().public_keys.to_json()
    (tmp_path / "central-public.json").write_text(json.dumps(other))
    with pytest.raises(BundleError, match="does not match the central private keys"):
        CentralKeys.load(tmp_path, b"pw")
    bad = dict(other, fingerprint="0" * 64)
    (tmp_path / "central-public.json").write_text(json.dumps(bad))
    with pytest.raises(BundleError, match="fingerprint does not match the central keys"):
        CentralKeys.public(tmp_path)


def test_repr_holds_no_secret() -> None:
    keys = CentralKeys.generate()
    assert "fingerprint" in repr(keys) and "PRIVATE" not in repr(keys)
    assert "device_id" in repr(DeviceKey.generate())


def test_device_key_is_not_replaced_by_accident(tmp_path) -> None:
    path = tmp_path / "device.pem"
    first = DeviceKey.generate()
    first.save(path)
    with pytest.raises(BundleError, match="a device key already exists; refusing to replace it"):
        DeviceKey.generate().save(path)
    assert DeviceKey.load(path).device_id == first.device_id
    second = DeviceKey.generate()
    second.save(path, overwrite=True)
    assert DeviceKey.load(path).device_id == second.device_id
