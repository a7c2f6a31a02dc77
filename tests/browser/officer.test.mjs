// officer.test.mjs: an information officer's share link in real browsers (Debian's chromium
// driven by playwright-core). An officer (imported from a CSV list, so active) signs in on a
// phone-sized viewport, makes a link for an article on /officer and copies it with the copy
// button; a second browser context — a reader on another phone — opens the copied link and
// lands on the article; the officer's page then shows that reader in the day's row. Visits
// are written every 200 ms here (officer.flush_ms), so the page shows the reader within
// seconds; the test reloads until it does. The Mongolian page is vertical. Screenshots go into
// the build directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tala, outDir } from './tala.mjs';

const password = 'Khangai-Pass-2026';
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
	deviceScaleFactor: 2,
	userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 ' +
		'(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42 NetType/WIFI Language/zh_CN' };

const t = new Tala('tala-browser-officer-');
let base, browser;

before(async () => {
	t.run(['init']);
	t.run(['demo']);
	t.run(['user', 'add', 'oyun', '--name-zh', '乌云', '--phone', '13800001234'], `${password}\n`);
	const csv = join(t.dataDir, 'officers.csv');
	writeFileSync(csv, 'phone,township,org\n13800001234,152501200,嘎查\n');
	t.run(['officer', 'import', csv]);
	base = await t.serve('officer.flush_ms=200');
	browser = await t.launch();
});

after(() => t.stop());

test('an officer copies a link on a phone, a reader opens it, the officer sees the reader', async () => {
	const officer = await browser.newContext({ ...phone });
	await officer.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
	const page = await officer.newPage();
	await page.goto(`${base}/login?lang=zh`);
	await page.fill('form.login input[name=login]', 'oyun');
	await page.fill('form.login input[name=password]', password);
	await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
	await page.goto(`${base}/officer`);
	assert.match(await page.locator('.officer-profile .status').innerText(), /已确认/);
	await page.fill('form.link-new input[name=target_id]', '1');
	await Promise.all([page.waitForURL(/\/officer\?note=link$/),
		page.click('form.link-new button[type=submit]')]);
	const link = page.locator('li.link').first();
	// fits the phone: nothing wider than the viewport
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(width <= 390, `page is ${width}px wide on a 390px phone`);
	await link.locator('button.copy').tap();
	await page.waitForFunction(() => document.querySelector('button.copy.done') !== null);
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	assert.match(copied, /^http:\/\/127\.0\.0\.1:\d+\/r\/[0-9A-Za-z]{10}$/);
	assert.equal(copied, await link.locator('input.share-url').inputValue());
	await page.screenshot({ path: join(outDir, 'browser-officer-links.png'), fullPage: true });

	// a reader on another phone opens the copied link
	const reader = await browser.newContext({ ...phone });
	const rpage = await reader.newPage();
	await rpage.goto(copied);
	assert.equal(new URL(rpage.url()).pathname, '/s/nmg/a/1');
	await rpage.screenshot({ path: join(outDir, 'browser-officer-reader.png') });

	// the officer's page shows the reader within seconds (visits are written every 200 ms)
	let readers = '';
	for (let i = 0; i < 50 && readers !== '1'; i++) {
		await page.waitForTimeout(200);
		await page.goto(`${base}/officer`);
		const cell = page.locator('table.readers td.readers-n').first();
		readers = (await cell.count()) ? (await cell.innerText()).trim() : '';
	}
	assert.equal(readers, '1');
	assert.match(await link.locator('.count b').innerText(), /^1$/);
	await page.screenshot({ path: join(outDir, 'browser-officer-readers.png'), fullPage: true });
	// in Mongolian the page is vertical
	await page.goto(`${base}/officer?lang=mn`);
	assert.equal(await page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode),
		'vertical-lr');
	assert.equal(await page.locator('main.page').getAttribute('lang'), 'mn-Mong');
	await page.screenshot({ path: join(outDir, 'browser-officer-mn.png'), fullPage: true });
	await reader.close();
	await officer.close();
});
