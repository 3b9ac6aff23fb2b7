"""The stubs of every job-related service on one channel: stubs.jobs.WatchJob, stubs.batch.StartBatchJob."""

from __future__ import annotations

import grpc

from medseg_ml.generated.medseg.v1 import (
    batch_service_pb2_grpc,
    evaluation_service_pb2_grpc,
    export_service_pb2_grpc,
    job_service_pb2_grpc,
    training_service_pb2_grpc,
)


class Stubs:
    def __init__(self, channel: grpc.Channel) -> None:
        self.jobs = job_service_pb2_grpc.JobServiceStub(channel)
        self.training = training_service_pb2_grpc.TrainingServiceStub(channel)
        self.evaluation = evaluation_service_pb2_grpc.EvaluationServiceStub(channel)
        self.batch = batch_service_pb2_grpc.BatchServiceStub(channel)
        self.export = export_service_pb2_grpc.ExportServiceStub(channel)
