import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import type { AuditEventRow } from '../db/schema';

/** What happened (ownership contract, "REST additions"). */
export const AUDIT_ACTIONS = [
  'created',
  'deleted',
  'shared',
  'unshared',
  'exported',
  'cancelled',
  'user_created',
  'user_changed',
  'login_link_issued',
  'token_created',
  'token_revoked',
  'signed_in_failed_locked',
  'settings_changed',
  'annotated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What it happened to. */
export const AUDIT_KINDS = ['dataset', 'model', 'evaluation', 'batch', 'inference_result', 'user', 'token', 'settings'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** `<time ms, 13 digits>-<event id>`: the sort key of the last event of a page. */
export const AUDIT_CURSOR = /^\d{13}-[0-9a-f-]{36}$/;
export const AUDIT_PAGE_MAX = 200;

export class AuditActorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The user name when the event happened' }) username!: string;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'ISO-8601 UTC' }) time!: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'Null when nobody was signed in (a sign-in lock-out)' })
  actor!: AuditActorDto | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ enum: AUDIT_KINDS }) kind!: AuditKind;
  @ApiProperty({ type: String, nullable: true }) resourceId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The name when the event happened' }) resourceName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What changed, or more about it, for a person to read' })
  detail!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' }) events!: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next (older) page; null when this is the last' })
  nextBefore!: string | null;
}

export class AuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 50, minimum: 1, maximum: AUDIT_PAGE_MAX })
  @IsOptional() @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(AUDIT_PAGE_MAX, { message: `limit must be at most ${AUDIT_PAGE_MAX}` })
  limit = 50;

  @ApiPropertyOptional({ description: 'The nextBefore of the previous page: only events older than it' })
  @IsOptional() @Matches(AUDIT_CURSOR, { message: 'before must be the nextBefore of a previous page' })
  before?: string;

  @ApiPropertyOptional({ description: 'Only events of this user (id)' })
  @IsOptional() @IsUUID('4', { message: 'actor must be a user id (a UUID)' })
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional() @IsIn(AUDIT_ACTIONS, { message: `action must be one of ${AUDIT_ACTIONS.join(', ')}` })
  action?: AuditAction;

  @ApiPropertyOptional({ enum: AUDIT_KINDS })
  @IsOptional() @IsIn(AUDIT_KINDS, { message: `kind must be one of ${AUDIT_KINDS.join(', ')}` })
  kind?: AuditKind;
}

export function mapAuditEvent(row: AuditEventRow): AuditEventDto {
  return {
    id: row.id,
    time: row.time,
    actor: row.actor_id === null ? null : { id: row.actor_id, username: row.actor_username ?? '' },
    action: row.action as AuditAction,
    kind: row.kind as AuditKind,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    detail: row.detail,
  };
}
