"""The archive factory CLI the gateway tests call."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import archive_factory as factory

TESTS = Path(__file__).resolve().parent


def test_cli_writes_every_case_and_a_manifest(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(TESTS / "archive_factory.py"), str(tmp_path)], check=True, timeout=60)
    manifest = json.loads((tmp_path / "cases.json").read_text(encoding="utf-8"))
    assert set(manifest) == {c.name for c in factory.CASES}
    for case in factory.CASES:
        assert (tmp_path / f"{case.name}.zip").is_file()
        assert manifest[case.name]["pairs"] == case.pairs
    assert zipfile.is_zipfile(tmp_path / "png_8bit.zip")


def test_cli_without_out_dir_prints_usage() -> None:
    done = subprocess.run(
        [sys.executable, str(TESTS / "archive_factory.py")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "usage" in done.stderr
