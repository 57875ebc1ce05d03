import pickle
import threading

import pytest

import cleanwire
from cleanwire import Cleaner, clean

from .conftest import CORPUS

EXAMPLE = (CORPUS / "example-article" / "input.txt").read_bytes().decode("utf-8")


def test_example_article_requirements():
    out = clean(EXAMPLE)
    assert "Source:JND" not in out
    assert "ALSO READ" not in out
    assert "\u00a0" not in out
    assert ",\u201d the statement read." in out
    assert "Siestan-o-Baluchistan" not in out and "Iran\u2019s Sistan and Baluchistan province" in out
    assert "Pakistan\u2019s Balochistan on Tuesday" in out  # a distinct entity stays
    assert " -- the Balochistan Liberation Front" in out  # double hyphen kept
    assert "\n\n\n" not in out and out.endswith("\n") and not out.endswith("\n\n")
    assert not out.startswith("\n")
    # every paragraph of the input survives
    for paragraph in EXAMPLE.split("\n"):
        words = " ".join(paragraph.split())
        if len(words) > 80 and not words.startswith("ALSO READ"):
            assert words.replace("Siestan-o-Baluchistan", "Sistan and Baluchistan") in out


def test_clean_is_idempotent_on_example():
    once = clean(EXAMPLE)
    assert clean(once) == once


def test_explain_attributes_every_change():
    result = Cleaner().explain(EXAMPLE)
    assert result.text == clean(EXAMPLE)
    by_code = {}
    for change in result.changes:
        by_code.setdefault(change.code, []).append(change)
    assert [c.line for c in by_code["CW101"]] == [1]
    assert [c.line for c in by_code["CW201"]] == [7, 27]
    assert by_code["CW201"][0].removed.startswith("ALSO READ:\u00a0Ram Temple")
    assert by_code["CW601"][0].removed == "Siestan-o-Baluchistan"
    assert by_code["CW601"][0].replacement == "Sistan and Baluchistan"
    assert by_code["CW601"][0].line == 5
    text, changes = result
    assert text == result.text and changes == result.changes


def test_explain_line_numbers_count_every_line_break():
    result = Cleaner().explain("First.\r\nSecond.\rALSO READ: Elsewhere\u2028Third.")
    removal = [c for c in result.changes if c.code == "CW201"]
    assert removal and removal[0].line == 3
    assert result.text == "First.\nSecond.\nThird.\n"


def test_cleaner_pickles_and_behaves_the_same():
    cleaner = Cleaner(ignore=["CW2"], variants={"Kyiv": ["Kiev"]})
    clone = pickle.loads(pickle.dumps(cleaner))
    text = "ALSO READ: Something\nTalks in Kiev resumed today after a long pause.\n"
    assert clone.clean(text) == cleaner.clean(text)
    assert "ALSO READ" in clone.clean(text) and "Kyiv" in clone.clean(text)


def test_cleaner_is_safe_across_threads():
    cleaner = Cleaner()
    expected = cleaner.clean(EXAMPLE)
    results = []

    def work():
        for _ in range(20):
            results.append(cleaner.clean(EXAMPLE))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 80 and all(r == expected for r in results)


def test_select_and_ignore_by_prefix():
    text = "Source: PTI\nALSO READ: Elsewhere\nThe story goes on and on.\nMore text here.\n"
    assert "ALSO READ" in Cleaner(ignore=["CW2"]).clean(text)
    assert "Source: PTI" not in Cleaner(ignore=["CW2"]).clean(text)
    only_101 = Cleaner(select=["CW101"]).clean(text)
    assert "Source: PTI" not in only_101 and "ALSO READ" in only_101
    assert "ALSO READ" in Cleaner(select=["CW"], ignore=["CW2"]).clean(text)
    assert "ALSO READ" not in Cleaner(select=["CW201"], ignore=["CW2"]).clean(text)


def test_user_patterns_extend_a_rule_and_keep_protects():
    text = "Story text here.\nMORE FROM OUR PARTNERS >> Elsewhere\nALSO READ: Other\nEnd of story text.\n"
    cleaner = Cleaner(patterns={"CW201": [r"more from our partners.*"]}, keep=[r"^also read: other$"])
    out = cleaner.clean(text)
    assert "MORE FROM OUR PARTNERS" not in out
    assert "ALSO READ: Other" in out


def test_bad_user_pattern_names_the_pattern():
    with pytest.raises(ValueError, match=r"CW201.*\(unclosed"):
        Cleaner(patterns={"CW201": ["(unclosed"]})


def test_removal_budget_keeps_a_gutted_document_and_flags_it():
    text = "ALSO READ: One\nALSO READ: Two\nALSO READ: Three\nA short line.\n"
    result = Cleaner().explain(text)
    assert "ALSO READ: One" in result.text
    assert result.flags and "removal budget" in result.flags[0]
    relaxed = Cleaner(max_removed_share=1.0).clean(text)
    assert relaxed == "A short line.\n"


def test_zwnj_and_zwj_survive():
    text = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f4bb\n"
    assert clean(text) == text


def test_clean_rejects_bytes():
    with pytest.raises(TypeError, match="bytes"):
        clean(b"text")


def test_lazy_import_does_not_load_ftfy():
    import subprocess
    import sys

    code = "import sys, cleanwire; cleanwire.clean('plain ascii text.\\n'); print('ftfy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_version():
    assert cleanwire.__version__


def test_a_cold_cleaner_shared_by_threads_cleans_like_one_thread():
    # The caches a cleaner fills on first use (patterns, variant words) are shared
    # by threads: filling them concurrently must not change a result.
    import sys

    from cleanwire.newsgen import documents

    names = ["Siestan-o-Baluchistan", "Shahbaz Sharif", "Jaish-ul-Adl", "Tehreek-i-Insaf", "Kiev"]
    texts = [
        text + f"\nOfficials in {names[i % len(names)]} said so.\n"
        for i, text in enumerate(documents(120, 3))
    ]
    options = dict(variants={"Kyiv": ["Kiev"]})
    expected = [Cleaner(**options).clean(t) for t in texts]
    shared = Cleaner(**options)
    results: dict[int, str] = {}
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        def work(offset):
            for i in range(offset, len(texts), 4):
                results[i] = shared.clean(texts[i])

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert [results[i] for i in range(len(texts))] == expected


def test_line_keys_fold_every_separator_str_split_knows():
    """A key folds the information separators (U+001C-U+001F) as str.split() does, so
    a line padded with them is judged by its key's length, not by its raw length."""
    from cleanwire.rules.lines.keys import line_keys

    padded = "Also Read:" + " \x1c" * 200 + " Floods hit the coast"
    story = "The council met on Tuesday to discuss the budget for the coming year and beyond.\n"
    assert Cleaner(ignore=["CW003"]).clean(padded + "\n\n" + story) == story
    lines = [padded, " a  b ", "plain words", "tab\there"]
    assert line_keys(lines, 400, frozenset("\x1c\t")) == [" ".join(line.split()) for line in lines]
    assert line_keys(lines[1:3], 400, frozenset()) == ["a b", "plain words"]
