import type { Readable } from "node:stream";
import {
  ConflictException,
  Injectable,
  NotFoundException,
} from "@nestjs/common";
import { StorageRepository } from "../repositories/storage.repository";
import { datasetKeys } from "./storage-layout";
import {
  archivePlan,
  type EditedCase,
  versionArchive,
} from "./version-archive";
import type { Caller } from "../auth/caller";
import type { DatasetRow, DatasetVersionRow } from "../db/schema";
import {
  type DatasetVersionDto,
  type UserNames,
  type AnnotationDto,
  mapAnnotation,
  userRef,
} from "../dtos/dataset-version.dto";
import { DatasetRepository } from "../repositories/dataset.repository";
import { DatasetVersionRepository } from "../repositories/dataset-version.repository";
import { UserRepository } from "../repositories/user.repository";
import { ResourceAccess } from "./access/resource-access.service";

/** A dataset as of one version: which annotation gives each edited case its mask. */
export interface VersionState {
  version: number;
  latest: number;
  /** caseIndex → annotation id, every case whose mask differs from version 1. */
  masks: Map<number, string>;
}

/**
 * Reads dataset versions (hitl contract): version 1 is the dataset as uploaded, each later one a
 * row (cache of versions/<n>.json) whose `masks` is cumulative, so one row tells a whole version.
 */
@Injectable()
export class DatasetVersionService {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly versions: DatasetVersionRepository,
    private readonly users: UserRepository,
    private readonly access: ResourceAccess,
    private readonly storage: StorageRepository,
  ) {}

  /**
   * Version n as a ZIP in the layout it came in: the archive as uploaded, with each saved mask in its
   * layout's place (version-archive.ts).
   */
  async archive(
    caller: Caller,
    datasetId: string,
    n: number,
  ): Promise<{ body: Readable; contentLength?: number; fileName: string }> {
    const dataset = await this.access.dataset(caller, datasetId);
    const state = await this.state(dataset, n);
    const object = await this.storage.getObjectStream(
      datasetKeys(datasetId).archive,
    );
    if (!object)
      throw new NotFoundException(
        `The archive of dataset ${dataset.name} is missing from storage; upload the dataset again`,
      );
    const stem = dataset.name.replace(/[^A-Za-z0-9._-]+/g, "_") || "dataset";
    const fileName = `${stem}-v${state.version}.zip`;
    if (state.masks.size === 0)
      return {
        body: object.body,
        contentLength: object.contentLength,
        fileName,
      };
    const annotations = new Map(
      (await this.versions.listAnnotationsById([...state.masks.values()])).map(
        (a) => [a.id, a],
      ),
    );
    const edited: EditedCase[] = [];
    for (const [caseIndex, annotationId] of state.masks) {
      const [found, annotation] = [
        await this.datasets.getCase(datasetId, caseIndex),
        annotations.get(annotationId),
      ];
      if (!found || !annotation)
        throw new ConflictException(
          `Dataset ${dataset.name} version ${state.version}: case ${caseIndex} or its annotation is not in the cache; run POST /api/admin/resync`,
        );
      edited.push({
        case: found,
        niftiKey: annotation.mask_key,
        pngKey: annotation.mask_png_key,
      });
    }
    const readObject = async (key: string) => {
      const mask = await this.storage.getObjectStream(key);
      if (!mask) throw new Error(`${key} is missing from storage`);
      return mask.body;
    };
    return {
      body: await versionArchive(
        object.body,
        archivePlan(dataset.layout, edited),
        readObject,
      ),
      fileName,
    };
  }

  async latest(datasetId: string): Promise<number> {
    return (await this.versions.getLatest(datasetId))?.version ?? 1;
  }

  latestOf(datasetIds: string[]): Promise<Map<string, number>> {
    return this.versions.latestByDataset(datasetIds);
  }

  /** Version `version` of a dataset (default: the latest); 404 naming the versions it has. */
  async state(dataset: DatasetRow, version?: number): Promise<VersionState> {
    const latestRow = await this.versions.getLatest(dataset.id);
    const latest = latestRow?.version ?? 1;
    const n = version ?? latest;
    if (n > latest)
      throw new NotFoundException(
        `Dataset ${dataset.name} has no version ${n} (it has versions 1 to ${latest})`,
      );
    if (n === 1) return { version: 1, latest, masks: new Map() };
    const row =
      n === latest ? latestRow : await this.versions.getVersion(dataset.id, n);
    if (!row)
      throw new NotFoundException(
        `Dataset ${dataset.name} has no version ${n}; run POST /api/admin/resync`,
      );
    return { version: n, latest, masks: masksOf(row) };
  }

  /** Every version, oldest first, with its changes and how many cases are labelled in it. */
  async list(caller: Caller, datasetId: string): Promise<DatasetVersionDto[]> {
    const dataset = await this.access.dataset(caller, datasetId);
    const rows = await this.versions.listVersions(datasetId);
    const unlabeledIndices = await this.unlabeledIndices(dataset);
    const names = await this.names([
      dataset.owner_id,
      ...rows.map((r) => r.created_by),
    ]);
    return [
      this.first(dataset, unlabeledIndices.size, names),
      ...rows.map((r) => this.mapVersion(dataset, r, unlabeledIndices, names)),
    ];
  }

  /** One version as the API shows it. */
  async dto(
    dataset: DatasetRow,
    row: DatasetVersionRow,
  ): Promise<DatasetVersionDto> {
    return this.mapVersion(
      dataset,
      row,
      await this.unlabeledIndices(dataset),
      await this.names([row.created_by]),
    );
  }

  /** One case's saved annotations, oldest first. */
  async history(
    caller: Caller,
    datasetId: string,
    caseIndex: number,
  ): Promise<AnnotationDto[]> {
    await this.access.dataset(caller, datasetId);
    const found = await this.datasets.getCase(datasetId, caseIndex);
    if (!found)
      throw new NotFoundException(
        `Dataset ${datasetId} has no case ${caseIndex}`,
      );
    const rows = await this.versions.listCaseAnnotations(datasetId, caseIndex);
    const names = await this.names(rows.map((r) => r.created_by));
    return rows.map((r) => mapAnnotation(r, found.name, names));
  }

  async names(ids: (string | null)[]): Promise<UserNames> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    const users = await this.users.listByIds(wanted);
    return new Map(users.map((u) => [u.id, u.display_name]));
  }

  /** 409 for a dataset stored before 2D images were cases: nothing of it can be annotated. */
  async requireCases(dataset: DatasetRow): Promise<void> {
    if (dataset.status !== "ready") {
      throw new ConflictException(
        `Dataset ${dataset.name} is ${dataset.status === "uploaded" ? "still being inspected" : "in error"}; annotate a ready dataset`,
      );
    }
    if (dataset.case_count === 0 && dataset.pair_count > 0) {
      throw new ConflictException(
        `Dataset ${dataset.name} was stored before 2D images were cases: re-upload the dataset to annotate its 2D images`,
      );
    }
  }

  private first(
    dataset: DatasetRow,
    unlabeled: number,
    names: UserNames,
  ): DatasetVersionDto {
    return {
      version: 1,
      parent: null,
      createdAt: dataset.uploaded_at,
      createdBy: userRef(dataset.owner_id, names),
      labelledCases: dataset.case_count - unlabeled,
      unlabeledCases: unlabeled,
      changes: [],
    };
  }

  private mapVersion(
    dataset: DatasetRow,
    row: DatasetVersionRow,
    unlabeledIndices: Set<number>,
    names: UserNames,
  ): DatasetVersionDto {
    const masks = masksOf(row);
    const unlabeled = [...unlabeledIndices].filter((i) => !masks.has(i)).length;
    return {
      version: row.version,
      parent: row.parent,
      createdAt: row.created_at,
      createdBy: userRef(row.created_by, names),
      labelledCases: dataset.case_count - unlabeled,
      unlabeledCases: unlabeled,
      changes: row.changes,
    };
  }

  private async unlabeledIndices(dataset: DatasetRow): Promise<Set<number>> {
    if (dataset.unlabeled_count === 0) return new Set();
    const cases = await this.datasets.listCases(
      dataset.id,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    return new Set(cases.filter((c) => c.unlabeled === 1).map((c) => c.idx));
  }
}

export function masksOf(row: DatasetVersionRow): Map<number, string> {
  return new Map(Object.entries(row.masks).map(([k, v]) => [Number(k), v]));
}
