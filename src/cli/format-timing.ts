// `\timing` output as psql prints it: milliseconds, plus minutes and seconds (and hours, days) past one second.

export function formatTiming(ms: number): string {
  if (ms < 1000) return `Time: ${ms.toFixed(3)} ms\n`;
  let seconds = ms / 1000;
  let minutes = Math.floor(seconds / 60);
  seconds -= 60 * minutes;
  const secs = seconds.toFixed(3).padStart(6, '0');
  if (minutes < 60) return `Time: ${ms.toFixed(3)} ms (${two(minutes)}:${secs})\n`;
  let hours = Math.floor(minutes / 60);
  minutes -= 60 * hours;
  if (hours < 24) return `Time: ${ms.toFixed(3)} ms (${two(hours)}:${two(minutes)}:${secs})\n`;
  const days = Math.floor(hours / 24);
  hours -= 24 * days;
  return `Time: ${ms.toFixed(3)} ms (${days} d ${two(hours)}:${two(minutes)}:${secs})\n`;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}
