// Files from a drop or a file input, with their folder paths: a dropped folder is walked
// (webkitGetAsEntry), a chosen folder's files carry webkitRelativePath.

/** A dropped or chosen file and the path it is named by (sub-folders name the labels). */
export interface PathFile {
  path: string;
  file: File;
}

const readEntries = (dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => {
    const reader = dir.createReader();
    const all: FileSystemEntry[] = [];
    // readEntries answers in batches (100 in Chromium) until an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });

async function walk(entry: FileSystemEntry, out: PathFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
  } else if (entry.isDirectory) {
    for (const child of await readEntries(entry as FileSystemDirectoryEntry)) await walk(child, out);
  }
}

/** Every file a drop holds, folders walked. */
export async function filesOfDrop(data: DataTransfer): Promise<PathFile[]> {
  const entries = [...data.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...data.files].map((file) => ({ path: file.name, file }));
  const out: PathFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

/** A file input's files (a chosen folder's carry their relative path). */
export const filesOfInput = (files: FileList | null): PathFile[] => [...(files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
