// tala.mjs: what the browser tests share — a fresh data directory, `tala` commands run on it,
// a `tala serve` on a free port, Debian's Chromium through playwright-core, and a stop that
// checks the server exits 0 (sanitizer findings would make it non-zero).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const tala = process.env.TALA_BIN;
export const outDir = process.env.TALA_BUILD_DIR || process.cwd();

export class Tala {
	constructor(prefix) {
		assert.ok(tala, 'TALA_BIN names the tala binary under test');
		this.dataDir = mkdtempSync(join(tmpdir(), prefix));
	}

	// Runs `tala ARGS` to completion with input on stdin; fails the test on a non-zero exit.
	run(args, input) {
		const r = spawnSync(tala, [...args, '--data', this.dataDir], { input, encoding: 'utf8' });
		assert.equal(r.status, 0, `tala ${args.join(' ')}: ${r.stderr}`);
		return r.stdout;
	}

	// Starts `tala serve` on a free port, with extra settings ('key=value' each); resolves
	// with its base URL once it says where it listens.
	serve(...settings) {
		return new Promise((resolve, reject) => {
			this.server = spawn(tala, ['serve', '--data', this.dataDir, '--port', '0',
				'--set', 'auth.argon2_m_kib=64', '--set', 'auth.argon2_t=1',
				...settings.flatMap((kv) => ['--set', kv])],
				{ stdio: ['ignore', 'pipe', 'inherit'] });
			let out = '';
			this.server.stdout.on('data', (chunk) => {
				out += chunk;
				const m = out.match(/127\.0\.0\.1:(\d+)/);
				if (m) resolve(`http://127.0.0.1:${m[1]}`);
			});
			this.server.on('exit', (code) => reject(new Error(`tala serve exited (${code})`)));
		});
	}

	// Debian's Chromium, with the flags this closed network needs.
	async launch() {
		this.browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
				'--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		return this.browser;
	}

	async stop() {
		await this.browser?.close();
		const server = this.server;
		if (server && server.exitCode === null) {
			const exited = new Promise((resolve) => server.once('exit', resolve));
			server.kill('SIGTERM');
			assert.equal(await exited, 0);
		}
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
