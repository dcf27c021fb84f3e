import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names, dropping falsy ones. No Tailwind merging (tailwind-merge is ~8 KB gzip in every page's
 * JavaScript): give a component a prop (Button's `size`) rather than a class that must override one of its own.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
