import { describeShortRun } from './short-run.js';

describeShortRun('sqlite');
