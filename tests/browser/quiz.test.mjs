// quiz.test.mjs: a participant on a 360-px phone takes a Mongolian quiz to the end — signs
// in, opens the campaign (vertical, with the draw's commitment), starts, answers one
// question per screen by tapping large options (single choice, true/false) and typing a
// fill-in answer, finishes, and sees the result with the score and the explanations, all in
// vertical Mongolian. The questions are in Mongolian only. Screenshots go into the build
// directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Tala, outDir } from './tala.mjs';

const pass = 'Steppe-Wind-2024';
const t = new Tala('tala-quiz-');
let base, browser, campaign;

function sql(text) {
	const r = spawnSync('sqlite3', [join(t.dataDir, 'tala.db')], { input: text, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
}

// Signs in through the API; returns the headers a JSON write needs.
async function session(login) {
	const r = await fetch(`${base}/api/v1/sessions`, {
		method: 'POST', headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ login, password: pass }),
	});
	assert.equal(r.status, 201);
	const cookie = r.headers.get('set-cookie').split(';')[0];
	const { csrf } = await r.json();
	return { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' };
}

before(async () => {
	t.run(['init']);
	t.run(['user', 'add', 'qm'], `${pass}\n`);
	t.run(['user', 'grant', 'qm', 'quiz_manager', '15']);
	t.run(['user', 'add', 'bayar', '--phone', '13800001111', '--lang', 'mn'], `${pass}\n`);
	t.run(['user', 'grant', 'bayar', 'citizen', '15']);
	// a Mongolian-only bank of three questions: single choice, true/false, fill-in
	sql(`BEGIN;
UPDATE users SET phone_verified_at = 1, region_code = '150102' WHERE login = 'bayar';
INSERT INTO quiz_questions(id, kind, category, stem_mn, explanation_mn, created_at, updated_at)
 VALUES (1, 'single', 'mn', 'ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ ᠤᠨ ᠨᠡᠶᠢᠰᠡᠯᠡᠯ ᠬᠣᠲᠠ', 'ᠬᠥᠬᠡᠬᠣᠲᠠ ᠪᠣᠯ ᠨᠡᠶᠢᠰᠡᠯᠡᠯ ᠬᠣᠲᠠ', 0, 0),
 (2, 'truefalse', 'mn', 'ᠨᠠᠷᠠ ᠵᠡᠭᠦᠨ ᠡᠴᠡ ᠭᠠᠷᠤᠨ᠎ᠠ', 'ᠨᠠᠷᠠ ᠵᠡᠭᠦᠨ ᠡᠴᠡ ᠭᠠᠷᠤᠨ᠎ᠠ', 0, 0),
 (3, 'fill', 'mn', 'ᠬᠣᠶᠠᠷ ᠳᠡᠭᠡᠷ᠎ᠡ ᠬᠣᠶᠠᠷ', 'ᠳᠥᠷᠪᠡ', 0, 0);
INSERT INTO quiz_options(question_id, position, text_mn, correct) VALUES
 (1, 1, 'ᠬᠥᠬᠡᠬᠣᠲᠠ', 1), (1, 2, 'ᠪᠣᠭᠤᠳᠣ', 0), (1, 3, 'ᠬᠠᠶᠢᠯᠠᠷ', 0),
 (2, 1, 'ᠵᠥᠪ', 1), (2, 2, 'ᠪᠤᠷᠤᠭᠤ', 0);
INSERT INTO quiz_accepted_answers(question_id, answer, answer_key) VALUES (3, '4', '4');
COMMIT;`);
	base = await t.serve();
	browser = await t.launch();
	const now = Date.now();
	const r = await fetch(`${base}/api/v1/quiz/campaigns`, {
		method: 'POST', headers: await session('qm'),
		body: JSON.stringify({
			title_mn: 'ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠤᠬᠠᠭᠠᠨ ᠤ ᠤᠷᠠᠯᠳᠤᠭᠠᠨ', rules_mn: 'ᠨᠢᠭᠡ ᠤᠳᠠᠭ᠎ᠠ', region: '15',
			opens_at: now - 1000, closes_at: now + 3600000, pass_mark: 2, draws: 'mn:3',
		}),
	});
	assert.equal(r.status, 201);
	campaign = (await r.json()).id;
});

after(() => t.stop());

async function vertical(page) {
	return page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode);
}

test('a participant takes a Mongolian quiz to the end on a 360-px phone', async () => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 },
		isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await page.goto(`${base}/login?lang=mn`);
	await page.fill('input[name=login]', 'bayar');
	await page.fill('input[name=password]', pass);
	await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);

	await page.goto(`${base}/quiz/${campaign}?lang=mn`);
	assert.equal(await page.getAttribute('html', 'lang'), 'mn-Mong');
	assert.equal(await vertical(page), 'vertical-lr');
	assert.match(await page.locator('code.quiz-hash').innerText(), /^[0-9a-f]{64}$/);
	assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
	await page.screenshot({ path: join(outDir, 'browser-quiz-landing-mn.png') });
	await Promise.all([page.waitForNavigation(), page.click('button.quiz-big[type=submit]')]);

	const right = { 'ᠬᠥᠬᠡᠬᠣᠲᠠ': true, 'ᠵᠥᠪ': true };
	for (let q = 1; q <= 3; q++) {
		assert.match(page.url(), new RegExp(`/q/${q}$`));
		assert.equal(await vertical(page), 'vertical-lr');
		const text = page.locator('input[name=text]');
		if (await text.count()) {
			await text.fill('4');
		} else {
			const labels = page.locator('label.quiz-opt');
			const n = await labels.count();
			assert.ok(n >= 2);
			// options are big enough to tap
			const box = await labels.first().boundingBox();
			assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
			let picked = false;
			for (let i = 0; i < n && !picked; i++) {
				if (right[(await labels.nth(i).innerText()).trim()]) {
					await labels.nth(i).tap();
					picked = true;
				}
			}
			assert.ok(picked);
		}
		if (q === 1) await page.screenshot({ path: join(outDir, 'browser-quiz-question-mn.png') });
		await Promise.all([page.waitForNavigation(), page.click('button.primary')]);
	}
	await Promise.all([page.waitForNavigation(), page.click('button.finish')]);
	assert.match(page.url(), /\/quiz\/attempts\/\d+$/);
	assert.equal(await vertical(page), 'vertical-lr');
	assert.equal(await page.locator('p.quiz-score strong').innerText(), '3');
	assert.match(await page.locator('ol.quiz-review').innerText(), /ᠬᠥᠬᠡᠬᠣᠲᠠ ᠪᠣᠯ ᠨᠡᠶᠢᠰᠡᠯᠡᠯ ᠬᠣᠲᠠ/);
	await page.screenshot({ path: join(outDir, 'browser-quiz-result-mn.png'), fullPage: true });
	await context.close();
});
