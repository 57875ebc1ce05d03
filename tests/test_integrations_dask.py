"""Dask: a two-process LocalCluster cleans a sharded JSONL corpus like one process does."""

import gzip
import json
import random

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

from cleanwire import Cleaner  # noqa: E402
from cleanwire.integrations import dask as cw_dask  # noqa: E402
from cleanwire.jsonl import Options, clean_record  # noqa: E402
from cleanwire.rules import ALL_RULES  # noqa: E402

PROSE = [
    "The council approved the budget after a debate that ran late into the night.",
    "Officials in Siestan-o-Baluchistan said the road would reopen on Friday.",
    "Farmers said the harvest was the best in a decade.\u00a0 ",
    "\u201cWe are ready,\u201d the minister told reporters.",
]


def _record_texts(rng):
    examples = [e.input for r in ALL_RULES for e in r.examples]
    for i in range(120):
        lines = [rng.choice(PROSE) for _ in range(rng.randint(1, 5))]
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(examples).rstrip("\n"))
        yield i, "\n".join(lines) + "\n"


def _write_shards(folder, shards=4):
    rng = random.Random(11)
    records = []
    for i, text in _record_texts(rng):
        record = {"id": i, "text": text, "meta": {"n": i}}
        if i % 17 == 0:
            record = {"id": i, "title": "no text field"}
        if i % 23 == 0:
            record = {"id": i, "text": None}
        records.append(record)
    paths = []
    per = len(records) // shards + 1
    for k in range(shards):
        path = folder / f"part-{k:05d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for record in records[k * per : (k + 1) * per]:
                out.write(json.dumps(record) + "\n")
        paths.append(path)
    return paths


def _single_process(paths, cleaner):
    out = {}
    for path in paths:
        lines = []
        with gzip.open(path, "rb") as f:
            for line in f:
                result = clean_record(cleaner, line, Options(field="text"))
                lines.append((line if result is None or result[1] is None else result[1]).rstrip(b"\n"))
        out[path.name] = lines
    return out


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_sharded_jsonl_on_two_workers_equals_single_process(client, tmp_path):
    (tmp_path / "in").mkdir()
    shards = _write_shards(tmp_path / "in")
    # The workers outlive each test (the cluster is shared by the module): count the
    # Cleaners this job builds, for options no other test here uses.
    options = {"variants": {"Kyiv": ["Kiev"], "Odesa": ["Odessa"]}}
    before = client.run(cw_dask.cleaners_built)
    outputs = cw_dask.clean_jsonl(str(tmp_path / "in" / "part-*.jsonl.gz"), tmp_path / "out", **options)
    assert [p.rsplit("/", 1)[1] for p in outputs] == [p.name for p in shards]
    expected = _single_process(shards, Cleaner(**options))
    for path in outputs:
        with gzip.open(path, "rb") as f:
            got = f.read().split(b"\n")
        assert got[-1] == b""
        assert got[:-1] == expected[path.rsplit("/", 1)[1]]
    # Records were really cleaned, and records without the field came through.
    originals = []
    for shard in shards:
        with gzip.open(shard, "rb") as f:
            originals += f.read().split(b"\n")[:-1]
    cleaned = [line for lines in expected.values() for line in lines]
    assert sum(a != b for a, b in zip(originals, cleaned)) > 50
    assert sum(b"no text field" in line for line in cleaned) > 0
    # The Cleaner is built once per worker process, not per partition or document.
    after = client.run(cw_dask.cleaners_built)
    built = {worker: after[worker] - before[worker] for worker in after}
    assert len(built) == 2 and all(n <= 1 for n in built.values()) and sum(built.values()) >= 1


def test_bad_record_names_file_and_line(client, tmp_path):
    path = tmp_path / "part-00000.jsonl"
    path.write_text('{"text": "fine"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"part-00000\.jsonl:2: a record must be a JSON object"):
        cw_dask.clean_jsonl(str(path), tmp_path / "out", compress=False)


def test_bag_of_texts_and_records(client):
    texts = ["ALSO READ: Elsewhere\nThe story.\u00a0\n", "Plain.\n", "Source: PTI\nTalks in Kiev.\n"]
    cleaner = Cleaner(variants={"Kyiv": ["Kiev"]})
    bag = db.from_sequence(texts, npartitions=2)
    assert cw_dask.clean_texts(bag, cleaner).compute() == [cleaner.clean_field(t) for t in texts]
    records = db.from_sequence([{"text": t, "k": i} for i, t in enumerate(texts)] + [{"k": 9}], npartitions=2)
    got = cw_dask.clean_records(records, cleaner=cleaner).compute()
    assert got == [{"text": cleaner.clean_field(t), "k": i} for i, t in enumerate(texts)] + [{"k": 9}]


def test_dataframe_column(client):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame({"text": ["ADVERTISEMENT\nSales rose.\n", None, "Plain.\n"], "n": [1, 2, 3]})
    got = cw_dask.clean_column(dd.from_pandas(frame, npartitions=2), "text").compute()
    assert list(got["text"][[0, 2]]) == ["Sales rose.\n", "Plain.\n"]
    assert got["text"].isna().tolist() == [False, True, False]
    with pytest.raises(KeyError, match="no column 'body'"):
        cw_dask.clean_column(dd.from_pandas(frame, npartitions=1), "body")


def test_cleaner_or_options_not_both():
    with pytest.raises(TypeError, match="either a Cleaner or Cleaner options"):
        cw_dask.clean_texts(db.from_sequence(["x"]), Cleaner(), ignore=["CW9"])


def test_texts_records_columns_and_shards_keep_their_own_ending(client, tmp_path):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    texts = ["A sentence no rule touches.", "Source: PTI\nThe council met.\n\n\nIt adjourned.", "Plain.\n"]
    want = ["A sentence no rule touches.", "The council met.\n\nIt adjourned.", "Plain.\n"]
    assert cw_dask.clean_texts(db.from_sequence(texts, npartitions=2)).compute() == want
    records = cw_dask.clean_records(db.from_sequence([{"text": t} for t in texts], npartitions=2)).compute()
    assert [r["text"] for r in records] == want
    frame = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
    assert list(cw_dask.clean_column(frame).compute()["text"]) == want
    shard = tmp_path / "part-00000.jsonl"
    data = b"".join(json.dumps({"text": t}).encode() + b"\n" for t in texts)
    shard.write_bytes(data)
    (output,) = cw_dask.clean_jsonl(str(shard), tmp_path / "out", compress=False)
    written = open(output, "rb").read().splitlines(keepends=True)
    assert written[0] == data.splitlines(keepends=True)[0]  # an untouched record, byte for byte
    assert [json.loads(x)["text"] for x in written] == want
