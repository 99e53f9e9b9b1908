import { buildProgress } from './build.js';

/** What `nest build gateway auth` prints with the SWC builder (stdout and stderr, in order). */
const NEST_OUTPUT = ['>  SWC  Running...', 'Successfully compiled: 328 files with swc (249.02ms)', '>  SWC  Running...', 'Successfully compiled: 328 files with swc (1101.2ms)'];

describe('the launchers’ build progress', () => {
  it('names each app as its build starts and ends, with its place in the order', () => {
    expect(NEST_OUTPUT.map(buildProgress(['gateway', 'auth']))).toEqual([
      '[ficus] Building gateway (1/2)…',
      '[ficus] Built gateway (1/2): 328 files in 0.2 s',
      '[ficus] Building auth (2/2)…',
      '[ficus] Built auth (2/2): 328 files in 1.1 s',
    ]);
  });

  it('reads the lines a terminal would colour too', () => {
    expect(buildProgress(['todos'])('\u001b[36m>  SWC  Running...\u001b[39m')).toBe('[ficus] Building todos (1/1)…');
  });

  it('passes every other line unchanged: errors, and anything beyond the apps it was told about', () => {
    const progress = buildProgress(['ai']);
    const error = 'x Expected a semicolon';
    expect(progress(error)).toBe(error);
    progress(NEST_OUTPUT[0]);
    progress(NEST_OUTPUT[1]);
    expect(progress(NEST_OUTPUT[1])).toBe(NEST_OUTPUT[1]);
  });
});
