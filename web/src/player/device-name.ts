/**
 * A readable name for this tab as a device, like "Chrome on Linux (tab 2)": the device picker
 * lists it, and "Playing on …" shows it on the user's other devices.
 */

const TAB_COUNTER_KEY = "cadenza.tabCounter";

export function describeThisTab(): string {
  return `${browserName()} on ${systemName()} (tab ${nextTabNumber()})`;
}

function browserName(): string {
  const ua = navigator.userAgent;
  if (/Edg\//.test(ua)) return "Edge";
  if (/OPR\//.test(ua)) return "Opera";
  if (/Firefox\//.test(ua)) return "Firefox";
  if (/Chrome\//.test(ua)) return /Chromium/.test(ua) ? "Chromium" : "Chrome";
  if (/Safari\//.test(ua)) return "Safari";
  return "Browser";
}

function systemName(): string {
  const ua = navigator.userAgent;
  if (/Android/.test(ua)) return "Android";
  if (/iPhone|iPad|iPod/.test(ua)) return "iOS";
  if (/Windows/.test(ua)) return "Windows";
  if (/Mac OS X|Macintosh/.test(ua)) return "macOS";
  if (/CrOS/.test(ua)) return "ChromeOS";
  if (/Linux/.test(ua)) return "Linux";
  return "the web";
}

/** Tabs of this browser are numbered in the order they first registered. */
function nextTabNumber(): number {
  try {
    const next = Number(localStorage.getItem(TAB_COUNTER_KEY) ?? "0") + 1;
    localStorage.setItem(TAB_COUNTER_KEY, String(next));
    return next;
  } catch {
    return 1;
  }
}
