// Writes the BPE rank tables in tiktoken's plain format ("<base64 token> <rank>" per line) plus
// the pre-tokenizer pattern, for the gateway's C++ tokenizer: node export.mjs <output dir>
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: node export.mjs <output dir>");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
for (const name of ["o200k_base", "cl100k_base"]) {
  const ranks = (await import(`js-tiktoken/ranks/${name}`)).default;
  const lines = [];
  for (const line of ranks.bpe_ranks.split("\n")) {
    if (!line) continue;
    const [, offset, ...tokens] = line.split(" ");
    tokens.forEach((t, i) => lines.push(`${t} ${Number(offset) + i}`));
  }
  writeFileSync(join(out, `${name}.tiktoken`), lines.join("\n") + "\n");
  writeFileSync(join(out, `${name}.pattern`), ranks.pat_str);
  console.log(`${name}: ${lines.length} ranks`);
}
