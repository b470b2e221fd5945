// The star distribution as a stacked bar chart (Chart.js), from the table's JSON data.
(function () {
  const source = document.getElementById("star-chart-data");
  const canvas = document.getElementById("star-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const colours = ["#c62828", "#ef6c00", "#fbc02d", "#7cb342", "#2e7d32"];
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((counts, i) => ({
        label: (i + 1) + "星", data: counts, backgroundColor: colours[i],
      })),
    },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } },
    },
  });
})();
