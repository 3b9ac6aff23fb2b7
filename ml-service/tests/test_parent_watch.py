"""The ml-service ends, with its process group, when the stdin pipe of the parent that started it closes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

# Stands in for the ml-service: it starts the watch, then a child of its own (as a job process
# would be) and prints that child's pid; both then wait forever.
PROGRAM = """
import subprocess, sys, time
from medseg_ml.parent_watch import watch_parent_pipe
watch_parent_pipe()
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
print(child.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def _start(env_value: str | None) -> tuple[subprocess.Popen[str], int]:
    env = {k: v for k, v in os.environ.items() if k != "MEDSEG_ML_EXIT_WITH_STDIN"}
    if env_value is not None:
        env["MEDSEG_ML_EXIT_WITH_STDIN"] = env_value
    proc = subprocess.Popen(
        [sys.executable, "-c", PROGRAM],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as npm start spawns it
    )
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


def test_stdin_eof_ends_the_service_and_its_group() -> None:
    proc, grandchild = _start("1")
    assert proc.stdin is not None
    proc.stdin.close()  # what the kernel does when the parent dies
    proc.wait(timeout=5)
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild), "the job process outlived the service"


def test_without_the_setting_stdin_is_not_watched() -> None:
    proc, _ = _start(None)
    assert proc.stdin is not None
    proc.stdin.close()
    time.sleep(1)
    try:
        assert proc.poll() is None, "a service run without MEDSEG_ML_EXIT_WITH_STDIN must not exit at EOF"
    finally:
        os.killpg(proc.pid, 9)
        proc.wait(timeout=5)
