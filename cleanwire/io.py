"""Reading, writing and finding text files, without ever damaging one.

A file is read as bytes and decoded strictly: invalid UTF-8 is an error that names the
byte offset, never a silent replacement character. The file's leading BOM and its
line-ending style are recorded and put back after cleaning, so a Windows file stays a
Windows file. Writes are atomic (a temporary file in the same directory, then
``os.replace``), keep the file's mode, and only happen when the bytes differ.

Finding files works like black: directories are walked recursively, names are
matched against ``include``/``exclude`` globs, and hidden or ``.gitignore``d paths
are skipped.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

BOM = b"\xef\xbb\xbf"

#: Bytes read to decide whether a file is binary.
SNIFF = 8192

DEFAULT_INCLUDE = ("*.txt", "*.md")


class FileError(Exception):
    """A file cannot be read or written; the message names it and the problem."""


class BinaryFile(FileError):
    """The file looks binary (it holds a NUL byte); it is skipped, not an error."""


@dataclass(frozen=True)
class TextFile:
    """A decoded text file and what is needed to write it back in its own style.

    ``text`` uses ``\\n`` line endings and carries no BOM; :meth:`encode` restores both.
    """

    text: str
    bom: bool = False
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` in this file's style.

        >>> TextFile("", bom=True, newline="\\r\\n").encode("a\\nb\\n")
        b'\\xef\\xbb\\xbfa\\r\\nb\\r\\n'
        """
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = text.encode("utf-8", "surrogatepass")
        return BOM + data if self.bom else data


def detect_newline(data: bytes) -> str:
    """The line-ending style of a file: that of its first line break.

    >>> detect_newline(b"one\\r\\ntwo\\n")
    '\\r\\n'
    >>> detect_newline(b"no break at all")
    '\\n'
    """
    i = data.find(b"\n")
    if i > 0 and data[i - 1 : i] == b"\r":
        return "\r\n"
    return "\n"


def is_binary(data: bytes) -> bool:
    """A NUL byte near the start marks a binary file, as git and grep decide.

    >>> is_binary(b"PK\\x03\\x04\\x00\\x00"), is_binary("plain café".encode())
    (True, False)
    """
    return b"\x00" in data[:SNIFF]


def decode(data: bytes, name: str, check_binary: bool = True) -> TextFile:
    """Decode UTF-8 bytes strictly, noting the BOM and the line endings.

    >>> decode(b"\\xef\\xbb\\xbfa\\r\\nb\\r\\n", "a.txt")
    TextFile(text='a\\nb\\n', bom=True, newline='\\r\\n')
    >>> decode(b"caf\\xe9\\n", "b.txt")
    Traceback (most recent call last):
    ...
    cleanwire.io.FileError: b.txt: not valid UTF-8 at byte offset 3 (0xe9); left unchanged
    """
    if check_binary and is_binary(data):
        raise BinaryFile(f"{name}: binary file, skipped")
    bom = data.startswith(BOM)
    if bom:
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM) if bom else 0)
        bad = data[exc.start : exc.start + 1].hex()
        raise FileError(f"{name}: not valid UTF-8 at byte offset {offset} (0x{bad}); left unchanged") from None
    newline = detect_newline(data)
    if newline == "\r\n":
        text = text.replace("\r\n", "\n")
    return TextFile(text, bom, newline)


def read_text_file(path: str | os.PathLike) -> tuple[bytes, TextFile]:
    """Read ``path``; return its raw bytes and the decoded :class:`TextFile`."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise FileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return data, decode(data, str(path))


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace the contents of ``path`` with ``data`` in one step.

    The bytes go to a temporary file in the same directory (so ``os.replace`` is a
    rename on one file system), which takes the old file's mode before it replaces it.
    A symbolic link is followed: its target is rewritten and the link stays a link.
    On any failure the original file is untouched and the temporary file removed.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".cleanwire-tmp", dir=directory)
    except OSError as exc:
        raise FileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise FileError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


# --------------------------------------------------------------------- gitignore


def _glob_to_regex(glob: str) -> str:
    """Translate one gitignore glob (no leading/trailing slash) to a regex.

    ``*`` and ``?`` do not cross ``/``; ``**`` does.

    >>> bool(re.fullmatch(_glob_to_regex("build/**/*.txt"), "build/a/b/c.txt"))
    True
    >>> bool(re.fullmatch(_glob_to_regex("*.txt"), "a/b.txt"))
    False
    """
    out = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                if glob.startswith("**/", i):
                    out.append("(?:.*/)?")
                    i += 3
                    continue
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = glob.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = glob[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class IgnoreRule:
    regex: re.Pattern
    negate: bool
    dir_only: bool


def parse_gitignore(text: str) -> list[IgnoreRule]:
    """Parse the lines of a ``.gitignore`` file into rules relative to its folder."""
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if raw.endswith("\\ "):  # an escaped trailing space is kept
            line = raw
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        elif line.startswith("\\"):
            line = line[1:]
        dir_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        body = _glob_to_regex(line)
        pattern = ("" if anchored else "(?:.*/)?") + body
        rules.append(IgnoreRule(re.compile(pattern, re.S), negate, dir_only))
    return rules


class GitIgnore:
    """The ``.gitignore`` rules that apply inside one directory tree.

    Rules are kept with the directory of the file they came from; the last matching
    rule decides, as in git. A file under an ignored directory is ignored too, which
    the walk gets for free because it never descends into one.
    """

    def __init__(self) -> None:
        self._sets: list[tuple[str, list[IgnoreRule]]] = []

    def add_file(self, folder: str) -> "GitIgnore":
        """A copy of this matcher extended with ``folder/.gitignore`` if there is one."""
        path = os.path.join(folder, ".gitignore")
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                rules = parse_gitignore(handle.read())
        except OSError:
            return self
        if not rules:
            return self
        new = GitIgnore()
        new._sets = self._sets + [(os.path.abspath(folder), rules)]
        return new

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        verdict = False
        for base, rules in self._sets:
            rel = os.path.relpath(path, base)
            if rel.startswith(".."):
                continue
            rel = rel.replace(os.sep, "/")
            for rule in rules:
                if rule.dir_only and not is_dir:
                    continue
                if rule.regex.fullmatch(rel):
                    verdict = not rule.negate
        return verdict


def folders_up_to_repository(start: str) -> Iterator[str]:
    """``start`` and its parents, up to the repository root (the folder holding
    ``.git``) or, outside a repository, the file-system root."""
    folder = os.path.abspath(start)
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return
        folder = parent


def repository_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (or ``None``)."""
    for folder in folders_up_to_repository(start):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return None


def _ancestor_ignores(folder: str) -> GitIgnore:
    """The ``.gitignore`` files from the repository root down to ``folder``."""
    matcher = GitIgnore()
    root = repository_root(folder)
    if root is None:
        return matcher.add_file(folder)
    folder = os.path.abspath(folder)
    chain = [folder]
    while chain[-1] != root:
        chain.append(os.path.dirname(chain[-1]))
    for each in reversed(chain):
        matcher = matcher.add_file(each)
    return matcher


# ----------------------------------------------------------------------- walking


def matches_any(rel: str, globs: Sequence[str]) -> bool:
    """Whether a ``/``-separated relative path matches one of ``globs``.

    A glob without a ``/`` is matched against the name only (``*.md``); one with a
    ``/`` against the whole relative path (``drafts/*.txt``, ``**/old/*``).

    >>> matches_any("notes/a.md", ["*.md"]), matches_any("notes/a.md", ["drafts/*"])
    (True, False)
    """
    name = rel.rsplit("/", 1)[-1]
    for glob in globs:
        glob = glob.strip("/") if glob not in ("/",) else glob
        if "/" in glob:
            if re.fullmatch(_glob_to_regex(glob), rel):
                return True
        elif fnmatch.fnmatchcase(name, glob):
            return True
    return False


def excluded_path(rel: str, exclude: Sequence[str]) -> bool:
    """Whether ``rel`` or one of the folders it lies in matches ``exclude``.

    A walk never enters an excluded folder; a file named directly is checked the
    same way, folder by folder.

    >>> excluded_path("drafts/2024/a.txt", ["drafts"]), excluded_path("news/a.txt", ["drafts"])
    (True, False)
    """
    parts = rel.split("/")
    return any(matches_any("/".join(parts[:i]), exclude) for i in range(1, len(parts) + 1))


@dataclass(frozen=True)
class Skipped:
    """A path found while walking that is not processed, and why (for ``-v``)."""

    path: str
    reason: str


def walk(
    paths: Iterable[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    filter_files: bool = False,
) -> Iterator[str | Skipped]:
    """Yield the files to clean under ``paths``, in a stable (sorted) order.

    Files named explicitly are yielded as they are, unless ``filter_files`` is true,
    in which case they must match ``include`` and not ``exclude`` (the pre-commit
    hooks use this: pre-commit names every staged text file). Directories are walked
    recursively; hidden entries and ``.gitignore``d ones are skipped.
    """
    for given in paths:
        if os.path.isdir(given):
            yield from _walk_dir(given, include, exclude)
        elif filter_files:
            rel = os.path.normpath(given).replace(os.sep, "/")
            if not matches_any(rel, include):
                yield Skipped(given, "not matched by include")
            elif excluded_path(rel, exclude):
                yield Skipped(given, "excluded")
            else:
                yield given
        else:
            yield given


def _walk_dir(top: str, include: Sequence[str], exclude: Sequence[str]) -> Iterator[str | Skipped]:
    start = _ancestor_ignores(top)
    stack: list[tuple[str, GitIgnore]] = [(top, start)]
    while stack:
        folder, ignores = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            raise FileError(f"{folder}: cannot list directory: {exc.strerror or exc}") from None
        subdirs = []
        for entry in entries:
            path = os.path.join(folder, entry.name) if folder != "." else entry.name
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            # Symlinked folders are not followed: they can loop, or lead out of the tree.
            is_dir = entry.is_dir(follow_symlinks=False)
            if entry.name.startswith("."):
                continue
            if ignores.ignored(path, is_dir):
                continue
            if matches_any(rel, exclude):
                continue
            if is_dir:
                subdirs.append(path)
            elif entry.is_file() and matches_any(rel, include):
                yield path
        # Depth-first in name order: push in reverse so the first name comes out first.
        for sub in reversed(subdirs):
            stack.append((sub, ignores.add_file(sub)))
