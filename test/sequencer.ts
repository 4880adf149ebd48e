import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The suites that take minutes, in the order they should start. Without a cache of earlier
 * durations (CI runs on a fresh clone) Vitest starts the largest files first, and the
 * reliability run, a small file that runs for minutes, started last: the other worker then
 * idled for its whole length. Started first, the long ones overlap with everything else.
 */
const LONG_FIRST = [/\/test\/reliability\//, /\/test\/bench\//, /\/test\/browser\//, /\/test\/(ops|multi-instance|server-process)/];

/** Vitest's order (cached durations, else size), with the suites known to be long moved to the front. */
export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((r) => r.test(f.moduleId));
      return i === -1 ? LONG_FIRST.length : i;
    };
    return base
      .map((file, at) => ({ file, at }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.at - b.at)
      .map(({ file }) => file);
  }
}
