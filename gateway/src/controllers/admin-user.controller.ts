import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentUser, MinRole } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { CreatedUserDto, CreateUserDto, LoginLinkCreatedDto, TokenDto, UpdateUserDto, UserDto } from '../dtos/auth.dto';
import { ApiTokenService } from '../services/api-token.service';
import { UserAdminService } from '../services/user-admin.service';
import { TokenIdDto } from './token.controller';

class UserIdDto {
  @ApiProperty({ format: 'uuid', description: 'User id' }) @IsUUID('4', { message: 'id must be a user id (a UUID)' }) id!: string;
}

@ApiTags('admin')
@MinRole('admin')
@Controller('admin')
export class AdminUserController {
  constructor(
    private readonly users: UserAdminService,
    private readonly tokens: ApiTokenService,
  ) {}

  @Get('users')
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post('users')
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiConflictResponse({ description: 'The user name is taken' })
  create(@Body() body: CreateUserDto, @CurrentUser() caller: Caller): Promise<CreatedUserDto> {
    return this.users.create(body, caller);
  }

  @Patch('users/:id')
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'It would leave no enabled admin' })
  update(@Param() { id }: UserIdDto, @Body() body: UpdateUserDto, @CurrentUser() caller: Caller): Promise<UserDto> {
    return this.users.update(id, body, caller);
  }

  @Post('users/:id/login-link')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginLinkCreatedDto, description: 'A one-time link at which the user sets a new password' })
  loginLink(@Param() { id }: UserIdDto, @CurrentUser() caller: Caller): Promise<LoginLinkCreatedDto> {
    return this.users.loginLink(id, caller);
  }

  @Post('users/:id/logout-all')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every session of the user ended' })
  async logoutAll(@Param() { id }: UserIdDto): Promise<void> {
    await this.users.logoutAll(id);
  }

  @Get('tokens')
  @ApiOkResponse({ type: [TokenDto], description: 'Everyone\'s API tokens' })
  listTokens(): Promise<TokenDto[]> {
    return this.tokens.list(null);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  async revokeToken(@Param() { id }: TokenIdDto, @CurrentUser() caller: Caller): Promise<void> {
    await this.tokens.revoke(id, null, caller);
  }
}
