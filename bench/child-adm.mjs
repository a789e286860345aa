// One measured run of `adm-code tally` in this process: prints {ms, maxRssMb} as JSON on stderr's last line.
import { main } from '../dist/cli/index.js';

const args = process.argv.slice(2);
let bytes = 0;
const t0 = process.hrtime.bigint();
const code = await main(args, { stdout: (s) => (bytes += s.length), stderr: () => {}, isTTY: false, env: { ADM_CODE_CACHE: process.env.ADM_CODE_CACHE ?? 'off' } });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stderr.write(JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, outBytes: bytes }) + '\n');
