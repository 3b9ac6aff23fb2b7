import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

/** Ordered by what they may do: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'researcher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const USERNAME_RULE = 'username must be 2-63 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit';
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(63) username!: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX) password!: string;
}

export class LoginLinkDto {
  @ApiProperty({ description: 'The `link` query parameter of a one-time login link' }) @IsString() @MaxLength(200) link!: string;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({ description: 'Required unless the session came from a login link that asks for a new password' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  currentPassword?: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `newPassword must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(PASSWORD_MAX)
  newPassword!: string;
}

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'Signed in with a login link: set a password before anything else' }) mustSetPassword!: boolean;
  @ApiProperty({ enum: ['session', 'token'] }) authMethod!: 'session' | 'token';
}

export class OidcProviderDto {
  @ApiProperty({ description: 'What the "Sign in with …" button says' }) name!: string;
  @ApiProperty({ description: 'Where the browser goes to start the sign-in' }) loginUrl!: string;
}

export class AuthProvidersDto {
  @ApiProperty() password!: boolean;
  @ApiProperty({ type: OidcProviderDto, nullable: true }) oidc!: OidcProviderDto | null;
}

export class CreateTokenDto {
  @ApiProperty({ maxLength: 80 }) @IsString() @MinLength(1) @MaxLength(80) name!: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Days until it expires; null or absent: never' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number | null;
}

export class TokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'The first characters of the secret, to recognise it' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
}

export class CreatedTokenDto {
  @ApiProperty({ type: TokenDto }) token!: TokenDto;
  @ApiProperty({ description: 'Send as `Authorization: Bearer <secret>`; shown this once only' }) secret!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() disabled!: boolean;
  @ApiProperty() hasPassword!: boolean;
  @ApiProperty({ description: 'Signs in through the single sign-on provider' }) oidc!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastLoginAt!: string | null;
}

export class CreateUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source }) @IsString() @Matches(USERNAME_PATTERN, { message: USERNAME_RULE }) username!: string;
  @ApiProperty({ maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) displayName!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role!: Role;
  @ApiPropertyOptional({ description: 'Absent: the answer carries a one-time login link at which the user sets one' })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters` })
  @MaxLength(PASSWORD_MAX)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 120 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) displayName?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }) role?: Role;
  @ApiPropertyOptional({ description: 'A disabled user cannot sign in; their sessions and tokens stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ nullable: true, type: String, description: 'One-time login link (when no password was given)' }) loginLink!: string | null;
}

export class LoginLinkCreatedDto {
  @ApiProperty({ description: 'One-time login link; the user sets a new password there' }) loginLink!: string;
  @ApiProperty() expiresAt!: string;
}
