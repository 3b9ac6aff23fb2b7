import { MetricsController } from './controllers/metrics.controller';
import { GatewayMetrics } from './observability/gateway-metrics';
import { MetricsService } from './services/metrics.service';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import type { Kysely } from 'kysely';
import { AuthGuard } from './auth/auth.guard';
import type { GatewayConfig } from './config';
import { AdminUserController } from './controllers/admin-user.controller';
import { AuthController } from './controllers/auth.controller';
import { TokenController } from './controllers/token.controller';
import { AdminController } from './controllers/admin.controller';
import { AuditController } from './controllers/audit.controller';
import { SettingsController } from './controllers/settings.controller';
import { BatchController } from './controllers/batch.controller';
import { DatasetController } from './controllers/dataset.controller';
import { EvaluationController } from './controllers/evaluation.controller';
import { ExportController } from './controllers/export.controller';
import { HealthController } from './controllers/health.controller';
import { InferenceController } from './controllers/inference.controller';
import { GuidedSessionController } from './controllers/guided-session.controller';
import { ModelController } from './controllers/model.controller';
import { TrainingController } from './controllers/training.controller';
import { OidcController } from './controllers/oidc.controller';
import { PaletteController } from './controllers/palette.controller';
import { SystemController } from './controllers/system.controller';
import type { Database } from './db/schema';
import { mlClientOptions } from './grpc/ml-client.options';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { DatabaseRepository } from './repositories/database.repository';
import { LoginLinkRepository } from './repositories/login-link.repository';
import { SessionRepository } from './repositories/session.repository';
import { UserRepository } from './repositories/user.repository';
import { AccountResyncService } from './services/account-resync.service';
import { AuditService } from './services/audit.service';
import { AuditEventRepository } from './repositories/audit-event.repository';
import { ApiTokenService } from './services/api-token.service';
import { FirstStartService } from './services/first-start.service';
import { LoginLinkService } from './services/login-link.service';
import { LoginService } from './services/login.service';
import { SessionService } from './services/session.service';
import { UserAdminService } from './services/user-admin.service';
import { UserService } from './services/user.service';
import { BatchRepository } from './repositories/batch.repository';
import { DatasetRepository } from './repositories/dataset.repository';
import { DatasetVersionRepository } from './repositories/dataset-version.repository';
import { EvaluationRepository } from './repositories/evaluation.repository';
import { JobEventRepository } from './repositories/job-event.repository';
import { InferenceResultRepository } from './repositories/inference-result.repository';
import { MlRepository } from './repositories/ml.repository';
import { ModelRepository } from './repositories/model.repository';
import { OidcRepository } from './repositories/oidc.repository';
import { StorageRepository } from './repositories/storage.repository';
import { BatchService } from './services/batch.service';
import { DatasetIngestService } from './services/dataset-ingest.service';
import { DatasetInspectionService } from './services/dataset-inspection.service';
import { DatasetResyncService } from './services/dataset-resync.service';
import { DatasetVersionResyncService } from './services/dataset-version-resync.service';
import { DatasetService } from './services/dataset.service';
import { DatasetVersionService } from './services/dataset-version.service';
import { AnnotationService } from './services/annotation.service';
import { AutoFineTuneController } from './controllers/auto-fine-tune.controller';
import { AutoFineTuneRepository } from './repositories/auto-fine-tune.repository';
import { AutoFineTuneService } from './services/auto-fine-tune.service';
import { AutoFineTuneTrigger } from './services/auto-fine-tune.trigger';
import { ActingUser } from './services/acting-user.service';
import { ModelGainService } from './services/model-gain.service';
import { AnnotationQueueService } from './services/annotation-queue.service';
import { EvaluationService } from './services/evaluation.service';
import { ExportService } from './services/export.service';
import { HealthService } from './services/health.service';
import { InferenceResultService } from './services/inference-result.service';
import { InferenceService } from './services/inference.service';
import { InferenceVolumeService } from './services/inference-volume.service';
import { GuidedSessionService } from './services/guided-session.service';
import { VolumeCaseSource } from './services/volume-case-source.service';
import { VolumeResultService } from './services/volume-result.service';
import { JobResyncService } from './services/job-resync.service';
import { BatchJobHandler } from './services/batch-job.handler';
import { EvaluationJobHandler } from './services/evaluation-job.handler';
import { JobEventBus } from './services/job-event-bus';
import { JobStreamService } from './services/job-stream.service';
import { JobWatchService } from './services/job-watch.service';
import { TrainingJobHandler } from './services/training-job.handler';
import { TrainingRequestService } from './services/training-request.service';
import { ModelResyncService } from './services/model-resync.service';
import { ModelRunRecord } from './services/model-run-record.service';
import { ModelService } from './services/model.service';
import { TrainingDefaultsService } from './services/training-defaults.service';
import { ModelSourceService } from './services/model-source.service';
import { ResourceAccess } from './services/access/resource-access.service';
import { SharingService } from './services/access/sharing.service';
import { OidcFlowStore } from './services/oidc-flow.store';
import { OidcSignInService } from './services/oidc-sign-in.service';
import { SettingsService } from './services/settings.service';
import { StorageSetupService } from './services/storage-setup.service';
import { SystemService } from './services/system.service';
import { CONFIG, DATABASE, DB_CREATED, ML_CLIENT } from './tokens';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, db: Kysely<Database>, dbCreated = false): DynamicModule {
    return {
      module: AppModule,
      imports: [ClientsModule.register([{ name: ML_CLIENT, transport: Transport.GRPC, options: mlClientOptions(config) }])],
      controllers: [
        HealthController,
        SystemController,
        DatasetController,
        AutoFineTuneController,
        ModelController,
        TrainingController,
        ExportController,
        InferenceController,
        GuidedSessionController,
        PaletteController,
        EvaluationController,
        BatchController,
        AdminController,
        AuditController,
        SettingsController,
        AuthController,
        TokenController,
        AdminUserController,
        OidcController,
        MetricsController,
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DATABASE, useValue: db },
        { provide: DB_CREATED, useValue: dbCreated },
        { provide: APP_GUARD, useClass: AuthGuard },
        GatewayMetrics,
        MetricsService,
        AccountResyncService,
        AuditEventRepository,
        AuditService,
        ApiTokenRepository,
        ApiTokenService,
        FirstStartService,
        LoginLinkRepository,
        LoginLinkService,
        LoginService,
        SessionRepository,
        SessionService,
        UserAdminService,
        UserRepository,
        UserService,
        BatchRepository,
        DatabaseRepository,
        DatasetRepository,
        DatasetVersionRepository,
        DatasetVersionService,
        AnnotationService,
        AutoFineTuneRepository,
        AutoFineTuneService,
        AutoFineTuneTrigger,
        ActingUser,
        ModelGainService,
        AnnotationQueueService,
        DatasetVersionResyncService,
        EvaluationRepository,
        StorageRepository,
        InferenceResultRepository,
        MlRepository,
        ModelRepository,
        OidcRepository,
        OidcFlowStore,
        OidcSignInService,
        BatchService,
        DatasetIngestService,
        DatasetInspectionService,
        DatasetResyncService,
        DatasetService,
        EvaluationService,
        ExportService,
        HealthService,
        InferenceService,
        InferenceResultService,
        InferenceVolumeService,
        GuidedSessionService,
        VolumeCaseSource,
        VolumeResultService,
        JobResyncService,
        JobWatchService,
        ModelResyncService,
        ModelService,
        ModelRunRecord,
        TrainingDefaultsService,
        ModelSourceService,
        ResourceAccess,
        SharingService,
        TrainingJobHandler,
        TrainingRequestService,
        EvaluationJobHandler,
        BatchJobHandler,
        JobEventBus,
        JobStreamService,
        JobEventRepository,
        SettingsService,
        StorageSetupService,
        SystemService,
      ],
    };
  }
}
