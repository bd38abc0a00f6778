// The live page: places orders through the demo's REST API and shows what the bus does, as streamed by
// /live/events (server-sent events read from the bus's own meters). Plain JavaScript and SVG, no library.
'use strict';

const WINDOW_MS = 60_000;
const MAX_EVENTS = 100;
const SVG_NS = 'http://www.w3.org/2000/svg';
const OUTCOME_COLOURS = { delivered: '#2f7d5b', unhandled: '#c98a12', failed: '#c2412d' };
const PALETTE = ['#3467c4', '#8a4fbf', '#1f8f8f', '#b0487a', '#c98a12', '#2f7d5b', '#c2412d', '#5c6b7a'];

/** A line chart of the last minute, one line per series; a series with no value for a while shows a gap. */
class LineChart {

    constructor(svg, legend, { colours = {}, minimumMax, format, dots = false }) {
        this.svg = svg;
        this.legend = legend;
        this.colours = colours;
        this.minimumMax = minimumMax;
        this.format = format;
        this.dots = dots;
        this.series = new Map();
        this.latest = Date.now();
        this.plotted = 0; // samples that drew a point above zero since the page loaded
        const box = svg.viewBox.baseVal;
        this.area = { left: 44, right: box.width - 8, top: 8, bottom: box.height - 20 };
        this.render();
    }

    clear() {
        this.series.clear();
        this.render();
    }

    /** Adds one sample: values maps each series to a number; a series missing from it has no point then. */
    add(at, values) {
        let aboveZero = false;
        for (const [name, value] of Object.entries(values)) {
            if (!this.series.has(name)) {
                this.series.set(name, []);
            }
            this.series.get(name).push({ at, value });
            aboveZero = aboveZero || value > 0;
        }
        if (aboveZero) {
            this.plotted += 1;
            this.svg.dataset.points = String(this.plotted);
        }
        this.latest = Math.max(this.latest, at);
        this.render();
    }

    render() {
        const start = this.latest - WINDOW_MS;
        for (const points of this.series.values()) {
            while (points.length > 0 && points[0].at < start) {
                points.shift();
            }
        }
        const values = [...this.series.values()].flat().map((point) => point.value);
        const max = niceCeiling(Math.max(this.minimumMax, ...values));
        const { left, right, top, bottom } = this.area;
        const x = (at) => left + ((at - start) / WINDOW_MS) * (right - left);
        const y = (value) => bottom - (value / max) * (bottom - top);

        this.svg.replaceChildren();
        for (const fraction of [0, 0.5, 1]) {
            this.svg.append(svg('line', { class: 'grid', x1: left, x2: right, y1: y(max * fraction), y2: y(max * fraction) }));
            this.svg.append(svg('text', { class: 'axis-label', x: left - 6, y: y(max * fraction) + 4, 'text-anchor': 'end' },
                this.format(max * fraction)));
        }
        for (const [label, at] of [['-60 s', start], ['-30 s', start + WINDOW_MS / 2], ['now', this.latest]]) {
            const anchor = label === 'now' ? 'end' : (at === start ? 'start' : 'middle');
            this.svg.append(svg('text', { class: 'axis-label', x: x(at), y: bottom + 15, 'text-anchor': anchor }, label));
        }

        this.legend.replaceChildren();
        for (const [name, points] of this.series) {
            if (points.length === 0) {
                continue;
            }
            const colour = this.colourOf(name);
            let path = '';
            points.forEach((point, index) => {
                const joined = index > 0 && point.at - points[index - 1].at < 2500;
                path += `${joined ? 'L' : 'M'}${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`;
                if (this.dots) {
                    this.svg.append(svg('circle', { cx: x(point.at), cy: y(point.value), r: 2.5, fill: colour }));
                }
            });
            this.svg.append(svg('path', { class: 'series', d: path, stroke: colour }));
            this.legend.append(legendEntry(name, colour, this.format(points[points.length - 1].value)));
        }
    }

    colourOf(name) {
        if (!(name in this.colours)) {
            this.colours[name] = PALETTE[Object.keys(this.colours).length % PALETTE.length];
        }
        return this.colours[name];
    }
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least value. */
function niceCeiling(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value);
}

function svg(name, attributes, text) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
        element.setAttribute(key, value);
    }
    if (text !== undefined) {
        element.textContent = text;
    }
    return element;
}

function element(name, attributes = {}, text) {
    const created = document.createElement(name);
    Object.assign(created, attributes);
    if (text !== undefined) {
        created.textContent = text;
    }
    return created;
}

function legendEntry(name, colour, value) {
    const entry = element('li');
    const swatch = element('span', { className: 'swatch' });
    swatch.style.background = colour;
    entry.append(swatch, name, element('span', { className: 'value' }, value));
    return entry;
}

function formatNumber(value) {
    if (value === 0) {
        return '0';
    }
    return value < 1 ? value.toFixed(2) : (value < 10 ? value.toFixed(1) : value.toFixed(0));
}

const emitsChart = new LineChart(document.getElementById('emits-chart'), document.getElementById('emits-legend'),
    { colours: { ...OUTCOME_COLOURS }, minimumMax: 1, format: formatNumber });
const latencyChart = new LineChart(document.getElementById('latency-chart'), document.getElementById('latency-legend'),
    { minimumMax: 1, format: formatNumber, dots: true });
const events = document.getElementById('events');
const status = document.getElementById('status');
const result = document.getElementById('result');

/** Shows one entry of the stream: the emits of one name with one outcome since the server's last look. */
function showEmit(emit) {
    const entry = element('li');
    entry.dataset.event = emit.event;
    entry.dataset.outcome = emit.outcome;
    entry.append(
        element('time', { dateTime: new Date(emit.at).toISOString() }, new Date(emit.at).toLocaleTimeString()),
        element('code', {}, emit.event),
        element('span', { className: `outcome ${emit.outcome}` }, emit.outcome),
        element('span', { className: 'count' }, emit.count > 1 ? `\u00d7${emit.count}` : ''));
    events.prepend(entry);
    while (events.children.length > MAX_EVENTS) {
        events.lastElementChild.remove();
    }
}

function showSample(sample) {
    emitsChart.add(sample.at, sample.emitsPerSecond);
    latencyChart.add(sample.at, sample.meanLatencyMillis);
    document.getElementById('registrations').textContent = sample.registrations ?? '-';
    document.getElementById('pending').textContent = sample.asyncPending ?? '-';
}

function setStatus(text) {
    status.textContent = text;
    status.classList.toggle('live', text === 'live');
}

function connect() {
    const stream = new EventSource('/live/events');
    stream.addEventListener('open', () => {
        // Every connection starts with the server's recent history: start again from it.
        events.replaceChildren();
        emitsChart.clear();
        latencyChart.clear();
    });
    stream.addEventListener('emit', (message) => showEmit(JSON.parse(message.data)));
    stream.addEventListener('sample', (message) => showSample(JSON.parse(message.data)));
    stream.addEventListener('ready', () => setStatus('live'));
    stream.addEventListener('error', () => setStatus('reconnecting')); // EventSource retries by itself
}

function showResult(text, ok) {
    result.textContent = text;
    result.className = ok ? 'ok' : 'error';
}

async function post(url, body) {
    const response = await fetch(url, {
        method: 'POST',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    return { ok: response.ok, status: response.status, answer };
}

document.getElementById('order-form').addEventListener('submit', async (submitted) => {
    submitted.preventDefault();
    const form = new FormData(submitted.target);
    const order = { item: form.get('item'), quantity: Number(form.get('quantity')), amount: Number(form.get('amount')) };
    const { ok, status: code, answer } = await post('/orders', order);
    if (ok) {
        showResult(`Order #${answer.id} placed: ${answer.quantity} \u00d7 ${answer.item} for ${answer.amount}`, true);
    }
    else {
        showResult(`${code}: ${answer.detail ?? answer.title ?? 'the order failed'}`, false);
    }
});

let invoices = 0;
document.getElementById('pay-invoice').addEventListener('click', async () => {
    invoices += 1;
    const { ok, status: code, answer } = await post(`/invoices/INV-${invoices}/paid`);
    if (ok) {
        showResult(`${answer.event} announced: ${answer.delivered ? 'a listener got it' : 'no listener matched'}`, true);
    }
    else {
        showResult(`${code}: ${answer.detail ?? answer.title ?? 'the announcement failed'}`, false);
    }
});

connect();
