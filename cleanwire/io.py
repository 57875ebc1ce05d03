"""Reading, writing and finding text files, without ever damaging one.

A file is read as bytes and decoded strictly: invalid UTF-8 is an error that names the
byte offset, never a silent replacement character. The file's leading BOM and its
line-ending style are recorded and put back after cleaning, so a Windows file stays a
Windows file. Writes are atomic (a temporary file in the same directory, flushed,
then ``os.replace``), keep the file's mode, owner and hard links, only happen when the
bytes differ, and only if the file is still the one that was read.

Finding files works like black: directories are walked recursively, names are
matched against ``include``/``exclude`` globs, and hidden paths and those git ignores
(``.gitignore`` files, ``.git/info/exclude``, the global excludes file) are skipped.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

BOM = b"\xef\xbb\xbf"

#: Bytes read to decide whether a file is binary.
SNIFF = 8192

DEFAULT_INCLUDE = ("*.txt", "*.md")


class FileError(Exception):
    """A file cannot be read or written; the message names it and the problem."""


class BinaryFile(FileError):
    """The file looks binary (it holds a NUL byte); it is skipped, not an error."""


class TextFile(NamedTuple):
    """A decoded text file and what is needed to write it back in its own style.

    ``text`` uses ``\\n`` line endings and carries no BOM; :meth:`encode` restores both.
    (This module's records are named tuples: frozen dataclasses cost every start the
    writing and compiling of their methods.)
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


class NotRegularFile(FileError):
    """The path is not a regular file (a FIFO, a device, a socket); it is skipped."""

    def __init__(self, path, mode: int) -> None:
        self.reason = f"{_kind(mode)}, not a regular file"
        super().__init__(f"{path}: {self.reason}")


class FileChanged(FileError):
    """The file changed on disk while it was being cleaned; it is left as it is."""


class Stamp(NamedTuple):
    """What identifies the version of a file that was read: inode, size, mtime.

    Before a cleaned file replaces it, the file on disk must still carry the same
    stamp; otherwise another process wrote, replaced or deleted it meanwhile.
    """

    dev: int
    ino: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> "Stamp":
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "special file"


def read_file(path: str | os.PathLike) -> tuple[bytes, Stamp]:
    """The bytes of the regular file ``path`` and the :class:`Stamp` of what was read.

    Anything but a regular file (a FIFO would block the run, a device never ends)
    raises :class:`NotRegularFile` before it is opened.
    """
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, st.st_mode)
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not stat.S_ISREG(st.st_mode):  # swapped between the two looks
                raise NotRegularFile(path, st.st_mode)
            data = handle.read()
    except OSError as exc:
        raise FileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return data, Stamp.of(st)


def read_text_file(path: str | os.PathLike) -> tuple[bytes, TextFile]:
    """Read ``path``; return its raw bytes and the decoded :class:`TextFile`."""
    data, _ = read_file(path)
    return data, decode(data, str(path))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a newly created file gets under the current umask (``0o644`` under 022)."""
    return 0o666 & ~_umask()


def check_writable(path: str | os.PathLike, st: os.stat_result, force: bool = False) -> None:
    """Refuse to rewrite a read-only file (no write bit, or not writable by us) unless ``force``.

    Root may write any file, so the mode bits decide too: a 0444 file is read-only
    for everyone, as an editor would say.
    """
    if force:
        return
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise FileError(f"{path}: read-only file; left unchanged (--force rewrites it)")


def _check_stamp(path, target: str, expect: Stamp | None) -> os.stat_result:
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if expect is not None:
            raise FileChanged(f"{path}: deleted while it was being cleaned; not recreated") from None
        raise
    if expect is not None and Stamp.of(st) != expect:
        what = "replaced" if (st.st_dev, st.st_ino) != (expect.dev, expect.ino) else "modified"
        raise FileChanged(f"{path}: {what} by another process while it was being cleaned; left as it is")
    return st


def write_atomic(
    path: str | os.PathLike, data: bytes, expect: Stamp | None = None, force: bool = False
) -> None:
    """Replace the contents of ``path`` with ``data`` in one step, or not at all.

    The bytes go to a temporary file in the same directory, are flushed to disk, and
    the temporary file is renamed over the original (:func:`install_file`). With
    ``expect``, the file must still be the one that was read (see :class:`Stamp`),
    otherwise :class:`FileChanged` is raised and nothing is written. A symbolic link
    is followed: its target is rewritten and the link stays a link. On any failure
    the original file is untouched and the temporary file removed.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        st = _check_stamp(path, target, expect)
    except FileNotFoundError:
        st = None
    if st is not None:
        check_writable(path, st, force)
    import tempfile  # not at the top: reading standard input never writes a file

    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".cleanwire-tmp", dir=directory)
    except OSError as exc:
        raise FileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        install_file(tmp, path, expect, force=True)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, FileError):
            raise FileError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def install_file(tmp: str, path: str | os.PathLike, expect: Stamp | None = None, force: bool = False) -> None:
    """Put the finished, flushed temporary file ``tmp`` in the place of ``path``.

    A new file gets the mode the umask allows. An existing one keeps its mode, its
    owner and group (where the process may set them), and its hard links: a file
    with more than one name, or one whose owner cannot be kept, has its own inode
    rewritten (:func:`rewrite_inode`) instead of being replaced. ``tmp`` is consumed.
    Raises :class:`FileChanged` when ``expect`` is given and the file is no longer
    the one that was read.
    """
    target = os.path.realpath(path)
    try:
        st = _check_stamp(path, target, expect)
    except FileNotFoundError:
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
        _sync_directory(target)
        return
    check_writable(path, st, force)
    os.chmod(tmp, stat.S_IMODE(st.st_mode))
    if st.st_nlink > 1 or not _keep_owner(tmp, st):
        rewrite_inode(tmp, target, path, expect)
        _remove(tmp)
        return
    _check_stamp(path, target, expect)  # once more, as close to the rename as can be
    os.replace(tmp, target)
    _sync_directory(target)


def _keep_owner(tmp: str, st: os.stat_result) -> bool:
    """Give ``tmp`` the owner and group of ``st``; False if that is not permitted."""
    tmp_st = os.stat(tmp)
    if (tmp_st.st_uid, tmp_st.st_gid) == (st.st_uid, st.st_gid):
        return True
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        return False
    return True


def _sync_directory(target: str) -> None:
    """Flush the rename to disk, so a crash cannot bring the old name back."""
    try:
        fd = os.open(os.path.dirname(target) or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy(src, dst) -> None:
    while True:
        chunk = src.read(1 << 20)
        if not chunk:
            break
        dst.write(chunk)
    dst.truncate()
    dst.flush()
    os.fsync(dst.fileno())


def rewrite_inode(tmp: str, target: str, shown: str | os.PathLike, expect: Stamp | None = None) -> None:
    """Copy ``tmp`` into the inode of ``target``, all or nothing.

    Used for a hard-linked file (every name must see the new text) and for a file
    whose owner a rename would change. The old content is first saved beside it,
    the space the new content needs is reserved, and on any failure (a full disk,
    a signal) the old bytes are written back, so the file ends with its old or its
    new content, never a mix. A crash of the machine itself in the middle can leave
    a mix; the saved copy is then still beside the file (``.NAME.*.cleanwire-old``).
    """
    import tempfile

    new_size = os.path.getsize(tmp)
    fd, backup = tempfile.mkstemp(prefix="." + os.path.basename(target) + ".", suffix=".cleanwire-old",
                                  dir=os.path.dirname(target) or ".")
    try:
        with open(target, "r+b") as out, os.fdopen(fd, "w+b") as saved:
            if expect is not None and Stamp.of(os.fstat(out.fileno())) != expect:
                raise FileChanged(f"{shown}: modified by another process while it was being cleaned; left as it is")
            _copy(out, saved)
            if new_size > os.fstat(out.fileno()).st_size:
                try:
                    os.posix_fallocate(out.fileno(), 0, new_size)
                except (AttributeError, OSError) as exc:
                    if getattr(exc, "errno", None) not in (None, 95, 22):  # not supported: go on
                        raise
            out.seek(0)
            try:
                with open(tmp, "rb") as new:
                    _copy(new, out)
            except BaseException:
                out.seek(0)
                saved.seek(0)
                _copy(saved, out)
                raise
    finally:
        _remove(backup)


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


class GitIgnore:
    """The ignore rules that apply inside one directory tree, as git reads them.

    The sources, from weakest to strongest: the global excludes file
    (``core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore``), the
    repository's ``.git/info/exclude``, then every ``.gitignore`` from the repository
    root down to the folder. Patterns are matched by ``pathspec`` (git's wildmatch
    rules), each relative to the folder of the file it came from, and the last
    matching pattern decides, as in git. A file under an ignored directory is ignored
    too, which the walk gets for free because it never descends into one.
    """

    def __init__(self) -> None:
        self._sets: list[tuple[str, object]] = []

    def add_patterns(self, base: str, lines: list[str]) -> "GitIgnore":
        """A copy of this matcher extended with ``lines`` relative to ``base``."""
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(lines)
        if not len(spec.patterns):
            return self
        new = GitIgnore()
        new._sets = self._sets + [(os.path.abspath(base), spec)]
        return new

    def add_ignore_file(self, base: str, path: str) -> "GitIgnore":
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return self
        return self.add_patterns(base, lines)

    def add_file(self, folder: str) -> "GitIgnore":
        """A copy of this matcher extended with ``folder/.gitignore`` if there is one."""
        return self.add_ignore_file(folder, os.path.join(folder, ".gitignore"))

    def ignored(self, path: str, is_dir: bool) -> bool:
        path = os.path.abspath(path)
        for base, spec in reversed(self._sets):  # the strongest source first
            rel = os.path.relpath(path, base)
            if rel.startswith(".."):
                continue
            rel = rel.replace(os.sep, "/") + ("/" if is_dir else "")
            verdict = spec.check_file(rel).include
            if verdict is not None:
                return verdict
        return False


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


def _git(root: str, *args: str) -> str | None:
    """The output of a read-only git command in ``root``, or ``None`` (no git, or it failed)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def repository_excludes(root: str) -> list[str]:
    """The exclude files git applies in the repository at ``root``, weakest first:
    the global excludes file, then ``info/exclude``. Asked of git when it is
    installed (it knows worktrees and ``core.excludesFile``), else the defaults."""
    found = []
    configured = _git(root, "config", "--get", "core.excludesFile")
    if configured:
        found.append(os.path.expanduser(configured))
    else:
        xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
        found.append(os.path.join(xdg, "git", "ignore"))
    info = _git(root, "rev-parse", "--git-path", "info/exclude")
    if info:
        found.append(info if os.path.isabs(info) else os.path.join(root, info))
    else:
        found.append(os.path.join(root, ".git", "info", "exclude"))
    return found


def _ancestor_ignores(folder: str) -> GitIgnore:
    """The exclude files of the repository and the ``.gitignore`` files from its root
    down to ``folder``."""
    matcher = GitIgnore()
    root = repository_root(folder)
    if root is None:
        return matcher.add_file(folder)
    for excludes in repository_excludes(root):
        matcher = matcher.add_ignore_file(root, excludes)
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


class Skipped(NamedTuple):
    """A path found while walking that is not processed, and why (for ``-v``)."""

    path: str
    reason: str
    warning: bool = False  # worth telling without -v (a symlink loop)


def walk(
    paths: Iterable[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    filter_files: bool = False,
    settings: Callable[[str], tuple[Sequence[str], Sequence[str]]] | None = None,
) -> Iterator[str | Skipped]:
    """Yield the files to clean under ``paths``, in a stable (sorted) order.

    Files named explicitly are yielded as they are, unless ``filter_files`` is true,
    in which case they must match ``include`` and not ``exclude`` (the pre-commit
    hooks use this: pre-commit names every staged text file). Directories are walked
    recursively; hidden entries and ``.gitignore``d ones are skipped. ``settings``,
    when given, returns the ``(include, exclude)`` that apply inside a subfolder (its
    own configuration's), which then replace those in force above it.
    """
    for given in paths:
        if os.path.isdir(given):
            yield from _walk_dir(given, include, exclude, settings)
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


def _symlink_target(path: str, tree: str) -> str | Skipped:
    """Where the file symlink ``path`` leads, or why it is not followed.

    As black does, a link is followed only when its target lies inside the walked
    tree ``tree`` (a real path): a link out of it would rewrite a file elsewhere.
    """
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(path, "symbolic link loop", warning=True)
        return Skipped(path, "broken symbolic link")
    if os.path.commonpath([real, tree]) != tree:
        return Skipped(path, "symbolic link to outside the tree, not followed")
    return real


def _walk_dir(
    top: str, include: Sequence[str], exclude: Sequence[str], settings=None
) -> Iterator[str | Skipped]:
    tree = os.path.realpath(top)
    start = _ancestor_ignores(top)
    stack: list[tuple[str, GitIgnore, Sequence[str], Sequence[str]]] = [(top, start, include, exclude)]
    while stack:
        folder, ignores, include, exclude = stack.pop()
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
            elif not matches_any(rel, include):
                continue
            elif entry.is_symlink():
                target = _symlink_target(path, tree)
                if isinstance(target, Skipped):
                    yield target
                elif os.path.isfile(target):
                    yield path
            elif entry.is_file(follow_symlinks=False):
                yield path
        # Depth-first in name order: push in reverse so the first name comes out first.
        for sub in reversed(subdirs):
            sub_include, sub_exclude = settings(sub) if settings is not None else (include, exclude)
            stack.append((sub, ignores.add_file(sub), sub_include, sub_exclude))
