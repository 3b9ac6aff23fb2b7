import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom, type Observable, timeout, TimeoutError } from 'rxjs';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { GatewayConfig } from '../config';
import {
  type GetInfoResponse,
  SYSTEM_SERVICE_NAME,
  type SystemServiceClient,
} from '../generated/medseg/v1/system_service';
import { CONFIG, ML_CLIENT } from '../tokens';
import { mapGrpcError } from './grpc-error';

/** Typed promises over the ml-service's gRPC API; services never see rxjs or gRPC errors. */
@Injectable()
export class MlRepository implements OnModuleInit {
  private system!: SystemServiceClient;

  constructor(
    @Inject(ML_CLIENT) private readonly client: ClientGrpc,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.system = this.client.getService<SystemServiceClient>(SYSTEM_SERVICE_NAME);
  }

  get url(): string {
    return this.config.mlServiceUrl;
  }

  getInfo(timeoutMs = this.config.mlTimeoutMs): Promise<GetInfoResponse> {
    return this.unary(this.system.getInfo({}), timeoutMs);
  }

  private async unary<T>(call: Observable<T>, timeoutMs: number): Promise<T> {
    try {
      // Unsubscribing on timeout cancels the underlying gRPC call.
      return await firstValueFrom(call.pipe(timeout(timeoutMs)));
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw mapGrpcError({ code: GrpcStatus.DEADLINE_EXCEEDED }, this.config.mlServiceUrl);
      }
      throw mapGrpcError(error, this.config.mlServiceUrl);
    }
  }
}
