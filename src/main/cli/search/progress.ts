import { epochUnit, totalEpochs } from '../../../shared/config';
import type { SearchEvent } from '../../../shared/search-events';
import { count, duration, percent, plural, pythonGenotype } from '../format';

const BAR_WIDTH = 20;

/**
 * Human-readable search output. On a terminal, a progress line rewritten in place after every
 * step; elsewhere (logs, pipes) only one summary line per epoch. Both print each epoch's val
 * accuracy and derived genotype.
 */
export class ProgressReporter {
  private epochs = 0;
  private unit = 'epoch';
  private stepsPerEpoch = 0;
  private began = 0;
  private stepsDone = 0;
  private running = { loss: 0, acc: 0, n: 0 };
  private lineOpen = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  private print(line: string): void {
    if (this.lineOpen) this.out.write('\r\x1b[K');
    this.lineOpen = false;
    this.out.write(`${line}\n`);
  }

  private drawBar(epoch: number, step: number): void {
    const fraction = (step + 1) / this.stepsPerEpoch;
    const filled = Math.round(fraction * BAR_WIDTH);
    const left = (this.epochs - epoch - 1) * this.stepsPerEpoch + (this.stepsPerEpoch - step - 1);
    // Wall time per step so far, so each epoch's evaluation counts once one has passed.
    const seconds = ((performance.now() - this.began) / 1000 / this.stepsDone) * left;
    const { loss, acc, n } = this.running;
    const line =
      `${this.unit} ${epoch + 1}/${this.epochs} [${'='.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ` +
      `step ${step + 1}/${this.stepsPerEpoch}  loss ${(loss / n).toFixed(4)}  acc ${percent(acc / n)}  ETA ${duration(seconds)}`;
    this.out.write(`\r${line.slice(0, (this.out.columns || 120) - 1)}\x1b[K`);
    this.lineOpen = true;
  }

  report(e: SearchEvent): void {
    switch (e.type) {
      case 'start': {
        const { meta } = e;
        this.epochs = totalEpochs(e.config);
        this.unit = epochUnit(e.config);
        this.stepsPerEpoch = meta.stepsPerEpoch;
        this.began = performance.now();
        const d = meta.dataset;
        this.print(`backend ${meta.backend.name} (${meta.backend.provider}${meta.backend.gpu ? ', GPU' : ''}${meta.backend.threads ? `, ${meta.backend.threads} thread${meta.backend.threads > 1 ? 's' : ''}` : ''}), ${e.config.randomSearch ? 'largest sampled network' : 'supernet'} ${count(meta.params)} parameters`);
        this.print(`${d.title}: ${count(meta.trainExamples)} train / ${count(meta.valExamples)} val images, ${d.height}x${d.width}x${d.channels}, ${d.classes} classes`);
        this.print(`${plural(this.epochs, this.unit)} of ${plural(meta.stepsPerEpoch, 'step')}${e.resumedFromEpoch === null ? '' : `, resuming after ${this.unit} ${e.resumedFromEpoch}`}`);
        return;
      }
      case 'step':
        if (e.step === 0) this.running = { loss: 0, acc: 0, n: 0 };
        this.running.loss += e.trainLoss;
        this.running.acc += e.trainAcc;
        this.running.n += 1;
        this.stepsDone += 1;
        if (this.tty) this.drawBar(e.epoch, e.step);
        return;
      case 'epoch':
        this.print(
          `${this.unit} ${e.epoch + 1}/${e.epochs}  train loss ${e.trainLoss.toFixed(4)} acc ${percent(e.trainAcc)}  ` +
            `val loss ${e.valLoss.toFixed(4)} acc ${percent(e.valAcc)}  (${duration(e.seconds)})`,
        );
        return;
      case 'genotype':
        this.print(`  ${pythonGenotype(e.genotype)}`);
        return;
      case 'done':
        this.print(`\nfinished ${plural(e.epochs, this.unit)} in ${duration(e.seconds)}; final genotype:\n${pythonGenotype(e.genotype)}`);
        return;
      case 'cancelled':
        this.print(`cancelled in ${this.unit} ${e.epoch + 1} after ${e.step} of ${plural(this.stepsPerEpoch, 'step')}`);
        return;
      case 'stage':
        this.print(`stage ${e.stage + 1}/${e.stages}: ${e.cells} cells, C=${e.channels}, ${e.opsPerEdge} ops per edge, skip-connect dropout ${e.skipDropout}`);
        return;
      case 'alpha':
      case 'checkpoint':
        return;
    }
  }
}
