#!/usr/bin/env node
// Probe for Node's built-in http module, after the probe contract of compat-tests/README.md:
//   node node-http.mjs twice <url> | node node-http.mjs timeout <url> <millis>
import http from 'node:http';

const [mode, url, millis] = process.argv.slice(2);
const twice = mode === 'twice';
// The socket's idle timeout: the 10 s safety limit, or the read timeout under test.
const idle = twice ? 10_000 : Number(millis);
// One connection for both requests.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(target) {
	return new Promise((resolve, reject) => {
		let interim = 0;
		const req = http.get(target, { agent }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode, body, interim }));
			res.on('error', reject);
		});
		req.on('information', () => interim++);
		req.setTimeout(idle, () => req.destroy(new Error(`socket idle for ${idle} ms`)));
		req.on('error', reject);
	});
}

const oneLine = (text) => String(text).replace(/[\r\n]+/g, ' ').trim();

console.log(`client node-http ${process.versions.node}`);
for (const id of twice ? ['1', '2'] : ['t']) {
	try {
		const { status, body, interim } = await get(`${url}?id=${id}`);
		console.log(`result id=${id} status=${status} body=${oneLine(body)} interim=${interim}`);
	} catch (err) {
		const type = err?.code ? `${err.name} [${err.code}]` : err?.name;
		console.log(`result id=${id} error=${oneLine(`${type}: ${err?.message}`)}`);
	}
}
agent.destroy();
process.exitCode = 0;
