// officer_points.test.mjs: officers' points in a real browser. An officer on a phone
// viewport signs in for the day from the points page and sees the streak; an org manager's
// dashboard draws the league map with ECharts (served by Tala from npm's package, with the
// league polygons from web/geo/: no network) and switches it from officers to readers.
// Screenshots go into the build directory. Visits are written into share_visits as the visit
// recorder writes them; the points job (every 50 ms here) turns them into points.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Tala, tala, outDir } from './tala.mjs';

const password = 'Officer-Points-2026';
const t = new Tala('tala-points-');
let base, browser;

function sql(text) {
	const r = spawnSync('sqlite3', [join(t.dataDir, 'tala.db')], { input: text, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

// Starts `tala serve` with the points job running every 50 ms.
function serve() {
	return new Promise((resolve, reject) => {
		t.server = spawn(tala, ['serve', '--data', t.dataDir, '--port', '0',
			'--set', 'auth.argon2_m_kib=64', '--set', 'auth.argon2_t=1',
			'--set', 'points.interval_ms=50'], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		t.server.stdout.on('data', (chunk) => {
			out += chunk;
			const m = out.match(/127\.0\.0\.1:(\d+)/);
			if (m) resolve(`http://127.0.0.1:${m[1]}`);
		});
		t.server.on('exit', (code) => reject(new Error(`tala serve exited (${code})`)));
	});
}

async function signIn(context, login) {
	const page = await context.newPage();
	await page.goto(`${base}/login`);
	await page.fill('input[name=login]', login);
	await page.fill('input[name=password]', password);
	await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')),
		page.click('form button[type=submit]')]);
	return page;
}

before(async () => {
	t.run(['init']);
	t.run(['user', 'add', 'saran', '--name-zh', '萨仁', '--name-mn', 'ᠰᠠᠷᠠᠨ', '--region', '150102'],
		`${password}\n`);
	t.run(['user', 'add', 'manager', '--region', '1501'], `${password}\n`);
	t.run(['user', 'grant', 'manager', 'org_manager', '1501']);
	const day = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
	sql(`INSERT INTO officers(id, user_id, township_code, status, created_at)
	       SELECT 1, id, '150102001', 'active', 0 FROM users WHERE login = 'saran';
	     INSERT INTO share_links VALUES (1, 'browsertst', 1, 'quiz', 3, 0);
	     INSERT INTO share_visits(link_id, officer_id, target_kind, target_id, reader_hash,
	       net_hash, at, day) VALUES
	       (1, 1, 'quiz', 3, X'01', X'01', ${Date.now()}, '${day}'),
	       (1, 1, 'quiz', 3, X'02', X'02', ${Date.now()}, '${day}'),
	       (1, 1, 'quiz', 3, X'03', X'03', ${Date.now()}, '${day}');`);
	base = await serve();
	browser = await t.launch();
	// the job has read the visits: share 2 + 3 readers
	for (let i = 0; i < 600 && sql('SELECT last_visit_id FROM officer_points_cursor') !== '3'; i++)
		await new Promise((r) => setTimeout(r, 100));
});

after(() => t.stop());

test('an officer on a phone signs in for the day', async () => {
	const context = await browser.newContext({ viewport: { width: 390, height: 844 },
		isMobile: true, hasTouch: true });
	const page = await signIn(context, 'saran');
	await page.goto(`${base}/officer/points`);
	assert.equal(await page.textContent('.points-total strong'), '5');
	await Promise.all([page.waitForURL(/signin=ok/), page.click('form[action="/officer/signin"] button')]);
	assert.equal(await page.textContent('.points-total strong'), '6');
	assert.ok(await page.isVisible('p.signed'));
	assert.equal(await page.locator('form[action="/officer/signin"]').count(), 0);
	// nothing overflows the phone's width
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 390, `page is ${wide}px wide`);
	await page.screenshot({ path: join(outDir, 'officer-points-phone.png'), fullPage: true });
	await page.goto(`${base}/officer/points?lang=mn`);
	assert.equal(await page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode),
		'vertical-lr');
	await page.screenshot({ path: join(outDir, 'officer-points-phone-mn.png') });
	await context.close();
});

test('the dashboard map draws the leagues offline and switches to readers', async () => {
	const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
	const page = await signIn(context, 'manager');
	const outside = [];
	page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
	await page.goto(`${base}/admin/officers/dashboard?period=all`);
	await page.waitForSelector('#officer-map[data-ready="true"] canvas');
	assert.deepEqual(outside, []);
	const pressed = () => page.getAttribute('button[data-metric="readers"]', 'aria-pressed');
	assert.equal(await pressed(), 'false');
	await page.click('button[data-metric="readers"]');
	assert.equal(await pressed(), 'true');
	// the table beside the map: Hohhot has one officer who brought 3 readers
	const row = page.locator('table.leagues tr', { hasText: '呼和浩特市' });
	assert.deepEqual(await row.locator('td').allTextContents(), ['呼和浩特市', '1', '1', '1', '3']);
	await page.screenshot({ path: join(outDir, 'officer-dashboard.png') });
	await context.close();
});
