import { ApiProperty } from '@nestjs/swagger';
import { DeviceKind, type GetInfoResponse } from '../generated/medseg/v1/system_service';

export class LoadedModelDto {
  @ApiProperty() modelId!: string;
  @ApiProperty() architecture!: string;
  @ApiProperty() memoryBytes!: number;
  @ApiProperty({ description: 'ISO-8601 time of the last request that used the model' }) lastUsedAt!: string;
}

export class SystemDto {
  @ApiProperty({ enum: ['cpu', 'cuda'] }) device!: 'cpu' | 'cuda';
  @ApiProperty() deviceName!: string;
  @ApiProperty() torchVersion!: string;
  @ApiProperty() pythonVersion!: string;
  @ApiProperty() serviceVersion!: string;
  @ApiProperty() memoryFreeBytes!: number;
  @ApiProperty() memoryTotalBytes!: number;
  @ApiProperty() cpuThreads!: number;
  @ApiProperty() uptimeSeconds!: number;
  @ApiProperty({ type: [LoadedModelDto] }) loadedModels!: LoadedModelDto[];
}

export function mapSystem(info: GetInfoResponse): SystemDto {
  return {
    device: info.deviceKind === DeviceKind.DEVICE_KIND_CUDA ? 'cuda' : 'cpu',
    deviceName: info.deviceName,
    torchVersion: info.torchVersion,
    pythonVersion: info.pythonVersion,
    serviceVersion: info.serviceVersion,
    memoryFreeBytes: info.memoryFreeBytes,
    memoryTotalBytes: info.memoryTotalBytes,
    cpuThreads: info.cpuThreads,
    uptimeSeconds: info.uptimeSeconds,
    loadedModels: info.loadedModels.map((m) => ({
      modelId: m.modelId,
      architecture: m.architecture,
      memoryBytes: m.memoryBytes,
      lastUsedAt: new Date(m.lastUsedUnixMs).toISOString(),
    })),
  };
}
