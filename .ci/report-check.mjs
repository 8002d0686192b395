// report-check.mjs OUT: render OUT/report.html in headless Chromium at a
// desktop and a phone width, save screenshots next to OUT, and fail on any
// console error, page error, network request other than the file itself
// (file: or data: URLs), or an empty chart (an <svg class="chart"> with no
// visible data marks). Exit 0 when clean, 1 on a failed check, 2 on usage.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const out = process.argv[2];
if (!out) {
  console.error('usage: report-check.mjs OUT');
  process.exit(2);
}
const report = path.resolve(out, 'report.html');
if (!existsSync(report)) {
  console.error(`report-check: ${report} does not exist`);
  process.exit(2);
}
const shotDir = path.dirname(path.resolve(out));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(path.join(tmpdir(), 'report-check-'));
const problems = [];

const viewports = [
  { name: 'desktop', width: 1280, height: 900, file: 'report.png' },
  { name: 'phone', width: 375, height: 812, file: 'report-phone.png', mobile: true },
];

let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: viewports[0].width, height: viewports[0].height },
  });
  const url = pathToFileURL(report).href;
  // Nothing may leave the machine: every request other than the page
  // itself (or a data: URL) is recorded as a failure and aborted before
  // it reaches the network.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith('data:')) return route.continue();
    problems.push(`network request: ${u}`);
    return route.abort();
  });
  for (const vp of viewports) {
    const page = await context.newPage();
    await page.setViewportSize({ width: vp.width, height: vp.height });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${vp.name}: console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${vp.name}: page error: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate(() => {
      const marks = 'path,rect,circle,polygon,polyline,line';
      return [...document.querySelectorAll('svg')].map((svg, i) => {
        const label = svg.querySelector('title')?.textContent || `svg #${i + 1}`;
        const data = [...svg.querySelectorAll('path,rect,circle,polygon,polyline')]
          .filter((el) => !el.closest('.legend'))
          .filter((el) => { const b = el.getBBox(); return b.width > 0 || b.height > 0; });
        const box = svg.getBoundingClientRect();
        return { label, marks: data.length, all: svg.querySelectorAll(marks).length, width: box.width, height: box.height, title: !!svg.querySelector('title') };
      });
    });
    if (charts.length === 0) problems.push(`${vp.name}: the report has no charts`);
    for (const c of charts) {
      if (c.marks === 0) problems.push(`${vp.name}: empty chart: ${c.label}`);
      if (c.width < 100 || c.height < 50) problems.push(`${vp.name}: chart too small (${Math.round(c.width)}x${Math.round(c.height)}): ${c.label}`);
      if (!c.title) problems.push(`${vp.name}: chart without <title>: ${c.label}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) problems.push(`${vp.name}: the page scrolls sideways by ${overflow}px`);
    const shot = path.join(shotDir, vp.file);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report-check: ${vp.name} ${vp.width}px: ${charts.length} charts; screenshot ${shot}`);
    await page.close();
  }
} catch (e) {
  problems.push(`browser: ${e.message}`);
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (problems.length) {
  for (const p of problems) console.error(`report-check: FAIL ${p}`);
  process.exit(1);
}
console.log('report-check: ok');
