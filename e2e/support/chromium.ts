/**
 * How this project runs Debian's Chromium (Playwright cannot download its own here): as root, with nothing that
 * reaches for the network in the background (the machine's closed network refuses it, many times a start).
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
