// editor.test.mjs: the editorial workflow in a real browser (Debian's /usr/bin/chromium
// driven by playwright-core). An editor signs in, writes a bilingual article through the
// console's form — the Mongolian editing areas are vertical, typed in standard Unicode —
// and submits it; a reviewer signs in and publishes it from the review queue; a reader finds
// it on /search by a mis-encoded Mongolian query (medial O typed as U, which shares its
// glyph) and by the pinyin of a Chinese title word; the portal's Mongolian article page
// shows it vertically. Screenshots go into the build directory.
// Starts its own `tala serve` on a fresh data directory; the tala binary comes from $TALA_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Tala, outDir } from './tala.mjs';

const password = 'Hoh-Nuur-Lake-2026';

// ᠮᠣᠩᠭᠣᠯ as typed (O, U+1823) and the same written shape typed with U (U+1824)
const MN_WORD = '\u182E\u1823\u1829\u182D\u1823\u182F';
const MN_WORD_U = '\u182E\u1824\u1829\u182D\u1824\u182F';
const MN_TITLE = `${MN_WORD} \u1821\u182E \u1824\u1828\u1820\u182D\u180E\u1820`;
const ZH_TITLE = '草原科普：牧民健康';

const t = new Tala('tala-browser-editor-');
let base, browser;

before(async () => {
	t.run(['init']);
	t.run(['user', 'add', 'saran', '--name-zh', '萨仁', '--region', '15'], `${password}\n`);
	t.run(['user', 'grant', 'saran', 'editor', '15']);
	t.run(['user', 'add', 'bat', '--name-zh', '巴特', '--region', '15'], `${password}\n`);
	t.run(['user', 'grant', 'bat', 'reviewer', '15']);
	base = await t.serve();
	browser = await t.launch();
});

after(() => t.stop());

async function signIn(login) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	await page.goto(`${base}/login?lang=zh`);
	await page.fill('form.login input[name=login]', login);
	await page.fill('form.login input[name=password]', password);
	await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
	return { context, page };
}

const writingMode = (loc) => loc.evaluate((el) => getComputedStyle(el).writingMode);

test('an editor writes and submits, a reviewer publishes, a reader finds and reads it', async () => {
	// the editor
	const ed = await signIn('saran');
	let page = ed.page;
	await page.goto(`${base}/admin`);
	await page.click('a[href="/admin/articles"]');
	await page.click('a[href="/admin/articles/new"]');
	await page.waitForURL(`${base}/admin/articles/new`);
	const mnBody = page.locator('textarea[name=mn_body]');
	assert.equal(await writingMode(mnBody), 'vertical-lr');
	assert.equal(await writingMode(page.locator('textarea[name=mn_title]')), 'vertical-lr');
	assert.equal(await writingMode(page.locator('textarea[name=zh_body]')), 'horizontal-tb');
	assert.equal(await page.locator('fieldset.lang-mn').getAttribute('lang'), 'mn-Mong');
	assert.match(await mnBody.evaluate((el) => getComputedStyle(el).fontFamily),
		/Noto Sans Mongolian/);
	// side by side: the Mongolian version is to the right of the Chinese one
	const zhBox = await page.locator('fieldset.lang-zh').boundingBox();
	const mnBox = await page.locator('fieldset.lang-mn').boundingBox();
	assert.ok(mnBox.x >= zhBox.x + zhBox.width - 1, `zh ${JSON.stringify(zhBox)} mn ${JSON.stringify(mnBox)}`);
	await page.selectOption('select[name=site]', 'nmg');
	await page.selectOption('select[name=column]', 'health');
	await page.fill('input[name=tags]', '草原, 健康');
	await page.fill('input[name=zh_title]', ZH_TITLE);
	await page.fill('textarea[name=zh_summary]', '牧区常见病的预防。');
	await page.fill('textarea[name=zh_body]', '<p>冬春季节要注意保暖，预防感冒。</p>');
	await page.fill('textarea[name=mn_title]', MN_TITLE);
	await page.fill('textarea[name=mn_summary]', `${MN_WORD} \u1821\u182E`);
	await page.fill('textarea[name=mn_body]', `<p>${MN_TITLE}</p>`);
	await page.screenshot({ path: join(outDir, 'browser-editor-form.png'), fullPage: true });
	await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/edit\?done=submitted$/),
		page.click('button[name=action][value=submit]')]);
	const id = page.url().match(/\/admin\/articles\/(\d+)\/edit/)[1];
	assert.match(await page.locator('p.notice').innerText(), /已提交审核/);
	assert.equal(await page.locator('.status-review').count(), 1);
	// the editor's preview: the Mongolian version vertical
	await page.goto(`${base}/admin/articles/${id}/preview`);
	assert.equal(await writingMode(page.locator('article.preview.lang-mn')), 'vertical-lr');
	await ed.context.close();

	// the reviewer
	const rv = await signIn('bat');
	page = rv.page;
	await page.goto(`${base}/admin/review`);
	const row = page.locator(`tr[data-id="${id}"]`);
	assert.equal(await row.count(), 1);
	await Promise.all([page.waitForURL(/\/admin\/review\?done=published$/),
		row.locator('button.publish').click()]);
	assert.equal(await page.locator(`tr[data-id="${id}"]`).count(), 0);
	await rv.context.close();

	// a reader
	const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	page = await reader.newPage();
	for (const q of [MN_WORD_U, 'kepu']) {
		await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
		// (search links /s/<slug>/articles/<id>, the portal serves /s/<slug>/a/<id>: either)
		const hrefs = await page.locator('ol.results li.hit h2 a').evaluateAll(
			(as) => as.map((a) => a.getAttribute('href')));
		assert.ok(hrefs.some((h) => new RegExp(`/(a|articles)/${id}(\\?|$)`).test(h)),
			`search ${q} finds ${id}: ${hrefs}`);
	}
	await page.screenshot({ path: join(outDir, 'browser-editor-search.png'), fullPage: true });
	const res = await page.goto(`${base}/s/nmg/a/${id}?v=mn`);
	assert.equal(res.status(), 200);
	const art = page.locator('article.article');
	assert.equal(await art.getAttribute('lang'), 'mn-Mong');
	assert.equal(await writingMode(art), 'vertical-lr');
	// vertical columns: the heading runs down, and the text flows left to right
	const h1 = await art.locator('h1').boundingBox();
	assert.ok(h1.height > h1.width, `h1 is ${h1.width}×${h1.height}`);
	const sum = await art.locator('p.summary').boundingBox();
	assert.ok(sum.x > h1.x, 'lines run left to right');
	const body = await art.locator('div.body').boundingBox();
	assert.ok(body.x >= sum.x + sum.width - 1, 'the body comes after the summary, to its right');
	assert.equal(await writingMode(art.locator('div.body p').first()), 'vertical-lr');
	const shot = join(outDir, 'browser-editor-article-mn.png');
	await page.screenshot({ path: shot, fullPage: true });
	assert.ok(statSync(shot).size > 5000);
	// the switch to the Chinese version: horizontal, the heading a wide line
	await Promise.all([page.waitForURL(/\?v=zh$/), page.click('nav.versions a[hreflang=zh-Hans]')]);
	const zh = page.locator('article.article');
	assert.equal(await zh.getAttribute('lang'), 'zh-Hans');
	assert.equal(await writingMode(zh), 'horizontal-tb');
	const zh1 = await zh.locator('h1').boundingBox();
	assert.ok(zh1.width > zh1.height, `zh h1 is ${zh1.width}×${zh1.height}`);
	await reader.close();
});
