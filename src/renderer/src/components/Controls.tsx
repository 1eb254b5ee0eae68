import { Slider } from 'radix-ui';
import { usePersistentState } from '../hooks/usePersistentState';
import { DEFAULT_SMOOTHING, MAX_SMOOTHING, parseSmoothing, SMOOTHING_KEY } from '../lib/smoothing';

/** A labelled Radix slider (keyboard: arrows, Page Up/Down, Home/End). */
export function LabelledSlider({ label, value, min, max, step, onChange, format }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; format?: (v: number) => string }) {
  return (
    <div className="slider-field">
      <span className="slider-label" id={`slider-${label}`}>
        {label}: <output>{format ? format(value) : value}</output>
      </span>
      <Slider.Root className="slider" value={[value]} min={min} max={max} step={step} onValueChange={([v]) => onChange(v)} disabled={max <= min}>
        <Slider.Track className="slider-track">
          <Slider.Range className="slider-range" />
        </Slider.Track>
        <Slider.Thumb className="slider-thumb" aria-labelledby={`slider-${label}`} data-testid={`slider-${label}`} />
      </Slider.Root>
    </div>
  );
}

export function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

export const RUN_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

/** The smoothing weight every chart uses, persisted: set on the dashboard, it holds in Compare and after a reload. */
export const useSmoothing = () => usePersistentState(SMOOTHING_KEY, parseSmoothing, DEFAULT_SMOOTHING);

/** The one smoothing control (dashboard and Compare share its persisted weight); it says what it smooths. */
export function SmoothingSlider({ value, onChange }: { value: number; onChange: (v: number) => void }) {
  return (
    <span className="smoothing" title="Exponential moving average of the noisy per-step series only; schedules and per-epoch values are drawn as they are.">
      <LabelledSlider label="Smoothing" value={value} min={0} max={MAX_SMOOTHING} step={0.01} onChange={onChange} format={(v) => v.toFixed(2)} />
    </span>
  );
}
