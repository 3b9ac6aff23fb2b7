"""The real ml-service process: health, reflection, GetInfo, shutdown and start-up failures."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest
import torch
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from ml_process import MlService, free_port, ml_env, run_to_exit, start_ml_service

from medseg_ml.generated.medseg.v1 import system_service_pb2 as pb
from medseg_ml.generated.medseg.v1 import system_service_pb2_grpc as pb_grpc


@pytest.mark.parametrize("service_name", ["", "medseg.v1.SystemService"])
def test_health_reports_serving(channel: grpc.Channel, service_name: str) -> None:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=service_name), timeout=5
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_reflection_lists_and_describes_system_service(channel: grpc.Channel) -> None:
    database = ProtoReflectionDescriptorDatabase(channel)
    assert "medseg.v1.SystemService" in database.get_services()
    service = DescriptorPool(database).FindServiceByName("medseg.v1.SystemService")
    assert [m.name for m in service.methods] == ["GetInfo", "GetMetrics"]


def test_get_info_describes_cpu_and_empty_cache(channel: grpc.Channel) -> None:
    info = pb_grpc.SystemServiceStub(channel).GetInfo(pb.GetInfoRequest(), timeout=5)
    assert info.device_kind == pb.DEVICE_KIND_CPU
    assert info.device_name
    assert info.torch_version == "2.13.0+cpu"
    assert info.python_version.count(".") == 2
    assert info.service_version
    assert 0 < info.memory_free_bytes <= info.memory_total_bytes
    assert list(info.loaded_models) == []
    assert info.uptime_seconds >= 0
    assert info.cpu_threads >= 1


def test_uptime_grows_between_calls(channel: grpc.Channel) -> None:
    stub = pb_grpc.SystemServiceStub(channel)
    first = stub.GetInfo(pb.GetInfoRequest(), timeout=5).uptime_seconds
    time.sleep(0.05)
    assert stub.GetInfo(pb.GetInfoRequest(), timeout=5).uptime_seconds > first


def test_logs_one_json_listening_line(ml_service: MlService) -> None:
    lines = [json.loads(line) for line in ml_service.logs().splitlines() if line.startswith("{")]
    listening = [e for e in lines if e["msg"].startswith("ml-service listening on")]
    assert len(listening) == 1
    entry = listening[0]
    assert entry["msg"] == f"ml-service listening on 127.0.0.1:{ml_service.port} device=cpu"
    assert entry["level"] == "info"
    assert entry["logger"] == "medseg_ml.server"
    assert entry["torch_version"] == "2.13.0+cpu"
    assert "ts" in entry


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_exits_0_within_5_seconds(tmp_path: Path, sig: signal.Signals) -> None:
    service = start_ml_service(tmp_path)
    try:
        service.process.send_signal(sig)
        assert service.process.wait(timeout=5) == 0
    finally:
        service.stop()
    assert "ml-service stopped" in service.logs()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MEDSEG_ML_DEVICE", "tpu"),
        pytest.param(
            "MEDSEG_ML_DEVICE",
            "cuda",
            marks=pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA"),
        ),
        ("MEDSEG_ML_PORT", "70000"),
        ("MEDSEG_ML_LOG_FORMAT", "xml"),
    ],
)
def test_bad_setting_exits_2_naming_the_variable(tmp_path: Path, name: str, value: str) -> None:
    code, logs = run_to_exit(tmp_path, ml_env(tmp_path, free_port(), **{name: value}))
    assert code == 2
    assert name in logs


def test_port_held_by_a_socket_exits_1_with_clear_message(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, logs = run_to_exit(tmp_path, ml_env(tmp_path, port))
    assert code == 1
    assert f"port {port} is already in use (MEDSEG_ML_PORT)" in logs


def test_second_service_on_same_port_exits_1(tmp_path: Path, ml_service: MlService) -> None:
    # gRPC's default SO_REUSEPORT would let this one bind and steal half the traffic.
    code, logs = run_to_exit(tmp_path, ml_env(tmp_path, ml_service.port))
    assert code == 1
    assert f"port {ml_service.port} is already in use (MEDSEG_ML_PORT)" in logs


def test_start_up_imports_neither_monai_nor_onnx() -> None:
    # Importing the server stays light: MONAI is imported by the warm-up before SERVING (server.py's
    # _warm_up), onnx by the first ONNX export, never by a module import.
    check = (
        "import sys, medseg_ml.server; "
        "print(sorted(m for m in ('monai', 'onnx', 'onnxruntime') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
