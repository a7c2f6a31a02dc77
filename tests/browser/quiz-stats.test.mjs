// quiz-stats.test.mjs: a quiz manager in Chromium. Questions come from a GIFT file
// (`tala quiz import`) and one is written in the console's bilingual editor; the campaign is
// created through POST /api/v1/quiz/campaigns (the campaigns part's API) with the session's
// CSRF token; the attempts of participants in four leagues are a fixture written with the
// sqlite3 CLI (scores chosen so the indices are known). The manager opens the campaign's
// statistics page and sees the ECharts map of the 12 leagues drawn from the local geo data
// (no network), the league table and the questions with their facility and discrimination
// indices as computed here, and can download the XLSX export.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Tala, outDir } from './tala.mjs';

const password = 'Steppe-Wind-2024';

const gift = `$CATEGORY: sci

勤洗手可以预防哪种疾病？ {=感冒 ~近视 ~骨折 ####接触传播}

地球的卫星叫什么？ {=月球 =月亮}

<span lang="zh" class="multilang">太阳是恒星</span><span lang="mn" class="multilang">ᠨᠠᠷᠠ ᠪᠣᠯ ᠣᠳᠤ</span> {T}
`;

function sql(dataDir, text) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', join(dataDir, 'tala.db')],
		{ input: text, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

test('a quiz manager sees the question statistics with the league map', async () => {
	const t = new Tala('tala-quizstats-');
	try {
		t.run(['init']);
		t.run(['user', 'add', 'qm', '--name-zh', '答题管理', '--region', '15'], `${password}\n`);
		t.run(['user', 'grant', 'qm', 'quiz_manager', '15']);
		const giftPath = join(t.dataDir, 'bank.gift');
		writeFileSync(giftPath, gift);
		t.run(['quiz', 'import', giftPath]);
		const base = await t.serve();
		const browser = await t.launch();
		const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
		const outside = [];
		page.on('request', (req) => {
			if (!req.url().startsWith(base) && !req.url().startsWith('data:')) outside.push(req.url());
		});

		await page.goto(`${base}/login?lang=zh`);
		await page.fill('form.login input[name=login]', 'qm');
		await page.fill('form.login input[name=password]', password);
		await Promise.all([page.waitForURL(`${base}/`), page.click('form.login button[type=submit]')]);

		// the bank in the console: three imported, a fourth written in the editor
		await page.goto(`${base}/admin`);
		await Promise.all([page.waitForURL(`${base}/admin/quiz/questions`),
			page.click('a[href="/admin/quiz/questions"]')]);
		assert.equal(await page.locator('table.questions tbody tr').count(), 3);
		await Promise.all([page.waitForURL(`${base}/admin/quiz/questions/new`),
			page.click('a[href="/admin/quiz/questions/new"]')]);
		assert.equal(await page.locator('fieldset.lang-mn').evaluate(
			(el) => getComputedStyle(el).writingMode), 'vertical-lr');
		await page.fill('input[name=category]', 'sci');
		await page.fill('textarea[name=stem_zh]', '哪个是哺乳动物？');
		await page.fill('textarea[name=stem_mn]', 'ᠠᠮᠢᠲᠠᠨ');
		for (const [k, zh, mn] of [[1, '鲸', 'ᠠ'], [2, '鲨鱼', 'ᠡ'], [3, '金枪鱼', 'ᠢ']]) {
			await page.fill(`input[name=opt_zh_${k}]`, zh);
			await page.fill(`input[name=opt_mn_${k}]`, mn);
		}
		await page.check('input[name=correct_1]');
		await page.screenshot({ path: join(outDir, 'quiz-editor.png'), fullPage: true });
		await Promise.all([page.waitForURL(/done=saved/), page.click('form.quiz button.submit')]);
		assert.equal(await page.locator('table.questions tbody tr').count(), 4);

		// the campaign through the campaigns API, as this signed-in manager
		await page.goto(`${base}/admin/quiz/questions/new`);
		const csrf = await page.locator('input[name=_csrf]').first().inputValue();
		const now = Date.now();
		const created = await page.evaluate(async ({ csrf, now }) => {
			const r = await fetch('/api/v1/quiz/campaigns', {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
				body: JSON.stringify({
					title_zh: '科普知识竞赛', title_mn: 'ᠮᠡᠳᠡᠯᠭᠡ', region: '15',
					opens_at: now - 86400000, closes_at: now + 86400000, time_limit_s: 600,
					pass_mark: 2, prizes: 1, draws: 'sci:4',
				}),
			});
			return { status: r.status, body: await r.json() };
		}, { csrf, now });
		assert.equal(created.status, 201, JSON.stringify(created.body));
		const campaign = created.body.id;

		// attempts: 9 participants in four leagues; points per question id 1..4
		const ids = sql(t.dataDir, 'SELECT group_concat(id) FROM quiz_questions ORDER BY id;')
			.split(',').map(Number);
		const points = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 0, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1],
			[0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]];
		const regions = ['150102', '150102', '150203', '150203', '150402', '150402', '152502',
			'152502', '152502'];
		let fixture = 'BEGIN;';
		points.forEach((p, i) => {
			const u = 1000 + i;
			const score = p.reduce((a, b) => a + b, 0);
			fixture += `INSERT INTO users(id, login, password_hash, region_code, created_at) VALUES
				(${u}, 'p${i}', 'x', '${regions[i]}', 0);
				INSERT INTO quiz_attempts(id, campaign_id, user_id, region_code, status, started_at,
				deadline_at, finished_at, score, max_score, token_hash) VALUES (${u}, ${campaign},
				${u}, '${regions[i]}', 'finished', ${now - 3600000}, ${now}, ${now - 3000000},
				${score}, 4, x'${(i + 16).toString(16)}');`;
			p.forEach((pts, k) => {
				fixture += `INSERT INTO quiz_attempt_items(attempt_id, position, question_id,
					question_version, answer, points, max_points) VALUES (${u}, ${k + 1}, ${ids[k]},
					1, 'x', ${pts}, 1);`;
			});
		});
		sql(t.dataDir, fixture + 'COMMIT;');

		// the statistics page
		await page.goto(`${base}/admin/quiz/campaigns/${campaign}/stats?lang=zh`);
		await page.waitForSelector('#quiz-map[data-rendered="1"]');
		assert.ok(await page.locator('#quiz-map canvas').count() >= 1, 'the map is drawn');
		assert.equal(await page.locator('table.leagues tbody tr').count(), 12);
		assert.equal(await page.locator('table.leagues tr[data-code="1525"] td').nth(2).innerText(), '3');
		assert.equal(await page.locator('p.totals b[data-k=participants]').innerText(), '9');
		// facility and discrimination as computed here (thirds by score, ties by attempt id)
		const order = points.map((p, i) => i).sort((a, b) =>
			points[b].reduce((x, y) => x + y) - points[a].reduce((x, y) => x + y) || a - b);
		for (let k = 0; k < 4; k++) {
			const mean = (rows) => rows.reduce((s, i) => s + points[i][k], 0) / rows.length;
			const f = mean(order);
			const d = mean(order.slice(0, 3)) - mean(order.slice(6));
			const row = page.locator(`table.questions tr[data-question="${ids[k]}"]`);
			assert.equal(await row.locator('td.facility').innerText(), f.toFixed(3));
			assert.equal(await row.locator('td.discrimination').innerText(), d.toFixed(3));
		}
		await page.screenshot({ path: join(outDir, 'quiz-stats.png'), fullPage: true });
		const xlsx = await page.evaluate(async (id) => {
			const r = await fetch(`/admin/quiz/campaigns/${id}/stats.xlsx`);
			const b = new Uint8Array(await r.arrayBuffer());
			return { status: r.status, type: r.headers.get('content-type'), magic: [...b.slice(0, 2)] };
		}, campaign);
		assert.equal(xlsx.status, 200);
		assert.match(xlsx.type, /spreadsheetml/);
		assert.deepEqual(xlsx.magic, [0x50, 0x4b]);
		assert.deepEqual(outside, [], 'no request leaves the server');
	} finally {
		await t.stop();
	}
});
