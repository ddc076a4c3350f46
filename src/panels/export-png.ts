/** Turns an SVG element (a recharts chart) into a canvas of the same size. */
async function svgToCanvas(svg: SVGSVGElement): Promise<HTMLCanvasElement> {
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // Resolve CSS variables (colours) that a detached SVG cannot see.
  const style = getComputedStyle(document.documentElement);
  const text = new XMLSerializer().serializeToString(clone).replace(/var\((--[\w-]+)\)/g, (_, name: string) => style.getPropertyValue(name).trim() || '#000');
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width);
  canvas.height = Math.ceil(height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0);
  return canvas;
}

/** Renders a panel's charts and canvases, stacked, into one PNG blob. */
export async function panelToPng(panel: HTMLElement): Promise<Blob> {
  const parts: HTMLCanvasElement[] = [];
  for (const el of panel.querySelectorAll<HTMLElement>('canvas, svg.recharts-surface')) {
    if (el instanceof HTMLCanvasElement) parts.push(el);
    else parts.push(await svgToCanvas(el as unknown as SVGSVGElement));
  }
  if (!parts.length) throw new Error('This panel has nothing to export yet.');
  const gap = 8;
  const out = document.createElement('canvas');
  out.width = Math.max(...parts.map((p) => p.width));
  out.height = parts.reduce((h, p) => h + p.height + gap, -gap);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  let y = 0;
  for (const p of parts) {
    ctx.drawImage(p, 0, y);
    y += p.height + gap;
  }
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Offers a blob as a download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
