import { ApiProperty } from '@nestjs/swagger';

export class ClassPaletteDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: 3, maxItems: 3 },
    description: '[r, g, b] of class 1, 2, ... (class 0, the background, has none); repeats past the end, as in the colour PNG masks',
  })
  colors!: number[][];
}
