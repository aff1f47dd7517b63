/**
 * Progress as redrawn bars on a terminal, one bar per running task (cli-progress).
 *
 * @module
 */
import cliProgress from 'cli-progress';
import { formatInfo } from './format-info.js';
import type { Progress, ProgressTask } from './progress.js';

/** Width the task labels are padded to, so that the bars line up. */
const LABEL_WIDTH = 30;

/**
 * A {@link Progress} drawn as cli-progress bars on `stream`: a task is a bar, removed when the
 * task stops; `log` lines appear above the bars. Call {@link BarProgress.close} when done.
 */
export class BarProgress implements Progress {
  private readonly bars: cliProgress.MultiBar;

  /** Draws on `stream`, which should be a terminal. */
  constructor(stream: NodeJS.WritableStream) {
    this.bars = new cliProgress.MultiBar(
      {
        stream,
        format: '{label} |{bar}| {value}/{total} {duration_formatted} {info}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  /** Adds a bar for the task. */
  start(label: string, total: number): ProgressTask {
    const shown = label.length > LABEL_WIDTH ? `${label.slice(0, LABEL_WIDTH - 1)}…` : label.padEnd(LABEL_WIDTH);
    const bar = this.bars.create(total, 0, { label: shown, info: '' });
    return {
      tick: (n = 1, info) => bar.increment(n, { info: formatInfo(info) }),
      stop: () => {
        bar.stop();
        this.bars.remove(bar);
      },
    };
  }

  /** Prints `line` above the bars. */
  log(line: string): void {
    this.bars.log(`${line}\n`);
  }

  /** Stops drawing and restores the cursor. */
  close(): void {
    this.bars.stop();
  }
}
