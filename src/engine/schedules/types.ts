/** A scalar schedule over training progress: `epoch` counts from 0, of `epochs` in all. */
export interface Schedule {
  id: string;
  title: string;
  value(epoch: number, epochs: number, max: number, min: number): number;
}
