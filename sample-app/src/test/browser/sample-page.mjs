// Drives the sample page in headless Chromium: one report is canceled half way, the next one runs to its result.
// Arguments: the application's base URL, the Chromium executable, where to save the screenshot.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [baseUrl, executablePath, screenshot] = process.argv.slice(2);
const REGIONS = ['north', 'south', 'east', 'west', 'central'];

const browser = await chromium.launch({ executablePath, headless: true });
try {
	const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
	page.setDefaultTimeout(15_000);
	const errors = [];
	page.on('pageerror', (error) => errors.push(error.message));
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	const polls = [];
	page.on('request', (request) => {
		if (request.method() === 'GET' && /\/operations\/[A-Za-z0-9_-]+$/.test(request.url())) {
			polls.push(Date.now());
		}
	});

	await page.goto(baseUrl + '/');
	assert.equal(await page.textContent('h1'), 'Sales reports');
	assert.ok(await page.isDisabled('#cancel'), 'Cancel is disabled before an order');

	// Five regions of 600 ms: about 3 s, so that the first poll, a second in, sees it part way.
	await order(page, '7', '600');
	await page.waitForFunction(() => {
		const progress = document.getElementById('progress');
		const message = document.getElementById('progress-message').textContent;
		return progress.value > 0 && progress.value < 100 && message.startsWith('Adding up ');
	});
	const halfWay = await page.evaluate(() => ({
		percent: document.getElementById('progress').value,
		message: document.getElementById('progress-message').textContent
	}));
	assert.ok(await page.isEnabled('#cancel'), 'Cancel is enabled while the report runs');
	assert.ok(await page.isDisabled('#order'), 'Order is disabled while the report runs');
	await page.click('#cancel');
	await page.waitForSelector('#status[data-status="canceled"]');
	await page.waitForSelector('#order:enabled');
	assert.match(await page.textContent('#status'), /canceled/i);
	assert.ok(await page.isEnabled('#order'), 'Order is enabled again after the cancel');
	assert.ok(await page.isDisabled('#cancel'), 'Cancel is disabled after the cancel');
	assert.ok(await page.isHidden('#result'), 'A canceled report shows no result');
	assert.match(await page.textContent('#exchanges'), /DELETE \/operations\/\S+ → 200/);
	console.log(`canceled at ${halfWay.percent}% (${halfWay.message})`);

	polls.length = 0;
	const ordered = Date.now();
	await order(page, '30', '400');
	await page.waitForSelector('#status[data-status="succeeded"]');
	await page.waitForSelector('#order:enabled');
	const regions = await page.$$eval('#result-rows th', (cells) => cells.map((cell) => cell.textContent));
	assert.deepEqual(regions, REGIONS);
	assert.match(await page.textContent('#result-caption'), /^Sales from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/);
	assert.match(await page.textContent('#result-total'), /\d/);
	assert.equal(await page.$eval('#progress', (progress) => progress.value), 100);
	assert.ok(await page.isHidden('#problem'), 'A report that succeeded shows no problem');
	assert.ok(await page.isEnabled('#order'), 'Order is enabled again once the report is done');
	// The sample asks for Retry-After: 1, so polls are at least a second apart (less a little timer slack).
	const times = [ordered, ...polls];
	const gaps = polls.map((time, index) => time - times[index]);
	assert.ok(polls.length >= 2, `polled ${polls.length} times`);
	assert.ok(gaps.every((gap) => gap >= 950), `polls apart by ${gaps.join(', ')} ms`);
	console.log(`succeeded after ${polls.length} polls, ${gaps.join(', ')} ms apart, ${regions.length} regions`);

	await page.screenshot({ path: screenshot, fullPage: true });
	assert.deepEqual(errors, [], 'errors in the page');
	console.log(`screenshot ${screenshot}`);
}
finally {
	await browser.close();
}

async function order(page, days, millisPerRegion) {
	await page.fill('#days', days);
	await page.fill('#millis-per-region', millisPerRegion);
	await page.click('#order');
}
