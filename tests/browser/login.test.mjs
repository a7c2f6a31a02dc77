// login.test.mjs: the sign-in page in a real browser (Debian's /usr/bin/chromium driven by
// playwright-core). In Mongolian the page's main area is vertical (writing-mode:
// vertical-lr) and set in Noto Sans Mongolian served by Tala; a screenshot of it goes into
// the build directory. In Chinese a user signs in through the form and reaches their account.
// Starts its own `tala serve` on a fresh data directory; the tala binary comes from $TALA_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Tala, outDir } from './tala.mjs';

const login = 'bilig';
const password = 'Hoh-Nuur-Lake-2026';

const t = new Tala('tala-browser-');
let base, browser;

before(async () => {
	t.run(['init']);
	t.run(['user', 'add', login, '--name-zh', '毕力格', '--name-mn', 'ᠪᠢᠯᠢᠭ', '--region', '1525'],
		`${password}\n`);
	base = await t.serve();
	browser = await t.launch();
});

after(() => t.stop());

test('the Mongolian sign-in page is vertical, in Noto Sans Mongolian', async () => {
	const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
	const response = await page.goto(`${base}/login?lang=mn`);
	assert.equal(response.status(), 200);
	assert.equal(await page.getAttribute('html', 'lang'), 'mn-Mong');
	const main = page.locator('main.page');
	assert.equal(await main.evaluate((el) => getComputedStyle(el).writingMode), 'vertical-lr');
	assert.equal(await main.getAttribute('lang'), 'mn-Mong');
	assert.match(await main.evaluate((el) => getComputedStyle(el).fontFamily),
		/^"?Noto Sans Mongolian"?/);
	// the face Tala serves is the one in use: loaded for Mongolian text, and rendering it
	const font = await page.evaluate(async () => {
		await document.fonts.ready;
		await document.fonts.load('16px "Noto Sans Mongolian"', 'ᠮᠣᠩᠭᠣᠯ');
		const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') ===
			'Noto Sans Mongolian');
		return {
			loaded: faces.some((f) => f.status === 'loaded'),
			check: document.fonts.check('16px "Noto Sans Mongolian"', 'ᠮᠣᠩᠭᠣᠯ'),
		};
	});
	assert.deepEqual(font, { loaded: true, check: true });
	// vertical text: the heading is taller than it is wide
	const box = await page.locator('main.page h1').boundingBox();
	assert.ok(box.height > box.width, `h1 is ${box.width}×${box.height}`);
	const shot = join(outDir, 'browser-login-mn.png');
	await page.screenshot({ path: shot, fullPage: true });
	assert.ok(statSync(shot).size > 5000);
	await page.close();
});

test('a user signs in through the Chinese form and reaches the account page', async () => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${base}/login?lang=zh`);
	assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
	assert.equal(await page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode),
		'horizontal-tb');
	await page.fill('form.login input[name=login]', login);
	await page.fill('form.login input[name=password]', 'not-the-password');
	await page.click('form.login button[type=submit]');
	await page.locator('p.error').waitFor();
	assert.match(await page.locator('p.error').innerText(), /用户名或密码不正确/);

	await page.fill('form.login input[name=login]', login);
	await page.fill('form.login input[name=password]', password);
	await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);
	const cookies = await context.cookies();
	const session = cookies.find((c) => c.name === 'tala_session');
	assert.ok(session, 'a session cookie');
	assert.equal(session.httpOnly, true);
	assert.equal(session.sameSite, 'Lax');
	await page.click('header.site a[href="/account"]');
	await page.waitForURL(`${base}/account`);
	assert.match(await page.locator('main.page h1').innerText(), /我的账户/);
	assert.match(await page.locator('dd.login').innerText(), new RegExp(login));
	assert.equal(await page.locator('tr.current').count(), 1);
	await page.screenshot({ path: join(outDir, 'browser-account-zh.png'), fullPage: true });
	// the same page in Mongolian is vertical too
	await page.goto(`${base}/account?lang=mn`);
	assert.equal(await page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode),
		'vertical-lr');
	await page.screenshot({ path: join(outDir, 'browser-account-mn.png') });
	await context.close();
});
