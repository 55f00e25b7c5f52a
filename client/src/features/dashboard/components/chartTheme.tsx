// Colours and axis formatting shared by the dashboard's charts (SVG attributes need literal colours).
import { LOCAL_SHARE_TARGET } from '@lpt/shared/enums';

export const chartColors = {
  primary: '#0b5c66',
  secondary: '#5b9aa0',
  tertiary: '#c28a2c',
  quaternary: '#5a6b8c',
  light: '#a9b4c2',
  grid: '#e6e9ee',
  axis: '#556070',
  target: '#a14f00',
  /** A withheld group's placeholder bar. */
  withheld: '#eceff3',
};

export const TARGET = LOCAL_SHARE_TARGET;

/** Axis ticks: 0.25 → "25 %". */
export function percentTick(value: number): string {
  return `${Math.round(value * 100)} %`;
}

/** A share axis that always shows the 25 % line with some room above the data. */
export function shareDomain(values: (number | null | undefined)[]): [number, number] {
  const max = Math.max(TARGET, ...values.filter((v): v is number => typeof v === 'number'));
  return [0, Math.min(1, Math.ceil((max + 0.05) * 10) / 10)];
}

/** Round ticks for a share axis: every 5 points up to 40 %, every 10 above. */
export function shareTicks([, max]: [number, number]): number[] {
  const step = max <= 0.4 ? 0.05 : 0.1;
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  return ticks;
}

/** Legend entries in the text colour (Recharts colours them like their series, too faint for some). */
export function legendText(value: string) {
  return <span style={{ color: '#17202b' }}>{value}</span>;
}

export const axisProps = {
  stroke: chartColors.grid,
  tick: { fill: chartColors.axis, fontSize: 12 },
  tickLine: false,
} as const;
