/**
 * Self time by package from a V8 CPU profile (`node --cpu-prof`), busy samples only:
 * `tsx bench/profile-summary.ts <file.cpuprofile> [skipSeconds]` prints the share of each
 * package (the path after the last `node_modules/`, `node:` internals, the app's own code,
 * garbage collection, …). `skipSeconds` drops the start-up before the load began.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from. */
export function ownerOf({ url, functionName }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = url.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const app = /\/(apps\/[^/]+|libs\/[^/]+)\//.exec(url);
  return app ? app[1] : url;
}

function main(): void {
  const [file, skip = '0'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [skipSeconds]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const owners = new Map(profile.nodes.map((node) => [node.id, ownerOf(node.callFrame)]));
  const totals = new Map<string, number>();
  let elapsed = 0;
  let busy = 0;
  profile.samples.forEach((id, index) => {
    elapsed += profile.timeDeltas[index];
    const owner = owners.get(id) ?? '?';
    if (elapsed < Number(skip) * 1e6 || owner === '(idle)' || owner === '(program)') return;
    totals.set(owner, (totals.get(owner) ?? 0) + profile.timeDeltas[index]);
    busy += profile.timeDeltas[index];
  });
  console.log(`busy ${(busy / 1e6).toFixed(2)} s`);
  for (const [owner, time] of [...totals].toSorted((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * time) / busy).toFixed(1).padStart(5)} %  ${owner}`);
}

main();
