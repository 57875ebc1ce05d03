"""datatrove: a local pipeline with the cleanwire formatter cleans every document."""

import gzip
import json
import pickle

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleanwire import Cleaner  # noqa: E402
from cleanwire.integrations.datatrove import CleanwireFormatter  # noqa: E402

TEXTS = [
    "\u2022 Source:JND\n\nOfficials said strikes hit Siestan-o-Baluchistan overnight.\u00a0\n\nALSO READ: Another story\n",
    "Plain text that needs nothing.\n",
    " \n\u00a0\n\n",
    "Talks in Kiev resumed.\r\nFollow us on Google News\r\n",
]


def test_local_pipeline_cleans_every_document(tmp_path):
    src = tmp_path / "raw"
    src.mkdir()
    for shard in range(2):
        with gzip.open(src / f"part-{shard}.jsonl.gz", "wt", encoding="utf-8") as out:
            for i, text in enumerate(TEXTS):
                out.write(json.dumps({"id": f"{shard}-{i}", "text": text}) + "\n")
    formatter = CleanwireFormatter(variants={"Kyiv": ["Kiev"]}, drop_empty=True)
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(src)), formatter, JsonlWriter(str(tmp_path / "clean"))],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    cleaner = Cleaner(variants={"Kyiv": ["Kiev"]})
    got = {}
    for path in sorted((tmp_path / "clean").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                got[record["id"]] = record["text"]
    expected = {f"{s}-{i}": cleaner.clean_field(t) for s in range(2) for i, t in enumerate(TEXTS) if cleaner.clean_field(t)}
    assert got == expected
    assert "Sistan and Baluchistan" in got["0-0"] and "Kyiv" in got["1-3"]
    assert "0-2" not in got  # emptied by cleaning and dropped


def test_formatter_as_a_step_and_its_counters():
    formatter = CleanwireFormatter(Cleaner(ignore=["CW2"]))
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(TEXTS)]
    out = list(formatter.run(iter(docs)))
    assert [d.text for d in out] == [Cleaner(ignore=["CW2"]).clean_field(t) for t in TEXTS]
    assert "ALSO READ" in out[0].text  # CW2 ignored
    assert formatter.stats["changed"].total == sum(Cleaner(ignore=["CW2"]).clean_field(t) != t for t in TEXTS)
    assert formatter.format("Source: PTI\nText.\n") == "Text.\n"


def test_formatter_pickles_as_options():
    formatter = CleanwireFormatter(select=["CW9"])
    clone = pickle.loads(pickle.dumps(formatter))
    assert clone.options == formatter.options
    assert clone.format("ALSO READ: x\nA  b\n") == "ALSO READ: x\nA b\n"


def test_a_document_keeps_its_own_ending():
    formatter = CleanwireFormatter()
    texts = ["A sentence no rule touches.", "Source: PTI\nThe council met.\n\n\nIt adjourned."]
    out = list(formatter.run(iter([Document(text=t, id=str(i)) for i, t in enumerate(texts)])))
    assert [d.text for d in out] == ["A sentence no rule touches.", "The council met.\n\nIt adjourned."]
    assert formatter.stats["changed"].total == 1
    assert formatter.format("Source: PTI\nText.") == "Text."
