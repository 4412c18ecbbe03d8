// A line chart on a canvas: a few series of (x, y) points, autoscaled, with the last
// value of each written in its colour. Small enough that no chart library is needed.

export interface Series {
  label: string;
  color: string;
  points: [number, number][];
  /** Fixed y range (accuracy: [0, 1]); otherwise from the data, starting at 0. */
  range?: [number, number];
}

export function drawChart(canvas: HTMLCanvasElement, series: Series[], title: string): void {
  const g = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const pad = { left: 36, right: 8, top: 18, bottom: 16 };
  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#333';
  g.fillText(title, pad.left, 12);
  g.strokeStyle = '#ccc';
  g.strokeRect(pad.left, pad.top, width - pad.left - pad.right, height - pad.top - pad.bottom);
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return;
  const xMax = Math.max(...all.map((p) => p[0]));
  const xMin = Math.min(...all.map((p) => p[0]));
  const [yMin, yMax] = series[0].range ?? [0, Math.max(...all.map((p) => p[1])) || 1];
  const px = (x: number) =>
    pad.left + ((x - xMin) / (xMax - xMin || 1)) * (width - pad.left - pad.right);
  const py = (y: number) =>
    height - pad.bottom - ((y - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  g.fillStyle = '#666';
  g.fillText(yMax.toPrecision(2), 2, pad.top + 8);
  g.fillText(yMin.toPrecision(2), 2, height - pad.bottom);
  series.forEach((s, i) => {
    if (s.points.length === 0) return;
    g.strokeStyle = g.fillStyle = s.color;
    g.lineWidth = 1.5;
    g.beginPath();
    s.points.forEach(([x, y], j) => (j ? g.lineTo(px(x), py(y)) : g.moveTo(px(x), py(y))));
    g.stroke();
    // A lone point (one test evaluation so far) draws no line: mark each point too.
    if (s.points.length < 20) for (const [x, y] of s.points) g.fillRect(px(x) - 2, py(y) - 2, 4, 4);
    const last = s.points[s.points.length - 1][1];
    g.fillText(`${s.label} ${last.toFixed(3)}`, width - 120, pad.top + 12 + 12 * i);
  });
}
