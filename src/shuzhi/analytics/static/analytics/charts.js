// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID">; the table beside
// each chart carries the same figures for screen readers and printing.
document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
  const source = document.getElementById(canvas.dataset.chart);
  if (!source || typeof Chart === "undefined") return;
  const config = JSON.parse(source.textContent);
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
  new Chart(canvas, config);
});
