#!/usr/bin/env node
// Cross-checks chorus's ROUGE (internal/rouge) against js-rouge 3.2.3 on the
// (candidate, reference) pairs written by ../rougedump, in three settings:
//
//   tokens    js-rouge fed chorus's own tokens (lower-cased, [a-z0-9] runs,
//             Porter-stemmed when longer than three characters), one summary
//             line per js-rouge sentence: checks the counting, LCS and F1.
//   mimic     js-rouge with a tokenizer written here to match chorus's rules
//             on the raw text, stemming with natural's PorterStemmer (installed
//             with node-summarizer): adds the stemmer difference.
//   defaults  js-rouge as shipped, only caseSensitive: false: Penn Treebank
//             tokens with punctuation, no stemming, its own sentence splitter.
//
// js-rouge's l() is summary-level union LCS (rouge-score's rougeLsum); plain
// ROUGE-L is l() with one "sentence" per summary. Prints, per setting and
// measure, the mean of each side and the mean and maximum absolute
// difference, all F1 x 100.
//
// Usage: node crosscheck.js pairs.jsonl [more.jsonl ...]
"use strict";

const fs = require("fs");
const { n, l } = require("js-rouge");
const { PorterStemmer } = require("natural");

const ws = (s) => s.split(/\s+/).filter((t) => t !== "");
const lines = (s) => s.split("\n").filter((x) => x.trim() !== "");
const oneSentence = (s) => [s.replace(/\n/g, " ")];

function mimicTokens(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((t) => t !== "")
    .map((t) => (t.length > 3 ? PorterStemmer.stem(t) : t));
}

const settings = {
  tokens: (p) => {
    const c = p.cand_lines.map((x) => (x ?? []).join(" ")).join("\n");
    const r = p.ref_lines.map((x) => (x ?? []).join(" ")).join("\n");
    return {
      r1: n(c, r, { n: 1, tokenizer: ws }),
      r2: n(c, r, { n: 2, tokenizer: ws }),
      rl: l(c, r, { tokenizer: ws, segmenter: oneSentence }),
      rlsum: l(c, r, { tokenizer: ws, segmenter: lines }),
    };
  },
  mimic: (p) => ({
    r1: n(p.candidate, p.reference, { n: 1, tokenizer: mimicTokens }),
    r2: n(p.candidate, p.reference, { n: 2, tokenizer: mimicTokens }),
    rl: l(p.candidate, p.reference, { tokenizer: mimicTokens, segmenter: oneSentence }),
    rlsum: l(p.candidate, p.reference, { tokenizer: mimicTokens, segmenter: lines }),
  }),
  defaults: (p) => ({
    r1: n(p.candidate, p.reference, { n: 1, caseSensitive: false }),
    r2: n(p.candidate, p.reference, { n: 2, caseSensitive: false }),
    rl: l(p.candidate, p.reference, { caseSensitive: false, segmenter: oneSentence }),
    rlsum: l(p.candidate, p.reference, { caseSensitive: false }),
  }),
};

function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error("usage: node crosscheck.js pairs.jsonl [more.jsonl ...]");
  for (const file of files) {
    const pairs = [];
    fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        pairs.push(JSON.parse(line));
      } catch (e) {
        throw new Error(`${file}:${i + 1}: ${e.message}`);
      }
    });
    console.log(`${file}: ${pairs.length} pairs, F1 x 100`);
    console.log("setting   measure  chorus-mean  js-mean  mean|diff|  max|diff|  (id of max)");
    for (const [name, score] of Object.entries(settings)) {
      const acc = {};
      for (const p of pairs) {
        const js = score(p);
        for (const m of ["r1", "r2", "rl", "rlsum"]) {
          const a = (acc[m] ??= { c: 0, j: 0, d: 0, max: -1, at: "" });
          const d = Math.abs(100 * js[m] - 100 * p.chorus[m]);
          a.c += 100 * p.chorus[m];
          a.j += 100 * js[m];
          a.d += d;
          if (d > a.max) Object.assign(a, { max: d, at: `${p.id}/${p.ref}` });
        }
      }
      for (const [m, a] of Object.entries(acc)) {
        const k = pairs.length;
        console.log(`${name.padEnd(9)} ${m.padEnd(8)} ${(a.c / k).toFixed(4).padStart(11)} ${(a.j / k).toFixed(4).padStart(8)} ${(a.d / k).toExponential(2).padStart(10)} ${a.max.toExponential(2).padStart(10)}  ${a.at}`);
      }
    }
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`crosscheck: ${e.message}\n`);
  process.exit(1);
}
