/** Sum of a Prometheus text metric's samples named `name` whose labels include `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (wanted.every((w) => line.includes(w))) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}
