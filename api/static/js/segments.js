// Customers per segment as a bar chart (Chart.js); the data comes from the page itself.
"use strict";

(function () {
  const canvas = document.getElementById("segment-chart");
  const source = document.getElementById("segment-chart-data");
  if (!canvas || !source || typeof window.Chart !== "function") return;
  const rows = JSON.parse(source.textContent);
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const drawn = () => {
    canvas.dataset.drawn = "true"; // tests and screenshots wait for the finished chart
  };
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        {
          label: "Customers",
          data: rows.map((r) => r.customers),
          backgroundColor: "#1f5f8b",
        },
      ],
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { onComplete: drawn },
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  if (reduceMotion) drawn();
})();
