import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { type GuidancePrompt, type MaskPatch, type OpenSessionResponse, PromptKind } from '../generated/medseg/v1/session_service';
import { LabelNameDto } from './dataset-volume.dto';

/** As PromptRequest and GuidancePrompt say (the ml-service checks them again against the grid). */
export const MAX_PROMPTS = 256;
export const MAX_VERTICES = 4096;
export const MAX_TOTAL_VERTICES = 65536;

export const PROMPT_KINDS = ['point', 'box', 'scribble', 'lasso'] as const;
export type PromptKindName = (typeof PROMPT_KINDS)[number];

const KIND_PB: Record<PromptKindName, PromptKind> = {
  point: PromptKind.PROMPT_KIND_POINT,
  box: PromptKind.PROMPT_KIND_BOX,
  scribble: PromptKind.PROMPT_KIND_SCRIBBLE,
  lasso: PromptKind.PROMPT_KIND_LASSO,
};

/** Vertices each kind takes: [least, most]. */
const KIND_VERTICES: Record<PromptKindName, [number, number]> = {
  point: [1, 1],
  box: [2, 2],
  scribble: [1, MAX_VERTICES],
  lasso: [3, MAX_VERTICES],
};

export class OpenSessionDto {
  @ApiPropertyOptional({ description: 'A stored case of this dataset; or send the image as multipart field "image"' })
  @IsOptional()
  @IsUUID('4', { message: 'datasetId must be a dataset id (a UUID); or send an image as multipart field "image"' })
  datasetId?: string;

  @ApiPropertyOptional({ description: 'The case of datasetId, 0-based' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'caseIndex must be a whole number' })
  @Min(0, { message: 'caseIndex must be 0 or more' })
  caseIndex?: number;
}

export class SessionIdDto {
  @ApiProperty({ description: 'Session id (from POST /api/models/{id}/sessions)' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'id must be a session id (letters, digits, - and _; from POST /api/models/:id/sessions)' })
  id!: string;
}

/** The vertex count fits the kind: one point, two box corners, 3+ lasso vertices. */
function VerticesFitKind(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'verticesFitKind',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(points: unknown, args: ValidationArguments): boolean {
          const kind = (args.object as PromptDto).kind;
          if (!Array.isArray(points) || !(kind in KIND_VERTICES)) return true;
          const [least, most] = KIND_VERTICES[kind];
          const n = points.length / 3;
          return Number.isInteger(n) && n >= least && n <= most;
        },
        defaultMessage(args: ValidationArguments): string {
          const kind = (args.object as PromptDto).kind;
          const [least, most] = KIND_VERTICES[kind];
          const want = least === most ? `${least} ${least === 1 ? 'vertex' : 'vertices'}` : `${least} to ${most} vertices`;
          return `points of a ${kind} must be ${want} as x, y, z triples (a multiple of 3 numbers; got ${(args.value as unknown[]).length})`;
        },
      },
    });
}

export class PromptDto {
  @ApiProperty({ enum: PROMPT_KINDS })
  @IsIn(PROMPT_KINDS, { message: `kind must be one of ${PROMPT_KINDS.join(', ')}` })
  kind!: PromptKindName;

  @ApiProperty({ description: '0: negative ("not this"); 1..: the class the prompt asks for' })
  @IsInt({ message: 'classIndex must be a whole number: 0 for a negative prompt, else the class' })
  @Min(0, { message: 'classIndex must be 0 (negative) or a class of the model' })
  @Max(255, { message: 'classIndex must be a class of the model (at most 255)' })
  classIndex!: number;

  @ApiProperty({ type: [Number], description: `Vertices in the session grid as x, y, z triples (voxel indices, fractions allowed); at most ${MAX_VERTICES} vertices` })
  @IsArray({ message: 'points must be an array of numbers: x, y, z of each vertex' })
  @ArrayMinSize(3, { message: 'points must hold at least one vertex (x, y, z)' })
  @ArrayMaxSize(3 * MAX_VERTICES, { message: `points must hold at most ${MAX_VERTICES} vertices (${3 * MAX_VERTICES} numbers): simplify the stroke` })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true, message: 'points must be finite numbers' })
  @VerticesFitKind()
  points!: number[];

  @ApiPropertyOptional({ enum: [0, 1, 2], description: 'Axis (0 = x, 1 = y, 2 = z) the slice of a box, scribble or lasso is across; ignored for a point' })
  @IsOptional()
  @IsIn([0, 1, 2], { message: 'planeAxis must be 0 (x), 1 (y) or 2 (z)' })
  planeAxis?: number;
}

/** The list's prompts hold at most MAX_TOTAL_VERTICES vertices together. */
function TotalVerticesWithinBudget(): PropertyDecorator {
  const total = (prompts: unknown): number =>
    Array.isArray(prompts) ? prompts.reduce((n: number, p) => n + (Array.isArray(p?.points) ? p.points.length / 3 : 0), 0) : 0;
  return (target, propertyName) =>
    registerDecorator({
      name: 'totalVerticesWithinBudget',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (prompts: unknown) => total(prompts) <= MAX_TOTAL_VERTICES,
        defaultMessage: (args: ValidationArguments) =>
          `the prompts hold ${Math.ceil(total(args.value))} vertices in all; at most ${MAX_TOTAL_VERTICES}: undo or clear some strokes, or draw them shorter`,
      },
    });
}

export class PromptListDto {
  @ApiProperty({ type: [PromptDto], description: `Every prompt in force, oldest first (at most ${MAX_PROMPTS}, with at most ${MAX_TOTAL_VERTICES} vertices in all); an empty list goes back to the automatic result` })
  @IsArray({ message: 'prompts must be an array' })
  @ArrayMaxSize(MAX_PROMPTS, { message: `prompts must hold at most ${MAX_PROMPTS} prompts: clear some` })
  @TotalVerticesWithinBudget()
  @ValidateNested({ each: true })
  @Type(() => PromptDto)
  prompts!: PromptDto[];
}

export class SessionGridDto {
  @ApiProperty() sizeX!: number;
  @ApiProperty() sizeY!: number;
  @ApiProperty() sizeZ!: number;
  @ApiProperty({ description: 'Axis a 2D model segments slices across (0 = x, 1 = y, 2 = z)' }) sliceAxis!: number;
}

/** The automatic result as the prompt route's body: a box and its zlib voxels (base64 here, once per session). */
export class MaskPatchDto {
  @ApiProperty() x!: number;
  @ApiProperty() y!: number;
  @ApiProperty() z!: number;
  @ApiProperty() sizeX!: number;
  @ApiProperty() sizeY!: number;
  @ApiProperty() sizeZ!: number;
  @ApiProperty({ description: 'base64 of zlib (RFC 1950) of one byte per voxel of the box, x fastest: the class index, 255 unchanged' }) voxels!: string;
}

export class SessionDto {
  @ApiProperty({ description: 'Send prompts to POST /api/sessions/:id/prompts' }) id!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty({ type: SessionGridDto, description: "NIfTI voxel indices of the image the viewer shows (x fastest)" }) grid!: SessionGridDto;
  @ApiProperty({ description: 'false: a model without guidance channels; prompts are refused' }) guided!: boolean;
  @ApiProperty({ enum: [2, 3] }) spatialDims!: number;
  @ApiProperty({ type: [Number], description: 'Class i is label value labelValues[i]' }) labelValues!: number[];
  @ApiProperty({ type: [LabelNameDto] }) labels!: LabelNameDto[];
  @ApiProperty({ description: 'Idle seconds before the session expires (then prompts answer 410: reopen)' }) ttlS!: number;
  @ApiPropertyOptional({ type: MaskPatchDto, description: 'The automatic result; absent for a 2D model on a volume (a slice is predicted when first prompted)' })
  mask?: MaskPatchDto;
}

export function toPromptPb(p: PromptDto): GuidancePrompt {
  return { kind: KIND_PB[p.kind], classIndex: p.classIndex, points: p.points, planeAxis: p.planeAxis ?? 0 };
}

/** "x,y,z,sizeX,sizeY,sizeZ" of a patch, the X-Mask-Box header. */
export function maskBox(p: MaskPatch | undefined): string {
  return p ? [p.x, p.y, p.z, p.sizeX, p.sizeY, p.sizeZ].join(',') : '0,0,0,0,0,0';
}

export function mapSession(modelId: string, r: OpenSessionResponse): SessionDto {
  const grid = r.grid ?? { sizeX: 0, sizeY: 0, sizeZ: 0, sliceAxis: 2 };
  const m = r.mask;
  return {
    id: r.sessionId,
    modelId,
    grid: { sizeX: grid.sizeX, sizeY: grid.sizeY, sizeZ: grid.sizeZ, sliceAxis: grid.sliceAxis },
    guided: r.guided,
    spatialDims: r.spatialDims,
    labelValues: r.labelValues.map(Number),
    labels: r.labels.map((l) => ({ value: Number(l.value), name: l.name, color: l.color })),
    ttlS: r.ttlS,
    ...(m && m.voxels.length > 0
      ? { mask: { x: m.x, y: m.y, z: m.z, sizeX: m.sizeX, sizeY: m.sizeY, sizeZ: m.sizeZ, voxels: Buffer.from(m.voxels).toString('base64') } }
      : {}),
  };
}
