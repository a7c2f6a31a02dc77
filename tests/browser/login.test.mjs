// login.test.mjs: the sign-in page in a real browser (Debian's /usr/bin/chromium driven by
// playwright-core). In Mongolian the page's main area is vertical (writing-mode:
// vertical-lr) and set in Noto Sans Mongolian served by Tala; a screenshot of it goes into
// the build directory. In Chinese a user signs in through the form and reaches their account.
// Starts its own `tala serve` on a fresh data directory; the tala binary comes from $TALA_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const tala = process.env.TALA_BIN;
const outDir = process.env.TALA_BUILD_DIR || process.cwd();
const login = 'bilig';
const password = 'Hoh-Nuur-Lake-2026';

let dataDir, server, base, browser;

// Runs `tala ARGS` to completion with input on stdin; fails the test on a non-zero exit.
function run(args, input) {
	const r = spawnSync(tala, [...args, '--data', dataDir], { input, encoding: 'utf8' });
	assert.equal(r.status, 0, `tala ${args.join(' ')}: ${r.stderr}`);
	return r.stdout;
}

// Starts `tala serve` on a free port; resolves with its base URL once it prints where it
// listens.
function serve() {
	return new Promise((resolve, reject) => {
		server = spawn(tala, ['serve', '--data', dataDir, '--port', '0',
			'--set', 'auth.argon2_m_kib=64', '--set', 'auth.argon2_t=1'],
			{ stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		server.stdout.on('data', (chunk) => {
			out += chunk;
			const m = out.match(/127\.0\.0\.1:(\d+)/);
			if (m) resolve(`http://127.0.0.1:${m[1]}`);
		});
		server.on('exit', (code) => reject(new Error(`tala serve exited (${code})`)));
	});
}

before(async () => {
	assert.ok(tala, 'TALA_BIN names the tala binary under test');
	dataDir = mkdtempSync(join(tmpdir(), 'tala-browser-'));
	run(['init']);
	run(['user', 'add', login, '--name-zh', '毕力格', '--name-mn', 'ᠪᠢᠯᠢᠭ', '--region', '1525'],
		`${password}\n`);
	base = await serve();
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
			'--disable-component-update', '--disable-sync', '--no-first-run'],
	});
});

after(async () => {
	await browser?.close();
	if (server && server.exitCode === null) {
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		// a clean exit is 0; sanitizer findings make it non-zero
		assert.equal(await exited, 0);
	}
	if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

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
