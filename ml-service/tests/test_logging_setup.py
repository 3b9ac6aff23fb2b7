from __future__ import annotations

import json
import logging

from medseg_ml.logging_setup import JsonFormatter, TextFormatter


def make_record(msg: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("medseg_ml.model_cache", logging.INFO, __file__, 1, msg, None, None)
    record.__dict__.update(extra)
    return record


def test_json_line_has_standard_keys_and_extras() -> None:
    line = JsonFormatter().format(make_record("model evicted", model_id="unet-1", reason="idle ttl"))
    entry = json.loads(line)
    assert entry.pop("ts").endswith("+00:00")
    assert entry == {
        "level": "info",
        "logger": "medseg_ml.model_cache",
        "msg": "model evicted",
        "model_id": "unet-1",
        "reason": "idle ttl",
    }


def test_text_line_appends_extras_as_key_value() -> None:
    line = TextFormatter().format(make_record("model cached", model_id="unet-1"))
    assert line.endswith(" INFO    medseg_ml.model_cache: model cached model_id=unet-1")
