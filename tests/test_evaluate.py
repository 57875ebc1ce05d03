"""``cleanwire eval``: scoring checked on small hand-made sets with known answers."""

import doctest
import json

import pytest

import cleanwire.evaluate
from cleanwire import Cleaner
from cleanwire.evaluate import LabelError, evaluate, load_records, main, parse_record
from cleanwire.model import Change, Explanation

from .conftest import ROOT

LABELLED = sorted((ROOT / "corpus" / "labelled").glob("*.jsonl"))


def record(raw, boilerplate=(), **labels):
    data = {"id": labels.pop("id", "doc"), "raw": raw, "boilerplate_line_numbers": list(boilerplate), **labels}
    return parse_record(data, "test")


class FakeCleaner:
    """A cleaner with a fixed behaviour, to score against known answers."""

    rules = ()

    def __init__(self, transform, changes=lambda raw: ()):
        self.transform = transform
        self.changes = changes

    def explain(self, text):
        return Explanation(self.transform(text), tuple(self.changes(text)))


DELETES_EVERYTHING = FakeCleaner(lambda text: "")
DELETES_NOTHING = FakeCleaner(lambda text: text)

# Line 0 headline, 2 and 4 content (4 a lookalike), 3 a promo, 5 a caption, 6 a credit.
ARTICLE = (
    "Harbour berth approved\n"
    "\n"
    "The port authority approved a second container berth on Tuesday, officials said.\n"
    "ALSO READ: Fishermen protest licensing fee\n"
    "Sources within the authority said the contract would be awarded soon.\n"
    "A crane at the western wharf. (Photo: staff)\n"
    "(With inputs from agencies)\n"
)
ARTICLE_LABELS = dict(
    boilerplate=[3, 6],
    boilerplate_kinds=[{"line": 3, "kind": "cross_promo"}, {"line": 6, "kind": "agency_credit"}],
    maybe_lines=[{"line": 5, "text": "A crane at the western wharf. (Photo: staff)", "kind": "photo_caption"}],
    lookalike_lines=[{"line": 4, "text": "Sources within the authority said the contract would be awarded soon."}],
)
CLEAN = "Rain delays harvest\n\nFarmers said the late rain had delayed the wheat harvest by a week.\n"


def article(**extra):
    return record(ARTICLE, **{**ARTICLE_LABELS, **extra})


def clean_doc():
    return record(CLEAN, id="clean", category="clean")


# ----------------------------------------------------------------- known answers


def test_default_cleaner_on_a_small_article():
    report = evaluate([article(), clean_doc()])
    assert (report.boilerplate.total, report.boilerplate.removed) == (2, 2)
    assert report.content.total == 5  # three in the article (blank line not counted), two in the clean one
    assert report.content.removed == 0
    assert report.recall == 1.0 and report.precision == 1.0 and report.content_loss == 0.0
    assert (report.lookalikes.total, report.lookalikes.removed) == (1, 0)
    assert (report.clean_docs.total, report.clean_docs.removed) == (1, 0)
    assert report.rules["CW201"].boilerplate == 1 and report.rules["CW102"].boilerplate == 1
    assert {kind: (t.total, t.removed) for kind, t in report.kinds.items()} == {
        "cross_promo": (1, 1),
        "agency_credit": (1, 1),
    }
    assert report.misses == []


def test_a_cleaner_that_deletes_everything():
    report = evaluate([article(), clean_doc()], DELETES_EVERYTHING)
    assert report.recall == 1.0
    assert (report.content.total, report.content.removed) == (5, 5)
    assert report.content_loss == 1.0
    assert report.precision == 2 / 7
    assert (report.lookalikes.total, report.lookalikes.removed) == (1, 1)
    assert (report.clean_docs.total, report.clean_docs.removed) == (1, 1)
    assert (report.soft.total, report.soft.removed) == (1, 1)
    # No change was reported, so the removals cannot be pinned on a rule.
    assert report.rules["unattributed"].content == 5
    assert sorted(m.what for m in report.misses) == ["LOOKALIKE"] + ["LOST"] * 4


def test_a_cleaner_that_deletes_nothing():
    report = evaluate([article(), clean_doc()], DELETES_NOTHING)
    assert report.recall == 0.0
    assert report.precision is None  # nothing removed: precision is undefined, not perfect
    assert report.content_loss == 0.0
    assert (report.soft.total, report.soft.removed) == (1, 0)
    assert [(m.line, m.what, m.detail) for m in report.misses] == [(3, "MISSED", "cross_promo"), (6, "MISSED", "agency_credit")]
    assert report.as_dict()["precision"] is None


def test_removals_are_attributed_to_the_rule_that_reported_them():
    def drop_line_four(text):
        lines = text.split("\n")
        return "\n".join(lines[:4] + lines[5:])

    cleaner = FakeCleaner(drop_line_four, lambda raw: [Change("CW999", "eager", 5, "Sources within", "")])
    report = evaluate([article()], cleaner)
    assert report.rules["CW999"].content == 1 and report.rules["CW999"].lookalike == 1
    assert report.rules["CW999"].changes == 1
    assert [(m.line, m.what, m.detail) for m in report.misses if m.what != "MISSED"] == [(4, "LOOKALIKE", "CW999")]


def test_maybe_lines_count_neither_way():
    kept = evaluate([article()], Cleaner())
    dropped = evaluate([article()], Cleaner(patterns={"CW509": [r"a crane at .*"]}))
    for report in (kept, dropped):
        assert report.recall == 1.0 and report.content_loss == 0.0 and report.precision == 1.0
    assert (kept.soft.total, kept.soft.removed) == (1, 0)
    assert (dropped.soft.total, dropped.soft.removed) == (1, 1)
    assert dropped.rules["CW509"].soft == 1


def test_spelling_and_whitespace_repair_is_not_removal():
    raw = "Talks\u00a0 resumed in Siestan-o-Baluchistan today, officials said.\u00a0\n\u00a0\nThe border reopened on Monday.\n"
    report = evaluate([record(raw, category="clean")])
    assert report.content.total == 2 and report.content.removed == 0
    assert report.rules["CW601"].changes == 1


def test_repeated_lines_are_matched_once():
    raw = "Advertisement\nThe first paragraph of the story.\nAdvertisement\nThe second paragraph.\n"

    def drop_first(text):
        return text.split("\n", 1)[1]

    report = evaluate([record(raw, [0, 2])], FakeCleaner(drop_first))
    assert (report.boilerplate.total, report.boilerplate.removed) == (2, 1)
    assert [(m.line, m.what) for m in report.misses] == [(2, "MISSED")]


def test_blank_and_invisible_lines_are_not_counted():
    raw = "Headline\n\u00a0\n\u200b\n \nThe story.\n"
    report = evaluate([record(raw, artifact_lines=[{"line": 1, "text": "\u00a0"}])], DELETES_NOTHING)
    assert report.content.total == 2 and report.soft.total == 0


def test_a_reflowed_paragraph_still_counts_as_kept():
    raw = "The committee met on Tuesday morning in the capital\nand agreed to publish the report next week.\nRead more\n"

    def reflow(text):
        return text.replace("capital\nand", "capital and").replace("Read more\n", "")

    report = evaluate([record(raw, [2], category="boilerplate")], FakeCleaner(reflow))
    assert report.content.removed == 0 and report.boilerplate.removed == 1


def test_a_short_line_found_inside_a_neighbour_is_still_removed():
    raw = "Budget passed\n0\nThe vote was 10 to 0 in favour.\n"

    def drop_counter(text):
        return text.replace("\n0\n", "\n")

    report = evaluate([record(raw, [1])], FakeCleaner(drop_counter))
    assert report.boilerplate.removed == 1 and report.misses == []


def test_a_short_reflowed_line_counts_as_kept():
    raw = "The committee met on Tuesday morning\nand agreed.\nRead more\n"

    def reflow(text):
        return "The committee met on Tuesday morning and agreed.\n"

    report = evaluate([record(raw, [2])], FakeCleaner(reflow))
    assert (report.content.total, report.content.removed) == (2, 0)


# ----------------------------------------------------------------- run-on documents


RUN_ON = (
    "Night buses for three routes\n"
    "The corporation will run night buses from next week. ALSO READ: Fares revised after fuel hike "
    "The buses will run every half hour until dawn.\n"
)
SPAN = "ALSO READ: Fares revised after fuel hike"


def run_on():
    return record(
        RUN_ON,
        structure="run-on",
        boilerplate_spans=[{"line": 1, "text": SPAN, "kind": "cross_promo"}],
    )


def test_run_on_span_missed_by_a_line_cleaner():
    report = evaluate([run_on()], Cleaner())
    assert (report.spans.total, report.spans.removed) == (1, 0)
    assert report.span_recall == 0.0
    assert report.content.removed == 0
    assert [(m.line, m.what, m.detail) for m in report.misses] == [(1, "SPAN", "cross_promo")]


def test_run_on_span_cut_inline():
    report = evaluate([run_on()], FakeCleaner(lambda text: text.replace(SPAN + " ", "")))
    assert (report.spans.total, report.spans.removed) == (1, 1)
    assert report.content.total == 2 and report.content.removed == 0
    assert report.kinds["cross_promo"].removed == 1


def test_run_on_whole_line_removed_loses_content():
    report = evaluate([run_on()], FakeCleaner(lambda text: text.split("\n")[0] + "\n"))
    assert report.spans.removed == 1
    assert (report.content.total, report.content.removed) == (2, 1)
    assert [m.what for m in report.misses] == ["LOST"]


def test_span_without_line_number_is_found_in_raw():
    rec = record(RUN_ON, structure="run-on", boilerplate_spans=[SPAN])
    assert rec.spans[0].line == 1 and rec.spans[0].kind == "unlabelled"


# ----------------------------------------------------------------- robustness


def test_a_crash_is_counted_and_the_run_goes_on():
    class Crashes(FakeCleaner):
        def explain(self, text):
            if "port authority" in text:
                raise RuntimeError("boom")
            return super().explain(text)

    report = evaluate([article(), clean_doc()], Crashes(lambda t: t))
    assert report.errors == 1 and report.documents == 2
    assert report.misses[0].what == "ERROR" and report.misses[0].detail == "RuntimeError"
    assert report.content.total == 2


def test_removal_budget_flags_are_counted():
    raw = "ALSO READ: One\nALSO READ: Two\nALSO READ: Three\nA short line.\n"
    report = evaluate([record(raw, [0, 1, 2])])
    assert report.budget_flags == 1 and report.boilerplate.removed == 0


@pytest.mark.parametrize(
    "data,message",
    [
        ({"boilerplate_line_numbers": [0]}, "missing field 'raw'"),
        ({"raw": 3}, "'raw' must be a string"),
        ({"raw": "a\nb", "boilerplate_line_numbers": [2]}, r"line 2 is out of range \(the text has 2 lines"),
        ({"raw": "a\nb", "boilerplate_line_numbers": ["1"]}, "is not an integer"),
        ({"raw": "a\nb", "boilerplate_line_numbers": 1}, "must be a list"),
        ({"raw": "a\nb", "lookalike_lines": ["c"]}, "lookalike_lines: text 'c' is not a line of raw"),
        ({"raw": "a\nb", "boilerplate_kinds": [{"line": 1, "kind": "x"}]}, "line 1 is not in boilerplate_line_numbers"),
        ({"raw": "a b", "boilerplate_spans": [{"line": 0, "text": "c"}]}, "is not in line 0"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_bad_labels_name_the_problem(data, message):
    with pytest.raises(LabelError, match=message):
        parse_record(data, "set.jsonl:4")


def test_bad_file_names_file_and_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"raw": "a"}\n\n{"raw": \n', encoding="utf-8")
    with pytest.raises(LabelError, match=r"set\.jsonl:3: invalid JSON"):
        load_records(path)
    path.write_text('{"id": "x", "raw": "a"}\n{"id": "x", "raw": "b"}\n', encoding="utf-8")
    with pytest.raises(LabelError, match=r"set\.jsonl:2: id 'x' is already used at .*set\.jsonl:1"):
        load_records(path)
    path.write_bytes(b'{"raw": "\xff"}\n')
    with pytest.raises(LabelError, match="not valid UTF-8 at byte 9"):
        load_records(path)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(LabelError, match="no labelled documents"):
        load_records(path)


def test_kinds_may_be_a_mapping():
    rec = record("a\nb\n", [1], boilerplate_kinds={"1": "ui_chrome"})
    assert rec.kinds == {1: "ui_chrome"}


# ----------------------------------------------------------------- command line


def write_set(tmp_path, *records):
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


ARTICLE_JSON = {"id": "a1", "raw": ARTICLE, "boilerplate_line_numbers": ARTICLE_LABELS["boilerplate"],
                **{k: v for k, v in ARTICLE_LABELS.items() if k != "boilerplate"}}


def test_main_prints_figures(tmp_path, capsys):
    path = write_set(tmp_path, ARTICLE_JSON, {"id": "c1", "raw": CLEAN, "category": "clean"})
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: 2 documents, 2 boilerplate lines, 5 content lines, 1 soft line\n")
    assert "  boilerplate recall   1.000  2/2 removed\n" in out
    assert "  lookalikes lost      0/1\n" in out
    assert "  clean docs touched   0/1\n" in out
    assert "  CW201                    1        0     0\n" in out


def test_main_json_and_ignore(tmp_path, capsys):
    path = write_set(tmp_path, ARTICLE_JSON)
    assert main([str(path), "--format", "json", "--ignore", "CW2", "--show", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["boilerplate_lines"] == {"total": 2, "removed": 1}
    assert data["misses"] == [
        {"id": "a1", "line": 3, "what": "MISSED", "detail": "cross_promo", "text": "ALSO READ: Fishermen protest licensing fee"}
    ]
    assert main([str(path), "--format", "json", "--select", "CW201"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"]["CW201"]["boilerplate"] == 1


def test_main_reads_configuration(tmp_path, capsys):
    path = write_set(tmp_path, ARTICLE_JSON)
    config = tmp_path / "cleanwire.toml"
    config.write_text('ignore = ["CW1"]\n', encoding="utf-8")
    assert main([str(path), "--config", str(config), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["boilerplate_lines"]["removed"] == 1
    config.write_text('ignroe = ["CW1"]\n', encoding="utf-8")
    assert main([str(path), "--config", str(config)]) == 2
    assert "did you mean 'ignore'" in capsys.readouterr().err


def test_main_shows_misses(tmp_path, capsys):
    path = write_set(tmp_path, ARTICLE_JSON)
    main([str(path), "--ignore", "CW1,CW2", "--show", "1"])
    out = capsys.readouterr().out
    assert "  misses (1 of 2):\n  a1:3  MISSED cross_promo  ALSO READ: Fishermen protest licensing fee\n" in out
    main([str(path), "--ignore", "CW1,CW2", "--show", "0"])
    assert "2 misses (--show N lists them)" in capsys.readouterr().out


def test_main_bad_input_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl: cannot read" in capsys.readouterr().err
    path = write_set(tmp_path, {"raw": "a"})
    assert main([str(path), "--select", "CX9"]) == 2
    assert "'CX9' matches no rule code" in capsys.readouterr().err


def test_module_docstrings():
    result = doctest.testmod(cleanwire.evaluate)
    assert result.attempted > 0 and result.failed == 0


# ----------------------------------------------------------------- the project's own labelled set


def test_labelled_set_is_substantial_and_varied():
    records = [r for path in LABELLED for r in load_records(path)]
    assert len(records) >= 30
    categories = {r.category for r in records}
    assert {"clean", "boilerplate"} <= categories
    assert sum(len(r.lookalikes) for r in records) >= 10
    assert any(r.structure == "run-on" and r.spans for r in records)
    assert len({r.id.split("-")[0] for r in records}) >= 6  # several outlet styles


def test_default_rules_keep_every_lookalike_of_the_labelled_set():
    records = [r for path in LABELLED for r in load_records(path)]
    report = evaluate(records)
    assert report.errors == 0
    assert report.lookalikes.removed == 0
    assert report.clean_docs.removed == 0


def test_labelled_set_measures_the_structure_stage():
    """Every structure rule that works on whole lines removes labelled boilerplate in the
    set, and none removes content; the run-on rule removes some inline spans."""
    records = [r for path in LABELLED for r in load_records(path)]
    report = evaluate(records)
    for code in ("CW702", "CW703", "CW704", "CW705", "CW706", "CW707", "CW708"):
        assert report.rules[code].boilerplate > 0, code
        assert report.rules[code].content == 0, code
    assert report.spans.removed > 0 and report.rules["CW751"].content == 0
    structure = sum(1 for r in records if r.id.startswith("structure-"))
    assert structure >= 15


def test_isolated_ignores_the_configuration_and_flags_repeat(tmp_path, capsys, monkeypatch):
    path = write_set(tmp_path, ARTICLE_JSON)
    (tmp_path / "cleanwire.toml").write_text('ignore = ["CW1", "CW2"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main([str(path), "--format", "json"]) == 0  # found by walking up from here
    assert json.loads(capsys.readouterr().out)["boilerplate_lines"]["removed"] == 0
    assert main([str(path), "--format", "json", "--isolated"]) == 0
    assert json.loads(capsys.readouterr().out)["boilerplate_lines"]["removed"] == 2
    assert main([str(path), "--format", "json", "--isolated", "--ignore", "CW1", "--ignore", "cw201"]) == 0
    assert json.loads(capsys.readouterr().out)["boilerplate_lines"]["removed"] == 0


def test_several_files_are_scored_together(tmp_path, capsys):
    first = write_set(tmp_path, ARTICLE_JSON)
    second = tmp_path / "more.jsonl"
    second.write_text(json.dumps({"id": "c1", "raw": CLEAN, "category": "clean"}) + "\n", encoding="utf-8")
    assert main([str(first), str(second), "--isolated"]) == 0
    assert capsys.readouterr().out.startswith("2 files: 2 documents, 2 boilerplate lines, 5 content lines")


@pytest.mark.parametrize("label", [" ", "\u00a0", "\u200b", {"text": " "}])
def test_whitespace_only_artifact_labels_name_their_lines(label):
    # artifact_lines exist to label lines of only spaces or invisible characters; such
    # a label must resolve, not stop the run with "is not a line of raw".
    raw = "Headline\n \n\u00a0\nThe story goes on.\n"
    parsed = record(raw, artifact_lines=[label])
    assert parsed is not None
    report = evaluate([parsed], DELETES_NOTHING)
    assert report.content.total == 2


def test_whitespace_only_label_without_such_a_line_is_an_error():
    with pytest.raises(LabelError, match="is not a line of raw"):
        record("Headline\nThe story.\n", artifact_lines=[" "])
