#!/usr/bin/env node
// Benchmark: the error of agentdup's token estimate (src/index/estimate.h)
// against real tokenizers, on a sample of agent files.
//
// The sample, by a fixed rule: the files of CORPUS/LABELS.tsv in byte order
// of their paths, split into those with a CJK character (Han, kana,
// Hangul) anywhere in them and those without; 150 taken evenly from each
// list (the i-th of 150 is file floor(i * n / 150)); then every file of
// SEEDS. With HELD_OUT=1, the files halfway between those (floor((i +
// 0.5) * n / 150)), and no seeds: files the weights were not fitted on.
// agentdup scans them and reports its estimate per agent (JSON
// "tokens"); the tokenizers count the same two texts:
//   always  the name and the description as the frontmatter says them,
//           read with js-yaml (a file js-yaml refuses is left out here);
//           without a name, the identity agentdup reports; name and
//           description are counted apart and added, as agentdup does
//   body    the text after the frontmatter block (agentdup's rule: a first
//           line of three dashes, closed by the next line of three or more)
// For each text, the relative error |estimate - real| / real; printed per
// part and group: the mean, the 90th percentile, the mean signed error
// (the bias) and the error of the sum (what a collection total is off by).
// Beside agentdup's estimate, the best single constant per byte for
// comparison: BYTE_RATE tokens a byte, the constant that minimises the
// squared relative error on the fitted sample against Anthropic's
// tokenizer (the best constant for the sample run is printed too).
//
// The reference is Anthropic's published tokenizer (@anthropic-ai/
// tokenizer, the one of Claude's earlier models): a proxy for the tokenizer
// of the model that loads the agents, which is not published. OpenAI's
// o200k_base (js-tiktoken) is shown beside it, to show how far two real
// tokenizers differ.
//
// usage: node bench/token_error.js [CORPUS] [SEEDS]
//   AGENTDUP=build/agentdup  the binary
//   HELD_OUT=1               the other sample (see above)
// needs (npm): @anthropic-ai/tokenizer js-tiktoken js-yaml, found through
// NODE_PATH, e.g.
//   npm install --prefix /tmp/tok @anthropic-ai/tokenizer js-tiktoken js-yaml
//   NODE_PATH=/tmp/tok/node_modules node bench/token_error.js
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { countTokens } = require('@anthropic-ai/tokenizer');
const { getEncoding } = require('js-tiktoken');
const yaml = require('js-yaml');

const here = path.join(__dirname, '..');
const corpus = path.resolve(process.argv[2] || path.join(here, '../shared/corpus'));
const seeds = path.resolve(process.argv[3] || path.join(here, '../shared/seeds'));
const agentdup = path.resolve(here, process.env.AGENTDUP || 'build/agentdup');
const PER_GROUP = 150;
const BYTE_RATE = 0.214;
const HELD_OUT = process.env.HELD_OUT === '1';
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]/;

function sample() {
	const rows = fs.readFileSync(path.join(corpus, 'LABELS.tsv'), 'utf8')
		.trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
	rows.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
	const en = [], zh = [];
	for (const f of rows) {
		const p = path.join(corpus, f);
		(CJK.test(fs.readFileSync(p, 'utf8')) ? zh : en).push(p);
	}
	const pick = (list) => Array.from({ length: PER_GROUP },
		(_, i) => list[Math.floor((i + (HELD_OUT ? 0.5 : 0)) *
					  list.length / PER_GROUP)]);
	const group = {};
	for (const p of pick(en)) group[p] = 'English';
	for (const p of pick(zh)) group[p] = 'Chinese';
	for (const f of HELD_OUT ? [] : fs.readdirSync(seeds).sort())
		group[path.join(seeds, f)] = 'seeds';
	return group;
}

// The frontmatter's text and the body, as agentdup splits a file.
function split(text) {
	const t = text.startsWith('\ufeff') ? text.slice(1) : text;
	const lines = t.split('\n');
	if (!/^---[ \t\r]*$/.test(lines[0]))
		return { fm: null, body: text };
	for (let i = 1; i < lines.length; i++)
		if (/^-{3,}[ \t\r]*$/.test(lines[i]))
			return { fm: lines.slice(1, i).join('\n'),
				 body: lines.slice(i + 1).join('\n') };
	return { fm: null, body: text };
}

function always(fm, identity) {
	let y;
	try {
		y = yaml.load(fm);
	} catch (e) {
		return null;
	}
	if (!y || typeof y !== 'object')
		return null;
	const name = y.name != null && String(y.name).trim() !== ''
		? String(y.name).trim() : identity;
	let d = y.description == null ? '' : y.description;
	if (Array.isArray(d))
		d = d.join('\n');
	return [name, String(d)];
}

function main() {
	const group = sample();
	const files = Object.keys(group);
	const out = execFileSync(agentdup, ['scan', '-q', '-f', 'json', ...files],
		{ maxBuffer: 1 << 30 });
	const o200 = getEncoding('o200k_base');
	const refs = {
		claude: countTokens,
		o200k: (s) => o200.encode(s, 'all').length,
	};
	const rows = [];
	let refused = 0;
	for (const a of JSON.parse(out).agents) {
		const text = fs.readFileSync(a.path, 'utf8');
		const { fm, body } = split(text);
		const g = group[a.path];
		rows.push({ part: 'body', group: g, est: a.tokens.body, texts: [body] });
		const nd = fm === null ? null : always(fm, a.identity);
		if (nd)
			rows.push({ part: 'always', group: g, est: a.tokens.always, texts: nd });
		else
			refused++;
	}
	console.log(`sample${HELD_OUT ? ' (held out)' : ''}: ${files.length} ` +
		`files (${PER_GROUP} English, ${PER_GROUP} Chinese` +
		`${HELD_OUT ? '' : ', the rest seeds'}); ${refused} left out of ` +
		'"always" (no frontmatter js-yaml reads)');
	for (const [ref, count] of Object.entries(refs)) {
		for (const r of rows)
			r.real = r.texts.reduce((n, s) => n + count(s), 0);
		console.log(`\nagainst ${ref} (best constant for this sample: ` +
			`${bestRate(rows).toFixed(3)} tokens a byte):`);
		console.log('part    group      texts   mean    p90   bias   sum' +
			`   | bytes x ${BYTE_RATE}: mean    p90   bias   sum`);
		for (const part of ['always', 'body'])
			for (const g of ['English', 'Chinese', 'seeds', 'all'])
				report(part, g, rows.filter((r) => r.part === part &&
					(g === 'all' || r.group === g)));
	}
}

function bytes(r) {
	return r.texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
}

// The k of tokens = k bytes with the least squared relative error.
function bestRate(rows) {
	let num = 0, den = 0;
	for (const r of rows.filter((x) => x.real > 0)) {
		num += bytes(r) / r.real;
		den += (bytes(r) / r.real) ** 2;
	}
	return num / den;
}

const pct = (x) => `${(100 * x).toFixed(1)}%`.padStart(6);

// Mean and 90th percentile of the relative error, bias, error of the sum.
function errors(rs, est) {
	const rel = rs.map((r) => Math.abs(est(r) - r.real) / r.real)
		.sort((a, b) => a - b);
	const bias = rs.reduce((n, r) => n + (est(r) - r.real) / r.real, 0) /
		rs.length;
	const sumEst = rs.reduce((n, r) => n + est(r), 0);
	const sumReal = rs.reduce((n, r) => n + r.real, 0);

	return `${pct(rel.reduce((n, x) => n + x, 0) / rel.length)} ` +
		`${pct(rel[Math.floor(0.9 * rel.length)])} ${pct(bias)} ` +
		`${pct(sumEst / sumReal - 1)}`;
}

function report(part, g, rs) {
	rs = rs.filter((r) => r.real > 0);
	if (!rs.length)
		return;
	console.log(`${part.padEnd(7)} ${g.padEnd(8)} ${String(rs.length).padStart(7)} ` +
		`${errors(rs, (r) => r.est)}   |               ` +
		errors(rs, (r) => Math.round(BYTE_RATE * bytes(r))));
}

main();
