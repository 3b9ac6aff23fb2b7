"""Service settings, read once from MEDSEG_ML_* environment variables and validated at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

DeviceSetting = Literal["auto", "cpu", "cuda"]
LogFormat = Literal["json", "text"]

DEVICE_CHOICES: tuple[DeviceSetting, ...] = ("auto", "cpu", "cuda")
LOG_FORMAT_CHOICES: tuple[LogFormat, ...] = ("json", "text")

_Choice = TypeVar("_Choice", bound=str)

# gRPC takes message limits as a signed 32-bit byte count, so 2047 MiB is the largest that fits.
MAX_MESSAGE_MB_LIMIT = 2047


class ConfigError(ValueError):
    """A setting is invalid or cannot be honoured here; the message names the variable and what it accepts."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 50051
    device: DeviceSetting = "auto"
    cache_dir: Path = Path("data/ml-cache")
    max_message_mb: int = 256
    log_format: LogFormat = "text"
    model_memory_mb: int = 2048
    model_ttl_s: int = 600
    inference_concurrency: int = 2
    inference_queue: int = 8
    # Concurrent Segment requests for one model wait at most this long to share a forward (batcher.py).
    batch_window_ms: int = 3
    batch_max: int = 8
    # Recently used models remembered in the weights cache and loaded again at start (0: none).
    preload_models: int = 4
    # Prepared training tensors past this go to memory-maps in the cache dir instead of RAM.
    training_memory_mb: int = 2048
    # Guided-segmentation sessions (sessions/store.py): idle seconds, how many, and their memory together.
    session_ttl_s: int = 900
    max_sessions: int = 16
    session_memory_mb: int = 1024
    # Recent volume segmentations, for a session opened on the same image next (recent_results.py).
    recent_results_mb: int = 256

    @property
    def max_message_bytes(self) -> int:
        return self.max_message_mb * 1024 * 1024

    @property
    def model_memory_bytes(self) -> int:
        return self.model_memory_mb * 1024 * 1024

    @property
    def training_memory_bytes(self) -> int:
        return self.training_memory_mb * 1024 * 1024

    @property
    def session_memory_bytes(self) -> int:
        return self.session_memory_mb * 1024 * 1024

    @property
    def recent_results_bytes(self) -> int:
        return self.recent_results_mb * 1024 * 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default `os.environ`).

        Raises:
            ConfigError: a variable holds a value outside what it accepts.
        """
        env = os.environ if env is None else env
        return cls(
            host=_str(env, "MEDSEG_ML_HOST", cls.host),
            port=_int(env, "MEDSEG_ML_PORT", cls.port, low=1, high=65535),
            device=_choice(env, "MEDSEG_ML_DEVICE", cls.device, DEVICE_CHOICES),
            cache_dir=Path(_str(env, "MEDSEG_ML_CACHE_DIR", str(cls.cache_dir))),
            max_message_mb=_int(
                env, "MEDSEG_ML_MAX_MESSAGE_MB", cls.max_message_mb, low=1, high=MAX_MESSAGE_MB_LIMIT
            ),
            log_format=_choice(env, "MEDSEG_ML_LOG_FORMAT", cls.log_format, LOG_FORMAT_CHOICES),
            model_memory_mb=_int(env, "MEDSEG_ML_MODEL_MEMORY_MB", cls.model_memory_mb, low=1),
            model_ttl_s=_int(env, "MEDSEG_ML_MODEL_TTL_S", cls.model_ttl_s, low=1),
            inference_concurrency=_int(
                env, "MEDSEG_ML_INFERENCE_CONCURRENCY", cls.inference_concurrency, low=1, high=64
            ),
            inference_queue=_int(env, "MEDSEG_ML_INFERENCE_QUEUE", cls.inference_queue, low=0, high=1024),
            batch_window_ms=_int(env, "MEDSEG_ML_BATCH_WINDOW_MS", cls.batch_window_ms, low=0, high=1000),
            batch_max=_int(env, "MEDSEG_ML_BATCH_MAX", cls.batch_max, low=1, high=256),
            preload_models=_int(env, "MEDSEG_ML_PRELOAD_MODELS", cls.preload_models, low=0, high=64),
            training_memory_mb=_int(env, "MEDSEG_ML_TRAINING_MEMORY_MB", cls.training_memory_mb, low=1),
            session_ttl_s=_int(env, "MEDSEG_ML_SESSION_TTL_S", cls.session_ttl_s, low=1),
            max_sessions=_int(env, "MEDSEG_ML_MAX_SESSIONS", cls.max_sessions, low=1, high=4096),
            session_memory_mb=_int(env, "MEDSEG_ML_SESSION_MEMORY_MB", cls.session_memory_mb, low=1),
            recent_results_mb=_int(env, "MEDSEG_ML_RECENT_RESULTS_MB", cls.recent_results_mb, low=0),
        )


def _raw(env: Mapping[str, str], name: str) -> str | None:
    # An empty value (`MEDSEG_ML_PORT=` in a compose file) means "use the default", like an unset one.
    value = env.get(name, "").strip()
    return value or None


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    return _raw(env, name) or default


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int | None = None) -> int:
    raw = _raw(env, name)
    if raw is None:
        return default
    allowed = f"an integer from {low} to {high}" if high is not None else f"an integer >= {low}"
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be {allowed}, got {raw!r}") from None
    if value < low or (high is not None and value > high):
        raise ConfigError(f"{name} must be {allowed}, got {raw!r}")
    return value


def _choice(env: Mapping[str, str], name: str, default: _Choice, choices: tuple[_Choice, ...]) -> _Choice:
    raw = _raw(env, name)
    if raw is None:
        return default
    for choice in choices:
        if choice == raw.lower():
            return choice
    raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
