import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3Client, uploadAndSettle } from "./datasets.helpers";
import { type Stack, startStack, waitUntil } from "./stack";
import { TINY, createModel, getModel, waitForModel } from "./training.helpers";
import { makeVolumeArchive } from "./volume-archives";

interface ModelBody {
  id: string;
  status: string;
  jobState: string;
  datasetVersion: number;
  parentModelId: string | null;
  trigger: string;
}
interface GainBody {
  modelId: string;
  parentModelId: string;
  datasetVersion: number;
  state: string;
  parentEvaluation: { id: string; modelId: string; datasetVersion: number; splitModelId: string | null; subset: string } | null;
  childEvaluation: { id: string; modelId: string; datasetVersion: number; splitModelId: string | null; subset: string } | null;
  caseCount: number | null;
  sameCases: boolean | null;
  metrics: { metric: string; parent: number | null; child: number | null; difference: number | null }[];
  perClass: { labelValue: number; metrics: { metric: string }[] }[];
}
interface RuleBody {
  enabled: boolean;
  modelId: string | null;
  newMasks: number;
  newMasksSince: number;
  sinceVersion: number;
  activeModelId: string | null;
  lastModelId: string | null;
  nextFromModelId: string | null;
}

/**
 * Issue 13, learning from corrections: a dataset's rule queues a fine-tune after N new masks, and a
 * fine-tuned child's gain over its parent is scored by both on the child's validation split of the
 * child's dataset version (the corrected masks).
 */
describe("auto fine-tune and the gain over the parent", () => {
  let stack: Stack;
  let id: string;
  let mask: Buffer;
  let parent: ModelBody;

  const call = (path: string, method = "GET", body?: unknown) =>
    stack.fetch(`${stack.url}${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const json = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
    const res = await call(path, method, body);
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const latestVersion = async () => (await json<{ latestVersion: number }>(`/api/datasets/${id}`)).latestVersion;
  const save = async (caseIndex: number) => {
    const form = new FormData();
    form.set("baseVersion", String(await latestVersion()));
    form.set("proposalSource", "empty");
    form.set("mask", new Blob([new Uint8Array(mask)]), "mask.nii.gz");
    const res = await stack.fetch(`${stack.url}/api/datasets/${id}/cases/${caseIndex}/annotations`, { method: "POST", body: form });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const modelsOf = async () => (await json<{ items: ModelBody[] }>(`/api/models?pageSize=100`)).items;
  const autoModels = async () => (await modelsOf()).filter((m) => m.trigger === "auto-fine-tune");
  const s3Text = async (key: string): Promise<string | null> => {
    const client = s3Client(stack);
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: key }));
      return await out.Body!.transformToString();
    } catch {
      return null;
    } finally {
      client.destroy();
    }
  };

  beforeAll(async () => {
    stack = await startStack();
    const settled = await uploadAndSettle(stack, makeVolumeArchive(mkdtempSync(join(tmpdir(), "medseg-gain-")), "msd"), "msd");
    expect(settled.status, JSON.stringify(settled.errors)).toBe("ready");
    id = settled.id;
    // Case 1's mask is on the grid every case of this archive shares.
    const client = s3Client(stack);
    const out = await client.send(new GetObjectCommand({ Bucket: stack.config.s3.bucket, Key: `datasets/${id}/cases/00001/mask.nii.gz` }));
    mask = Buffer.from(await out.Body!.transformToByteArray());
    client.destroy();

    const res = await createModel(stack, { name: "loop", datasetId: id, hyperparameters: { ...TINY, epochs: 2 } });
    expect(res.status, await res.clone().text()).toBe(201);
    parent = (await res.json()) as ModelBody;
    await waitForModel(stack, parent.id, (m) => m.status !== "training", 120_000);
    expect((await getModel(stack, parent.id)).status).toBe("completed");
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("has no gain for a model trained from scratch", async () => {
    const res = await call(`/api/models/${parent.id}/gain`);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/not fine-tuned/);
  });

  it("refuses a bad rule with 400s naming the field", async () => {
    expect((await call(`/api/datasets/${id}/auto-fine-tune`, "PUT", { enabled: true, modelId: parent.id, newMasks: 0 })).status).toBe(400);
    const missing = await call(`/api/datasets/${id}/auto-fine-tune`, "PUT", { enabled: true, modelId: "00000000-0000-4000-8000-000000000000", newMasks: 2 });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/modelId/);
    expect(await json<RuleBody>(`/api/datasets/${id}/auto-fine-tune`)).toMatchObject({ enabled: false, modelId: null });
  });

  it("queues exactly one fine-tune after N new masks, none while it runs, and scores its gain on the same cases", async () => {
    const rule = await json<RuleBody>(`/api/datasets/${id}/auto-fine-tune`, "PUT", { enabled: true, modelId: parent.id, newMasks: 2 });
    expect(rule).toMatchObject({ enabled: true, modelId: parent.id, newMasks: 2, newMasksSince: 0, sinceVersion: 1, nextFromModelId: parent.id });
    expect(JSON.parse((await s3Text(`datasets/${id}/auto-fine-tune.json`))!)).toMatchObject({ format: "medseg-auto-fine-tune-v1", enabled: true, newMasks: 2 });

    // A long training ahead in the ml-service's queue keeps the auto fine-tune queued while we save more.
    const blockerRes = await createModel(stack, { name: "blocker", datasetId: id, hyperparameters: { ...TINY, epochs: 400 } });
    expect(blockerRes.status, await blockerRes.clone().text()).toBe(201);
    const blocker = (await blockerRes.json()) as ModelBody;
    await waitForModel(stack, blocker.id, (m) => m.jobState === "running", 60_000);

    // A fine-tune cancelled while queued fails before any epoch: its run.json still says where it came from.
    const doomedRes = await call(`/api/models/${parent.id}/fine-tune`, "POST", {});
    expect(doomedRes.status, await doomedRes.clone().text()).toBe(201);
    const doomed = (await doomedRes.json()) as ModelBody;
    expect((await call(`/api/models/${doomed.id}/cancel`, "POST")).status).toBeLessThan(300);
    expect(await waitForModel(stack, doomed.id, (m) => m.status !== "training", 60_000)).toMatchObject({ status: "failed" });
    await waitUntil(async () => (await s3Text(`models/${doomed.id}/run.json`)) !== null, 30_000);
    expect(JSON.parse((await s3Text(`models/${doomed.id}/run.json`))!)).toMatchObject({ datasetVersion: 1, parentModelId: parent.id, trigger: "manual" });

    await save(2);
    expect(await autoModels()).toEqual([]);
    expect(await json<RuleBody>(`/api/datasets/${id}/auto-fine-tune`)).toMatchObject({ newMasksSince: 1 });
    await save(0);
    const queued = await autoModels();
    expect(queued).toHaveLength(1);
    const child = queued[0];
    expect(child).toMatchObject({ parentModelId: parent.id, datasetVersion: 3, trigger: "auto-fine-tune", status: "training" });
    const origin = JSON.parse((await s3Text(`models/${child.id}/origin.json`))!) as Record<string, unknown>;
    expect(origin).toMatchObject({ format: "medseg-model-origin-v1", trigger: "auto-fine-tune", parentModelId: parent.id, datasetVersion: 3, newMasks: 2, sinceVersion: 1 });

    // Two more masks: due again by count, but the first is still queued behind the blocker.
    await save(1);
    await save(2);
    expect((await autoModels()).map((m) => m.id)).toEqual([child.id]);
    expect(await json<RuleBody>(`/api/datasets/${id}/auto-fine-tune`)).toMatchObject({ activeModelId: child.id, newMasksSince: 2, sinceVersion: 3 });

    const audit = await json<{ events: { action: string; kind: string; resourceId: string; detail: string }[] }>(`/api/admin/audit?limit=200`);
    expect(audit.events.filter((e) => e.action === "annotated" && e.resourceId === id)).toHaveLength(4);
    expect(audit.events.find((e) => e.kind === "model" && e.resourceId === child.id)?.detail).toMatch(/automatically \(2 new masks since version 1\)/);

    // Out of the way (cancelled after an epoch it completes as its best epoch so far).
    await call(`/api/models/${blocker.id}/cancel`, "POST");
    await waitForModel(stack, blocker.id, (m) => m.status !== "training", 60_000);

    await waitForModel(stack, child.id, (m) => m.status !== "training", 120_000);
    expect((await getModel(stack, child.id)).status).toBe("completed");

    // The child completed: both evaluations were queued on their own.
    let gain: GainBody | undefined;
    await waitUntil(async () => {
      gain = await json<GainBody>(`/api/models/${child.id}/gain`);
      return gain.state === "completed" || gain.state === "failed";
    }, 180_000);
    expect(gain!.state, JSON.stringify(gain)).toBe("completed");
    expect(gain).toMatchObject({ modelId: child.id, parentModelId: parent.id, datasetVersion: 3, sameCases: true });
    expect(gain!.parentEvaluation).toMatchObject({ modelId: parent.id, splitModelId: child.id, datasetVersion: 3, subset: "validation" });
    expect(gain!.childEvaluation).toMatchObject({ modelId: child.id, datasetVersion: 3, subset: "validation" });
    expect(gain!.metrics.map((m) => m.metric)).toEqual(["dice", "iou", "nsd", "hausdorff95", "surfaceDistance"]);
    const dice = gain!.metrics[0];
    expect(dice.difference).toBeCloseTo((dice.child ?? NaN) - (dice.parent ?? NaN), 10);
    expect(gain!.perClass.length).toBeGreaterThan(0);

    const items = async (evaluationId: string) =>
      (await json<{ pairIndex: number; caseIndex: number | null; kind: string }[]>(`/api/evaluations/${evaluationId}/images`))
        .map((i) => `${i.kind}:${i.caseIndex}:${i.pairIndex}`)
        .sort();
    const parentItems = await items(gain!.parentEvaluation!.id);
    expect(parentItems.length).toBe(gain!.caseCount);
    expect(parentItems).toEqual(await items(gain!.childEvaluation!.id));

    // Asking again queues nothing new: the gain has its evaluations.
    const again = await json<GainBody>(`/api/models/${child.id}/gain`, "POST");
    expect(again.parentEvaluation?.id).toBe(gain!.parentEvaluation!.id);
    expect((await json<unknown[]>(`/api/models/${parent.id}/evaluations`)).length).toBe(1);

    // Resync from S3 keeps the rule, the trigger and which split the parent was scored on.
    expect((await call(`/api/admin/resync`, "POST")).status).toBeLessThan(300);
    expect(await json<RuleBody>(`/api/datasets/${id}/auto-fine-tune`)).toMatchObject({ enabled: true, modelId: parent.id, newMasks: 2, lastModelId: child.id });
    expect((await getModel(stack, child.id)) as unknown as ModelBody).toMatchObject({ trigger: "auto-fine-tune" });
    expect((await getModel(stack, doomed.id)) as unknown as ModelBody).toMatchObject({ status: "failed", datasetVersion: 1, parentModelId: parent.id });
    expect((await json<GainBody>(`/api/models/${child.id}/gain`)).parentEvaluation).toMatchObject({ id: gain!.parentEvaluation!.id, splitModelId: child.id, datasetVersion: 3 });
  }, 600_000);
});
