"""Clean corpora with Dask: bags of texts or records, dataframe columns, sharded JSONL.

>>> import dask.bag as db
>>> from cleanwire.integrations.dask import clean_texts
>>> clean_texts(db.from_sequence(["ALSO READ: x\\nBody.\\n"], npartitions=1)).compute()
['Body.\\n']

Every function takes either a configured :class:`~cleanwire.Cleaner` or the keyword
options of one (``select=``, ``variants=``, ...). Texts, fields and column values are
cleaned as record fields (:meth:`~cleanwire.Cleaner.clean_field`): each keeps its own
ending, so a value without a final newline is given none. Only the options travel to
the workers; each worker process builds the Cleaner once and reuses it for every
partition (:func:`cleanwire.integrations.workers.process_cleaner`).

:func:`clean_jsonl` is the corpus job: sharded JSON Lines in (plain, gzip, xz or
zstd; local or any fsspec URL), one output shard per input shard, records cleaned
exactly as ``cleanwire --jsonl`` cleans them (the same bytes), so a Dask run and a
single-process run can be compared record for record.

Install with ``pip install 'cleanwire[dask]'``; run on a ``distributed`` cluster by
creating a ``Client`` first, as with any Dask computation.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Sequence

import dask.bag as db

from ..jsonl import Options, RecordError, clean_record
from ..pipeline import Cleaner
from .workers import cleaner_options, cleaners_built, process_cleaner

__all__ = ["clean_column", "clean_jsonl", "clean_records", "clean_texts", "cleaners_built"]


# --------------------------------------------------------------------- bags


def clean_texts(bag: db.Bag, cleaner: Cleaner | None = None, **options: Any) -> db.Bag:
    """A bag of the cleaned texts of ``bag`` (a bag of strings), in order."""
    return bag.map_partitions(_clean_texts, cleaner_options(cleaner, options))


def _clean_texts(texts: Iterable[str], options: dict) -> list[str]:
    cleaner = process_cleaner(options)
    return [cleaner.clean_field(text) for text in texts]


def clean_records(bag: db.Bag, field: str = "text", cleaner: Cleaner | None = None, **options: Any) -> db.Bag:
    """A bag of copies of the records (dicts) of ``bag`` with ``field`` cleaned.

    A record without the field, or with ``None`` in it, passes through unchanged; a
    field that is not a string raises ``TypeError`` naming the field.
    """
    return bag.map_partitions(_clean_records, field, cleaner_options(cleaner, options))


def _clean_records(records: Iterable[dict], field: str, options: dict) -> list[dict]:
    cleaner = process_cleaner(options)
    out = []
    for record in records:
        text = record.get(field)
        if text is not None:
            if not isinstance(text, str):
                raise TypeError(f"field {field!r} is {type(text).__name__}, not a string")
            record = {**record, field: cleaner.clean_field(text)}
        out.append(record)
    return out


# ---------------------------------------------------------------- dataframes


def clean_column(df, column: str = "text", cleaner: Cleaner | None = None, **options: Any):
    """A Dask dataframe like ``df`` with the string column ``column`` cleaned.

    Missing values stay missing. Needs ``dask[dataframe]``.
    """
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; the dataframe has {', '.join(map(str, df.columns))}")
    opts = cleaner_options(cleaner, options)
    cleaned = df[column].map_partitions(_clean_series, opts, meta=df[column]._meta)
    return df.assign(**{column: cleaned})


def _clean_series(series, options: dict):
    cleaner = process_cleaner(options)
    return series.map(lambda text: cleaner.clean_field(text) if isinstance(text, str) else text)


# --------------------------------------------------------------------- JSONL


def clean_jsonl(
    inputs: str | os.PathLike | Sequence[str | os.PathLike],
    output_dir: str | os.PathLike,
    field: str = "text",
    cleaner: Cleaner | None = None,
    compress: bool = True,
    compute: bool = True,
    storage_options: dict | None = None,
    **options: Any,
):
    """Clean ``field`` of every record of sharded JSONL files; one output shard per input.

    ``inputs`` is a glob (``"corpus/part-*.jsonl.gz"``), a folder (every ``*.jsonl``,
    ``*.jsonl.gz``, ``*.jsonl.xz`` and ``*.jsonl.zst`` in it) or a list of paths, each
    a local path or an fsspec URL (``s3://bucket/raw/``, ``gs://…``, ``file://…``,
    ``memory://…``); ``output_dir`` likewise. ``storage_options`` go to the file
    system, as in Dask's own readers and writers. Shard ``part-00003.jsonl.gz``
    becomes ``output_dir/part-00003.jsonl.gz`` (``.jsonl`` with ``compress=False``).
    Inputs may be plain, gzip, xz or zstd, recognised by their first bytes.

    Records are cleaned as by ``cleanwire --jsonl``, on the bytes: an unchanged
    record is copied byte for byte (line ending included, ``\r\n`` or ``\n``), a
    changed one has only that field replaced. A record that is not valid UTF-8 or a
    JSON object, or whose field is not a string, fails the job with ``ValueError``
    naming the shard and line.

    Returns the output paths (URLs for a remote file system), or the delayed write
    tasks with ``compute=False``.
    """
    import dask

    storage_options = dict(storage_options or {})
    shards = _expand(inputs, storage_options)
    out_fs, out_root = _url_to_fs(output_dir, storage_options)
    out_fs.makedirs(out_root, exist_ok=True)
    outputs = []
    for shard in shards:
        name = shard.rstrip("/").rsplit("/", 1)[-1]
        stem = _strip_compression(name)
        outputs.append(_join(out_fs, out_root, stem + (".gz" if compress else "")))
    if len(set(outputs)) != len(outputs):
        raise ValueError("two input shards have the same file name; their outputs would collide")
    opts = cleaner_options(cleaner, options)
    tasks = [
        dask.delayed(_clean_shard, pure=False)(shard, out, field, opts, storage_options, compress)
        for shard, out in zip(shards, outputs)
    ]
    if not compute:
        return tasks
    dask.compute(*tasks)
    return outputs


def _url_to_fs(url, storage_options: dict):
    from fsspec.core import url_to_fs

    return url_to_fs(os.fspath(url), **storage_options)


def _is_local(fs) -> bool:
    from fsspec.implementations.local import LocalFileSystem

    return isinstance(fs, LocalFileSystem)


def _join(fs, root: str, name: str) -> str:
    path = root.rstrip("/") + "/" + name
    return path if _is_local(fs) else fs.unstrip_protocol(path)


def _strip_compression(name: str) -> str:
    for suffix in (".gz", ".xz", ".zst", ".zstd"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _clean_shard(shard: str, output: str, field: str, options: dict, storage_options: dict, compress: bool) -> str:
    """Clean one shard into one output file, streaming bytes; returns the output."""
    from ..compress import Reader, detect, writer

    cleaner = process_cleaner(options)
    opts = Options(field=field)
    in_fs, in_path = _url_to_fs(shard, storage_options)
    out_fs, out_path = _url_to_fs(output, storage_options)
    with in_fs.open(in_path, "rb") as raw:
        head = raw.read(8)
        raw.seek(0)
        reader = Reader(raw, shard, detect(head))
        with out_fs.open(out_path, "wb") as sink:
            out = writer(sink, "gzip" if compress else None, output)
            for number, line in enumerate(reader, 1):
                try:
                    result = clean_record(cleaner, line, opts)
                except RecordError as exc:
                    raise ValueError(f"{shard}:{number}: {_describe(line, exc)}") from None
                out.write(line if result is None or result[1] is None else result[1])
            if out is not sink:
                out.close()
    return output


def _describe(line: bytes, exc: RecordError) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"not valid UTF-8 at byte {bad.start} of the line"
    return str(exc)


def _expand(inputs, storage_options: dict) -> list[str]:
    if isinstance(inputs, (str, os.PathLike)):
        fs, root = _url_to_fs(inputs, storage_options)
        text = os.fspath(inputs)
        if fs.isdir(root):
            found = []
            for pattern in ("*.jsonl", "*.jsonl.gz", "*.jsonl.xz", "*.jsonl.zst"):
                found += fs.glob(root.rstrip("/") + "/" + pattern)
            paths = sorted(set(found))
        elif any(c in text for c in "*?["):
            paths = sorted(fs.glob(root))
        else:
            paths = [root]
        shards = [(fs, p) for p in paths]
    else:
        shards = [_url_to_fs(p, storage_options) for p in inputs]
    if not shards:
        raise FileNotFoundError(f"no JSONL shards match {inputs!r}")
    out = []
    for fs, path in shards:
        if not fs.isfile(path):
            raise FileNotFoundError(f"{path if _is_local(fs) else fs.unstrip_protocol(path)}: no such file")
        out.append(path if _is_local(fs) else fs.unstrip_protocol(path))
    return out
