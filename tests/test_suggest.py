"""``cleanwire variants suggest``: planted variant clusters are found, nothing else merges."""

import json
import random
import subprocess
import sys
import tomllib

import pytest

from cleanwire import Cleaner
from cleanwire.suggest import clusters, count_names, main, names_in, related, translit

#: Spellings of one name each, none of them in the packaged tables.
PLANTED = [
    ["Mirpurkhas", "Mirpur Khas", "Meerpurkhas"],
    ["Abdul Qayyum Niazi", "Abdul Qayum Niazi", "Abdul Qayyoom Niazi"],
    ["Tehreek-e-Nifaz", "Tehrik-i-Nifaz", "Tehreek-i-Nifaz"],
    ["Khairpur Nathan Shah", "Khairpoor Nathan Shah"],
    ["Qasr al-Zahra", "Kasr el-Zahra", "Qasr el-Zahra"],
    ["Ghulam Sarwar Khan", "Gulam Sarwar Khan"],
    ["Shikarpur", "Shikarpoor"],
    ["Zubair Umar", "Zubayr Umar", "Zubair Omar"],
]

#: Real names that look alike but are different entities: never one cluster.
DISTINCT = [
    "Sharif", "Sharifi", "Khan", "Khanna", "Gaza", "Giza", "Iran", "Iraq", "Austria", "Australia",
    "Mali", "Malawi", "Niger", "Nigeria", "Sudan", "South Sudan", "Hassan Ali", "Hassan Abbas",
    "Rahman", "Rahmani", "Salman", "Sulaiman", "Karachi", "Kurram", "Slovakia", "Slovenia",
    "Gambia", "Zambia", "Jordan", "Jourdan", "Qadir", "Qadiri", "Lahore", "Lahori",
]

FILLER = (
    "officials said the talks would resume next week",
    "residents reported long queues for fuel",
    "the ministry denied the report on Monday",
    "a committee will review the contract",
    "police said two people were arrested",
)


def generate_corpus(docs: int = 120, seed: int = 3) -> list[str]:
    """Articles mentioning planted spellings (with known counts) and distinct names."""
    r = random.Random(seed)
    texts = []
    for _ in range(docs):
        sentences = []
        for _ in range(6):
            if r.random() < 0.5:
                name = r.choice(r.choice(PLANTED))
            else:
                name = r.choice(DISTINCT)
            opener = r.choice(["In", "The", "Reports from", "Meanwhile,", "Officials in"])
            sentences.append(f"{opener} {name}, {r.choice(FILLER)}.")
        texts.append(" ".join(sentences) + "\n")
    return texts


@pytest.fixture(scope="module")
def found():
    return [set(s for s, _ in c.ranked()) for c in clusters(count_names(generate_corpus()), min_count=2)]


@pytest.mark.parametrize("spellings", PLANTED, ids=[p[0] for p in PLANTED])
def test_each_planted_cluster_is_found_whole(found, spellings):
    matching = [c for c in found if c & set(spellings)]
    assert len(matching) == 1, matching
    assert matching[0] == set(spellings)


def test_distinct_names_are_never_merged(found):
    for cluster in found:
        assert len(cluster & set(DISTINCT)) == 0, cluster


def test_counts_are_reported():
    corpus = ["Mirpurkhas and Mirpur Khas.", "In Mirpurkhas today.", "Meerpurkhas, officials said."]
    [cluster] = clusters(count_names(corpus), min_count=1)
    assert cluster.ranked() == [("Mirpurkhas", 2), ("Meerpurkhas", 1), ("Mirpur Khas", 1)]


def test_min_count_drops_rare_clusters():
    counts = count_names(["Shikarpur and Shikarpoor."])
    assert clusters(counts, min_count=3) == []
    assert len(clusters(counts, min_count=2)) == 1


@pytest.mark.parametrize(
    "text,names",
    [
        ("The Sistan-o-Baluchistan governor", ["Sistan-o-Baluchistan"]),
        ("Nawaz Sharif and Imran Khan met", ["Nawaz Sharif", "Imran Khan"]),
        ("Jammu and Kashmir police", ["Jammu and Kashmir", "Jammu", "Kashmir"]),
        ("Quetta and Gwadar and Turbat", ["Quetta", "Gwadar", "Turbat"]),
        ("Jaish al-Adl's statement", ["Jaish al-Adl"]),
        ("see https://example.com/Mirpur-Khas and @MirpurKhas #Mirpurkhas", []),
        ("THE PTI CHIEF", []),
        ("Baluch\u00adistan", ["Baluchistan"]),
    ],
)
def test_names_in(text, names):
    assert list(names_in(text)) == names


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("Tehreek-e-Insaf", "Tehrik-i-Insaf", True),
        ("Sistan and Baluchistan", "Seistan-Baluchestan", True),
        ("Zelensky", "Zelenskyy", True),
        ("Sharif", "Sharifi", False),
        ("Khan", "Khanna", False),
        ("Gaza", "Giza", False),
        ("Austria", "Australia", False),
    ],
)
def test_related(a, b, expected):
    assert related(translit(a), translit(b)) is expected


def test_suggestions_paste_into_a_working_configuration(tmp_path, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(generate_corpus()), encoding="utf-8")
    assert main(["suggest", str(corpus)]) == 0
    output = capsys.readouterr().out
    table = tomllib.loads(output)["variants"]
    assert len(table) == len(PLANTED)
    # The pasted table is accepted as is and rewrites the corpus to one spelling each.
    cleaner = Cleaner(variants=table)
    cleaned = cleaner.clean(corpus.read_text(encoding="utf-8"))
    for canonical, variants in table.items():
        for variant in variants:
            assert variant not in cleaned.replace(canonical, "")


def test_known_clusters_are_hidden_unless_asked(tmp_path, capsys):
    corpus = tmp_path / "known.txt"
    corpus.write_text("Siestan-o-Baluchistan and Sistan-Baluchestan. Seistan-Baluchistan.\n", encoding="utf-8")
    assert main(["suggest", str(corpus)]) == 0
    assert tomllib.loads(capsys.readouterr().out)["variants"] == {}
    assert main(["suggest", "--include-known", str(corpus)]) == 0
    table = tomllib.loads(capsys.readouterr().out)["variants"]
    assert len(table) == 1


def test_jsonl_field_folders_and_pyproject_section(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [{"body": text} for text in generate_corpus(60)]
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert main(["suggest", "--field", "body", "--pyproject", str(folder)]) == 0
    document = tomllib.loads(capsys.readouterr().out)
    assert document["tool"]["cleanwire"]["variants"]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["suggest", "missing.txt"], "missing.txt: no such file or folder"),
        (["suggest", "--min-count", "0", "x"], "--min-count must be at least 1"),
    ],
)
def test_bad_input_is_a_usage_error(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_invalid_jsonl_names_the_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{not json\n', encoding="utf-8")
    assert main(["suggest", str(bad)]) == 2
    assert "bad.jsonl:2: not valid JSON" in capsys.readouterr().err


def test_command_line_dispatch_reads_stdin():
    result = subprocess.run(
        [sys.executable, "-m", "cleanwire", "variants", "suggest", "-"],
        input="Shikarpur and Shikarpoor. Shikarpur again.\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert tomllib.loads(result.stdout)["variants"] == {"Shikarpur": ["Shikarpoor"]}


@pytest.mark.parametrize("compress", ["gzip", "xz"])
def test_compressed_jsonl_shards_read_like_the_cleaning_command(tmp_path, capsys, compress):
    import gzip
    import lzma

    pack = {"gzip": gzip.compress, "xz": lzma.compress}[compress]
    suffix = {"gzip": "gz", "xz": "xz"}[compress]
    folder = tmp_path / "shards"
    folder.mkdir()
    lines = [json.dumps({"text": text}) for text in generate_corpus(60)]
    half = len(lines) // 2
    (folder / f"part-0.jsonl.{suffix}").write_bytes(pack(("\n".join(lines[:half]) + "\n").encode()))
    (folder / f"part-1.jsonl.{suffix}").write_bytes(pack(("\n".join(lines[half:]) + "\n").encode()))
    assert main(["suggest", "--include-known", str(folder)]) == 0
    from_folder = tomllib.loads(capsys.readouterr().out)["variants"]
    (tmp_path / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["suggest", "--include-known", str(tmp_path / "all.jsonl")]) == 0
    assert from_folder and from_folder == tomllib.loads(capsys.readouterr().out)["variants"]
    # a single compressed file named directly is read too
    assert main(["suggest", "--include-known", str(folder / f"part-0.jsonl.{suffix}")]) == 0
    assert "codec" not in capsys.readouterr().err
