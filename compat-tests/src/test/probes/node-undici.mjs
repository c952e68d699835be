#!/usr/bin/env node
// Probe for undici (the npm package, pinned in package.json), after the probe contract of compat-tests/README.md:
//   node node-undici.mjs twice <url> | node node-undici.mjs timeout <url> <millis>
import { createRequire } from 'node:module';
import { Agent, request } from 'undici';

const { version } = createRequire(import.meta.url)('undici/package.json');
const [mode, url, millis] = process.argv.slice(2);
const twice = mode === 'twice';
const timeout = twice ? 10_000 : Number(millis);
// headersTimeout: the wait for the final response's headers, restarted by each 1xx;
// bodyTimeout: the longest pause between body chunks. undici checks both on a coarse clock (ticks of about
// 0.5 s), so they may fire up to about a second late. One connection for both requests.
const agent = new Agent({ headersTimeout: timeout, bodyTimeout: timeout, connections: 1 });

const oneLine = (text) => String(text).replace(/[\r\n]+/g, ' ').trim();

console.log(`client node-undici ${version}`);
for (const id of twice ? ['1', '2'] : ['t']) {
	try {
		let interim = 0;
		const res = await request(`${url}?id=${id}`, { dispatcher: agent, onInfo: () => interim++ });
		const body = await res.body.text();
		console.log(`result id=${id} status=${res.statusCode} body=${oneLine(body)} interim=${interim}`);
	} catch (err) {
		const type = err?.code ? `${err.name} [${err.code}]` : err?.name;
		console.log(`result id=${id} error=${oneLine(`${type}: ${err?.message}`)}`);
	}
}
await agent.close();
process.exitCode = 0;
