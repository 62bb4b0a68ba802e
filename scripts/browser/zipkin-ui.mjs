#!/usr/bin/env node
// Reads the Zipkin UI (Lens) in a real, headless browser: Debian's Chromium driven by playwright-core. Prints
// what a person would see as one JSON object on stdout, for the trace UI tests (system-tests TraceUiTest) and
// for scripts/screenshot.sh.
//
//   node scripts/browser/zipkin-ui.mjs trace TRACE_ID [--screenshot FILE]
//       {"traceId", "header", "rows": [{"service", "name"}], "tags": {key: value}}: the waterfall's rows and
//       the tags of the span Lens selects first (the root)
//   node scripts/browser/zipkin-ui.mjs dependencies [--screenshot FILE]
//       {"nodes": {service: {"uses": [service], "usedBy": [service]}}}: every node of the graph, clicked, and
//       the two tables Lens shows for it
//
// Environment: ZIPKIN_URL (default http://127.0.0.1:9411), CHROMIUM (default /usr/bin/chromium).
// Exit status 1 with a message on stderr when the page does not show what is asked for within 30 s.
import { chromium } from 'playwright-core';

const ZIPKIN = (process.env.ZIPKIN_URL ?? 'http://127.0.0.1:9411').replace(/\/+$/, '');
const TIMEOUT_MS = 30_000;
// As root in a sandbox, Chromium needs --no-sandbox; the rest keep it from calling out to the internet.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Lens fills a dependency graph node with its theme's primary.light colour, the focused node with a darker
// blue, and nothing else with either.
const NODE_FILLS = [[51, 123, 161], [0, 91, 138]];

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = { command, positional: [] };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--screenshot') options.screenshot = rest[++i];
    else options.positional.push(rest[i]);
  }
  return options;
}

async function readTrace(page, traceId) {
  await page.goto(`${ZIPKIN}/zipkin/traces/${traceId}`);
  await page.getByText('Total Spans').waitFor({ timeout: TIMEOUT_MS });
  // Rows of the waterfall read "service: span name"; the span detail lists its tags under "Tags".
  const text = await page.locator('body').innerText();
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const rows = lines
    .map((line) => line.match(/^([a-z0-9][a-z0-9._-]*): (.+)$/i))
    .filter(Boolean)
    .map(([, service, name]) => ({ service, name }));
  const tags = {};
  const start = lines.indexOf('Tags');
  for (const line of start >= 0 ? lines.slice(start + 1) : []) {
    const tag = line.match(/^([a-z_][a-z0-9._]*)\t(.*)$/i);
    if (!tag) break;
    tags[tag[1]] = tag[2];
  }
  // For a screenshot: the span detail scrolled so that the request ID is in the picture.
  await page.getByText('app.request.id', { exact: true }).first().scrollIntoViewIfNeeded().catch(() => {});
  return { traceId, header: rows.length ? `${rows[0].service}: ${rows[0].name}` : null, rows: rows.slice(1), tags };
}

// Centres of the graph's nodes on the page: the screenshot of the canvas, decoded in the page itself, searched
// for blobs of the node fill colour.
async function nodeCentres(page, canvas) {
  const box = await canvas.boundingBox();
  const png = (await canvas.screenshot()).toString('base64');
  const blobs = await page.evaluate(async ({ png, fills }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const scratch = document.createElement('canvas');
    scratch.width = image.width;
    scratch.height = image.height;
    const context = scratch.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, image.width, image.height);
    const found = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const isNode = fills.some((f) => Math.abs(data[i] - f[0]) + Math.abs(data[i + 1] - f[1]) + Math.abs(data[i + 2] - f[2]) <= 12);
        if (!isNode) continue;
        const blob = found.find((b) => x >= b.minX - 3 && x <= b.maxX + 3 && y >= b.minY - 3 && y <= b.maxY + 3);
        if (blob) {
          blob.n++;
          blob.minX = Math.min(blob.minX, x); blob.maxX = Math.max(blob.maxX, x);
          blob.minY = Math.min(blob.minY, y); blob.maxY = Math.max(blob.maxY, y);
        } else {
          found.push({ n: 1, minX: x, maxX: x, minY: y, maxY: y });
        }
      }
    }
    // A node is a filled disc: as wide as it is high, and covering most of its bounding box. The focused
    // node's connections share its colour, but as thin lines they cover little of theirs.
    return found.filter((b) => {
      const w = b.maxX - b.minX + 1;
      const h = b.maxY - b.minY + 1;
      return w >= 8 && h >= 8 && Math.abs(w - h) <= 4 && b.n >= 0.6 * w * h;
    }).map((b) => ({ x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 }));
  }, { png, fills: NODE_FILLS });
  return blobs.map(({ x, y }) => ({ x: box.x + x, y: box.y + y }));
}

// The detail Lens opens for a clicked node: its name, then a "Uses (traced requests)" table of the services it
// calls and a "Used (traced requests)" table of those calling it, one row per service.
async function readNodeDetail(page) {
  const text = await page.locator('body').innerText();
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const start = lines.findIndex((line) => line === 'TRACES');
  if (start < 1) return null;
  const detail = { name: lines[start - 1], uses: [], usedBy: [] };
  let table = null;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('Uses (')) table = detail.uses;
    else if (line.startsWith('Used (')) table = detail.usedBy;
    else if (table && /^[a-z0-9][a-z0-9._-]*\t/i.test(line)) table.push(line.split('\t')[0]);
  }
  return detail;
}

// Node centres once the graph has stopped moving (Vizceral animates it into place, and lays it out again when the
// detail panel opens beside it and narrows the canvas).
async function settledNodeCentres(page, canvas, deadline) {
  let previous = [];
  while (Date.now() < deadline) {
    await page.waitForTimeout(500);
    const centres = await nodeCentres(page, canvas);
    const same = centres.length > 0 && centres.length === previous.length
      && centres.every((c, i) => Math.hypot(c.x - previous[i].x, c.y - previous[i].y) < 2);
    if (same) return centres;
    previous = centres;
  }
  throw new Error('the dependency graph shows no nodes');
}

async function readDependencies(page) {
  await page.goto(`${ZIPKIN}/zipkin/dependency`);
  await page.getByRole('button', { name: /run query/i }).click();
  const canvas = page.locator('canvas').first();
  await canvas.waitFor({ timeout: TIMEOUT_MS });
  const nodes = {};
  const deadline = Date.now() + TIMEOUT_MS;
  // Click every node and read its detail; a click that changes the layout (the detail panel opening) starts
  // the round again on the new positions.
  for (;;) {
    const centres = await settledNodeCentres(page, canvas, deadline);
    const width = (await canvas.boundingBox()).width;
    let moved = false;
    for (const { x, y } of centres) {
      await page.mouse.click(x, y);
      await page.waitForTimeout(300);
      if ((await canvas.boundingBox()).width !== width) {
        moved = true;
        break;
      }
      const detail = await readNodeDetail(page);
      if (detail) nodes[detail.name] = { uses: detail.uses.sort(), usedBy: detail.usedBy.sort() };
    }
    if (!moved && Object.keys(nodes).length >= centres.length) return { nodes };
    if (Date.now() > deadline) throw new Error(`read ${Object.keys(nodes).length} of ${centres.length} nodes`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!['trace', 'dependencies'].includes(options.command)
      || (options.command === 'trace' && options.positional.length !== 1)) {
    process.stderr.write('usage: zipkin-ui.mjs trace TRACE_ID [--screenshot FILE] | dependencies [--screenshot FILE]\n');
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    // Tall enough that Lens renders every row of a demo trace without scrolling.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(TIMEOUT_MS);
    const result = options.command === 'trace'
      ? await readTrace(page, options.positional[0])
      : await readDependencies(page);
    if (options.screenshot) await page.screenshot({ path: options.screenshot });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`zipkin-ui: ${error.message}\n`);
  process.exit(1);
});
