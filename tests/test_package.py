"""The built wheel: licence, typing marker, data files and metadata.

The wheel is built offline from a copy of the source (``pip wheel --no-deps
--no-build-isolation``, with the setuptools of the test environment), so the test
needs no package index and leaves no build folder in the checkout.
"""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import cleanwire

from .conftest import ROOT

SKIP = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis",
                              ".pytest_cache", ".ci-cache", "benchmarks")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("setuptools")
    scratch = tmp_path_factory.mktemp("wheel")
    source = scratch / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(scratch / "dist"), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = (scratch / "dist").glob("cleanwire-*.whl")
    return built


def test_wheel_contains_licence_typing_marker_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    dist_info = f"cleanwire-{cleanwire.__version__}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    assert "cleanwire/py.typed" in names
    packaged = ROOT / "cleanwire" / "data"
    data = [p.relative_to(ROOT).as_posix() for p in packaged.rglob("*") if p.suffix in (".toml", ".json")]
    assert data and set(data) <= names, sorted(set(data) - names)


def test_wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        meta = email.message_from_bytes(archive.read(f"cleanwire-{cleanwire.__version__}.dist-info/METADATA"))
        licence = archive.read(f"cleanwire-{cleanwire.__version__}.dist-info/licenses/LICENSE").decode()
    assert meta["Version"] == cleanwire.__version__  # one version, read from the package
    assert meta["License-Expression"] == "MIT"
    assert "MIT License" in licence
    assert meta.get_all("Classifier") and "Typing :: Typed" in meta.get_all("Classifier")
    assert meta["Keywords"]
    assert meta.get_all("Project-URL")


def test_version_is_written_once():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{cleanwire.__version__}"' not in pyproject
    assert 'dynamic = ["version"]' in pyproject
