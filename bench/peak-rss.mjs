// Preloaded by the benches (`node --import ./bench/peak-rss.mjs ...`): at exit, writes the process's
// peak resident memory (KB, worker threads included) to MC_BENCH_PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs'
import process from 'node:process'

const out = process.env.MC_BENCH_PEAK_RSS_FILE
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)))
