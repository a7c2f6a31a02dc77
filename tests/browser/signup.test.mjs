// signup.test.mjs: a participant on a 360-px phone signs up in Mongolian with a mobile number
// and the SMS code — read from the spool directory, where Tala's default SMS gateway leaves
// each message for a gateway daemon — choosing league, county and township one step at a
// time; the pages are vertical, and the new account is a citizen of the township with the
// number verified. The same number then signs in again, in Chinese, without the profile
// step. Screenshots of the steps go into the build directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tala, outDir } from './tala.mjs';

const phone = '13512345678';
const t = new Tala('tala-signup-');
let base, browser;

before(async () => {
	t.run(['init']);
	base = await t.serve('sms.resend_interval=0');
	browser = await t.launch();
});

after(() => t.stop());

// The code of the n-th message to number in the spool (waits for the sender thread).
async function spooledCode(number, n) {
	const dir = join(t.dataDir, 'sms-outbox');
	for (let i = 0; i < 500; i++) {
		const mine = readdirSync(dir).filter((f) => f.endsWith('.sms'))
			.map((f) => ({ id: parseInt(f, 10), text: readFileSync(join(dir, f), 'utf8') }))
			.filter((m) => m.text.includes(`\nTo: ${number}\n`))
			.sort((a, b) => a.id - b.id);
		if (mine.length >= n) {
			const body = mine[n - 1].text.split('\n\n')[1];
			return body.match(/\d{6}/)[0];
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	throw new Error(`no message #${n} to ${number}`);
}

// The element is within the 360-px screen as the page opens — no sideways scrolling needed
// to reach it (the vertical main area scrolls sideways; the chooser just opened is focused).
async function onScreen(page, selector) {
	const box = await page.locator(selector).boundingBox();
	assert.ok(box && box.x >= 0 && box.x + box.width <= 360 && box.y >= 0 && box.y < 740,
		`${selector} on screen: ${JSON.stringify(box)}`);
}

async function vertical(page) {
	return page.locator('main.page').evaluate((el) => getComputedStyle(el).writingMode);
}

test('a new participant signs up in Mongolian on a 360-px phone', async () => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 },
		isMobile: true, hasTouch: true });
	const page = await context.newPage();
	await page.goto(`${base}/signup?lang=mn`);
	assert.equal(await page.getAttribute('html', 'lang'), 'mn-Mong');
	assert.equal(await vertical(page), 'vertical-lr');
	// nothing of the page is cut off sideways beyond the scrolling main area
	assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
	await page.screenshot({ path: join(outDir, 'browser-signup-mn-phone.png') });

	await page.fill('form.signup.phone input[name=phone]', '135 1234 5678');
	await page.click('form.signup.phone button[type=submit]');
	await page.locator('form.signup.code').waitFor();
	assert.match(await page.locator('p.notice').innerText(), /135\*\*\*\*5678/);
	assert.equal(await vertical(page), 'vertical-lr');
	await page.screenshot({ path: join(outDir, 'browser-signup-mn-code.png') });
	// a wrong code first
	const code = await spooledCode(phone, 1);
	const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
	await page.fill('form.signup.code input[name=code]', wrong);
	await page.click('form.signup.code button[type=submit]');
	await page.locator('p.error').waitFor();
	assert.match(await page.locator('p.error').innerText(), /ᠪᠠᠲᠤᠯᠠᠬᠤ ᠺᠣᠳ᠋ ᠪᠤᠷᠤᠭᠤ/);
	await page.fill('form.signup.code input[name=code]', code);
	await page.click('form.signup.code button[type=submit]');

	// first use: the profile, one level of the region tree per step
	const form = page.locator('form.signup.profile');
	await form.waitFor();
	assert.equal(await vertical(page), 'vertical-lr');
	await page.fill('form.signup.profile input[name=name]', 'ᠪᠠᠲᠤ');
	await page.selectOption('form.signup.profile select[name=league]', '1501');
	await page.click('form.signup.profile button[type=submit]');
	await page.locator('select[name=county]').waitFor();
	await onScreen(page, 'select[name=county]');
	assert.equal(await page.inputValue('form.signup.profile input[name=name]'), 'ᠪᠠᠲᠤ');
	await page.selectOption('select[name=county]', '150102');
	await page.click('form.signup.profile button[type=submit]');
	await page.locator('select[name=township]').waitFor();
	await onScreen(page, 'select[name=township]');
	await page.selectOption('select[name=township]', '150102001');
	await page.screenshot({ path: join(outDir, 'browser-signup-mn-profile.png') });
	await Promise.all([page.waitForURL(`${base}/`),
		page.click('form.signup.profile button[type=submit]')]);

	const session = (await context.cookies()).find((c) => c.name === 'tala_session');
	assert.ok(session, 'signed in');
	assert.equal(session.httpOnly, true);
	const me = await (await page.request.get(`${base}/api/v1/me`)).json();
	assert.equal(me.phone_verified, true);
	assert.equal(me.name_mn, 'ᠪᠠᠲᠤ');
	assert.equal(me.lang, 'mn');
	assert.deepEqual(me.grants, [{ role: 'citizen', scope: '150102001' }]);
	// the account page shows the number masked and verified, and no password form
	await page.goto(`${base}/account`);
	assert.equal(await vertical(page), 'vertical-lr');
	assert.match(await page.locator('section.account-phone dd.phone').innerText(), /135\*\*\*\*5678/);
	assert.match(await page.locator('section.account-phone dd.verified').innerText(), /ᠪᠠᠲᠤᠯᠠᠭᠰᠠᠨ/);
	assert.equal(await page.locator('form.password').count(), 0);
	await page.screenshot({ path: join(outDir, 'browser-signup-mn-account.png') });
	await context.close();
});

test('the same number signs in again, in Chinese, straight to the account', async () => {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	await page.goto(`${base}/signup?lang=zh&next=/account`);
	assert.equal(await vertical(page), 'horizontal-tb');
	await page.fill('form.signup.phone input[name=phone]', phone);
	await page.click('form.signup.phone button[type=submit]');
	await page.locator('form.signup.code').waitFor();
	await page.fill('form.signup.code input[name=code]', await spooledCode(phone, 2));
	await Promise.all([page.waitForURL(`${base}/account`),
		page.click('form.signup.code button[type=submit]')]);
	assert.match(await page.locator('section.account-phone dd.verified').innerText(), /已验证/);
	await context.close();
});
