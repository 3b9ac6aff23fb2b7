"""Decoders for the image formats datasets may hold: PNG, JPEG, DICOM and NIfTI."""
