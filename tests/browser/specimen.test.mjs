// specimen.test.mjs: what Tala stores for Mongolian still draws as the author typed it, in
// Debian's Chromium with the Noto Sans Mongolian Tala serves (docs/text.md, "The screenshot
// check"). `tala text specimen` writes a page with each word as given, as stored
// (text_normalize) and in the 2023 canonical form; its script draws each form in a canvas
// and compares pixels and advance widths. One word per rule family of the shaper: the
// stored form must draw exactly like the given one for every word; the canonical form must
// draw differently for the words whose FVS or NNBSP the old font still acts on (so the
// comparison can see a difference). A screenshot goes into the build directory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Tala, tala, outDir } from './tala.mjs';

const w = (...cps) => String.fromCodePoint(...cps);
const FVS1 = 0x180b, FVS2 = 0x180c, FVS3 = 0x180d, MVS = 0x180e, NNBSP = 0x202f;
// [rule family, word]
const words = [
	['chachlag a', w(0x1820, 0x182a, 0x1824, MVS, 0x1820, FVS3)],
	['chachlag e', w(0x1821, 0x1835, 0x1822, MVS, 0x1821, FVS2)],
	['marked ö', w(0x1825, 0x1828, 0x1825)],
	['marked ü', w(0x1826, 0x1830, 0x1826)],
	['h by vowel harmony', w(0x1830, 0x1820, 0x182c, 0x1820, 0x182f)],
	['g by vowel harmony', w(0x1835, 0x1824, 0x1837, 0x1822, 0x182d, 0x1832, 0x1824)],
	['onset/devsger n', w(0x1820, 0x1828, 0x1833, 0x1820)],
	['onset t', w(0x1820, 0x1832, 0x1820, 0x1837)],
	['marked d', w(0x1820, 0x1833, 0x182c, 0x1824)],
	['dotless g after s', w(0x182c, 0x1820, 0x1831, 0x1820, 0x1829)],
	['devsger i', w(0x1831, 0x1822, 0x182e, 0x1821, 0x182c, 0x1826)],
	['post-bowed a', w(0x182a, 0x1820, 0x182e, 0x182a, 0x1820, 0x1837)],
	['post-bowed after k2', w(0x183a, 0x1820, 0x183a, 0x1820, 0x183a, 0x1820)],
	['particle after MVS', w(0x182d, 0x1821, 0x1837, MVS, 0x1832, 0x1826, 0x1837)],
	['particle da', w(0x182a, 0x1820, 0x182d, 0x1831, 0x1822, MVS, 0x1833, 0x1820)],
	['FVS1 after a final a', w(0x182a, 0x1820, FVS1)],
	['FVS2 after h', w(0x182c, FVS2, 0x1821)],
	['NNBSP before a suffix', w(0x182d, 0x1821, 0x1837, NNBSP, 0x1826, 0x182d, 0x1821, 0x1822)],
	['NNBSP before a', w(0x182a, 0x1820, 0x182d, NNBSP, 0x1820)],
	['lone FVS removed', w(FVS1, 0x182a, 0x1822, 0x1834, 0x1822, 0x182d)],
	['Ali Gali: ñ w̄ aH', w(0x185b, 0x18a6, 0x1887)],
];
// lines (1-based) whose canonical form the 2.001 font draws differently: the FVS and NNBSP
// rows (docs/text.md)
const canonicalDiffers = [16, 17, 18, 19];

const t = new Tala('tala-browser-specimen-');

after(() => t.stop());

test('stored Mongolian draws as typed, word by word (specimen in Chromium)', async () => {
	const r = spawnSync(tala, ['text', 'specimen'], {
		input: words.map(([, s]) => s).join('\n') + '\n',
		encoding: 'utf8',
	});
	assert.equal(r.status, 0, r.stderr);
	const file = join(outDir, 'specimen.html');
	writeFileSync(file, r.stdout);
	const browser = await t.launch();
	const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
	await page.goto(pathToFileURL(file).href);
	await page.waitForFunction(() => !document.getElementById('check').textContent.startsWith('checking'),
		null, { timeout: 60000 });
	const summary = await page.textContent('#check');
	await page.screenshot({ path: join(outDir, 'specimen.png'), fullPage: true });
	const m = summary.match(/^(\d+) lines; stored draws differently: (\d+).*canonical draws differently: (\d+)(?: \(lines ([\d ]+)\))?/);
	assert.ok(m, summary);
	assert.equal(Number(m[1]), words.length, summary);
	assert.equal(Number(m[2]), 0, `stored differs: ${summary}`);
	const canon = (m[4] || '').split(' ').filter(Boolean).map(Number);
	for (const line of canonicalDiffers)
		assert.ok(canon.includes(line), `canonical of line ${line} (${words[line - 1][0]}) should differ: ${summary}`);
});
