"""Where the importer's bytes come from: files, folders and zip archives, one file at a time.

Nothing here keeps more than one file's bytes in memory, so an archive of any length streams.
Every refusal is a value (an `ImportFile` with an `error`), never an exception, so one bad file
never stops the batch. Zip members are read, never extracted: a hostile member name cannot
write anywhere, and is refused anyway so an editor sees why it was left out.
"""

import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

_CHUNK = 1 << 16


@dataclass(frozen=True)
class ImportFile:
    """One text handed to the importer: its bytes, or the one-line reason it was refused."""

    name: str
    data: bytes | None = None
    error: str | None = None
    sha256: str = ""
    size: int = 0


@dataclass(frozen=True)
class Skipped:
    """Something the importer leaves out on purpose (a non-.txt archive member)."""

    name: str
    message: str


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _too_large(size: int, limit: int) -> str:
    return (
        f"file too large: {_mb(size)} (the limit is {_mb(limit)}); "
        "split it into smaller files and import those"
    )


def read_limited(stream, *, name: str, limit: int) -> ImportFile:
    """Read at most `limit` bytes from a binary stream. A longer stream is refused as soon as
    it passes the limit: a zip bomb is never decompressed beyond it."""
    digest = hashlib.sha256()
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(_CHUNK, limit + 1 - total)):
        digest.update(chunk)
        total += len(chunk)
        if total > limit:
            return ImportFile(
                name,
                error=(
                    f"file too large: more than {_mb(limit)} (the limit); "
                    "split it into smaller files and import those"
                ),
                size=total,
            )
        chunks.append(chunk)
    return ImportFile(name, data=b"".join(chunks), sha256=digest.hexdigest(), size=total)


def from_bytes(name: str, data: bytes) -> ImportFile:
    limit = settings.IMPORT_MAX_FILE_BYTES
    sha = hashlib.sha256(data).hexdigest()
    if len(data) > limit:
        return ImportFile(name, error=_too_large(len(data), limit), sha256=sha, size=len(data))
    return ImportFile(name, data=data, sha256=sha, size=len(data))


def from_path(path: Path, name: str) -> ImportFile:
    limit = settings.IMPORT_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            # Refused on its declared size: the bytes are not read at all.
            return ImportFile(name, error=_too_large(size, limit), size=size)
        with path.open("rb") as stream:
            return read_limited(stream, name=name, limit=limit)
    except OSError as exc:
        return ImportFile(name, error=f"cannot read the file: {exc.strerror or exc}; check it")


def _unsafe_member_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    parts = PurePosixPath(name).parts
    return ".." in parts or (bool(parts) and ":" in parts[0])


def iter_zip(name: str, stream) -> Iterator[ImportFile | Skipped]:
    """The `.txt` members of a zip archive, in name order, with the archive's safety limits.

    Declared sizes are checked before anything is read, and actual sizes while reading (a
    member may lie about its size): no more than `IMPORT_MAX_FILE_BYTES` per member and
    `IMPORT_MAX_ZIP_BYTES` for the whole archive are ever decompressed.
    """
    max_members = settings.IMPORT_MAX_ZIP_MEMBERS
    max_file = settings.IMPORT_MAX_FILE_BYTES
    max_total = settings.IMPORT_MAX_ZIP_BYTES
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        yield ImportFile(
            name, error="not a readable zip archive: re-create the archive and upload it again"
        )
        return
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > max_members:
            yield ImportFile(
                name,
                error=(
                    f"zip archive has too many files: {len(members):,} (the limit is "
                    f"{max_members:,}); split it into smaller archives"
                ),
            )
            return
        declared = sum(info.file_size for info in members)
        if declared > max_total:
            yield ImportFile(
                name,
                error=(
                    f"zip archive too large when unpacked: {_mb(declared)} (the limit is "
                    f"{_mb(max_total)}); split it into smaller archives"
                ),
            )
            return
        unpacked = 0
        for info in sorted(members, key=lambda i: i.filename):
            member = f"{name}:{info.filename}"
            if _unsafe_member_name(info.filename):
                yield ImportFile(
                    member,
                    error=(
                        "unsafe file name in the zip archive (an absolute path or '..'): "
                        "the member was not read; re-create the archive with plain names"
                    ),
                )
                continue
            if not info.filename.lower().endswith(".txt"):
                yield Skipped(member, "not a .txt file: ignored")
                continue
            if info.file_size > max_file:
                yield ImportFile(member, error=_too_large(info.file_size, max_file))
                continue
            budget = min(max_file, max_total - unpacked)
            try:
                with archive.open(info) as member_stream:
                    item = read_limited(member_stream, name=member, limit=budget)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                yield ImportFile(member, error=f"damaged zip member ({exc}); re-create the archive")
                continue
            except RuntimeError:  # encrypted member
                yield ImportFile(
                    member, error="encrypted zip member: upload an archive without a password"
                )
                continue
            if item.error and budget < max_file:
                yield ImportFile(
                    member,
                    error=(
                        f"zip archive too large when unpacked (more than {_mb(max_total)}); "
                        "split it into smaller archives"
                    ),
                )
                return
            unpacked += item.size
            yield item


def is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def missing_paths(paths: Iterable[str]) -> list[str]:
    return [p for p in paths if not Path(p).exists()]


def collect(paths: Iterable[str]) -> Iterator[ImportFile | Skipped]:
    """Every text under `paths`: files as given, folders recursively (`.txt` files in name
    order), `.zip` archives member by member. Lazy: one file's bytes at a time."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*"), key=lambda p: p.relative_to(path).as_posix()):
                if found.is_file() and found.suffix.lower() == ".txt":
                    yield from_path(found, str(found))
        elif is_zip_name(given):
            try:
                with path.open("rb") as stream:
                    yield from iter_zip(given, stream)
            except OSError as exc:
                yield ImportFile(given, error=f"cannot read the archive: {exc.strerror or exc}")
        else:
            yield from_path(path, given)


def collect_uploads(uploads: Iterable[tuple[str, bytes]]) -> Iterator[ImportFile | Skipped]:
    """Uploaded (name, bytes) pairs: `.zip` uploads are opened as archives."""
    for name, data in uploads:
        if is_zip_name(name):
            yield from iter_zip(name, io.BytesIO(data))
        else:
            yield from_bytes(name, data)
