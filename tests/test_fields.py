"""A field of a record keeps its own ending; a file ends with exactly one newline.

JSON Lines, the datatrove step and the Dask adapter clean fields
(:meth:`Cleaner.clean_field`): a text without a final line break is given none, so
a field no rule changes comes back as it was and is counted as unchanged.
"""

from hypothesis import given
from hypothesis import strategies as st

from cleanwire import Cleaner

CLEANER = Cleaner()

LINES = [
    "Source: Wire desk",
    "ALSO READ: Ministers weigh a new port levy",
    "The council voted on Monday to extend the night bus service to the river districts.",
    "\u201cWe will keep the service running,\u201d the transport officer said.",
    "Work on the second bridge resumes next month.  ",
    "Talks  resumed\u00a0in the afternoon.",
    "\u00a0",
    "",
    "",
]


@given(
    lines=st.lists(st.sampled_from(LINES), max_size=8),
    ending=st.sampled_from(["", "\n", "\n\n\n", "\r\n", "\r", "\u2029", " ", "\u00a0\n"]),
)
def test_a_field_is_cleaned_as_a_file_but_keeps_its_ending(lines, ending):
    text = "\n".join(lines) + ending
    field = CLEANER.clean_field(text)
    as_file = CLEANER.clean(text)
    if text.endswith(("\n", "\r", "\u2028", "\u2029")):  # a line break: one newline
        assert field == as_file
    else:
        assert field == as_file.removesuffix("\n") and not field.endswith("\n")
    assert "\n\n\n" not in field and not field.startswith("\n")
    explained = CLEANER.explain_field(text)
    assert explained.text == field
    # Cleaned once, a field is left alone: unchanged, and nothing to report.
    assert CLEANER.clean_field(field) == field
    assert CLEANER.explain_field(field).changes == ()


def test_an_untouched_field_is_returned_as_it_was():
    text = "The council met on Monday."
    assert CLEANER.clean_field(text) == text
    assert CLEANER.explain_field(text).changes == ()
    assert CLEANER.clean(text) == text + "\n"  # a file still gets its final newline


def test_a_field_loses_its_boilerplate_and_blank_runs_but_gains_no_newline():
    text = "Source: Wire desk\nThe council met.\n\n\n\nIt adjourned.\nALSO READ: Elsewhere"
    assert CLEANER.clean_field(text) == "The council met.\n\nIt adjourned."
    codes = [(c.line, c.code) for c in CLEANER.explain_field(text).changes]
    assert (1, "CW101") in codes and (7, "CW201") in codes
    assert CLEANER.clean_field("The council met.\n\n\n") == "The council met.\n"
    assert CLEANER.clean_field(" \n\u00a0") == ""
