"""Run the real ml-service as a subprocess (`python -m medseg_ml`) on a free port, and wait for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

# Importing torch dominates start-up (about 3 s); leave room for a loaded machine.
START_TIMEOUT_S = 30.0


@dataclass
class MlService:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def memory_kib(self, field: str) -> int:
        """A memory line of /proc/<pid>/status in KiB: VmRSS (resident now) or VmHWM (peak resident)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
        raise KeyError(field)

    def reset_peak_memory(self) -> bool:
        """Reset VmHWM to the current VmRSS (Linux clear_refs "5"); False where that is not allowed."""
        try:
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        except OSError:
            return False
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ml_env(workdir: Path, port: int, **overrides: str) -> dict[str, str]:
    """Environment for a service under test; the caller's MEDSEG_ML_* are dropped so they can't leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDSEG_ML_")}
    env.update(
        MEDSEG_ML_HOST="127.0.0.1",
        MEDSEG_ML_PORT=str(port),
        MEDSEG_ML_CACHE_DIR=str(workdir / "ml-cache"),
    )
    env.update(overrides)
    return env


def launch(workdir: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
    """Start `python -m medseg_ml`; its stderr goes to a file so a full pipe can never block it."""
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "ml-service.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "medseg_ml"],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, log_path


def run_to_exit(workdir: Path, env: dict[str, str], timeout: float = START_TIMEOUT_S) -> tuple[int, str]:
    process, log_path = launch(workdir, env)
    try:
        code = process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return code, log_path.read_text(encoding="utf-8", errors="replace")


def wait_serving(service: MlService, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(service.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            if service.process.poll() is not None:
                pytest.fail(f"ml-service exited with {service.process.returncode}:\n{service.logs()}")
            try:
                reply = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=0.5)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    service.stop()
    pytest.fail(f"ml-service not SERVING after {timeout} s:\n{service.logs()}")


def start_ml_service(workdir: Path, **overrides: str) -> MlService:
    port = free_port()
    process, log_path = launch(workdir, ml_env(workdir, port, **overrides))
    service = MlService(process, port, log_path)
    wait_serving(service)
    return service
