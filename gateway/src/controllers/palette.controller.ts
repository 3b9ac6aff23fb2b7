import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClassPaletteDto } from '../dtos/palette.dto';
import { CLASS_PALETTE } from '../util/png-palette';

@ApiTags('inference')
@Controller('inference')
export class PaletteController {
  @Get('palette')
  @ApiOkResponse({ type: ClassPaletteDto, description: 'The class colours of the viewer overlay and the colour PNG masks' })
  palette(): ClassPaletteDto {
    return { colors: CLASS_PALETTE.map((rgb) => [...rgb]) };
  }
}
