"""Regression tests for bugs the property tests found, one per bug, named after it."""

from __future__ import annotations

import pytest

from cleanwire import Cleaner, clean
from cleanwire.model import ChangeLog

LATIN1_MOJIBAKE = [
    "Polish towns such as Łódź and gęślą jaźń reported ąę floods.",  # ą is C4 85
    "Ålesund harbour reopened on Monday.",  # Å is C3 85
    "Он сказал хорошо, сегодня всё спокойно.",  # х is D1 85
    "Four\u2005per-em spaces are rare.",  # U+2005 is E2 80 85
]


@pytest.mark.parametrize("line", LATIN1_MOJIBAKE)
def test_latin1_mojibake_byte_0x85_is_not_a_line_break(line):
    # Text decoded as Latin-1 turns the UTF-8 continuation byte 0x85 into U+0085, which
    # is also NEL, a line break. Read as a break, it split words in two and left the
    # encoding stage nothing it could repair ('gęślÄ\njaźń').
    damaged = line.encode("utf-8").decode("latin-1")
    assert "\x85" in damaged
    body = "\nThe council met on Monday.\n"
    assert clean(damaged + body) == clean(line + body)
    assert clean(damaged + body).count("\n") == body.count("\n")  # no line added


def test_a_real_nel_is_still_a_line_break():
    assert clean("First line.\x85Second line.\n") == "First line.\nSecond line.\n"
    assert clean("Café\x85Next line.\n") == "Café\nNext line.\n"  # é is a lead byte, but no continuation follows


def test_explain_line_numbers_agree_with_mojibake_nel():
    damaged = "Å".encode("utf-8").decode("latin-1") + "lesund harbour.\nALSO READ: Elsewhere\nThe council met.\nIt met again.\n"
    log = ChangeLog()
    log.reset_lines(damaged)
    assert len(log.origins) == 5
    (change,) = [c for c in Cleaner().explain(damaged).changes if c.code == "CW201"]
    assert change.line == 2
