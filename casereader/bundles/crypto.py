"""Keys and the two cryptographic operations of the bundle formats.

* Device keys: one Ed25519 key per inspector installation; it signs marks bundles.
* Central keys: an Ed25519 key that signs sample packs and receipts, and an X25519 key that marks
  bundles are encrypted to. Private keys are stored encrypted under a passphrase.
* Sealing: X25519 ECDH with a fresh ephemeral key → HKDF-SHA256 → AES-256-GCM, with associated data
  (the manifest) bound into the tag. Every bundle has its own key; nothing is reused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casereader.bundles.errors import BundleError
from casereader.files import write_atomic

SEAL_MAGIC = b"CRS1"
SEAL_OVERHEAD = 4 + 32 + 12 + 16  # magic, ephemeral public key, nonce, GCM tag
SEAL_SUITE = "X25519-HKDF-SHA256-AES-256-GCM"
SIGNING_FILE = "central-signing.pem"
ENCRYPTION_FILE = "central-encryption.pem"
PUBLIC_FILE = "central-public.json"
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, what: str, *, length: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise BundleError(f"{what} is not valid base64", "base64") from None
    if length is not None and len(raw) != length:
        raise BundleError(f"{what} must be {length} bytes, not {len(raw)}", "key-length")
    return raw


def device_id_of(public_key: bytes) -> str:
    """A device's id: the first 32 hex characters of the sha256 of its raw Ed25519 public key."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def central_fingerprint(signing_public: bytes, encryption_public: bytes) -> str:
    return hashlib.sha256(b"casereader-central-v1\x00" + signing_public + encryption_public).hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by the owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, private=True)


def _read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BundleError(f"{path}: cannot read the {what} ({exc.strerror or exc})", "key-file") from None


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


class DeviceKey:
    """An inspector installation's Ed25519 signing key."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key

    @classmethod
    def generate(cls) -> DeviceKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> DeviceKey:
        path = Path(path)
        raw = _read_file(path, "device key")
        try:
            key = serialization.load_pem_private_key(raw, password=None)
        except (ValueError, TypeError):
            raise BundleError(f"{path}: not a Casereader device key (damaged or wrong file)", "key-file") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise BundleError(f"{path}: not an Ed25519 device key", "key-file")
        return cls(key)

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the key to ``path`` (mode 0600). Refuses to replace a key: its enrolment would be lost."""
        path = Path(path)
        if path.exists() and not overwrite:
            raise BundleError(f"{path}: a device key already exists; refusing to replace it", "key-exists")
        pem = self._key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
        _write_private(path, pem)

    def public_bytes(self) -> bytes:
        return self._key.public_key().public_bytes(*_RAW)

    @property
    def device_id(self) -> str:
        return device_id_of(self.public_bytes())

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)

    def __repr__(self) -> str:
        return f"DeviceKey(device_id={self.device_id!r})"


@dataclass(frozen=True)
class CentralPublic:
    """The centre's public keys, as sample packs carry them and devices keep them."""

    signing_public: bytes
    encryption_public: bytes
    fingerprint: str

    @classmethod
    def of(cls, signing_public: bytes, encryption_public: bytes) -> CentralPublic:
        return cls(signing_public, encryption_public, central_fingerprint(signing_public, encryption_public))

    def to_json(self) -> dict[str, str]:
        return {"signing_public": b64(self.signing_public), "encryption_public": b64(self.encryption_public),
                "fingerprint": self.fingerprint}

    @classmethod
    def from_json(cls, data: object, what: str) -> CentralPublic:
        if not isinstance(data, dict) or set(data) != {"signing_public", "encryption_public", "fingerprint"}:
            raise BundleError(f"{what}: expected signing_public, encryption_public and fingerprint", "central-keys")
        if not all(isinstance(v, str) for v in data.values()):
            raise BundleError(f"{what}: central key fields must be text", "central-keys")
        found = cls.of(unb64(data["signing_public"], f"{what}: signing_public", length=32),
                       unb64(data["encryption_public"], f"{what}: encryption_public", length=32))
        if found.fingerprint != data["fingerprint"]:
            raise BundleError(f"{what}: fingerprint does not match the central keys", "central-keys")
        return found


class CentralKeys:
    """The centre's private keys: Ed25519 for signing packs and receipts, X25519 for opening bundles."""

    def __init__(self, signing: Ed25519PrivateKey, encryption: X25519PrivateKey) -> None:
        self._signing = signing
        self._encryption = encryption

    @classmethod
    def generate(cls) -> CentralKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def public_keys(self) -> CentralPublic:
        return CentralPublic.of(self._signing.public_key().public_bytes(*_RAW),
                                self._encryption.public_key().public_bytes(*_RAW))

    def sign(self, message: bytes) -> bytes:
        return self._signing.sign(message)

    def save(self, directory: str | os.PathLike[str], passphrase: bytes, *, overwrite: bool = False) -> None:
        """Write both private keys (encrypted under ``passphrase``) and the public keys to ``directory``."""
        if not isinstance(passphrase, bytes) or not passphrase:
            raise BundleError("the central key passphrase must not be empty", "passphrase")
        folder = Path(directory)
        existing = [n for n in (SIGNING_FILE, ENCRYPTION_FILE, PUBLIC_FILE) if (folder / n).exists()]
        if existing and not overwrite:
            raise BundleError(f"{folder / existing[0]}: central keys already exist; refusing to replace them",
                              "key-exists")
        enc = serialization.BestAvailableEncryption(passphrase)
        for name, key in ((SIGNING_FILE, self._signing), (ENCRYPTION_FILE, self._encryption)):
            _write_private(folder / name, key.private_bytes(serialization.Encoding.PEM,
                                                            serialization.PrivateFormat.PKCS8, enc))
        public = json.dumps(self.public_keys.to_json(), indent=2, sort_keys=True).encode("utf-8") + b"\n"
        _write_private(folder / PUBLIC_FILE, public)
        os.chmod(folder / PUBLIC_FILE, 0o644)

    @classmethod
    def load(cls, directory: str | os.PathLike[str], passphrase: bytes) -> CentralKeys:
        folder = Path(directory)
        loaded = []
        for name in (SIGNING_FILE, ENCRYPTION_FILE):
            raw = _read_file(folder / name, "central private key")
            try:
                loaded.append(serialization.load_pem_private_key(raw, password=passphrase))
            except TypeError:
                raise BundleError(f"{folder / name}: the key is not passphrase-protected as expected",
                                  "key-file") from None
            except ValueError:
                raise BundleError(f"{folder / name}: wrong passphrase, or the key file is damaged",
                                  "passphrase") from None
        signing, encryption = loaded
        if not isinstance(signing, Ed25519PrivateKey) or not isinstance(encryption, X25519PrivateKey):
            raise BundleError(f"{folder}: central key files hold the wrong kinds of key", "key-file")
        keys = cls(signing, encryption)
        if (folder / PUBLIC_FILE).exists() and cls.public(folder) != keys.public_keys:
            raise BundleError(f"{folder / PUBLIC_FILE}: does not match the central private keys", "key-file")
        return keys

    @staticmethod
    def public(directory: str | os.PathLike[str]) -> CentralPublic:
        path = Path(directory) / PUBLIC_FILE
        raw = _read_file(path, "central public keys")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise BundleError(f"{path}: not valid JSON", "key-file") from None
        return CentralPublic.from_json(data, str(path))

    def unseal(self, sealed: bytes, associated: bytes, info: bytes) -> bytes:
        """Decrypt what :func:`seal` made for this centre; BundleError if it is altered or not for us."""
        if len(sealed) < SEAL_OVERHEAD or sealed[:4] != SEAL_MAGIC:
            raise BundleError("payload.bin is not a sealed Casereader payload", "payload-format")
        ephemeral = sealed[4:36]
        try:
            shared = self._encryption.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        except ValueError:
            raise BundleError("payload.bin: invalid ephemeral key", "decrypt") from None
        key = _derive(shared, ephemeral, self.public_keys.encryption_public, info)
        try:
            return AESGCM(key).decrypt(sealed[36:48], sealed[48:], associated)
        except InvalidTag:
            raise BundleError("payload.bin cannot be decrypted: it was altered, or it was not encrypted for this "
                              "centre's key", "decrypt") from None

    def __repr__(self) -> str:
        return f"CentralKeys(fingerprint={self.public_keys.fingerprint!r})"


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=info).derive(shared)


def seal(plaintext: bytes, recipient: bytes, associated: bytes, info: bytes) -> bytes:
    """Encrypt ``plaintext`` to the X25519 public key ``recipient`` with a fresh ephemeral key."""
    ephemeral_key = X25519PrivateKey.generate()
    ephemeral = ephemeral_key.public_key().public_bytes(*_RAW)
    shared = ephemeral_key.exchange(X25519PublicKey.from_public_bytes(recipient))
    nonce = os.urandom(12)
    key = _derive(shared, ephemeral, recipient, info)
    return SEAL_MAGIC + ephemeral + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)
