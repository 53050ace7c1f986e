#!/usr/bin/env node
// Writes node-summarizer 1.0.7 summaries of news clusters, a peer that chorus
// is benchmarked against.
//
// Input: cluster JSON Lines (.gz allowed) in the Multi-News shape
// {"id", "documents": [str]} or the DUC shape {"cluster_id", "documents":
// [{"text"}]}. Output: {"id", "summary"} lines (the format of
// `chorus summarize --out`) in input order, the library's sentences in its
// ranked order, one per line, until the summary holds at least --max-words
// white-space-separated words (`chorus eval summarize --peer` cuts at its cap).
//
// Method "frequency" (default) is the library's getSummaryByFrequency: a
// sentence's score is the mean over its words of (word count / count of the
// most frequent word), stop words included. It runs the library's own
// Preprocesser and Summarizer steps in the library's order; the only
// difference from calling SummarizerManager on one string is that each
// document is split into sentences separately (so no sentence spans two
// documents) and that the ranked list is kept whole instead of being
// concatenated without separators by listToString.
//
// Method "rank" is the library's getSummaryByRank: a graph of sentences
// linked by shared nouns and adjectives (looked up in WordNet with wordpos),
// ranked by how often a 10,000-step random walk visits each sentence.
// The walk uses Math.random; for reproducible output this script replaces
// Math.random with a seeded generator (mulberry32, --seed, reseeded for
// every cluster), which changes no other behaviour. Sentences without an
// edge are never visited, so they are never picked.
//
// Usage: node summarize.js --in FILE [--out FILE] [--max-words 300] [--limit N]
//        [--method frequency|rank] [--seed N]
"use strict";

const fs = require("fs");
const zlib = require("zlib");
const readline = require("readline");
const { Summarizer } = require("node-summarizer/src/Summarizer");

function parseArgs(argv) {
  const o = { in: "", out: "-", maxWords: 300, limit: 0, method: "frequency", seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    switch (a) {
      case "--in": o.in = v; i++; break;
      case "--out": o.out = v; i++; break;
      case "--max-words": o.maxWords = Number(v); i++; break;
      case "--limit": o.limit = Number(v); i++; break;
      case "--method": o.method = v; i++; break;
      case "--seed": o.seed = Number(v); i++; break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  if (!o.in || !(o.maxWords > 0) || !(o.limit >= 0) || !["frequency", "rank"].includes(o.method) || !Number.isInteger(o.seed)) {
    throw new Error("usage: node summarize.js --in FILE [--out FILE] [--max-words N] [--limit N] [--method frequency|rank] [--seed N]");
  }
  return o;
}

function parseCluster(line, where) {
  let raw;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new Error(`${where}: ${e.message}`);
  }
  const id = raw.id || raw.cluster_id;
  if (typeof id !== "string" || id === "") throw new Error(`${where}: no "id" or "cluster_id"`);
  if (!Array.isArray(raw.documents)) throw new Error(`${where} (${id}): no "documents" list`);
  const texts = raw.documents.map((d, i) => {
    if (typeof d === "string") return d;
    if (d && typeof d.text === "string") return d.text;
    throw new Error(`${where} (${id}): document ${i} is neither a string nor an object with "text"`);
  });
  return { id, texts };
}

const words = (s) => s.split(/\s+/).filter((w) => w !== "");

// mulberry32 returns a seeded generator of floats in [0, 1).
function mulberry32(a) {
  return function () {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// summarize returns the ranked sentences, one per line, until maxWords.
async function summarize(texts, maxWords, method, stats) {
  const summarizer = new Summarizer("", 0);
  const pre = summarizer.preprocesser;
  let sentences = [];
  for (const t of texts) {
    if (words(t).length === 0) continue;
    const s = pre.paragraphToSentences(t);
    if (!Array.isArray(s)) {
      // The library returns an Error when its tokenizer throws.
      stats.tokenizerErrors++;
      continue;
    }
    sentences = sentences.concat(s);
  }
  if (sentences.length === 0) return "";
  const clean = pre.cleanSentences(sentences);
  let ranked;
  if (method === "frequency") {
    // The steps of Summarizer.summarizeByFrequency, in its order.
    const tokenized = pre.tokenizeSentences(clean[0]);
    const weights = pre.getWeights(tokenized);
    ranked = summarizer.sortSentences(pre.sentenceWeights(clean[0], weights));
  } else {
    // The steps of Summarizer.summarizeByRank, in its order.
    const nounsAdj = await pre.nounsAndAdjectives(clean[0]);
    if (!nounsAdj) throw new Error("wordpos lookup failed");
    const graph = pre.createTextRankGraph(nounsAdj);
    ranked = summarizer.sortSentences(summarizer.textRankMapToList(pre.textRank(graph)));
  }
  const out = [];
  let n = 0;
  for (const [, cleaned] of ranked) {
    const f = words(clean[1].get(cleaned) || "");
    if (f.length === 0) continue;
    out.push(f.join(" "));
    n += f.length;
    if (n >= maxWords) break;
  }
  return out.join("\n");
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let input = fs.createReadStream(o.in);
  if (o.in.endsWith(".gz")) input = input.pipe(zlib.createGunzip());
  const out = o.out === "-" ? process.stdout : fs.createWriteStream(o.out);
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const stats = { clusters: 0, tokenizerErrors: 0 };
  let lineNo = 0;
  const t0 = process.hrtime.bigint();
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === "") continue;
    if (o.limit > 0 && stats.clusters >= o.limit) break;
    const c = parseCluster(line, `${o.in}:${lineNo}`);
    Math.random = mulberry32(o.seed);
    const summary = await summarize(c.texts, o.maxWords, o.method, stats);
    if (!out.write(JSON.stringify({ id: c.id, summary }) + "\n")) {
      await new Promise((r) => out.once("drain", r));
    }
    stats.clusters++;
  }
  if (out !== process.stdout) await new Promise((r) => out.end(r));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`node-summarizer: ${stats.clusters} clusters in ${secs.toFixed(1)} s` +
    (stats.tokenizerErrors ? `, ${stats.tokenizerErrors} documents the tokenizer rejected (skipped)` : "") + "\n");
}

main().catch((e) => {
  process.stderr.write(`node-summarizer: ${e.message}\n`);
  process.exit(1);
});
