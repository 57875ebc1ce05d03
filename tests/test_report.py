"""``cleanwire report`` without a browser: the corpus walk, the figures, the page's markup."""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import os
import re

import pytest

from cleanwire import Cleaner
from cleanwire.model import Stage
from cleanwire.report.collect import Collector, Document, split_lines
from cleanwire.report.page import render, text
from cleanwire.report.summary import summarise

STORY = (
    "Source: PTI\n"
    "The harbour board met on Monday to approve a second berth.\n"
    "ALSO READ: Ferry fares rise again\n"
    "Work on the berth starts in Siestan-o-Baluchistan in May.\u00a0\n"
    "\n\n\n"
    "The board will meet again next month.\n"
)
CLEAN = "Nothing here needs cleaning.\n"
HOSTILE = (
    "Follow us on Twitter </script><script>window.hacked = 1</script>\n"
    'The council said <img src="http://example.invalid/x.png" onerror="window.hacked = 2"> was fine.\n'
    "Members debated the <b>plan</b> for three hours & more.\n"
)


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="")
    return path


def line_removals(cleaner, raw):
    """(line, code) of each line a line-stage rule removed, as explain() reports them."""
    line_rules = {r.code for r in cleaner.rules if r.stage == Stage.LINES}
    return {(c.line, c.code) for c in cleaner.explain(raw).changes if c.code in line_rules and c.replacement == ""}


@pytest.fixture
def folder(tmp_path):
    write(tmp_path / "news" / "story.txt", STORY)
    write(tmp_path / "news" / "clean.txt", CLEAN)
    write(tmp_path / "news" / "deep" / "hostile.md", HOSTILE)
    write(tmp_path / "news" / "notes.rst", STORY)  # not matched by the default include
    return tmp_path / "news"


def report_json(run, *args):
    status, out, err = run("report", *args, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def test_figures_of_a_folder_count_what_explain_reports(run, folder):
    data = report_json(run, "news")
    cleaner = Cleaner()
    texts = [STORY, CLEAN, HOSTILE]
    assert data["documents"] == 3
    assert data["documents_changed"] == sum(cleaner.explain(t).text != t for t in texts)
    assert data["lines_removed"] == sum(len(line_removals(cleaner, t)) for t in texts)
    assert data["lines"] == sum(1 for t in texts for line in t.split("\n") if line.strip())
    assert data["changes"] == sum(len(cleaner.explain(t).changes) for t in texts)
    by_code = {r["code"]: r for r in data["rules"]}
    assert by_code["CW101"]["lines_removed"] == 1 and by_code["CW101"]["family"] == "source-tags"
    assert by_code["CW601"]["changes"] == 1 and by_code["CW601"]["lines_removed"] == 0
    assert sum(r["changes"] for r in data["rules"]) == data["changes"]
    assert sum(f["changes"] for f in data["families"]) == data["changes"]
    example = by_code["CW201"]["examples"][0]
    assert example["text"] == "ALSO READ: Ferry fares rise again" and example["line"] == 3


def test_html_page_is_written_and_marks_each_removed_line(run, folder, tmp_path):
    status, out, err = run("report", "news", "-o", "audit.html")
    assert status == 0 and out == ""
    assert err.startswith("wrote audit.html: 3 documents")
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    cleaner = Cleaner()
    article = re.search(r'<article class="doc" id="(doc-\d+)"[^>]*>\s*<h3[^>]*>news/story.txt</h3>.*?</article>', page, re.S)
    assert article
    struck = {
        (int(n), code)
        for n, code in re.findall(r'<li class="line removed[^"]*" value="(\d+)" data-line="\d+"><del class="mark" tabindex="0" data-code="(CW\d+)"', article.group())
    }
    assert struck == line_removals(cleaner, STORY)
    # The spelling variant is shown in place, before and after.
    assert '<del>Siestan-o-Baluchistan</del><ins>Sistan·and·Baluchistan</ins>' in article.group().replace('<span class="ws">·</span>', "·")


def test_document_text_cannot_break_out_of_the_page(run, folder, tmp_path):
    assert run("report", "news", "-o", "audit.html")[0] == 0
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert page.count("<script") == 1 and page.count("</script>") == 1
    assert "<img" not in page and "<b>plan" not in page
    assert "&lt;/script&gt;&lt;script&gt;window.hacked = 1&lt;/script&gt;" in page
    assert "&lt;b&gt;plan&lt;/b&gt;" in page
    assert "http://example.invalid" in page  # as text, never as a reference


def test_content_security_policy_allows_only_the_inline_blocks(run, folder, tmp_path):
    assert run("report", "news", "-o", "audit.html")[0] == 0
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert csp.startswith("default-src 'none';")
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for source, directive in ((script, "script-src"), (style, "style-src")):
        digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert not re.search(r"\b(?:src|href)=\"(?!#)", page), "the page refers to nothing outside itself"
    assert " style=" not in page  # inline style attributes would need 'unsafe-inline'


def test_lone_surrogates_and_controls_do_not_crash_the_writer(run, tmp_path):
    (tmp_path / "odd.jsonl").write_text(
        '{"id": "s1", "text": "Source: PTI\\nBroken \\ud800 text with a bell \\u0007 here.\\n"}\n', encoding="utf-8"
    )
    status, out, err = run("report", "--jsonl", "odd.jsonl", "-o", "odd.html")
    assert status == 0, err
    page = (tmp_path / "odd.html").read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert "U+D800" in page and "U+0007" in page
    data = report_json(run, "--jsonl", "odd.jsonl")
    assert data["documents"] == 1 and data["sample"]["documents"] == ["odd.jsonl:1 (s1)"]


def test_text_escapes_and_marks():
    assert text("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#x27;"
    assert "U+200B" in text("zero\u200bwidth")


def test_jsonl_gzip_and_fields(run, tmp_path):
    records = [{"id": i, "text": STORY if i % 2 else CLEAN} for i in range(6)] + [{"id": 99}]
    with gzip.open(tmp_path / "corpus.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    data = report_json(run, "--jsonl", ".")
    assert data["documents"] == 6 and data["skipped"] == 1 and data["documents_changed"] == 3
    assert data["field"] == "text" and data["inputs"] == ["."]
    assert data["rules"][0]["examples"][0]["document"] == "corpus.jsonl.gz:2 (1)"


def test_a_record_keeps_its_own_ending(run, tmp_path):
    # A field is not a file: one without a final newline is not changed by adding one.
    texts = ["Nothing here needs cleaning.", STORY.rstrip("\n"), STORY]
    write(tmp_path / "c.jsonl", "".join(json.dumps({"text": t}) + "\n" for t in texts))
    data = report_json(run, "--jsonl", "c.jsonl")
    assert data["documents"] == 3 and data["documents_changed"] == 2
    cleaner = Cleaner()
    assert data["changes"] == sum(len(cleaner.explain_field(t).changes) for t in texts)


def test_selection_and_configuration_are_honoured(run, folder, tmp_path):
    ignored = report_json(run, "news", "--ignore", "CW2")
    assert "CW201" not in {r["code"] for r in ignored["rules"]}
    assert ignored["selection"] == "--ignore CW2"
    write(tmp_path / "cleanwire.toml", 'ignore = ["CW1"]\n')
    configured = report_json(run, "news")
    assert configured["configs"] == ["cleanwire.toml"]
    assert not any(r["code"].startswith("CW1") for r in configured["rules"])
    assert "CW101" in {r["code"] for r in report_json(run, "news", "--isolated")["rules"]}
    status, _, err = run("report", "news", "--select", "CX1")
    assert status == 2 and "matches no rule code" in err


def test_sample_is_deterministic_bounded_and_order_free(tmp_path):
    cleaner = Cleaner()
    docs = [Document(f"c.jsonl:{i}", f"c.jsonl:{i}", STORY if i % 3 else CLEAN) for i in range(60)]

    def collect(documents, seed):
        collector = Collector(cleaner, sample=5, seed=seed, examples=2, review=3)
        for doc in documents:
            collector.add(doc, cleaner.explain(doc.text))
        return collector

    first = collect(docs, 7)
    assert first.figures.documents == 60
    keys = [d.key for d in first.sample()]
    assert len(keys) == 5
    assert keys == [d.key for d in collect(docs, 7).sample()]
    assert sorted(keys) == sorted(d.key for d in collect(list(reversed(docs)), 7).sample())
    assert keys != [d.key for d in collect(docs, 8).sample()]
    # What the page keeps whole is bounded by the sample, the examples and the review list.
    rules_with_removals = sum(1 for t in first.figures.rules.values() if t.lines_removed)
    assert len(first.shown()) <= 5 + 2 * rules_with_removals + 3 + 3


def test_sample_option_limits_the_documents_on_the_page(run, tmp_path):
    for i in range(30):
        write(tmp_path / "many" / f"{i:02}.txt", CLEAN if i % 2 else f"Story number {i} was filed late.\n")
    data = report_json(run, "many", "--sample", "4", "--seed", "3")
    assert data["documents"] == 30 and len(data["sample"]["documents"]) == 4
    assert data["sample"] == report_json(run, "many", "--sample", "4", "--seed", "3")["sample"]
    assert run("report", "many", "--sample", "4", "-o", "p.html")[0] == 0
    assert (tmp_path / "p.html").read_text(encoding="utf-8").count('<article class="doc"') == 4


def test_review_first_lists_risky_removals_and_budget_refusals(run, tmp_path):
    risky = (
        "The mayor opened the new library on Saturday.\n"
        'ALSO READ: Minister said "no" to the new budget\n'
        "Hundreds of residents queued to get in.\n"
    )
    budget = "Source: PTI\nALSO READ: Other news\nFollow us on Twitter\nOne line of story.\n"
    write(tmp_path / "in" / "risky.txt", risky)
    write(tmp_path / "in" / "budget.txt", budget)
    data = report_json(run, "in")
    assert data["documents_budget_kept"] == 1
    assert data["budget"][0]["document"] == "in/budget.txt" and "removal budget" in data["budget"][0]["note"]
    assert line_removals(Cleaner(), risky) == {(2, "CW201")}
    entry = data["review"][0]
    assert (entry["document"], entry["line"], entry["rule"]) == ("in/risky.txt", 2, "CW201")
    assert entry["reasons"] == ["reporting verb", "quotation", "inside the story"]


def test_labels_mark_missed_and_wrongly_removed_lines(run, tmp_path):
    from cleanwire.evaluate import evaluate, load_records

    records = [
        # line 2 is labelled content although a rule removes it; line 3 is boilerplate no rule knows
        {"id": "a1", "raw": "Harbour berth approved\nThe board approved a berth.\nALSO READ: Ferry fares rise\nThis page is brought to you by the Harbour Weekly team.\nThe work on the berth starts in May.\n",
         "boilerplate_line_numbers": [3]},
        {"id": "c1", "category": "clean", "raw": "Rain delays harvest\nFarmers said the rain came late.\n"},
    ]
    write(tmp_path / "set.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    data = report_json(run, "--labels", "set.jsonl")
    expected = evaluate(load_records(tmp_path / "set.jsonl")).as_dict()
    for key in ("recall", "precision", "content_loss", "misses", "boilerplate_lines", "content_lines"):
        assert data["labels"][key] == expected[key]
    assert data["labels"]["missed_boilerplate"] == 1 and data["labels"]["wrongly_removed"] == 1
    assert run("report", "--labels", "set.jsonl", "-o", "l.html")[0] == 0
    page = (tmp_path / "l.html").read_text(encoding="utf-8")
    assert re.search(r'<li class="line removed [^"]*lost[^"]*" value="3"', page)
    assert re.search(r'<li class="line missed" value="4"', page)
    assert 'data-figure="labels.wrongly_removed">1<' in page
    assert '<button type="button" class="toggle" id="only-misses" aria-pressed="false">' in page
    assert re.search(r'<article class="doc" id="doc-0"[^>]* data-misses="2">', page)


def test_usage_errors(run, folder, tmp_path):
    write(tmp_path / "set.jsonl", '{"raw": "One line.\\n"}\n')
    assert run("report", "news", "--labels", "set.jsonl")[0] == 2
    assert run("report")[0] == 2
    assert run("report", "news", "--sample", "-1")[0] == 2
    status, _, err = run("report", "missing-folder")
    assert status == 2 and "missing-folder" in err


def test_parallel_run_gives_the_same_figures(run, tmp_path):
    lines = [json.dumps({"id": i, "text": STORY if i % 2 else HOSTILE}) for i in range(40)]
    write(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    assert report_json(run, "--jsonl", "c.jsonl", "-j", "2") == report_json(run, "--jsonl", "c.jsonl")


def test_split_lines_numbers_lines_as_explain_does():
    raw = "Source: PTI\r\nStory line.\u2028ALSO READ: More\rEnd of story here.\n"
    cleaner = Cleaner()
    lines = split_lines(raw)
    for line, code in line_removals(cleaner, raw):
        assert lines[line - 1].strip() in {"Source: PTI", "ALSO READ: More"}


def test_page_builder_on_its_own():
    cleaner = Cleaner()
    collector = Collector(cleaner, sample=10)
    for i, raw in enumerate([STORY, CLEAN, HOSTILE]):
        collector.add(Document(f"d{i}", f"d{i}", raw), cleaner.explain(raw))
    data = summarise(collector, {"inputs": ["memory"]})
    page = render(collector, data, title="Audit <of> things")
    assert "<title>Audit &lt;of&gt; things</title>" in page
    assert page.count('<article class="doc"') == 3
    assert 'id="only-misses"' not in page  # only with labels
    assert f'data-figure="lines_removed" data-value="{data["lines_removed"]}"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="chart-rules" role="img"' in page
    for rule in data["rules"]:
        assert f'<g class="bar fam-' in page and f'data-label="{rule["code"]}" data-value="{rule["changes"]}"' in page
    # every mark can take keyboard focus and names its rule
    for tag in re.findall(r"<(?:del|span) class=\"(?:mark|edit)[^>]*>", page):
        assert 'tabindex="0"' in tag and re.search(r'data-tip="CW\d+ [a-z-]+"', tag)


@pytest.mark.parametrize("module", ["collect", "page", "summary"])
def test_module_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"cleanwire.report.{module}"))
    assert result.failed == 0


def test_each_file_is_explained_with_its_own_configuration(run, tmp_path):
    write(tmp_path / "wire" / "a.txt", STORY)
    write(tmp_path / "desk" / "b.txt", STORY)
    write(tmp_path / "desk" / "cleanwire.toml", 'ignore = ["CW1"]\n')
    data = report_json(run, "wire", "desk")
    assert [os.path.basename(c) for c in data["configs"]] == ["cleanwire.toml"]
    by_code = {r["code"]: r for r in data["rules"]}
    assert by_code["CW101"]["documents"] == 1 and by_code["CW201"]["documents"] == 2
    assert report_json(run, "wire", "desk", "--isolated")["configs"] == []
    assert {r["code"]: r["documents"] for r in report_json(run, "wire", "desk", "--isolated")["rules"]}["CW101"] == 2


def test_xz_corpus_and_a_damaged_one(run, tmp_path):
    import lzma

    (tmp_path / "c.jsonl.xz").write_bytes(lzma.compress((json.dumps({"text": STORY}) + "\n").encode()))
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress((json.dumps({"text": STORY}) + "\n") .encode() * 50)[:60])
    status, out, err = run("report", "--jsonl", ".", "--format", "json")
    data = json.loads(out)
    assert status == 2 and data["errors"] == 1 and "d.jsonl.gz" in err
    assert data["documents"] == 1 and data["sample"]["documents"] == ["c.jsonl.xz:1"]


def test_a_subfolder_configuration_chooses_its_files(run, tmp_path):
    write(tmp_path / "news" / "a.txt", STORY)
    write(tmp_path / "news" / "desk" / "drafts" / "b.txt", STORY)
    write(tmp_path / "news" / "desk" / "c.txt", STORY)
    write(tmp_path / "news" / "desk" / "cleanwire.toml", 'exclude = ["drafts"]\n')
    data = report_json(run, "news")
    assert data["documents"] == 2
    assert "news/desk/drafts/b.txt" not in data["sample"]["documents"]
    everything = report_json(run, "news", "--exclude", "nothing")  # the command line replaces them all
    assert everything["documents"] == 3 and "news/desk/drafts/b.txt" in everything["sample"]["documents"]


def test_the_projects_labelled_corpus(run, root):
    from cleanwire.evaluate import evaluate, load_records

    labelled = root / "corpus" / "labelled" / "news.jsonl"
    data = report_json(run, "--labels", str(labelled), "--isolated")
    expected = evaluate(load_records(labelled)).as_dict()
    assert data["documents"] == expected["documents"] == len(load_records(labelled))
    assert data["labels"]["misses"] == expected["misses"]
    assert (data["labels"]["recall"], data["labels"]["precision"]) == (expected["recall"], expected["precision"])
    assert data["labels"]["wrongly_removed"] == sum(m["what"] in ("LOST", "LOOKALIKE") for m in expected["misses"])
