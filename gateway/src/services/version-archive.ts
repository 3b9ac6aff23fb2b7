import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { once } from "node:events";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as yauzl from "yauzl";
import { ZipFile } from "yazl";
import type { DatasetCaseRow } from "../db/schema";

/** One case whose mask a later version changed, and where its saved mask lies in S3. */
export interface EditedCase {
  case: DatasetCaseRow;
  /** The saved mask on the case's grid (NIfTI, gzip). */
  niftiKey: string;
  /** A one-slice case's mask as PNG of label values; '' when none. */
  pngKey: string;
}

/** What to write in the version's ZIP instead of, or beside, the uploaded archive's entries. */
export interface ArchivePlan {
  /** Entries of the uploaded archive to leave out: masks a saved one replaces. */
  drop: Set<string>;
  /** Entries to write under another name: an MSD imagesTs/ case that is labelled now moves to imagesTr/. */
  rename: Map<string, string>;
  /** Saved masks to add, by entry name. */
  add: Map<string, { key: string }>;
}

/**
 * Where each saved mask goes so the ZIP reads back in the layout it came in: over the case's own mask
 * file when it had one (same format: PNG for a 2D image with a PNG mask, else gzip NIfTI), else where
 * the layout pairs a mask with its image (MSD labelsTr/<case>.nii.gz, images/… → masks/…).
 */
export function archivePlan(layout: string, edited: EditedCase[]): ArchivePlan {
  const plan: ArchivePlan = {
    drop: new Set(),
    rename: new Map(),
    add: new Map(),
  };
  for (const { case: c, niftiKey, pngKey } of edited) {
    const image = c.image_paths[0] ?? `${c.name}`;
    if (c.mask_path) {
      plan.drop.add(c.mask_path);
      const png = pngKey !== "" && c.mask_path.toLowerCase().endsWith(".png");
      plan.add.set(png ? c.mask_path : asNiftiGz(c.mask_path), {
        key: png ? pngKey : niftiKey,
      });
      continue;
    }
    if (layout === "msd") {
      for (const path of c.image_paths)
        plan.rename.set(path, swapSegment(path, "imagesTs", "imagesTr"));
      plan.add.set(
        posix.join(
          posix.dirname(swapSegment(image, "imagesTs", "labelsTr")),
          `${c.name}.nii.gz`,
        ),
        { key: niftiKey },
      );
      continue;
    }
    const maskPath = swapSegment(image, "images", "masks");
    const png = pngKey !== "" && image.toLowerCase().endsWith(".png");
    const target =
      maskPath === image ? `masks/${posix.basename(image)}` : maskPath;
    plan.add.set(png ? target : asNiftiGz(target), {
      key: png ? pngKey : niftiKey,
    });
  }
  return plan;
}

/**
 * Streams the version's ZIP: the uploaded archive (spooled to a scratch file, read entry by entry) with
 * the plan applied, then the saved masks from S3. Memory stays at one entry's buffers, whatever the size.
 */
export async function versionArchive(
  archive: Readable,
  plan: ArchivePlan,
  readObject: (key: string) => Promise<Readable>,
): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), "medseg-version-zip-"));
  const source = join(dir, "archive.zip");
  try {
    await pipeline(archive, createWriteStream(source));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const out = new ZipFile();
  const body = new PassThrough();
  out.outputStream.pipe(body);
  void (async () => {
    try {
      const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(
          source,
          {
            lazyEntries: true,
            autoClose: true,
            strictFileNames: false,
            validateEntrySizes: true,
          },
          (error, file) =>
            error || !file
              ? reject(error ?? new Error("unreadable archive"))
              : resolve(file),
        ),
      );
      await copyEntries(zip, out, plan);
      // One S3 read at a time: yazl takes entries in order, so the next opens once this one is read.
      for (const [name, { key }] of plan.add) {
        const mask = await readObject(key);
        out.addReadStream(mask, name, { compress: false });
        await once(mask, "end");
      }
      out.end();
    } catch (error) {
      body.destroy(error as Error);
    }
  })();
  body.once("close", () => void rm(dir, { recursive: true, force: true }));
  return body;
}

async function copyEntries(
  zip: yauzl.ZipFile,
  out: ZipFile,
  plan: ArchivePlan,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.endsWith("/") || plan.drop.has(name) || plan.add.has(name)) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream)
          return reject(error ?? new Error(`cannot read ${name}`));
        // Already compressed formats are stored as they are: deflating them again only costs time.
        out.addReadStream(stream, plan.rename.get(name) ?? name, {
          compress: !/\.(gz|zip|png|jpe?g)$/i.test(name),
          mtime: entry.getLastModDate(),
        });
        stream.once("end", () => zip.readEntry());
        stream.once("error", reject);
      });
    });
    zip.readEntry();
  });
}

function asNiftiGz(path: string): string {
  return (
    path.replace(/(\.nii\.gz|\.nii|\.nrrd|\.mha|\.mhd|\.png|\.dcm)$/i, "") +
    ".nii.gz"
  );
}

/** `path` with its first folder named `from` renamed `to`; unchanged when it has none. */
function swapSegment(path: string, from: string, to: string): string {
  const parts = path.split("/");
  const at = parts.findIndex((p, i) => i < parts.length - 1 && p === from);
  if (at < 0) return path;
  parts[at] = to;
  return parts.join("/");
}
