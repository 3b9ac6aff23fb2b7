import { type DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import type { Kysely } from 'kysely';
import type { GatewayConfig } from './config';
import { AdminController } from './controllers/admin.controller';
import { DatasetController } from './controllers/dataset.controller';
import { HealthController } from './controllers/health.controller';
import { InferenceController } from './controllers/inference.controller';
import { ModelController } from './controllers/model.controller';
import { SystemController } from './controllers/system.controller';
import type { Database } from './db/schema';
import { mlClientOptions } from './grpc/ml-client.options';
import { DatabaseRepository } from './repositories/database.repository';
import { DatasetRepository } from './repositories/dataset.repository';
import { InferenceResultRepository } from './repositories/inference-result.repository';
import { MlRepository } from './repositories/ml.repository';
import { ModelRepository } from './repositories/model.repository';
import { StorageRepository } from './repositories/storage.repository';
import { DatasetIngestService } from './services/dataset-ingest.service';
import { DatasetInspectionService } from './services/dataset-inspection.service';
import { DatasetResyncService } from './services/dataset-resync.service';
import { DatasetService } from './services/dataset.service';
import { HealthService } from './services/health.service';
import { InferenceService } from './services/inference.service';
import { ModelEventsService } from './services/model-events.service';
import { ModelResyncService } from './services/model-resync.service';
import { ModelService } from './services/model.service';
import { TrainingWatchService } from './services/training-watch.service';
import { StorageSetupService } from './services/storage-setup.service';
import { SystemService } from './services/system.service';
import { CONFIG, DATABASE, DB_CREATED, ML_CLIENT } from './tokens';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, db: Kysely<Database>, dbCreated = false): DynamicModule {
    return {
      module: AppModule,
      imports: [ClientsModule.register([{ name: ML_CLIENT, transport: Transport.GRPC, options: mlClientOptions(config) }])],
      controllers: [HealthController, SystemController, DatasetController, ModelController, InferenceController, AdminController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DATABASE, useValue: db },
        { provide: DB_CREATED, useValue: dbCreated },
        DatabaseRepository,
        DatasetRepository,
        StorageRepository,
        InferenceResultRepository,
        MlRepository,
        ModelRepository,
        DatasetIngestService,
        DatasetInspectionService,
        DatasetResyncService,
        DatasetService,
        HealthService,
        InferenceService,
        ModelEventsService,
        ModelResyncService,
        ModelService,
        TrainingWatchService,
        StorageSetupService,
        SystemService,
      ],
    };
  }
}
