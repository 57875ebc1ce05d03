import os
import pathlib
import shutil
import tempfile

import pytest

# The suite keeps its cache entries (cleanwire.cache) to itself, away from the user's
# cache directory, and starts cold; commands it runs in subprocesses share them.
_CACHE = tempfile.mkdtemp(prefix="cleanwire-test-cache-")
os.environ["CLEANWIRE_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "cases"


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def run(capsys, tmp_path, monkeypatch):
    """Run ``cleanwire ARGS`` in-process in a scratch directory; return (status, out, err)."""
    from cleanwire import cli

    monkeypatch.chdir(tmp_path)

    def _run(*argv):
        status = cli.main(list(argv))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return _run


# Property tests: a quick profile by default, so the suite stays fast on CI, and a
# thorough one for a deliberate search: pytest --hypothesis-profile=thorough
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "quick",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def pytest_configure(config):
    if not config.getoption("--hypothesis-profile", default=None):
        settings.load_profile("quick")
