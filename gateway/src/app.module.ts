import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import type { Kysely } from 'kysely';
import type { GatewayConfig } from './config';
import { HealthController } from './controllers/health.controller';
import { SystemController } from './controllers/system.controller';
import type { Database } from './db/schema';
import { mlClientOptions } from './grpc/ml-client.options';
import { DatabaseRepository } from './repositories/database.repository';
import { MlRepository } from './repositories/ml.repository';
import { StorageRepository } from './repositories/storage.repository';
import { HealthService } from './services/health.service';
import { StorageSetupService } from './services/storage-setup.service';
import { SystemService } from './services/system.service';
import { CONFIG, DATABASE, ML_CLIENT } from './tokens';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, db: Kysely<Database>): DynamicModule {
    return {
      module: AppModule,
      imports: [ClientsModule.register([{ name: ML_CLIENT, transport: Transport.GRPC, options: mlClientOptions(config) }])],
      controllers: [HealthController, SystemController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DATABASE, useValue: db },
        DatabaseRepository,
        StorageRepository,
        MlRepository,
        HealthService,
        StorageSetupService,
        SystemService,
      ],
    };
  }
}
