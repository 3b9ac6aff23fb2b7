from enum import StrEnum

class ExportControllerExportFormat(StrEnum):
    MONAI_BUNDLE = "monai-bundle"
    ONNX = "onnx"
    TORCHSCRIPT = "torchscript"

    def __str__(self) -> str:
        return str(self.value)
