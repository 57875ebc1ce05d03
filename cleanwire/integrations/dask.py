"""Clean corpora with Dask: bags of texts or records, dataframe columns, sharded JSONL.

>>> import dask.bag as db
>>> from cleanwire.integrations.dask import clean_texts
>>> clean_texts(db.from_sequence(["ALSO READ: x\\nBody.\\n"], npartitions=1)).compute()
['Body.\\n']

Every function takes either a configured :class:`~cleanwire.Cleaner` or the keyword
options of one (``select=``, ``variants=``, ...). Only the options travel to the
workers; each worker process builds the Cleaner once and reuses it for every
partition (:func:`cleanwire.integrations.workers.process_cleaner`).

:func:`clean_jsonl` is the corpus job: sharded JSON Lines in (plain or gzip), one
output shard per input shard, records cleaned exactly as ``cleanwire --jsonl`` cleans
them (the same bytes), so a Dask run and a single-process run can be compared record
for record.

Install with ``pip install 'cleanwire[dask]'``; run on a ``distributed`` cluster by
creating a ``Client`` first, as with any Dask computation.
"""

from __future__ import annotations

import glob
import os
import pathlib
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
    return [cleaner.clean(text) for text in texts]


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
            record = {**record, field: cleaner.clean(text)}
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
    return series.map(lambda text: cleaner.clean(text) if isinstance(text, str) else text)


# --------------------------------------------------------------------- JSONL


def clean_jsonl(
    inputs: str | os.PathLike | Sequence[str | os.PathLike],
    output_dir: str | os.PathLike,
    field: str = "text",
    cleaner: Cleaner | None = None,
    compress: bool = True,
    compute: bool = True,
    **options: Any,
):
    """Clean ``field`` of every record of sharded JSONL files; one output shard per input.

    ``inputs`` is a glob (``"corpus/part-*.jsonl.gz"``), a folder (every ``*.jsonl`` and
    ``*.jsonl.gz`` in it) or a list of paths. Shard ``part-00003.jsonl.gz`` becomes
    ``output_dir/part-00003.jsonl.gz`` (``.jsonl`` with ``compress=False``). Records
    are cleaned as by ``cleanwire --jsonl``: an unchanged record is copied byte for
    byte, a changed one has only that field replaced. A record that is not a JSON
    object, or whose field is not a string, fails the job with ``ValueError`` naming
    the file and line.

    Returns the output paths, or the delayed write tasks with ``compute=False``.
    """
    paths = _expand(inputs)
    out_dir = pathlib.Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for path in paths:
        name = pathlib.Path(path).name
        stem = name[: -len(".gz")] if name.endswith(".gz") else name
        outputs.append(str(out_dir / (stem + (".gz" if compress else ""))))
    if len(set(outputs)) != len(outputs):
        raise ValueError("two input shards have the same file name; their outputs would collide")
    opts = cleaner_options(cleaner, options)
    lines = db.read_text(paths, blocksize=None, include_path=True, encoding="utf-8")
    cleaned = lines.map_partitions(_clean_jsonl_partition, field, opts)
    written = cleaned.to_textfiles(outputs, compute=compute, last_endline=True, encoding="utf-8")
    return outputs if compute else written


def _clean_jsonl_partition(lines: Iterable[tuple[str, str]], field: str, options: dict) -> list[str]:
    cleaner = process_cleaner(options)
    opts = Options(field=field)
    out = []
    for number, (line, path) in enumerate(lines, 1):
        raw = line.encode("utf-8")
        try:
            result = clean_record(cleaner, raw, opts)
        except RecordError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from None
        if result is not None and result[1] is not None:
            raw = result[1]
        out.append(raw.decode("utf-8").rstrip("\r\n"))
    return out


def _expand(inputs) -> list[str]:
    if isinstance(inputs, (str, os.PathLike)):
        text = os.fspath(inputs)
        if os.path.isdir(text):
            paths = sorted(glob.glob(os.path.join(text, "*.jsonl")) + glob.glob(os.path.join(text, "*.jsonl.gz")))
        elif any(c in text for c in "*?["):
            paths = sorted(glob.glob(text))
        else:
            paths = [text]
    else:
        paths = [os.fspath(p) for p in inputs]
    if not paths:
        raise FileNotFoundError(f"no JSONL shards match {inputs!r}")
    for path in paths:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path}: no such file")
    return paths
