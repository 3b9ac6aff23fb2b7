"""gRPC servicers, one file per service in proto/medseg/v1."""
