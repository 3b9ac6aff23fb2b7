"""Turning an uploaded archive into a dataset: safety checks, pairing, decoding, shards and previews."""
