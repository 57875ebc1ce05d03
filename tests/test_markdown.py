"""Markdown files: the prose is cleaned, the structure is kept byte for byte."""

from __future__ import annotations

import doctest
import subprocess

from hypothesis import given
from hypothesis import strategies as st

import cleanwire.markdown
from cleanwire import Cleaner
from cleanwire.markdown import MarkdownCleaner, segments
from cleanwire.testing import boilerplate_samples, prose_lines

# Every construct the news pipeline would damage, with boilerplate lines and untidy
# prose whitespace among them.
EVERY = """\
---
title: Floods  in the valley
tags: [news,  weather]
---

# Floods hit the valley

Rescue teams reached three villages on Tuesday.  
The line above ends in a hard break, and this one does not.
ALSO READ: Markets rally on budget day

Officials  said   the road to Siestan-o-Baluchistan would reopen.\u00a0
Source: PTI

- a list item
- Follow us on Twitter for more updates
  - a nested item with  two spaces
    - deeper still, indented four
- `Siestan-o-Baluchistan` in inline code stays, as does `return  1`.
- a link [to the report](https://example.com/Siestan-o-Baluchistan  "Title") and <https://example.com/a__b>.

    def indented():
        return  1

```python
def fenced():
    return  1   # Siestan-o-Baluchistan
```

~~~
tilde  fence
~~~

| Column  A | Column B |
|-----------|----------|
| Source: PTI |  cell  |

> A quote with  spaces and ALSO READ: inside.

***

___

Setext heading
--------------

<div class="embed">
  Follow us on Twitter
</div>

<!-- a comment
ALSO READ: hidden -->

[ref]: https://example.com/ALSO  "READ"

Final paragraph with a hard break\\
and a backslash.



"""

# What is left: the three boilerplate lines go, prose whitespace is tidied (the
# double spaces, the no-break space at a line's end, the blank lines at the end), the
# variant in prose is rewritten; nothing else changes.
EXPECTED = (
    EVERY.replace("ALSO READ: Markets rally on budget day\n", "")
    .replace(
        "Officials  said   the road to Siestan-o-Baluchistan would reopen.\u00a0\nSource: PTI\n",
        "Officials said the road to Sistan and Baluchistan would reopen.\n",
    )
    .replace("- Follow us on Twitter for more updates\n", "")
    .replace("  - a nested item with  two spaces\n", "  - a nested item with two spaces\n")
    .replace("and a backslash.\n\n\n\n", "and a backslash.\n")
)


def test_every_construct_survives_but_boilerplate_and_prose_whitespace(run, tmp_path):
    (tmp_path / "story.md").write_text(EVERY, encoding="utf-8")
    status, out, err = run("story.md")
    assert status == 0, err
    assert (tmp_path / "story.md").read_text(encoding="utf-8") == EXPECTED
    # A fixed point: a second run changes nothing.
    assert run("--check", "story.md")[0] == 0


def test_a_text_file_still_gets_the_news_pipeline(run, tmp_path):
    (tmp_path / "story.txt").write_text("  - an indented line with  two spaces\n", encoding="utf-8")
    assert run("story.txt")[0] == 0
    assert (tmp_path / "story.txt").read_text(encoding="utf-8") == "- an indented line with two spaces\n"


def test_explain_names_the_lines_of_the_markdown_file(run, tmp_path):
    (tmp_path / "story.md").write_text(EVERY, encoding="utf-8")
    status, out, _ = run("--explain", "story.md")
    lines = EVERY.split("\n")
    found = {}
    for report in out.splitlines():
        if report.startswith("story.md:"):
            _, number, rest = report.split(":", 2)
            found[rest.split()[0]] = found.get(rest.split()[0], []) + [int(number)]
    assert lines[found["CW201"][0] - 1] == "ALSO READ: Markets rally on budget day"
    assert lines[found["CW101"][0] - 1] == "Source: PTI"
    assert lines[found["CW301"][0] - 1] == "- Follow us on Twitter for more updates"
    assert lines[found["CW601"][0] - 1].startswith("Officials")
    assert '"`Siestan' not in out  # nothing inside inline code is reported


def test_a_hard_break_left_before_a_blank_line_is_removed():
    md = MarkdownCleaner(Cleaner())
    result = md.explain("First line  \nSource: PTI\n\nNext paragraph.\n")
    assert result.text == "First line\n\nNext paragraph.\n"
    assert [(c.code, c.line) for c in result.changes] == [("CW101", 2), ("CW901", 1)]
    # Kept where it still breaks a line.
    assert md.clean("First line  \nsecond line.\n") == "First line  \nsecond line.\n"


def test_a_text_holding_private_use_characters_of_both_planes_is_left_alone():
    text = "Source: PTI\n\U000f0001 and \U00100001\n"
    result = MarkdownCleaner(Cleaner()).explain(text)
    assert result.text == text and result.flags and "left as it was" in result.flags[0]


def test_inline_code_wrapped_over_a_line_break_is_one_code_span():
    md = MarkdownCleaner(Cleaner())
    # Read line by line, the second line's first backtick closes nothing and the rest
    # pair wrongly: what is left outside the "code" reads as a page stamp (CW702), and
    # the line, a list item's own text, went.
    text = (
        "- Stamps such as `Updated\n"
        "  Monday` (CW403), the label `Reuters` (CW103), `Published Date: 12/01/2024`\n"
        "- Another item of the list, long enough to read as the story's prose.\n"
    )
    assert md.clean(text) == text
    # The code's own spacing stays, on both lines of the span.
    wrapped = "Keep `return  1 +\n  2  ` as it is,  and fold this.\n"
    assert md.clean(wrapped) == "Keep `return  1 +\n  2  ` as it is, and fold this.\n"
    # A span does not run past the paragraph: an odd backtick stays text.
    loose = "A lone ` backtick  here.\n\nThen `code  kept` after.\n"
    assert md.clean(loose) == "A lone ` backtick here.\n\nThen `code  kept` after.\n"


def test_segments_follow_commonmark_where_it_matters():
    kept = [s.lines for s in segments("````\n```\nstill code\n````\ntext ```` ```x ```` more\n") if s.kept]
    assert kept == [["````", "```", "still code", "````"]]
    # A backtick fence's info string holds no backtick, so this line is prose.
    assert not any(s.kept for s in segments("``` ```code``` ```\n"))
    # An unclosed fence runs to the end.
    assert segments("```\ncode  \n")[0].lines == ["```", "code  ", ""]


def test_this_repositorys_markdown_is_a_fixed_point(root):
    names = subprocess.run(["git", "ls-files", "*.md"], cwd=root, capture_output=True, text=True).stdout.split()
    if not names:  # not a git checkout: take the files on disk
        names = [str(p.relative_to(root)) for p in root.glob("*.md")] + [str(p.relative_to(root)) for p in root.glob("docs/*.md")]
    md = MarkdownCleaner(Cleaner())
    changed = [name for name in names if md.clean(text := (root / name).read_text(encoding="utf-8")) != text]
    assert changed == []


@given(
    prose=st.lists(st.one_of(prose_lines(), st.sampled_from([line for _, line in boilerplate_samples()])), min_size=1, max_size=8),
    code=st.text(alphabet=" \t abcxyz()=:#`~-_*>|", max_size=60),
    fence=st.sampled_from(["```", "~~~", "````"]),
)
def test_fenced_code_always_survives_and_cleaning_is_idempotent(prose, code, fence):
    block = f"{fence}\n" + code.replace(fence[0] * 3, "") + f"\n{fence}\n"
    text = "\n".join(prose[: len(prose) // 2]) + "\n\n" + block + "\n" + "\n".join(prose[len(prose) // 2 :]) + "\n"
    md = MarkdownCleaner(Cleaner())
    once = md.clean(text)
    assert block in once
    assert md.clean(once) == once


def test_docstring_examples():
    result = doctest.testmod(cleanwire.markdown)
    assert result.attempted > 0 and result.failed == 0
