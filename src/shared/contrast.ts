// WCAG 2 contrast: relative luminance, contrast ratio, and the nudge that
// brings a colour to a ratio against the backgrounds it is drawn on. Used for
// the editor's syntax colours on diff tints (the renderer's Monaco themes).
// https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

const toHex = (rgb: Rgb) => rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(parseHex(a)), luminance(parseHex(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A hex colour (no #) mixed `share` of the way toward `toward`. */
function mix(color: Rgb, toward: Rgb, share: number): Rgb {
  return color.map((c, i) => c + (toward[i]! - c) * share) as Rgb;
}

/**
 * The colour, moved toward black (on light backgrounds) or white (on dark
 * ones) just enough to reach `ratio` against every background; unchanged when
 * it already does. Hex in and out, without "#".
 */
export function readableOn(color: string, backgrounds: readonly string[], ratio = 4.5): string {
  const start = parseHex(color);
  const dark = luminance(parseHex(backgrounds[0]!)) < 0.2;
  const target: Rgb = dark ? [255, 255, 255] : [0, 0, 0];
  const passes = (hex: string) => backgrounds.every((bg) => contrastRatio(hex, bg) >= ratio);
  for (let step = 0; step <= 20; step += 1) {
    const candidate = toHex(mix(start, target, step / 20));
    if (passes(candidate)) return candidate;
  }
  return toHex(target);
}
