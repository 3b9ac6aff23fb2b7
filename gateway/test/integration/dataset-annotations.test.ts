import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  datasetCount,
  getDataset,
  listKeys,
  s3Client,
  uploadAndSettle,
} from "./datasets.helpers";
import { type Stack, startStack, waitUntil } from "./stack";
import { ModelSourceService } from "../../src/services/model-source.service";
import { TrainingRequestService } from "../../src/services/training-request.service";
import { DatasetRepository } from "../../src/repositories/dataset.repository";
import { TINY, createModel, getModel, waitForModel } from "./training.helpers";
import { makeVolumeArchive } from "./volume-archives";

/**
 * Saving runs PrepareAnnotation on the ml-service; these tests turn on by themselves once the
 * ml-service in this checkout implements it (the ml helper's branch, merged). Everything else
 * (versions, resync, conflicts, the start-up sweep) runs against versions written into S3 as a
 * save writes them.
 */
const ML_SERVICE_DIR = join(__dirname, "../../../ml-service/medseg_ml");
function mlHasPrepareAnnotation(dir = ML_SERVICE_DIR): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (
      entry.isDirectory() &&
      entry.name !== "generated" &&
      mlHasPrepareAnnotation(path)
    )
      return true;
    if (
      entry.isFile() &&
      entry.name.endsWith(".py") &&
      readFileSync(path, "utf8").includes("def PrepareAnnotation(")
    )
      return true;
  }
  return false;
}
const PREPARE_ANNOTATION = mlHasPrepareAnnotation();

interface VersionBody {
  version: number;
  parent: number | null;
  createdBy: { id: string; name: string } | null;
  labelledCases: number;
  unlabeledCases: number;
  changes: {
    caseIndex: number;
    caseName: string;
    annotationId: string;
    kind: string;
  }[];
}
interface CaseBody {
  index: number;
  name: string;
  unlabeled: boolean;
  annotationId: string | null;
  maskUrl: string | null;
}

/** A gzip NIfTI's voxel bytes (after vox_offset): equal label volumes on one grid, whatever the writer. */
async function maskVoxels(nifti: Buffer): Promise<Buffer> {
  const raw = gunzipSync(nifti);
  return raw.subarray(Math.round(raw.readFloatLE(108)));
}

describe("dataset versions and annotations", () => {
  let stack: Stack;
  let id: string;
  let adminId: string;
  let annotationId: string;
  let caseMask: Buffer;
  let caseName: string;

  const json = async <T>(path: string): Promise<T> => {
    const res = await stack.fetch(`${stack.url}${path}`);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };
  const put = async (key: string, body: Buffer | string) => {
    const client = s3Client(stack);
    await client.send(
      new PutObjectCommand({
        Bucket: stack.config.s3.bucket,
        Key: key,
        Body: body,
      }),
    );
    client.destroy();
  };
  const get = async (key: string): Promise<Buffer> => {
    const client = s3Client(stack);
    const out = await client.send(
      new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: key }),
    );
    const bytes = Buffer.from(await out.Body!.transformToByteArray());
    client.destroy();
    return bytes;
  };
  const save = (
    index: number,
    fields: Record<string, string>,
    mask = caseMask,
    as = stack.fetch,
  ) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set("mask", new Blob([new Uint8Array(mask)]), "mask.nii.gz");
    return as(`${stack.url}/api/datasets/${id}/cases/${index}/annotations`, {
      method: "POST",
      body: form,
    });
  };

  /** Writes version 2 as a save does: case 2 (unlabeled in MSD imagesTs/) gets case 1's mask. */
  const writeVersion2 = async () => {
    annotationId = randomUUID();
    const folder = `datasets/${id}/annotations/${annotationId}/`;
    const createdAt = new Date().toISOString();
    await put(`${folder}mask.nii.gz`, caseMask);
    await put(`${folder}mask-shard.safetensors`, Buffer.from("shard"));
    await put(
      `${folder}annotation.json`,
      JSON.stringify({
        format: "medseg-annotation-v1",
        id: annotationId,
        datasetId: id,
        caseIndex: 2,
        caseName,
        baseVersion: 1,
        createdAt,
        createdBy: adminId,
        proposal: { source: "empty", modelId: null },
        secondsSpent: 42,
        changedVoxels: 10,
        totalVoxels: 23040,
        proposalDice: null,
        proposalDicePerClass: [],
        labelVoxels: [{ value: 1, voxels: 10, volumeMl: 0.016 }],
        pairLabels: [],
      }),
    );
    await put(
      `datasets/${id}/versions/2.json`,
      JSON.stringify({
        format: "medseg-dataset-version-v1",
        datasetId: id,
        version: 2,
        parent: 1,
        createdAt,
        createdBy: adminId,
        masks: { "2": annotationId },
        changes: [{ caseIndex: 2, caseName, annotationId, kind: "added" }],
      }),
    );
  };

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "medseg-annotations-"));
    stack = await startStack();
    const settled = await uploadAndSettle(
      stack,
      makeVolumeArchive(dir, "msd"),
      "msd",
    );
    expect(settled.status, JSON.stringify(settled.errors)).toBe("ready");
    id = settled.id;
    adminId = (await json<{ id: string }>("/api/auth/me")).id;
    caseMask = await get(`datasets/${id}/cases/00001/mask.nii.gz`);
    caseName = (await json<{ items: CaseBody[] }>(`/api/datasets/${id}/cases`))
      .items[2].name;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("starts at version 1: the dataset as uploaded", async () => {
    expect(await getDataset(stack, id)).toMatchObject({ latestVersion: 1 });
    const versions = await json<VersionBody[]>(`/api/datasets/${id}/versions`);
    expect(versions).toEqual([
      expect.objectContaining({
        version: 1,
        parent: null,
        labelledCases: 2,
        unlabeledCases: 1,
        changes: [],
      }),
    ]);
    const cases = await json<{ items: CaseBody[] }>(
      `/api/datasets/${id}/cases`,
    );
    expect(cases.items.map((c) => c.annotationId)).toEqual([null, null, null]);
    expect(
      (await stack.fetch(`${stack.url}/api/datasets/${id}/cases?version=2`))
        .status,
    ).toBe(404);
    const queue = await json<{
      version: number;
      ordering: string;
      items: { caseIndex: number; depth: number; score: number | null }[];
    }>(`/api/datasets/${id}/annotation-queue`);
    expect(queue).toEqual({
      version: 1,
      ordering: "index",
      items: [
        {
          caseIndex: 2,
          name: caseName,
          depth: 12,
          height: 40,
          width: 48,
          score: null,
        },
      ],
    });
    expect(
      (
        await stack.fetch(
          `${stack.url}/api/datasets/${id}/annotation-queue?method=guess`,
        )
      ).status,
    ).toBe(400);
  });

  it("refuses bad save fields with 400s naming the field, before reading the mask", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ proposalSource: "empty" }, /baseVersion/],
      [{ baseVersion: "1", proposalSource: "guess" }, /proposalSource/],
      [{ baseVersion: "1", proposalSource: "model" }, /proposalModelId/],
      [
        { baseVersion: "9", proposalSource: "empty" },
        /baseVersion 9 does not exist/,
      ],
      [
        { baseVersion: "1", proposalSource: "empty", onConflict: "overwrite" },
        /onConflict/,
      ],
    ];
    for (const [fields, message] of cases) {
      const res = await save(0, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(
        message,
      );
    }
    expect(
      (await save(7, { baseVersion: "1", proposalSource: "empty" })).status,
    ).toBe(404);
    expect(
      (
        await save(
          0,
          { baseVersion: "1", proposalSource: "empty" },
          caseMask,
          stack.as("viewer"),
        )
      ).status,
    ).toBe(403);
    expect(await listKeys(stack, `datasets/${id}/annotations/`)).toEqual([]);
  });

  it("restores versions and annotations from S3 on resync", async () => {
    await writeVersion2();
    await stack.restartGateway({ MEDSEG_DB_PATH: join(stack.dir, "fresh.db") });
    await waitUntil(
      async () =>
        (await datasetCount(stack)) === 1 &&
        (await getDataset(stack, id)).latestVersion === 2,
      60_000,
    );
    const versions = await json<VersionBody[]>(`/api/datasets/${id}/versions`);
    expect(
      versions.map((v) => [
        v.version,
        v.parent,
        v.labelledCases,
        v.unlabeledCases,
      ]),
    ).toEqual([
      [1, null, 2, 1],
      [2, 1, 3, 0],
    ]);
    expect(versions[1].changes).toEqual([
      { caseIndex: 2, caseName, annotationId, kind: "added" },
    ]);
    expect(versions[1].createdBy?.id).toBe(adminId);

    const latest = await json<{ items: CaseBody[] }>(
      `/api/datasets/${id}/cases`,
    );
    expect(latest.items[2]).toMatchObject({
      unlabeled: false,
      annotationId,
      maskUrl: `/api/datasets/${id}/cases/2/mask.nii.gz`,
    });
    const first = await json<{ items: CaseBody[] }>(
      `/api/datasets/${id}/cases?version=1`,
    );
    expect(first.items[2]).toMatchObject({
      unlabeled: true,
      annotationId: null,
      maskUrl: null,
    });

    const mask = await stack.fetch(
      `${stack.url}/api/datasets/${id}/cases/2/mask.nii.gz?version=2`,
    );
    expect(mask.status).toBe(200);
    expect(Buffer.from(await mask.arrayBuffer())).toEqual(caseMask);
    expect(
      (
        await stack.fetch(
          `${stack.url}/api/datasets/${id}/cases/2/mask.nii.gz?version=1`,
        )
      ).status,
    ).toBe(404);
    const unversioned = await stack.fetch(
      `${stack.url}/api/datasets/${id}/cases/2/mask.nii.gz`,
    );
    expect(unversioned.headers.get("cache-control")).toBe("private, no-cache");

    expect(
      (await json<{ items: unknown[] }>(`/api/datasets/${id}/annotation-queue`))
        .items,
    ).toEqual([]);
    const v1 = await stack.fetch(
      `${stack.url}/api/datasets/${id}/versions/1/archive.zip`,
    );
    expect(v1.status).toBe(200);
    expect(v1.headers.get("content-disposition")).toBe(
      'attachment; filename="msd-v1.zip"',
    );
    expect(
      Buffer.from(await v1.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    // Version 2 in the layout it came in: the labelled imagesTs/ case moved to imagesTr/ with its mask
    // in labelsTr/; uploaded again, it is a dataset with every case labelled.
    const v2 = await stack.fetch(
      `${stack.url}/api/datasets/${id}/versions/2/archive.zip`,
    );
    expect(v2.status).toBe(200);
    expect(v2.headers.get("content-disposition")).toBe(
      'attachment; filename="msd-v2.zip"',
    );
    const v2File = join(
      mkdtempSync(join(tmpdir(), "medseg-v2-")),
      "msd-v2.zip",
    );
    writeFileSync(v2File, Buffer.from(await v2.arrayBuffer()));
    const again = await uploadAndSettle(stack, v2File, "msd-v2");
    expect(again.status, JSON.stringify(again.errors)).toBe("ready");
    const againCases = await json<{ items: CaseBody[] }>(
      `/api/datasets/${again.id}/cases`,
    );
    expect(againCases.items.map((c) => [c.name, c.unlabeled])).toEqual(
      latest.items.map((c) => [c.name, false]),
    );
    const roundTrip = againCases.items.findIndex((c) => c.name === caseName);
    const copied = await stack.fetch(
      `${stack.url}/api/datasets/${again.id}/cases/${roundTrip}/mask.nii.gz`,
    );
    expect(await maskVoxels(Buffer.from(await copied.arrayBuffer()))).toEqual(
      await maskVoxels(caseMask),
    );
    expect(
      (
        await stack.fetch(`${stack.url}/api/datasets/${again.id}`, {
          method: "DELETE",
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await stack.fetch(
          `${stack.url}/api/datasets/${id}/versions/3/archive.zip`,
        )
      ).status,
    ).toBe(404);
    const history = await json<
      {
        id: string;
        version: number;
        secondsSpent: number;
        proposalDice: number | null;
      }[]
    >(`/api/datasets/${id}/cases/2/annotations`);
    expect(history).toEqual([
      expect.objectContaining({
        id: annotationId,
        version: 2,
        baseVersion: 1,
        secondsSpent: 42,
        proposalDice: null,
        proposalSource: "empty",
      }),
    ]);
  }, 120_000);

  it("answers 409 with the other save when a later version changed the same case", async () => {
    const res = await save(2, { baseVersion: "1", proposalSource: "empty" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as {
      statusCode: number;
      message: string;
      conflict: Record<string, unknown>;
    };
    expect(body.statusCode).toBe(409);
    expect(body.message).toMatch(/version 2/);
    expect(body.conflict).toMatchObject({
      caseIndex: 2,
      version: 2,
      annotationId,
      createdBy: { id: adminId },
      maskUrl: `/api/datasets/${id}/cases/2/mask.nii.gz?version=2`,
    });
    expect(await listKeys(stack, `datasets/${id}/versions/`)).toEqual([
      `datasets/${id}/versions/2.json`,
    ]);
  });

  it("removes annotation folders no version names at start-up, and keeps committed ones", async () => {
    const orphan = `datasets/${id}/annotations/${randomUUID()}/`;
    await put(`${orphan}mask.nii.gz`, caseMask);
    await stack.restartGateway();
    await waitUntil(
      async () => (await listKeys(stack, orphan)).length === 0,
      60_000,
    );
    expect(
      (await listKeys(stack, `datasets/${id}/annotations/${annotationId}/`))
        .length,
    ).toBe(3);
  }, 120_000);

  it("trains on a version: annotated cases read their masks from the annotation shard", async () => {
    const sources = stack.app.get(ModelSourceService);
    const row = (await stack.app.get(DatasetRepository).getById(id))!;
    const dataset = {
      row,
      labelValues: row.stats!.labelValues,
      channels: row.stats!.channels,
    };
    const v2 = await sources.version(row, 2);
    const pairs = await sources.pairs(id, v2);
    expect(pairs.length).toBe(36);
    const request = await stack.app
      .get(TrainingRequestService)
      .build(
        {
          id: randomUUID(),
          name: "x",
          hyperparameters: { architecture: "unet" } as never,
          owner_id: null,
        },
        dataset,
        pairs,
        v2,
      );
    const source = request.dataset!;
    expect(source.version).toBe(2);
    const annotated = source.pairs.filter((p) => p.caseIndex === 2);
    expect(annotated).toHaveLength(12);
    for (const p of annotated)
      expect(p).toMatchObject({
        unlabeled: false,
        maskShardPath: `annotations/${annotationId}/mask-shard.safetensors`,
      });
    expect(
      source.pairs
        .filter((p) => p.caseIndex !== 2)
        .every((p) => p.maskShardPath === ""),
    ).toBe(true);
    expect(source.shards.map((s) => s.path)).toContain(
      `annotations/${annotationId}/mask-shard.safetensors`,
    );
    // Version 1 leaves the unlabeled case out, as before.
    expect(await sources.pairs(id, await sources.version(row, 1))).toHaveLength(
      24,
    );

    const bad = await createModel(stack, {
      name: "v9",
      datasetId: id,
      datasetVersion: 9,
      hyperparameters: { ...TINY, epochs: 1 },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /no version 9/,
    );
  });

  it("records the version a model trains on, and fine-tunes a completed one into the next version of its name", async () => {
    const res = await createModel(stack, {
      name: "hitl",
      datasetId: id,
      datasetVersion: 1,
      hyperparameters: { ...TINY, epochs: 2, learningRate: 0.01 },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const parent = (await res.json()) as {
      id: string;
      datasetVersion: number;
      parentModelId: string | null;
      childModelIds: string[];
    };
    expect(parent).toMatchObject({
      datasetVersion: 1,
      parentModelId: null,
      childModelIds: [],
    });
    const early = await stack.fetch(
      `${stack.url}/api/models/${parent.id}/fine-tune`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      },
    );
    if (early.status !== 201) expect(early.status).toBe(409);
    await waitForModel(
      stack,
      parent.id,
      (m) => m.status !== "training",
      120_000,
    );
    expect((await getModel(stack, parent.id)).status).toBe("completed");

    const tuned = await stack.fetch(
      `${stack.url}/api/models/${parent.id}/fine-tune`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ datasetVersion: 2 }),
      },
    );
    expect(tuned.status, await tuned.clone().text()).toBe(201);
    const child = (await tuned.json()) as {
      id: string;
      name: string;
      version: number;
      datasetVersion: number;
      parentModelId: string;
      epochs: number;
      hyperparameters: { learningRate: number; epochs: number };
    };
    expect(child).toMatchObject({
      name: "hitl",
      version: 2,
      datasetVersion: 2,
      parentModelId: parent.id,
      epochs: 1,
    });
    expect(child.hyperparameters.learningRate).toBeCloseTo(0.01, 8);
    expect(
      (
        (await getModel(stack, parent.id)) as unknown as {
          childModelIds: string[];
        }
      ).childModelIds,
    ).toEqual([child.id]);
    await waitForModel(
      stack,
      child.id,
      (m) => m.status !== "training",
      120_000,
    );
  }, 300_000);

  describe.skipIf(!PREPARE_ANNOTATION)(
    "saving (needs PrepareAnnotation on the ml-service)",
    () => {
      it("saves a mask as the next version, writing the commit marker last", async () => {
        const res = await save(0, {
          baseVersion: "2",
          proposalSource: "empty",
          secondsSpent: "12.5",
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const body = (await res.json()) as {
          version: VersionBody;
          annotation: {
            id: string;
            version: number;
            baseVersion: number;
            totalVoxels: number;
          };
        };
        expect(body.version).toMatchObject({
          version: 3,
          parent: 2,
          changes: [expect.objectContaining({ caseIndex: 0, kind: "changed" })],
        });
        expect(body.annotation).toMatchObject({
          version: 3,
          baseVersion: 2,
          totalVoxels: 12 * 40 * 48,
        });
        const keys = await listKeys(
          stack,
          `datasets/${id}/annotations/${body.annotation.id}/`,
        );
        expect(keys.map((k) => k.split("/").pop())).toEqual([
          "annotation.json",
          "mask-shard.safetensors",
          "mask.nii.gz",
        ]);
        expect((await getDataset(stack, id)).latestVersion).toBe(3);
      });

      it("keeps both conflicting saves when asked, each in its own version", async () => {
        const res = await save(2, {
          baseVersion: "1",
          proposalSource: "empty",
          onConflict: "keep-both",
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const versions = await json<VersionBody[]>(
          `/api/datasets/${id}/versions`,
        );
        expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
        expect(versions[3].changes[0]).toMatchObject({
          caseIndex: 2,
          kind: "changed",
        });
      });

      it("refuses a mask not on the case grid with the ml-service reason and writes nothing", async () => {
        const before = await listKeys(stack, `datasets/${id}/`);
        const res = await save(
          0,
          { baseVersion: "4", proposalSource: "empty" },
          Buffer.from("not a nifti"),
        );
        expect(res.status).toBe(400);
        expect(await listKeys(stack, `datasets/${id}/`)).toEqual(before);
      });
    },
  );
});
