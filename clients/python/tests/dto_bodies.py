"""One piece on purpose: every DTO body the stub gateway answers with, side by side, so a change
in the API's shapes is made here once for all tests.

Each has every field the OpenAPI document marks required, with the nulls the gateway sends, so
parsing them through the generated models is part of what each test checks.
"""

from __future__ import annotations

from typing import Any

MODEL_ID = "7d3c6a52-2f0e-4b8e-9a51-0c8a3f1e2b64"
DATASET_ID = "0b9f8e7d-6c5b-4a39-8271-605f4e3d2c1b"
EVALUATION_ID = "5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170"
RESULT_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"


def owner() -> dict[str, Any]:
    return {"id": "u1", "username": "ada", "displayName": "Ada"}


def model(**fields: Any) -> dict[str, Any]:
    body = {
        "id": MODEL_ID,
        "name": "Brain U-Net",
        "version": 1,
        "datasetId": DATASET_ID,
        "datasetName": "Brain",
        "architecture": "unet",
        "guided": False,
        "status": "training",
        "jobState": "running",
        "queuePosition": 0,
        "error": None,
        "reason": None,
        "stoppedEarly": False,
        "createdAt": "2026-11-25T19:00:00.000Z",
        "trainedAt": None,
        "epochsDone": 0,
        "epochs": 2,
        "bestDice": None,
        "progress": None,
        "metrics": None,
        "owner": owner(),
        "visibility": "private",
        "canChange": True,
        "datasetVersion": 1,
        "parentModelId": None,
        "childModelIds": [],
        "trigger": "manual",
    }
    body.update(fields)
    return body


def hyperparameters(**fields: Any) -> dict[str, Any]:
    body = {
        "epochs": 2,
        "learningRate": 0.001,
        "batchSize": 4,
        "architecture": "unet",
        "inputSize": 128,
        "validationFraction": 0.2,
        "augmentation": True,
        "optimizer": "adam",
        "loss": "dice_ce",
        "seed": 1,
        "depth": 4,
        "baseChannels": 16,
        "encoderDepth": 18,
        "patchSize": [],
        "targetSpacing": [],
        "foregroundOversampling": 0,
        "dropout": 0,
        "guided": False,
        "augmentationPreset": "nnunet",
        "lrSchedule": "poly",
        "earlyStoppingPatience": 0,
    }
    body.update(fields)
    return body


def epoch(number: int, **fields: Any) -> dict[str, Any]:
    body = {
        "epoch": number,
        "epochs": 2,
        "trainLoss": 0.5 / number,
        "valLoss": 0.6 / number,
        "valDice": 0.4 * number,
        "valIou": 0.3 * number,
        "valDicePerClass": [1.0, 0.4 * number],
        "valIouPerClass": [1.0, 0.3 * number],
        "learningRate": 0.001,
        "samplesPerSecond": 12.5,
        "elapsedSeconds": 3.0 * number,
        "etaSeconds": 3.0,
        "isBest": True,
    }
    body.update(fields)
    return body


def model_detail(**fields: Any) -> dict[str, Any]:
    body = model(hyperparameters=hyperparameters(), history=[], classes=None, split=None, weights=None)
    body["postProcessing"] = None
    body.update(fields)
    return body


def completed_model_detail(**fields: Any) -> dict[str, Any]:
    body = model_detail(
        status="completed",
        jobState="completed",
        epochsDone=2,
        bestDice=0.8,
        trainedAt="2026-11-25T19:05:00.000Z",
        history=[epoch(1), epoch(2)],
        metrics={
            "bestEpoch": 2,
            "bestDice": 0.8,
            "bestIou": 0.6,
            "epochsRun": 2,
            "perClass": [
                {"labelValue": 0, "dice": 0.99, "iou": 0.98},
                {"labelValue": 1, "dice": 0.8, "iou": 0.6},
            ],
        },
        classes={
            "labelValues": [0, 1],
            "classCount": 2,
            "labels": [
                {"value": 0, "name": "background", "color": ""},
                {"value": 1, "name": "brain", "color": ""},
            ],
        },
        split={"method": "random", "trainCount": 8, "valCount": 2},
    )
    body.update(fields)
    return body


def dataset(**fields: Any) -> dict[str, Any]:
    body = {
        "id": DATASET_ID,
        "name": "Brain",
        "status": "uploaded",
        "uploadedAt": "2026-11-25T18:00:00.000Z",
        "archiveBytes": 1234,
        "fileCount": 4,
        "pairCount": 0,
        "progress": None,
        "errors": [],
        "warningCount": 0,
        "owner": owner(),
        "latestVersion": 1,
        "visibility": "private",
        "canChange": True,
    }
    body.update(fields)
    return body


def dataset_detail(**fields: Any) -> dict[str, Any]:
    body = dataset(
        stats=None,
        warnings=[],
        layout="images-masks",
        labels=[],
        fingerprint=None,
        caseCount=0,
        unlabeledCount=0,
    )
    body.update(fields)
    return body


def stat(mean: float | None) -> dict[str, Any]:
    return {
        "mean": mean,
        "median": mean,
        "std": 0.01 if mean is not None else None,
        "p25": mean,
        "p75": mean,
        "count": 2 if mean is not None else 0,
    }


def evaluation(**fields: Any) -> dict[str, Any]:
    body = {
        "id": EVALUATION_ID,
        "modelId": MODEL_ID,
        "modelName": "Brain U-Net",
        "state": "running",
        "queuePosition": 0,
        "error": None,
        "reason": None,
        "progress": None,
        "imageCount": 2,
        "failedCount": 0,
        "createdAt": "2026-11-25T19:10:00.000Z",
        "finishedAt": None,
        "testTimeMirroring": False,
        "owner": owner(),
        "canChange": True,
        "datasetId": DATASET_ID,
        "datasetName": "Brain",
        "subset": "validation",
        "datasetVersion": 1,
        "splitModelId": None,
        "aggregate": None,
    }
    body.update(fields)
    return body


def aggregate() -> dict[str, Any]:
    per_class = {
        "dice": stat(0.9),
        "iou": stat(0.8),
        "hausdorff95": stat(2.5),
        "surfaceDistance": stat(0.7),
        "nsd": stat(0.95),
        "classIndex": 1,
        "labelValue": 1,
        "name": "brain",
    }
    return {
        "dice": stat(0.9),
        "iou": stat(0.8),
        "hausdorff95": stat(2.5),
        "surfaceDistance": stat(0.7),
        "nsd": stat(0.95),
        "perClass": [per_class],
        "distanceUnit": "mm",
        "surfaceTolerance": 1.0,
    }


def job_status(sequence: int, state: str, reason: str | None = None, message: str = "") -> dict[str, Any]:
    return {
        "sequence": sequence,
        "time": "2026-11-25T19:00:00.000Z",
        "type": "status",
        "status": {"state": state, "queuePosition": 0, "reason": reason, "message": message},
    }


def job_epoch(sequence: int, number: int) -> dict[str, Any]:
    return {"sequence": sequence, "time": "2026-11-25T19:00:00.000Z", "type": "epoch", "epoch": epoch(number)}


def job_progress(sequence: int, done: int, total: int) -> dict[str, Any]:
    return {
        "sequence": sequence,
        "time": "2026-11-25T19:00:00.000Z",
        "type": "progress",
        "progress": {
            "done": done,
            "total": total,
            "failed": 0,
            "imagesPerSecond": 1.0,
            "elapsedSeconds": 1.0,
            "etaSeconds": 1.0,
        },
    }


def timings() -> dict[str, Any]:
    return {"loadMs": 1, "decodeMs": 2, "forwardMs": 3, "encodeMs": 4, "totalMs": 10, "gatewayMs": 12}


def volume_result(**fields: Any) -> dict[str, Any]:
    body = {
        "id": RESULT_ID,
        "kind": "volume",
        "fileName": "case.nii.gz",
        "depth": 3,
        "height": 4,
        "width": 5,
        "channels": 1,
        "spacing": [2.5, 0.8, 0.8],
        "labelValues": [0, 1],
        "labels": [],
        "windowCenter": 40,
        "windowWidth": 400,
        "timings": timings(),
        "modelWasLoaded": True,
        "hasImage": True,
        "hasGroundTruth": False,
        "hasDicomSeg": False,
        "labelVoxels": [{"value": 1, "voxels": 7, "volumeMl": 0.01}],
    }
    body.update(fields)
    return body


def segment_result(**fields: Any) -> dict[str, Any]:
    body = {
        "resultId": RESULT_ID,
        "width": 3,
        "height": 2,
        "sliceCount": 1,
        "image": None,
        "mask": "data:image/png;base64,",
        "probabilities": [],
        "labelValues": [0, 255],
        "labels": [],
        "timings": timings(),
        "modelWasLoaded": False,
        "groundTruth": None,
        "dicePerClass": [],
        "iouPerClass": [],
        "dice": None,
        "iou": None,
    }
    body.update(fields)
    return body
