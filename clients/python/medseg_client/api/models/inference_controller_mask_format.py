from enum import StrEnum

class InferenceControllerMaskFormat(StrEnum):
    COLOR = "color"
    DICOM_SEG = "dicom-seg"
    NIFTI = "nifti"
    PNG = "png"

    def __str__(self) -> str:
        return str(self.value)
