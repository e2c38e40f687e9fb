// tcpdump control and external tools (editcap, capinfos, python/scapy).
import { spawn, execFileSync } from 'node:child_process';
import { sleep } from './bytes.mjs';

/** Start tcpdump and resolve once it is listening. */
export async function startCapture({ file, iface = 'lo', filter }) {
  const args = ['-i', iface, '-U', '--immediate-mode', '-B', '8192', '-n', '-Z', 'root', '-w', file, filter];
  const proc = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exited = null;
  proc.on('exit', (code, sig) => {
    exited = { code, sig };
  });
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`tcpdump did not start: ${stderr}`)), 10000);
    proc.stderr.on('data', (d) => {
      stderr += d.toString();
      if (/listening on/.test(stderr)) {
        clearTimeout(t);
        resolve();
      }
    });
    proc.on('exit', () => {
      clearTimeout(t);
      reject(new Error(`tcpdump exited: ${stderr}`));
    });
  });
  await sleep(300); // the socket filter is attached before the banner; a little margin anyway
  return {
    async stop() {
      await sleep(400); // let the last ACK/FIN reach the ring buffer
      if (exited) throw new Error(`tcpdump died early: ${stderr}`);
      const done = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGINT');
      await done;
      const m = /(\d+) packets? dropped by kernel/.exec(stderr);
      return { stderr, dropped: m ? Number(m[1]) : 0 };
    },
  };
}

export function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

/** capinfos table output as an object; a truncated file makes capinfos exit 1 but still report what it read. */
export function capinfos(file) {
  let out;
  try {
    out = run('capinfos', ['-c', '-E', '-T', '-m', '-Q', file]);
  } catch (e) {
    if (!e.stdout) throw e;
    out = e.stdout;
  }
  const lines = out.trim().split('\n');
  const cells = (l) => l.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const head = cells(lines[0]);
  const vals = cells(lines[1]);
  const o = {};
  head.forEach((h, i) => (o[h] = vals[i]));
  return o;
}
