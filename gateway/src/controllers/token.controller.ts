import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CurrentUser } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { CreatedTokenDto, CreateTokenDto, TokenDto } from '../dtos/auth.dto';
import { ApiTokenService } from '../services/api-token.service';

export class TokenIdDto {
  @ApiProperty({ description: 'API token id (12 letters and digits)' })
  @Matches(/^[a-z2-7]{12}$/, { message: 'id must be an API token id (12 letters and digits)' }) id!: string;
}

@ApiTags('auth')
@Controller('auth/tokens')
export class TokenController {
  constructor(private readonly tokens: ApiTokenService) {}

  @Get()
  @ApiOkResponse({ type: [TokenDto], description: 'The caller\'s own API tokens' })
  list(@CurrentUser() caller: Caller): Promise<TokenDto[]> {
    return this.tokens.list(caller.id);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenDto, description: 'The secret is in this answer only' })
  create(@CurrentUser() caller: Caller, @Body() body: CreateTokenDto): Promise<CreatedTokenDto> {
    return this.tokens.create(caller.id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@CurrentUser() caller: Caller, @Param() { id }: TokenIdDto): Promise<void> {
    await this.tokens.revoke(id, caller.id, caller);
  }
}
