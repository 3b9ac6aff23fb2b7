import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { SettingsDto, UpdateSettingsDto } from '../dtos/settings.dto';
import { SettingsService } from '../services/settings.service';

@ApiTags('admin')
@MinRole('admin')
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOkResponse({ type: SettingsDto })
  get(): SettingsDto {
    return this.settings.get();
  }

  @Put()
  @ApiOkResponse({ type: SettingsDto, description: 'Stored in S3, in effect at once and after restarts' })
  update(@CurrentUser() caller: Caller, @Body() body: UpdateSettingsDto): Promise<SettingsDto> {
    return this.settings.update(caller, body);
  }
}
