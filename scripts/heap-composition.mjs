// What a V8 heap holds, by kind, from a heap snapshot taken over CDP (scripts/soak.mjs).
// The snapshot's nodes carry a type and a self size; this sums the self sizes per kind:
//   code     V8's compiled code and bytecode (it grows as the JIT optimises more functions,
//            and is bounded by the app's own code, not by how long it runs);
//   objects  JS objects, arrays, closures, maps (the app's data: history, charts, React);
//   strings, numbers (heap numbers), native (DOM and Blink objects), other.
const KIND_BY_TYPE = {
  code: 'code',
  object: 'objects',
  array: 'objects',
  closure: 'objects',
  'object shape': 'objects',
  hidden: 'objects',
  regexp: 'objects',
  string: 'strings',
  'concatenated string': 'strings',
  'sliced string': 'strings',
  number: 'numbers',
  bigint: 'numbers',
  native: 'native',
};

/**
 * Takes a heap snapshot through a CDP session (anything with send, on and off) and returns MB per
 * kind. `skipBackingStores` leaves out ArrayBuffer contents (a worker's WASM memory, counted apart).
 */
export async function heapComposition(cdp, { skipBackingStores = false } = {}) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const { snapshot, nodes, strings } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [iType, iName, iSize, width] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size'), fields.length];
  const mb = {};
  for (let i = 0; i < nodes.length; i += width) {
    if (skipBackingStores && strings[nodes[i + iName]] === 'system / JSArrayBufferData') continue;
    const kind = KIND_BY_TYPE[types[nodes[i + iType]]] ?? 'other';
    mb[kind] = (mb[kind] ?? 0) + nodes[i + iSize] / (1024 * 1024);
  }
  return mb;
}
