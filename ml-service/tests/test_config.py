from __future__ import annotations

from pathlib import Path

import pytest

from medseg_ml.config import ConfigError, Settings


def test_defaults_when_nothing_is_set() -> None:
    settings = Settings.from_env({})
    assert settings == Settings(
        host="127.0.0.1",
        port=50051,
        device="auto",
        cache_dir=Path("data/ml-cache"),
        max_message_mb=256,
        log_format="text",
        model_memory_mb=2048,
        model_ttl_s=600,
    )
    assert settings.max_message_bytes == 256 * 1024 * 1024
    assert settings.model_memory_bytes == 2048 * 1024 * 1024


def test_reads_every_variable() -> None:
    settings = Settings.from_env(
        {
            "MEDSEG_ML_HOST": "0.0.0.0",
            "MEDSEG_ML_PORT": "6000",
            "MEDSEG_ML_DEVICE": "CPU",
            "MEDSEG_ML_CACHE_DIR": "/tmp/cache",
            "MEDSEG_ML_MAX_MESSAGE_MB": "64",
            "MEDSEG_ML_LOG_FORMAT": "json",
            "MEDSEG_ML_MODEL_MEMORY_MB": "512",
            "MEDSEG_ML_MODEL_TTL_S": "30",
        }
    )
    assert settings == Settings("0.0.0.0", 6000, "cpu", Path("/tmp/cache"), 64, "json", 512, 30)


def test_empty_values_mean_default() -> None:
    assert Settings.from_env({"MEDSEG_ML_PORT": "", "MEDSEG_ML_DEVICE": "  "}) == Settings()


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("MEDSEG_ML_PORT", "http", "an integer from 1 to 65535"),
        ("MEDSEG_ML_PORT", "0", "an integer from 1 to 65535"),
        ("MEDSEG_ML_PORT", "65536", "an integer from 1 to 65535"),
        ("MEDSEG_ML_DEVICE", "gpu", "one of auto, cpu, cuda"),
        ("MEDSEG_ML_LOG_FORMAT", "yaml", "one of json, text"),
        ("MEDSEG_ML_MAX_MESSAGE_MB", "2048", "an integer from 1 to 2047"),
        ("MEDSEG_ML_MAX_MESSAGE_MB", "1.5", "an integer from 1 to 2047"),
        ("MEDSEG_ML_MODEL_MEMORY_MB", "0", "an integer >= 1"),
        ("MEDSEG_ML_MODEL_TTL_S", "-5", "an integer >= 1"),
        ("MEDSEG_ML_BATCH_WINDOW_MS", "1001", "an integer from 0 to 1000"),
        ("MEDSEG_ML_BATCH_MAX", "0", "an integer from 1 to 256"),
        ("MEDSEG_ML_PRELOAD_MODELS", "-1", "an integer from 0 to 64"),
    ],
)
def test_invalid_value_names_variable_and_allowed_values(name: str, value: str, allowed: str) -> None:
    with pytest.raises(ConfigError) as error:
        Settings.from_env({name: value})
    assert str(error.value) == f"{name} must be {allowed}, got {value!r}"


def test_batching_and_preload_settings() -> None:
    assert (Settings().batch_window_ms, Settings().batch_max, Settings().preload_models) == (3, 8, 4)
    env = {"MEDSEG_ML_BATCH_WINDOW_MS": "0", "MEDSEG_ML_BATCH_MAX": "1", "MEDSEG_ML_PRELOAD_MODELS": "0"}
    settings = Settings.from_env(env)
    assert (settings.batch_window_ms, settings.batch_max, settings.preload_models) == (0, 1, 0)
