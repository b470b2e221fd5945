// The work-record progress chart: cumulative achievement per target, with its target line.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("progress-data");
  const canvas = document.getElementById("progress-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#2e6da4", "#c0392b", "#27ae60", "#8e44ad", "#d35400"];
  const datasets = [];
  data.series.forEach((s, i) => {
    const colour = colours[i % colours.length];
    datasets.push({ label: s.label, data: s.data, borderColor: colour, backgroundColor: colour, tension: 0.2 });
    datasets.push({
      label: s.label + "（目标）", data: data.labels.map(() => s.target),
      borderColor: colour, borderDash: [6, 4], pointRadius: 0, fill: false,
    });
  });
  new Chart(canvas, { type: "line", data: { labels: data.labels, datasets }, options: { responsive: true, animation: false } });
});
