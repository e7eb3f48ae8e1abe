/** An opaque colour as [red, green, blue], each 0–255. */
export type Rgb = readonly [number, number, number];

/**
 * Colours of the state symbols, by index. Symbol 0 (the resting state of every built-in task) is
 * the pale background; no symbol is red, which marks disagreement with the reference.
 */
const SYMBOL_COLOURS: readonly Rgb[] = [
  [244, 241, 232], // paper
  [31, 78, 121], // navy
  [242, 165, 65], // amber
  [58, 157, 93], // green
  [125, 79, 161], // purple
  [79, 179, 201], // cyan
  [140, 109, 70], // brown
  [160, 160, 160], // grey
];

/** Cells where the model disagrees with the reference. */
export const WRONG_COLOUR: Rgb = [227, 23, 43];
/** Gaps between panels and around the settled band. */
export const GAP_COLOUR: Rgb = [255, 255, 255];

/** The colour of state symbol `s`; beyond the listed ones, hues that stay clear of red. */
export function symbolColour(s: number): Rgb {
  if (s < SYMBOL_COLOURS.length) return SYMBOL_COLOURS[s];
  const hue = 60 + ((s * 47) % 240);
  return hslToRgb(hue, 0.55, 0.45 + 0.1 * (s % 3));
}

/** A channel value in [0, 1] as a colour: the background at 0, navy at 1, through a light blue. */
export function channelColour(value: number): Rgb {
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  const stops: Rgb[] = [SYMBOL_COLOURS[0], [143, 179, 217], SYMBOL_COLOURS[1]];
  const x = v * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(x));
  return mix(stops[k], stops[k + 1], x - k);
}

/**
 * Step `step` of a run of `steps` steps on a sequential scale, light at step 0 and dark at the
 * last: the channel scale, so that time reads the same way as a channel's value.
 */
export function stepColour(step: number, steps: number): Rgb {
  return channelColour(steps > 0 ? step / steps : 0);
}

/** `a` and `b` blended: 0 gives `a`, 1 gives `b`. */
export function mix(a: Rgb, b: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * amount)) as unknown as Rgb;
}

/** "#rrggbb". */
export function hex(colour: Rgb): string {
  return '#' + colour.map((c) => c.toString(16).padStart(2, '0')).join('');
}

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
