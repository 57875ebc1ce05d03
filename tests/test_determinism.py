"""Same output every time: a result depends on the text and the options only.

Not on threads, processes, machine speed or load: no match is ever cut short by a
clock and read as "no match". The one safety limit left (a pattern that runs for
seconds on one line) raises, so a text is never silently half-cleaned.
"""

from __future__ import annotations

import functools
import io
import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanwire import Cleaner
from cleanwire.integrations.workers import process_cleaner
from cleanwire.newsgen import documents
from cleanwire.rules.lines import PatternTimeout, remover

DOCS = 2000


@pytest.fixture(scope="module")
def corpus():
    """Generated articles (boilerplate lines of every family among them) and their serial results."""
    docs = list(documents(DOCS, seed=14))
    return docs, [Cleaner().clean(doc) for doc in docs]


def test_eight_threads_sharing_a_cold_cleaner_give_the_serial_results(corpus):
    docs, expected = corpus
    shared = Cleaner()  # cold: its caches fill while the threads race
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(shared.clean, docs))
    assert [i for i, (got, want) in enumerate(zip(results, expected)) if got != want] == []


def _clean_in_worker(options, text: str) -> str:
    return process_cleaner(options).clean(text)


def test_four_processes_give_the_serial_results(corpus):
    docs, expected = corpus
    work = functools.partial(_clean_in_worker, Cleaner().options)
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(work, docs, chunksize=25))
    assert [i for i, (got, want) in enumerate(zip(results, expected)) if got != want] == []


# ------------------------------------------------------------------ the safety limit

#: A user rule whose pattern splits a run of letters every possible way before it
#: fails: on the trap line it would run for hours, so it always reaches the limit.
TRAP_RULE = {"code": "CW801", "name": "trap", "summary": "Backtracks.", "patterns": [r"(?:a|aa)+z"]}
TRAP_LINE = "a" * 60 + "z!"
#: Far beyond any linear match of a short line, however loaded the machine.
LIMIT = 0.2

LINES = [
    "ALSO READ: Ministers weigh a new port levy",
    "Photo: Staff photographer",
    "Source: Wire desk",
    "Follow us on our app for the latest updates",
    "The council voted on Monday to extend the night bus service to the river districts.",
    "\u201cWe will keep the service running,\u201d the transport officer said.",
    "Work on the second bridge resumes next month.  ",
    "\u00a0",
    "",
    "",
]

TRAPPED = Cleaner(rules=[TRAP_RULE])
PLAIN = Cleaner()


@given(
    lines=st.lists(st.sampled_from(LINES), max_size=10),
    trap=st.none() | st.integers(min_value=0, max_value=10),
    ending=st.sampled_from(["", "\n"]),
    explain=st.booleans(),
)
def test_a_rule_past_the_limit_raises_and_never_changes_a_result(lines, trap, ending, explain):
    if trap is not None:
        lines = lines[:trap] + [TRAP_LINE] + lines[trap:]
    text = "\n".join(lines) + ending
    run = (lambda t: TRAPPED.explain(t).text) if explain else TRAPPED.clean
    with mock.patch.object(remover, "PATTERN_LIMIT", LIMIT, create=True):
        if trap is None:
            # The rule is tried and never reaches the limit: the result is the one
            # without it (its pattern matches none of these lines).
            assert run(text) == PLAIN.clean(text)
        else:
            with pytest.raises(PatternTimeout) as caught:
                run(text)
            assert caught.value.codes == ("CW801",) and caught.value.line == TRAP_LINE
            assert "CW801" in str(caught.value)


def _matchers(cleaner: Cleaner) -> list:
    step = next(s for s in cleaner._steps if isinstance(s, remover.LineRemover))
    return [m for m in (step._anywhere, *(m for _, m in step._positions.values())) if m is not None]


def test_only_a_group_with_a_users_pattern_matches_under_the_limit():
    # The packaged patterns are proven linear (tests/test_backtracking.py): reading
    # the clock for them would cost every match and guard against nothing.
    assert _matchers(PLAIN) and not any(m.limited for m in _matchers(PLAIN))
    assert any(m.limited for m in _matchers(TRAPPED))
    extended = Cleaner(patterns={"CW101": [r"(?:a|aa)+z"]})
    assert any(m.limited for m in _matchers(extended))
    with mock.patch.object(remover, "PATTERN_LIMIT", LIMIT, create=True):
        with pytest.raises(PatternTimeout):
            extended.clean("The story.\n" + TRAP_LINE + "\n")


def test_the_timeout_travels_between_processes():
    import pickle

    error = pickle.loads(pickle.dumps(PatternTimeout(("CW801",), TRAP_LINE)))
    assert isinstance(error, PatternTimeout) and error.codes == ("CW801",) and error.line == TRAP_LINE


def test_a_file_past_the_limit_is_an_error_and_left_as_it_was(tmp_path):
    from cleanwire.cli import Mode, process_file

    path = tmp_path / "story.txt"
    data = ("ALSO READ: Elsewhere\nThe story.\n" + TRAP_LINE + "\n").encode()
    path.write_bytes(data)
    with mock.patch.object(remover, "PATTERN_LIMIT", LIMIT, create=True):
        outcome = process_file(TRAPPED, str(path), Mode())
    assert outcome.status == "error" and "CW801" in outcome.message
    assert path.read_bytes() == data


def test_a_record_past_the_limit_is_a_record_error():
    from cleanwire.jsonl import Options, RecordError, clean_record

    line = json.dumps({"text": "ALSO READ: Elsewhere\nThe story.\n" + TRAP_LINE}).encode() + b"\n"
    with mock.patch.object(remover, "PATTERN_LIMIT", LIMIT, create=True):
        with pytest.raises(RecordError, match="CW801"):
            clean_record(TRAPPED, line, Options())


def test_standard_input_past_the_limit_writes_nothing(monkeypatch, capsysbinary):
    from cleanwire.cli import clean_stdin
    from cleanwire.console import Reporter

    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(("The story.\n" + TRAP_LINE + "\n").encode())))
    args = SimpleNamespace(explain=False, check=False, diff=False, format="text")
    with mock.patch.object(remover, "PATTERN_LIMIT", LIMIT, create=True):
        status = clean_stdin(args, TRAPPED, Reporter())
    captured = capsysbinary.readouterr()
    assert status == 2 and captured.out == b"" and b"CW801" in captured.err
