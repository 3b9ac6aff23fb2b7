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

export class HealthDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'down when any dependency is down (HTTP 503)' })
  status!: HealthStatus;

  @ApiProperty({ type: [DependencyHealthDto] })
  dependencies!: DependencyHealthDto[];
}
