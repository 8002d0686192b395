// wink-nlp's full pipeline over a folder of text files, as a peer for drift's
// benchmark: one readDoc per file with sentence boundaries, POS tags and
// entities (the lite web model's default pipeline), then the tokens are
// counted and the entities and POS tags read, so nothing is skipped lazily.
//
//   node run.js DIR
//
// prints "files bytes tokens sentences entities seconds" on one line.
'use strict';
const fs = require('fs');
const path = require('path');
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');

const nlp = winkNLP(model, ['sbd', 'pos', 'ner', 'negation']);
const its = nlp.its;

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const files = walk(process.argv[2], []);
const start = process.hrtime.bigint();
let bytes = 0, tokens = 0, sentences = 0, entities = 0, verbs = 0;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  bytes += Buffer.byteLength(text);
  const doc = nlp.readDoc(text);
  tokens += doc.tokens().length();
  sentences += doc.sentences().length();
  entities += doc.entities().length();
  for (const pos of doc.tokens().out(its.pos)) if (pos === 'VERB') verbs++;
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${files.length} ${bytes} ${tokens} ${sentences} ${entities} ${secs.toFixed(3)}`);
