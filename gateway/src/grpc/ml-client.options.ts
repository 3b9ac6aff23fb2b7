import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GrpcOptions } from '@nestjs/microservices';
import type { GatewayConfig } from '../config';
import { requestIdInterceptor } from './request-id.interceptor';

/** proto/ at the repository root; MEDSEG_PROTO_DIR overrides it (the Docker image copies it elsewhere). */
export function protoRoot(): string {
  const candidates = [process.env.MEDSEG_PROTO_DIR, resolve(__dirname, '../../../proto'), resolve(__dirname, '../../proto')];
  const found = candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'medseg/v1')));
  if (!found) throw new Error(`proto/medseg/v1 not found (looked in ${candidates.filter(Boolean).join(', ')}); set MEDSEG_PROTO_DIR`);
  return found;
}

export function mlClientOptions(config: GatewayConfig): GrpcOptions['options'] {
  const root = protoRoot();
  const files = readdirSync(join(root, 'medseg/v1'))
    .filter((f) => f.endsWith('.proto'))
    .sort()
    .map((f) => `medseg/v1/${f}`);
  const maxBytes = 256 * 1024 * 1024;
  return {
    url: config.mlServiceUrl,
    package: 'medseg.v1',
    protoPath: files,
    // Nest decodes at run time from the .proto: keep zero values (proto3 omits them on the wire),
    // numbers as numbers and enums as numbers, matching the ts-proto types (forceLong=number).
    loader: { includeDirs: [root], keepCase: false, longs: Number, enums: Number, defaults: true, oneofs: true, arrays: true },
    channelOptions: {
      'grpc.max_receive_message_length': maxBytes,
      'grpc.max_send_message_length': maxBytes,
      // Come back quickly after an ml-service restart instead of backing off for minutes.
      'grpc.initial_reconnect_backoff_ms': 250,
      'grpc.min_reconnect_backoff_ms': 250,
      'grpc.max_reconnect_backoff_ms': 2000,
      'grpc.keepalive_time_ms': 30_000,
      // grpc-js takes client interceptors among the constructor options Nest passes these as.
      interceptors: [requestIdInterceptor],
    },
  };
}
