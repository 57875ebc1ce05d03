"""Configuration files: discovery, every key's effect, and the errors bad files give."""

import os

import pytest

from cleanwire import cli
from cleanwire.config import ConfigError, build_cleaner, find_config, load_config, parse_config

BODY = (
    "The council met on Monday to approve the budget for the coming year.\n\n"
    "Members debated the plan for three hours before the final vote.\n"
)


def clean_with(run, tmp_path, text, *argv):
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    status, _, err = run(*argv, "story.txt")
    assert status == 0, err
    return (tmp_path / "story.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------------- finding


def test_pyproject_tool_table_is_found_walking_up(run, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cleanwire]\nignore = ["CW1"]\n')
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    (sub / "story.txt").write_text("Source: PTI\n" + BODY, encoding="utf-8")
    monkeypatch.chdir(sub)
    assert find_config() == str(tmp_path / "pyproject.toml")
    assert cli.main(["story.txt"]) == 0
    assert (sub / "story.txt").read_text(encoding="utf-8").startswith("Source: PTI")


def test_cleanwire_toml_wins_over_pyproject_in_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.cleanwire]\nignore = ['CW1']\n")
    (tmp_path / ".cleanwire.toml").write_text("ignore = ['CW2']\n")
    assert find_config(str(tmp_path)) == str(tmp_path / ".cleanwire.toml")
    (tmp_path / "cleanwire.toml").write_text("ignore = ['CW3']\n")
    assert find_config(str(tmp_path)) == str(tmp_path / "cleanwire.toml")


def test_pyproject_without_tool_table_is_passed_over(tmp_path):
    (tmp_path / "cleanwire.toml").write_text("ignore = ['CW1']\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(str(project)) == str(tmp_path / "cleanwire.toml")


def test_walk_stops_at_repository_root(tmp_path):
    (tmp_path / "cleanwire.toml").write_text("ignore = ['CW1']\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(str(repo)) is None


def test_explicit_config_and_isolated(run, tmp_path):
    (tmp_path / "cleanwire.toml").write_text("ignore = ['CW1']\n")
    (tmp_path / "other.toml").write_text("ignore = ['CW2']\n")
    text = "Source: PTI\n" + BODY + "\nALSO READ: More\n"
    assert clean_with(run, tmp_path, text) == "Source: PTI\n" + BODY
    assert clean_with(run, tmp_path, text, "--config", "other.toml") == BODY + "\nALSO READ: More\n"
    assert clean_with(run, tmp_path, text, "--isolated") == BODY
    status, _, err = run("--config", "missing.toml", "story.txt")
    assert status == 2 and "missing.toml: configuration file not found" in err


# -------------------------------------------------------------------- each key


def test_command_line_select_and_ignore_override_the_file(run, tmp_path):
    (tmp_path / "cleanwire.toml").write_text("ignore = ['CW1', 'CW2']\n")
    text = "Source: PTI\n" + BODY + "\nALSO READ: More\n"
    assert clean_with(run, tmp_path, text, "--ignore", "CW2") == BODY + "\nALSO READ: More\n"
    # ruff's rule: the more specific prefix wins, so --select CW201 beats ignore CW2;
    # the file's ignore list still stands, as --select replaces only the selection.
    assert clean_with(run, tmp_path, text, "--select", "CW201,CW9") == "Source: PTI\n" + BODY
    assert clean_with(run, tmp_path, text, "--select", "CW2") == text


def test_include_and_exclude_keys(run, tmp_path):
    (tmp_path / "cleanwire.toml").write_text("include = ['*.rst']\nexclude = ['skip/']\n")
    for name in ("a.rst", "b.txt", "skip/c.rst"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("Source: PTI\n" + BODY, encoding="utf-8")
    status, _, err = run(".")
    assert err == "cleaned a.rst\n1 file cleaned\n"


def test_extra_patterns_custom_rules_and_keep(run, tmp_path):
    (tmp_path / "cleanwire.toml").write_text(
        """
keep = ['^Source: our own desk$']

[patterns]
CW201 = ['see also: .+']

[[rules]]
code = "CW801"
name = "desk-sign-off"
summary = "Our desk's sign-off."
patterns = ['-- the desk --']
"""
    )
    text = "Source: our own desk\nSee also: the archive\n" + BODY + "\n-- the desk --\n"
    assert clean_with(run, tmp_path, text) == "Source: our own desk\n" + BODY
    status, out, _ = run("--list-rules")
    assert "CW801  desk-sign-off" in out


def test_variants_table_key(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cleanwire.variants]\n"Kyiv" = ["Kiev"]\n')
    assert clean_with(run, tmp_path, "Talks in Kiev resumed.\n") == "Talks in Kyiv resumed.\n"


def test_variant_tables_and_removal_budget_keys():
    cfg = parse_config({"variant-tables": ["places"], "max-removed-share": 0.9, "max-line-length": 50}, "c.toml")
    cleaner = build_cleaner(cfg)
    assert cleaner.options.max_removed_share == 0.9
    # Two of three lines are boilerplate: over the default budget, within 0.9.
    text = "Source: PTI\nALSO READ: x\nOne sentence.\n"
    assert cleaner.clean(text) == "One sentence.\n"
    assert build_cleaner(parse_config({}, "c.toml")).clean(text) == text
    long = "Source: " + "x" * 60 + "\n" + BODY
    assert cleaner.clean(long) == long


def test_ftfy_options_table(run, tmp_path):
    text = "Fish &amp; chips.\n"
    assert clean_with(run, tmp_path, text) == text
    (tmp_path / "cleanwire.toml").write_text("[ftfy]\nunescape-html = true\n")
    assert clean_with(run, tmp_path, text) == "Fish & chips.\n"


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "content, message",
    [
        ("selct = ['CW1']\n", "cleanwire.toml: unknown key 'selct' (did you mean 'select'?)"),
        ("max_line_length = 10\n", "cleanwire.toml: unknown key 'max_line_length' (did you mean 'max-line-length'?)"),
        ("[ftfy]\nuncurl-quote = true\n", "cleanwire.toml: unknown key 'ftfy.uncurl-quote' (did you mean 'ftfy.uncurl-quotes'?)"),
        ("ignore = 5\n", "cleanwire.toml: ignore: expected a list of strings, got 5"),
        ("max-removed-share = 1.5\n", "cleanwire.toml: max-removed-share: expected a number greater than 0 and at most 1, got 1.5"),
        ("max-line-length = 0\n", "cleanwire.toml: max-line-length: expected a positive integer, got 0"),
        ("[ftfy]\nnormalization = 'NFX'\n", "cleanwire.toml: ftfy.normalization: expected"),
        ("variant-tables = ['placse']\n", "cleanwire.toml: variant-tables: no packaged variant table 'placse' (did you mean 'places'?)"),
        ("select = ['CW99']\n", "cleanwire.toml: select: 'CW99' matches no rule code"),
        ("keep = ['(unclosed']\n", "cleanwire.toml: keep: pattern '(unclosed' does not compile"),
        ("[patterns]\nCW201 = ['read (more']\n", "cleanwire.toml: rule CW201: pattern 'read (more' does not compile"),
        ("[patterns]\nCW999 = ['x']\n", "cleanwire.toml: patterns for CW999: no boilerplate rule has that code"),
        ("[[rules]]\ncode = 'CW101'\nname = 'x'\npatterns = ['y']\n", "cleanwire.toml: custom rule code CW101 is already used"),
        ("[[rules]]\ncode = 'CW801'\nname = 'x'\npatterns = ['a[']\n", "cleanwire.toml: rule CW801: pattern 'a[' does not compile"),
        ("[variants]\n'Kyiv' = ['Kiev']\n'Kiyv' = ['Kiev']\n", "cleanwire.toml: variants: variant 'Kiev' is listed under both"),
        ("ignore = [\n", "cleanwire.toml: not valid TOML"),
    ],
)
def test_bad_configuration_exits_2_naming_file_and_key(run, tmp_path, content, message):
    (tmp_path / "cleanwire.toml").write_text(content)
    story = tmp_path / "story.txt"
    story.write_text("Source: PTI\n" + BODY, encoding="utf-8")
    status, out, err = run("story.txt")
    assert status == 2
    assert err.startswith("cleanwire: error: " + message), err
    assert story.read_text(encoding="utf-8") == "Source: PTI\n" + BODY


def test_errors_in_pyproject_name_the_table(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.cleanwire]\nexlude = ['x']\n")
    status, _, err = run("x.txt")
    assert status == 2
    assert err == "cleanwire: error: pyproject.toml: [tool.cleanwire]: unknown key 'exlude' (did you mean 'exclude'?)\n"


def test_config_without_tool_table_named_explicitly(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match="has no \\[tool.cleanwire\\] table"):
        load_config(str(tmp_path / "pyproject.toml"))


def test_loaded_config_cleaner_pickles(tmp_path):
    import pickle

    (tmp_path / "c.toml").write_text("[variants]\n'Kyiv' = ['Kiev']\n[ftfy]\nuncurl-quotes = true\n")
    cleaner = build_cleaner(load_config(str(tmp_path / "c.toml")))
    again = pickle.loads(pickle.dumps(cleaner))
    assert again.clean("“Kiev”\n") == cleaner.clean("“Kiev”\n") == '"Kyiv"\n'
    assert os.path.basename(again.options.source) == "c.toml"


def test_patterns_that_compile_but_are_wrong_are_rejected_on_load(run, tmp_path):
    # The rule-pack linter runs when a configuration loads: an unescaped dot meant
    # as a full stop is an error naming the file, key and pattern.
    (tmp_path / "cleanwire.toml").write_text("[patterns]\nCW101 = ['dawn.com', '[A-z]+ news']\n")
    (tmp_path / "story.txt").write_text("Source: PTI\n" + BODY, encoding="utf-8")
    status, _, err = run("story.txt")
    assert status == 2
    assert err.startswith("cleanwire: error: cleanwire.toml: patterns.CW101: CWL002 ")
    assert "'dawn.com'" in err and "(and 1 more; run 'cleanwire lint-rules' to see all)" in err
    assert (tmp_path / "story.txt").read_text(encoding="utf-8") == "Source: PTI\n" + BODY
