'use strict';

// Orders a sales report in 202 mode, polls its status monitor and shows the result or the problem.

const ACCEPT = 'application/json, application/problem+json';

// Used when a monitor carries no Retry-After, or one that cannot be read.
const DEFAULT_POLL_MILLIS = 1000;

// Tomcat sends no reason phrase on HTTP/1.1, so the page names the statuses it may meet.
const REASONS = {
	200: 'OK', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed',
	406: 'Not Acceptable', 409: 'Conflict', 500: 'Internal Server Error', 503: 'Service Unavailable'
};

const STATUS_LINES = {
	idle: 'No report ordered yet.',
	submitting: 'Ordering the report…',
	queued: 'Queued: the report waits for a worker.',
	running: 'Running: the server is adding up the regions.',
	canceling: 'Canceling…',
	succeeded: 'Succeeded: the report is ready.',
	failed: 'Failed: the report could not be built.',
	canceled: 'Canceled: the report was stopped before it was done.',
	forgotten: 'The report was done before the cancel arrived; the server has now forgotten it.',
	error: 'The order did not go through.'
};

const elements = Object.fromEntries([
	'order-form', 'parameters', 'days', 'millis-per-region', 'order', 'cancel', 'operation', 'status', 'progress',
	'percent', 'progress-message', 'monitor', 'monitor-link', 'result', 'result-caption', 'result-rows',
	'result-total', 'problem', 'problem-title', 'problem-detail', 'exchanges'
].map((id) => [id, document.getElementById(id)]));

const amount = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

// The order on screen: its monitor's URL, and the controller that stops its polling.
let current = null;

elements['order-form'].addEventListener('submit', (event) => {
	event.preventDefault();
	order();
});
elements.cancel.addEventListener('click', () => cancel(current));

async function order() {
	const run = { monitorUrl: null, polling: new AbortController() };
	current = run;
	clear();
	setBusy(true);
	setStatus('submitting');
	const query = new URLSearchParams({
		days: elements.days.value,
		millisPerRegion: elements['millis-per-region'].value
	});
	const url = '/reports/sales?' + query;
	try {
		const response = await fetch(url, {
			headers: { Accept: ACCEPT, Prefer: 'respond-async' },
			signal: run.polling.signal
		});
		log('GET', url, response, retryNote(response, response.headers.get('Location')));
		if (response.status !== 202) {
			// The server answered at once: a 400 for bad parameters, a 503 when full, or the report itself.
			await showFinal(response);
			end(run, response.ok ? 'succeeded' : 'error');
			return;
		}
		run.monitorUrl = new URL(response.headers.get('Location'), response.url).href;
		showMonitorLink(run.monitorUrl);
		await follow(run, response);
	}
	catch (error) {
		if (!run.polling.signal.aborted) {
			showProblem('The request failed', error.message);
			end(run, 'error');
		}
	}
}

// Polls the monitor until it is done, waiting the Retry-After of each answer, then fetches the result.
async function follow(run, response) {
	let monitor = await response.json();
	showMonitor(monitor);
	elements.cancel.disabled = monitor.done;
	while (!monitor.done) {
		await pause(retryAfterMillis(response), run.polling.signal);
		response = await fetch(run.monitorUrl, {
			headers: { Accept: ACCEPT },
			cache: 'no-store',
			signal: run.polling.signal
		});
		if (!response.ok) {
			log('GET', path(run.monitorUrl), response);
			await showFinal(response);
			end(run, 'error');
			return;
		}
		monitor = await response.json();
		log('GET', path(run.monitorUrl), response, monitorNote(monitor, response));
		showMonitor(monitor);
	}
	elements.cancel.disabled = true;
	await finish(run, monitor);
}

async function finish(run, monitor) {
	if (monitor.resultLocation) {
		const url = new URL(monitor.resultLocation, run.monitorUrl).href;
		const response = await fetch(url, { headers: { Accept: ACCEPT }, cache: 'no-store' });
		log('GET', path(url), response);
		await showFinal(response);
	}
	end(run, monitor.status);
}

// DELETE on the monitor cancels a queued or running operation (200, or 202 when another instance runs it).
async function cancel(run) {
	if (!run || !run.monitorUrl || run !== current) {
		return;
	}
	run.polling.abort();
	elements.cancel.disabled = true;
	setStatus('canceling');
	try {
		const response = await fetch(run.monitorUrl, { method: 'DELETE', headers: { Accept: ACCEPT } });
		if (response.status === 204) {
			log('DELETE', path(run.monitorUrl), response);
			end(run, 'forgotten');
			return;
		}
		if (!response.ok) {
			log('DELETE', path(run.monitorUrl), response);
			await showFinal(response);
			end(run, 'error');
			return;
		}
		const monitor = await response.json();
		log('DELETE', path(run.monitorUrl), response, monitorNote(monitor, response));
		showMonitor(monitor);
		if (monitor.done) {
			await finish(run, monitor);
		}
		else {
			// The cancel was passed on: keep polling until the operation says it is canceled.
			run.polling = new AbortController();
			await follow(run, response);
		}
	}
	catch (error) {
		showProblem('The cancel failed', error.message);
		end(run, 'error');
	}
}

function showMonitor(monitor) {
	setStatus(monitor.status);
	if (monitor.status === 'succeeded') {
		setProgress(100, 'Done');
	}
	else if (monitor.progress) {
		setProgress(monitor.progress.percent, monitor.progress.message || '');
	}
}

function setProgress(percent, message) {
	elements.progress.value = percent;
	elements.progress.textContent = percent + '%';
	elements.percent.textContent = percent + '%';
	elements['progress-message'].textContent = message;
}

// Shows a final answer: the report as a table, or the problem's title and detail.
async function showFinal(response) {
	const type = response.headers.get('Content-Type') || '';
	const body = type.includes('json') ? await response.json() : await response.text();
	if (response.ok && body && Array.isArray(body.regions)) {
		showReport(body);
	}
	else if (!response.ok) {
		const reason = REASONS[response.status] || 'Error';
		// A problem (RFC 9457) has a title and maybe a detail; Spring Boot's error body has "error".
		const title = (body && (body.title || body.error)) || reason;
		const detail = (body && body.detail) || (typeof body === 'string' ? body : '');
		showProblem(response.status + ' ' + title, detail);
	}
}

function showReport(report) {
	elements['result-caption'].textContent = 'Sales from ' + report.from + ' to ' + report.to;
	const rows = report.regions.map((region) => {
		const row = document.createElement('tr');
		const name = document.createElement('th');
		name.scope = 'row';
		name.textContent = region.region;
		const total = document.createElement('td');
		total.className = 'number';
		total.textContent = amount.format(region.total);
		row.append(name, total);
		return row;
	});
	elements['result-rows'].replaceChildren(...rows);
	const sum = report.regions.reduce((all, region) => all + region.total, 0);
	elements['result-total'].textContent = amount.format(sum);
	elements.result.hidden = false;
}

function showProblem(title, detail) {
	elements['problem-title'].textContent = title;
	elements['problem-detail'].textContent = detail;
	elements.problem.hidden = false;
}

function showMonitorLink(url) {
	elements['monitor-link'].href = url;
	elements['monitor-link'].textContent = path(url);
	elements.monitor.hidden = false;
}

function setStatus(status) {
	elements.status.dataset.status = status;
	elements.status.textContent = STATUS_LINES[status] || status;
}

function setBusy(busy) {
	elements.order.disabled = busy;
	elements.parameters.disabled = busy;
	elements.operation.setAttribute('aria-busy', String(busy));
	if (busy) {
		elements.cancel.disabled = true;
	}
}

function end(run, status) {
	if (run !== current) {
		return;
	}
	setStatus(status);
	setBusy(false);
	elements.cancel.disabled = true;
}

function clear() {
	setProgress(0, '');
	elements.monitor.hidden = true;
	elements.result.hidden = true;
	elements['result-rows'].replaceChildren();
	elements.problem.hidden = true;
	elements.exchanges.replaceChildren();
}

// Retry-After is delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
function retryAfterMillis(response) {
	const value = (response.headers.get('Retry-After') || '').trim();
	if (/^\d+$/.test(value)) {
		return Number(value) * 1000;
	}
	const date = Date.parse(value);
	return Number.isNaN(date) ? DEFAULT_POLL_MILLIS : Math.max(0, date - Date.now());
}

function pause(millis, signal) {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(resolve, millis);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			reject(signal.reason);
		}, { once: true });
	});
}

function monitorNote(monitor, response) {
	let note = monitor.status;
	if (monitor.progress) {
		note += ', ' + monitor.progress.percent + '%';
	}
	return [note, retryNote(response)].filter(Boolean).join(' · ');
}

function retryNote(response, location) {
	const notes = [];
	if (location) {
		notes.push('Location: ' + location);
	}
	const retryAfter = response.headers.get('Retry-After');
	if (retryAfter) {
		notes.push('Retry-After: ' + retryAfter);
	}
	return notes.join(' · ');
}

function log(method, target, response, note) {
	const item = document.createElement('li');
	const request = document.createElement('code');
	request.textContent = method + ' ' + target;
	const answer = document.createElement('span');
	answer.className = 'answer';
	answer.textContent = '→ ' + response.status + ' ' + (REASONS[response.status] || '');
	item.append(request, ' ', answer);
	if (note) {
		const detail = document.createElement('span');
		detail.className = 'note';
		detail.textContent = note;
		item.append(' ', detail);
	}
	elements.exchanges.append(item);
	elements.exchanges.scrollTop = elements.exchanges.scrollHeight;
}

function path(url) {
	const parsed = new URL(url);
	return parsed.pathname + parsed.search;
}
