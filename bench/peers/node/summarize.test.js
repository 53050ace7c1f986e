// Tests for summarize.js on our own tiny fixture: node --test
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync, spawnSync } = require("child_process");

const script = path.join(__dirname, "summarize.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peers-node-"));
const fixture = path.join(dir, "in.jsonl");
fs.writeFileSync(fixture, [
  { id: "m1", documents: ["The harbour ferry left at noon. The ferry carried forty passengers and two cars. Gulls followed the ferry out to sea.", "Passengers on the noon ferry saw dolphins. The captain slowed the ferry so passengers could watch."] },
  { cluster_id: "D2", documents: [{ text: "Snow closed the mountain pass overnight. Drivers waited in the village hall. The road reopened at dusk after ploughs cleared the snow." }] },
].map((o) => JSON.stringify(o)).join("\n") + "\n");

function run(args) {
  const out = execFileSync("node", [script, "--in", fixture, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return out.trim().split("\n").map((l) => JSON.parse(l));
}

for (const method of ["frequency", "rank"]) {
  test(`${method}: one line per cluster, in order, capped, repeatable`, () => {
    const a = run(["--method", method, "--max-words", "8"]);
    assert.deepStrictEqual(a.map((x) => x.id), ["m1", "D2"]);
    for (const { summary } of a) {
      assert.ok(summary.length > 0);
      const lines = summary.split("\n");
      const words = (s) => s.split(/\s+/).filter(Boolean).length;
      // Sentences are added until the cap is reached: all but the last fit under it.
      assert.ok(words(lines.slice(0, -1).join(" ")) < 8, summary);
    }
    assert.deepStrictEqual(run(["--method", method, "--max-words", "8"]), a);
  });
}

test("a bad line is an error naming file:line", () => {
  const bad = path.join(dir, "bad.jsonl");
  fs.writeFileSync(bad, '{"id":"a","documents":["One. Two."]}\n{"id":"b"}\n');
  const r = spawnSync("node", [script, "--in", bad], { encoding: "utf8" });
  assert.strictEqual(r.status, 1);
  assert.match(r.stderr, /bad\.jsonl:2 \(b\): no "documents" list/);
});
