// Measures dataset upload throughput through the gateway (multipart → S3 multipart) beside a direct
// S3 multipart upload of the same file to the same SeaweedFS, and the gateway's peak RSS.
import { createReadStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runBench } from '../lib/bench-stack.mjs';
import * as services from '../lib/services.mjs';

const require = createRequire(join(services.ROOT, 'gateway/package.json'));
const { CreateBucketCommand } = require('@aws-sdk/client-s3');
const { Upload } = require('@aws-sdk/lib-storage');

const sizeMb = Number(process.argv[2] ?? 1024);
const dir = mkdtempSync(join(tmpdir(), 'medseg-bench-upload-'));
const archive = join(dir, 'bench.zip');

function makeArchive() {
  // Stored (uncompressed) random entries: nothing for the network path to squeeze.
  const script = `
import os, sys, zipfile
size = int(sys.argv[2]) * 1024 * 1024
chunk = 64 * 1024 * 1024
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    i = 0
    while size > 0:
        n = min(chunk, size)
        z.writestr(f"images/blob_{i:04d}.bin", os.urandom(n))
        size -= n
        i += 1
`;
  const r = spawnSync(services.PYTHON, ['-c', script, archive, String(sizeMb)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not generate the archive');
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function uploadThroughGateway(url, token, file) {
  const boundary = 'medsegbench' + Date.now();
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nbench\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="archive"; filename="bench.zip"\r\nContent-Type: application/zip\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(file).size + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/datasets`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length, authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`${res.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', reject);
    req.write(head);
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
    stream.pipe(req, { end: false });
    stream.on('end', () => req.end(tail));
  });
}

runBench(
  dir,
  async (stack) => {
    console.log(`generating a ${sizeMb} MiB archive…`);
    makeArchive();
    const bytes = statSync(archive).size;
    const { gateway, client } = stack;
    const rows = [];
    await client.send(new CreateBucketCommand({ Bucket: 'bench-direct' })).catch(() => undefined);
    // Same part size and queue as the gateway's StorageRepository.
    let t = performance.now();
    await new Upload({ client, params: { Bucket: 'bench-direct', Key: 'bench.zip', Body: createReadStream(archive) }, partSize: 8 * 1024 * 1024, queueSize: 4 }).done();
    const direct = (performance.now() - t) / 1000;

    const rssBefore = peakRssMb(gateway.child.pid);
    t = performance.now();
    await uploadThroughGateway(gateway.url, stack.token, archive);
    const viaGateway = (performance.now() - t) / 1000;
    const rssPeak = peakRssMb(gateway.child.pid);

    const mbs = (s) => (bytes / 1e6 / s).toFixed(1);
    rows.push(['direct S3 multipart (same SeaweedFS)', direct.toFixed(2), mbs(direct), '']);
    rows.push(['POST /api/datasets via gateway', viaGateway.toFixed(2), mbs(viaGateway), rssPeak.toFixed(0)]);
    console.log(`\nupload of ${(bytes / 1024 ** 2).toFixed(0)} MiB (${bytes} bytes)\n`);
    console.log('| path | seconds | MB/s | gateway peak RSS (MB) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\ngateway throughput: ${((direct / viaGateway) * 100).toFixed(0)} % of direct (target >= 70 %)`);
    console.log(`gateway peak RSS: ${rssPeak.toFixed(0)} MB (at idle before the upload: ${rssBefore.toFixed(0)} MB; target < 300 MB)`);
  },
  {
    gatewayEnv: {
      MEDSEG_DATASET_MAX_ARCHIVE_MB: String(sizeMb * 2),
      ...(process.env.BENCH_GATEWAY_ENV ? JSON.parse(process.env.BENCH_GATEWAY_ENV) : {}),
    },
  },
);
