import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const VISIBILITIES = ['private', 'shared'] as const;
/** private: its owner and admins; shared: everyone signed in may see and use it. */
export type Visibility = (typeof VISIBILITIES)[number];
export const OWNER_FILTERS = ['me', 'others'] as const;
export type OwnerFilter = (typeof OWNER_FILTERS)[number];

/** Who owns a resource; null on things stored before accounts existed (shared, admin-managed). */
export class OwnerDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
}

/** What the access module says about one resource for one caller; every owned DTO spreads it. */
export interface OwnedFields {
  owner: OwnerDto | null;
  canChange: boolean;
}

/** `owner` of a DTO (datasets, models, evaluations, batches, inference results). */
export const OwnerField = () =>
  ApiProperty({ type: OwnerDto, nullable: true, description: 'null: stored before accounts existed (shared; only admins change it)' });

/** `canChange` of a DTO: the UI hides change, share, cancel and delete actions by it. */
export const CanChangeField = () => ApiProperty({ description: 'Whether the caller may change, share, cancel or delete it (its owner or an admin)' });

/** `visibility` of a dataset or model DTO. */
export const VisibilityField = () => ApiProperty({ enum: VISIBILITIES, description: 'private: its owner and admins; shared: everyone signed in' });

/** `?owner=` of a list route. */
export const OwnerFilterField = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: OWNER_FILTERS, description: "me: the caller's own; others: everyone else's the caller may see; absent: all the caller may see" }),
    IsOptional(),
    IsIn(OWNER_FILTERS, { message: `owner must be one of ${OWNER_FILTERS.join(', ')}` }),
  );

/** Body of PUT /api/datasets/:id/visibility and PUT /api/models/:id/visibility. */
export class VisibilityBodyDto {
  @VisibilityField()
  @IsIn(VISIBILITIES, { message: `visibility must be one of ${VISIBILITIES.join(', ')}` })
  visibility!: Visibility;
}

/** The query of a list route that takes nothing but `?owner=`. */
export class OwnerQueryDto {
  @OwnerFilterField() owner?: OwnerFilter;
}
