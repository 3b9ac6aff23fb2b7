"""Decoders for the image formats datasets may hold: PNG, JPEG, DICOM (+ DICOM-SEG), NIfTI, NRRD and
MetaImage."""
