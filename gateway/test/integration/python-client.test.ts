import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './stack';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

const ROOT: string = services.ROOT;
const PYTHON: string = services.PYTHON;

function run(command: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asynchronously: the gateway answering the CLI runs in this very process. */
function runAsync(command: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function unzipOne(archive: string, member: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(archive, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith(member)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            writeFileSync(out, Buffer.concat(chunks));
            zip.close();
            resolve();
          });
        });
      });
      zip.on('end', () => reject(new Error(`${member} not in ${archive}`)));
      zip.readEntry();
    });
  });
}

/**
 * The client as a user installs it: a wheel built from clients/python, installed on its own (its
 * dependencies are the .venv's), and the `medseg` script it puts on the path, against the real stack.
 */
describe('the Python client and `medseg` command line against the real stack', () => {
  let stack: Stack;
  let dir: string;
  let medseg: (args: string[], env?: Record<string, string>) => Promise<Ran>;
  let samples: string;
  // A session as a user sees it; MEDSEG_CLI_TRANSCRIPT=FILE keeps it (for the docs and release notes).
  const transcript: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'medseg-cli-'));
    const wheels = join(dir, 'wheels');
    const built = run(PYTHON, ['-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '--quiet', 'clients/python', '-w', wheels]);
    expect(built.status, built.stderr).toBe(0);
    const wheel = readdirSync(wheels).find((f) => f.startsWith('medseg_client-') && f.endsWith('.whl'));
    expect(wheel).toBeDefined();
    const site = join(dir, 'site');
    const installed = run(PYTHON, ['-m', 'pip', 'install', '--no-deps', '--quiet', '--target', site, join(wheels, wheel!)]);
    expect(installed.status, installed.stderr).toBe(0);
    const config = join(dir, 'config');
    medseg = async (args, env = {}) => {
      const ran = await runAsync(join(site, 'bin', 'medseg'), args, { PYTHONPATH: site, MEDSEG_CONFIG_DIR: config, NO_COLOR: '1', COLUMNS: '120', ...env }, 600_000);
      // Real tokens stay out of the kept transcript.
      const shown = args.map((a) => (a.startsWith('medseg_') ? 'medseg_…' : a.startsWith(dir) ? a.slice(dir.length + 1) : a));
      transcript.push(`$ medseg ${shown.join(' ')}\n${ran.stdout}${ran.stderr}`);
      return ran;
    };
    samples = join(dir, 'samples');
    const made = run(PYTHON, ['scripts/sample-data.py', samples]);
    expect(made.status, made.stderr).toBe(0);
    stack = await startStack();
  }, 300_000);

  afterAll(async () => {
    if (process.env.MEDSEG_CLI_TRANSCRIPT) writeFileSync(process.env.MEDSEG_CLI_TRANSCRIPT, `${transcript.join('\n')}\n`);
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a wrong token with exit code 3 and says what to do', async () => {
    const refused = await medseg(['login', '--url', stack.url, '--token', 'msk_not-a-real-token']);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toMatch(/error:/);
    expect(refused.stderr.toLowerCase()).toMatch(/token/);
  });

  it('signs in, uploads the brain sample, trains, predicts a NIfTI on its own grid, evaluates and exports', async () => {
    const token = await stack.token('admin');
    const login = await medseg(['login', '--url', stack.url, '--token', token]);
    expect(login.status, login.stderr).toBe(0);
    const credentials = join(dir, 'config', 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    const me = JSON.parse((await medseg(['--json', 'whoami'])).stdout);
    expect(me.username).toBe('admin');

    const upload = await medseg(['--json', 'datasets', 'upload', join(samples, 'brain-mask.zip'), '--name', 'Brain (CLI)', '--wait']);
    expect(upload.status, upload.stderr).toBe(0);
    const dataset = JSON.parse(upload.stdout);
    expect(dataset).toMatchObject({ status: 'ready', name: 'Brain (CLI)' });
    const listed = JSON.parse((await medseg(['--json', 'datasets', 'list'])).stdout);
    expect(JSON.stringify(listed)).toContain(dataset.id);

    // Human output: the epoch table as it streams.
    const trained = await medseg(['train', dataset.id, '--name', 'Brain CLI', '--epochs', '2', '--input-size', '64', '--batch-size', '8', '--wait']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(trained.stdout.toLowerCase()).toContain('dice');
    const listedModels = JSON.parse((await medseg(['--json', 'models', 'list'])).stdout);
    const models0 = (Array.isArray(listedModels) ? listedModels : (listedModels.items ?? [])) as { id: string; name: string }[];
    const modelId = models0.find((m) => m.name === 'Brain CLI')?.id;
    expect(modelId, JSON.stringify(listedModels)).toBeDefined();
    const model = JSON.parse((await medseg(['--json', 'models', 'show', modelId!])).stdout);
    expect(model).toMatchObject({ status: 'completed', epochsDone: 2 });
    const shown = await medseg(['models', 'show', model.id]);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(model.id);

    const volume = join(dir, 'colin27_0000.nii.gz');
    await unzipOne(join(samples, 'colin27-msd-brain.zip'), 'imagesTr/colin27_0000.nii.gz', volume);
    const out = join(dir, 'masks');
    mkdirSync(out);
    const predicted = await medseg(['--json', 'predict', model.id, volume, '--out', out]);
    expect(predicted.status, predicted.stderr).toBe(0);
    const prediction = JSON.parse(predicted.stdout);
    const first = Array.isArray(prediction) ? prediction[0] : prediction;
    expect(first.maskFormat).toBe('nifti');
    // The mask lies on the input's voxel grid: same shape and affine, read by nibabel.
    const grids = run(PYTHON, [
      '-c',
      'import sys, nibabel as n, numpy as np; a, b = n.load(sys.argv[1]), n.load(sys.argv[2]); ' +
        'print(a.shape == b.shape[:3] and np.allclose(a.affine, b.affine), int(np.asarray(b.dataobj).max()))',
      volume,
      first.maskPath,
    ]);
    expect(grids.stdout.trim().split(' ')[0], grids.stderr).toBe('True');

    const evaluated = await medseg(['--json', 'evaluate', model.id, '--wait']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const evaluation = JSON.parse(evaluated.stdout);
    expect(evaluation.state ?? evaluation.status).toBe('completed');
    const table = await medseg(['evaluate', model.id, '--wait']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout.toLowerCase()).toContain('dice');

    const exported = join(dir, 'model-onnx.zip');
    const exportRun = await medseg(['export', model.id, '--format', 'onnx', '--out', exported]);
    expect(exportRun.status, exportRun.stderr).toBe(0);
    expect(statSync(exported).size).toBeGreaterThan(10_000);

    const models = JSON.parse((await medseg(['--json', 'models', 'list'])).stdout);
    expect(JSON.stringify(models)).toContain(model.id);
    const missing = await medseg(['models', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.status).toBe(4);
  }, 900_000);
});
