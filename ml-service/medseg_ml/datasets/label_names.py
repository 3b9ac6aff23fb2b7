"""Label and channel names that ride along with a dataset: nnU-Net's dataset.json and MedSeg's labels.json.

dataset.json comes in two forms: nnU-Net v2 (`"labels": {"background": 0, "tumor": 1}`, `"channel_names"`,
`"file_ending"`) and the Medical Segmentation Decathlon's v1 (`"labels": {"0": "background"}`,
`"modality"`). labels.json maps value to name (`{"1": "liver"}`), to name and colour
(`{"1": {"name": "liver", "color": "#ff0000"}}`), or is a list of `{value, name, color}`. Where both name
a value, labels.json wins: it is MedSeg's own file and may carry colours.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field

from medseg_ml.datasets.archive import ArchiveRefusedError

DATASET_JSON = "dataset.json"
LABELS_JSON = "labels.json"
# Both files are a few KiB; anything much larger is not what its name says.
MAX_METADATA_BYTES = 4 * 1024 * 1024
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


@dataclass(frozen=True)
class LabelInfo:
    name: str
    color: str = ""


@dataclass
class DatasetMetadata:
    """What dataset.json and labels.json say; empty when neither is in the archive.

    Attributes:
        labels: value -> name and colour.
        channel_names: one per channel in channel order (v2 `channel_names`, v1 `modality`); empty
            when dataset.json names none.
        file_ending: v2 `file_ending` (".nii.gz"), else empty.
        warnings: (path, reason) for entries that were ignored.
    """

    labels: dict[int, LabelInfo] = field(default_factory=dict)
    channel_names: list[str] = field(default_factory=list)
    file_ending: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)


def read_metadata(
    archive: zipfile.ZipFile, dataset_json: zipfile.ZipInfo | None, labels_json: zipfile.ZipInfo | None
) -> DatasetMetadata:
    """Parse whichever of the two files the archive holds.

    Raises:
        ArchiveRefusedError: a file is not valid JSON or not the shape described above.
    """
    metadata = DatasetMetadata()
    if dataset_json is not None:
        _apply_dataset_json(metadata, _load(archive, dataset_json), dataset_json.filename)
    if labels_json is not None:
        data = _load(archive, labels_json)
        for value, info in _labels_json(data, labels_json.filename).items():
            metadata.labels[value] = info
    return metadata


def _load(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> object:
    if info.file_size > MAX_METADATA_BYTES:
        raise ArchiveRefusedError(
            [f"{info.filename} is {info.file_size} bytes; a label file is a few KiB, so check that it is one"]
        )
    try:
        return json.loads(archive.read(info).decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ArchiveRefusedError(
            [f"{info.filename} is not valid JSON ({e}); fix it or remove it and zip again"]
        ) from None


def _apply_dataset_json(metadata: DatasetMetadata, data: object, path: str) -> None:
    if not isinstance(data, dict):
        raise ArchiveRefusedError([f'{path} must hold a JSON object with "labels"; fix it or remove it'])
    labels = data.get("labels", {})
    if not isinstance(labels, dict):
        raise ArchiveRefusedError([_labels_shape(path)])
    for key, raw in labels.items():
        if isinstance(raw, str) and _is_int(key):
            metadata.labels[int(key)] = LabelInfo(raw.strip())  # MSD v1: "1": "edema"
        elif isinstance(raw, int) and not isinstance(raw, bool):
            metadata.labels[raw] = LabelInfo(str(key).strip())  # nnU-Net v2: "edema": 1
        elif isinstance(raw, list):
            # v2 region-based training ("whole tumor": [1, 2, 3]) names a union, not a label value.
            metadata.warnings.append((path, f'Label region "{key}" names several values; left unnamed'))
        else:
            raise ArchiveRefusedError([_labels_shape(path)])
    names = data.get("channel_names", data.get("modality", {}))
    if isinstance(names, dict) and all(_is_int(k) for k in names):
        metadata.channel_names = [str(names[k]) for k in sorted(names, key=int)]
    ending = data.get("file_ending", "")
    metadata.file_ending = ending.lower() if isinstance(ending, str) else ""


def _labels_json(data: object, path: str) -> dict[int, LabelInfo]:
    if isinstance(data, dict) and isinstance(data.get("labels"), list | dict):
        data = data["labels"]
    entries: list[tuple[object, object]]
    if isinstance(data, dict):
        entries = list(data.items())
    elif isinstance(data, list) and all(isinstance(e, dict) for e in data):
        entries = [(e.get("value"), e) for e in data]
    else:
        entries = [(None, None)]
    out: dict[int, LabelInfo] = {}
    for key, raw in entries:
        value = int(key) if isinstance(key, int | str) and _is_int(str(key)) else None
        if value is None:
            raise ArchiveRefusedError([_labels_json_shape(path)])
        if isinstance(raw, str):
            out[value] = LabelInfo(raw.strip())
        elif isinstance(raw, dict) and isinstance(raw.get("name", ""), str):
            color = raw.get("color", raw.get("colour", ""))
            color = color if isinstance(color, str) and _COLOR.match(color) else ""
            out[value] = LabelInfo(str(raw.get("name", "")).strip(), _long_color(color))
        else:
            raise ArchiveRefusedError([_labels_json_shape(path)])
    return out


def _long_color(color: str) -> str:
    """'#f00' -> '#ff0000', lower case; '' stays ''."""
    if len(color) == 4:
        color = "#" + "".join(c * 2 for c in color[1:])
    return color.lower()


def _is_int(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d+", text.strip()))


def _labels_shape(path: str) -> str:
    return (
        f'{path} "labels" must map names to values ({{"background": 0, "tumor": 1}}, nnU-Net v2) or '
        'values to names ({"0": "background", "1": "tumor"}, MSD); fix it or remove it'
    )


def _labels_json_shape(path: str) -> str:
    return (
        f'{path} must map label values to names ({{"1": "liver"}}), to {{"name", "color"}} objects, or be a '
        'list of {"value", "name", "color"}; fix it or remove it'
    )
