/**
 * Characters nobody can see: controls (Cc), format characters (Cf: soft hyphen, zero-width and bidi marks, BOM)
 * and Unicode's Default_Ignorable_Code_Point set (Hangul fillers, variation selectors…). Text copied from web
 * pages and chat apps carries them; Spectrum would store them, and the ID would never match again. Pure.
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const CONTROL = /\p{Cc}/u;

/** Names for the ones seen in pasted text; others are named by their code point alone. */
const NAMES: Record<number, string> = {
  0x00ad: "soft hyphen",
  0x034f: "combining grapheme joiner",
  0x061c: "Arabic letter mark",
  0x115f: "Hangul choseong filler",
  0x1160: "Hangul jungseong filler",
  0x180e: "Mongolian vowel separator",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2060: "word joiner",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0x3164: "Hangul filler",
  0xfeff: "byte order mark",
  0xffa0: "halfwidth Hangul filler",
};

export interface InvisibleCharacter {
  codePoint: number;
  /** "U+00AD (soft hyphen)" */
  label: string;
  /** 1-based, counted in characters as a person counts them */
  position: number;
  control: boolean;
}

/** The first invisible character in `value`, or null. */
export function findInvisible(value: string): InvisibleCharacter | null {
  let position = 0;
  for (const char of value) {
    position++;
    if (!INVISIBLE.test(char)) continue;
    const codePoint = char.codePointAt(0)!;
    const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
    const name = NAMES[codePoint] ?? (CONTROL.test(char) ? "control character" : undefined);
    return { codePoint, label: name ? `${hex} (${name})` : hex, position, control: CONTROL.test(char) };
  }
  return null;
}

/** The field's text without its invisible characters (what "Remove invisible characters" does). */
export function removeInvisible(value: string): string {
  return value.replace(INVISIBLE_ALL, "");
}

/** The field message: which character, and where. */
export function invisibleMessage(label: string, found: InvisibleCharacter): string {
  return found.control
    ? `${label} must not contain control characters: ${found.label} at position ${found.position}`
    : `${label} contains an invisible character, ${found.label}, at position ${found.position}: remove it`;
}
