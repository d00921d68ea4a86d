// Drives Debian's chromium over an exported site, as a visitor and as an accessibility audit.
//
//   node visit.mjs PLAN.json
//
// PLAN.json: {"chromium": path, "profile": a fresh folder, "site": the site's folder,
//             "audit": [page, ...], "image", "film", "sound": the page of an image, a film, a sound,
//             "fonts": the path of a page of another site, whose bundle brings its own typeface}
// Prints one JSON object: the visitor's path, the film's caption tracks, the sound's captions, the zoom view's
// behaviour, the typefaces of the font page, every request that left file://, console errors, and axe-core's
// violations.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const url = (page) => pathToFileURL(`${plan.site}/${page}`).href;
const relative = (href) => decodeURIComponent(href.slice(pathToFileURL(plan.site).href.length + 1));

const browser = await puppeteer.launch({
  executablePath: plan.chromium,
  headless: true,
  userDataDir: plan.profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const report = { path: [], outside: [], errors: [], tracks: null, sound: null, zoom: null, fonts: null, axe: {} };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (request) => {
    const target = request.url();
    if (!/^(file|blob|data):/.test(target)) { report.outside.push(target); }
  });
  page.on("console", (message) => {
    if (message.type() === "error") { report.errors.push(`${relative(page.url())}: ${message.text()}`); }
  });
  page.on("pageerror", (error) => report.errors.push(`${relative(page.url())}: ${error.message}`));

  async function where() {
    return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir,
                                  h1: document.querySelector("h1").textContent.trim() }));
  }
  async function follow(selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
    report.path.push({ page: relative(page.url()), ...(await where()) });
  }
  // A visitor: the front door, their language, a section, an exhibit, then another language.
  await page.goto(url("index.html"));
  report.path.push({ page: "index.html", ...(await where()) });
  await follow(".choose li:first-child a");
  await follow(".cards li:first-child h2 a");
  await follow(".cards li:first-child h2 a");
  await follow(".languages li:nth-child(2) a");
  // Tab from the top of the page: the first stop is the skip link, and it leads to the content.
  await page.keyboard.press("Tab");
  report.path.push({ focus: await page.evaluate(() => document.activeElement.className) });

  // A film from file://: its captions become tracks the visitor's language shows.
  await page.goto(url(plan.film));
  await page.waitForFunction(() => {
    const tracks = Array.from(document.querySelector("video").textTracks);
    return tracks.some((t) => t.mode === "showing" && t.cues && t.cues.length > 0);
  }, { timeout: 10000 }).catch(() => {});
  report.tracks = await page.evaluate(() => Array.from(document.querySelector("video").textTracks).map((t) => ({
    language: t.language, mode: t.mode, cues: t.cues ? t.cues.length : 0 })));

  // A sound from file://: the cue of the visitor's language is written under the player.
  await page.goto(url(plan.sound));
  await page.waitForFunction(() => {
    const track = document.querySelector("audio track[default]").track;
    return track.cues && track.cues.length > 0 && document.querySelector("audio").readyState >= 1;
  }, { timeout: 10000 });
  const cue = await page.evaluate(() => {
    const track = document.querySelector("audio track[default]").track;
    const first = track.cues[0];
    document.querySelector("audio").currentTime = (first.startTime + first.endTime) / 2;
    return first.getCueAsHTML().textContent;
  });
  await page.waitForFunction(() => document.querySelector(".sound-captions").textContent !== "", { timeout: 10000 })
    .catch(() => {});
  report.sound = { cue, shown: await page.$eval(".sound-captions", (p) => p.textContent) };

  // The zoom view, by keyboard: Enter opens it, + zooms, Escape closes and gives focus back.
  await page.goto(url(plan.image));
  await page.focus("a.picture");
  await page.keyboard.press("Enter");
  await page.waitForSelector("dialog.zoom[open] img");
  await page.waitForFunction(() => document.querySelector("dialog.zoom img").complete);
  const before = await page.$eval("dialog.zoom img", (img) => img.style.transform);
  await page.keyboard.press("+");
  const after = await page.$eval("dialog.zoom img", (img) => img.style.transform);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("dialog.zoom"));
  report.zoom = { before, after, focus: await page.evaluate(() => document.activeElement.className) };

  // The bundle's own typeface from file://: Chromium loads no font file from there, but this one travels
  // inside a stylesheet as a data: address.
  await page.goto(pathToFileURL(plan.fonts).href);
  report.fonts = await page.evaluate(async () => {
    await document.fonts.load('16px "Exhibit 1"', "\u05e9\u05dc\u05d5\u05dd");
    return Array.from(document.fonts).map((face) => ({ family: face.family.replace(/"/g, ""), status: face.status }));
  });

  // The audit: axe-core on each page, the page's own policy set aside only to let axe in.
  const audit = await browser.newPage();
  await audit.setBypassCSP(true);
  await audit.setViewport({ width: 1280, height: 900 });
  for (const target of plan.audit) {
    await audit.goto(url(target));
    await audit.addScriptTag({ content: axeSource });
    const results = await audit.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    report.axe[target] = results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.html) }));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
