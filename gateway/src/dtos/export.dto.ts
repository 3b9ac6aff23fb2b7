import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

/** monai-bundle: configs/, models/model.pt and model.ts, docs/ (MONAI Label and MONAI Deploy load it). */
export const EXPORT_FORMATS = ['onnx', 'torchscript', 'monai-bundle'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** ONNX opsets the ml-service exports and verifies (medseg_ml/evaluation/export.py); 18 when none is asked for. */
export const ONNX_OPSETS = { min: 13, max: 20, default: 18 } as const;

const opsetMessage = `opset must be a whole number from ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max} (default ${ONNX_OPSETS.default})`;

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'onnx' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format: ExportFormatName = 'onnx';

  @ApiPropertyOptional({ minimum: ONNX_OPSETS.min, maximum: ONNX_OPSETS.max, default: ONNX_OPSETS.default, description: 'ONNX only' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: opsetMessage })
  @Min(ONNX_OPSETS.min, { message: opsetMessage })
  @Max(ONNX_OPSETS.max, { message: opsetMessage })
  opset?: number;
}
