/** Milliseconds in events keep three decimals (µs): enough for any capture clock, short in JSON. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
