import { Slider } from 'radix-ui';

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
