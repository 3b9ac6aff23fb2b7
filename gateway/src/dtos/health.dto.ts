import { ApiProperty } from '@nestjs/swagger';

export type DependencyName = 'sqlite' | 's3' | 'ml-service';
export type HealthStatus = 'up' | 'down';

export class DependencyHealthDto {
  @ApiProperty({ enum: ['sqlite', 's3', 'ml-service'] })
  name!: DependencyName;

  @ApiProperty({ enum: ['up', 'down'] })
  status!: HealthStatus;

  @ApiProperty({ description: 'Round-trip time of the check in milliseconds' })
  latencyMs!: number;

  @ApiProperty({ description: 'Where the dependency is, or why it is down', example: 'ml-service unavailable at 127.0.0.1:50051' })
  detail!: string;
}

/** Up or down and nothing more: what anybody may learn (where the dependencies are is not). */
export class HealthStatusDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'down when any dependency is down (HTTP 503)' })
  status!: HealthStatus;
}

/** The full answer: each dependency, where it is and why it is down (for admins once accounts land). */
export class HealthDto extends HealthStatusDto {
  @ApiProperty({ type: [DependencyHealthDto] })
  dependencies!: DependencyHealthDto[];
}

export function mapHealthStatus(health: HealthDto): HealthStatusDto {
  return { status: health.status };
}
