// The needs overview: one stacked bar chart per customer attribute (Chart.js); each chart's
// data comes from a JSON block on the page, named by the canvas's data-chart attribute.
"use strict";

(function () {
  if (typeof window.Chart !== "function") return;
  // Eight distinguishable colours (Okabe-Ito, plus two), one per need in taxonomy order.
  const COLOURS = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7",
    "#56B4E9", "#D55E00", "#7a5195", "#4d4d4d",
  ];
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const narrow = window.matchMedia("(max-width: 40rem)").matches;

  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) continue;
    const chart = JSON.parse(source.textContent);
    const drawn = () => {
      canvas.dataset.drawn = "true"; // tests and screenshots wait for the finished chart
    };
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map((set) => ({
          label: set.label,
          data: set.data,
          backgroundColor: COLOURS[set.colour % COLOURS.length],
        })),
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { onComplete: drawn },
        plugins: {
          legend: { position: narrow ? "bottom" : "right", labels: { boxWidth: 14 } },
          tooltip: { mode: "index", intersect: false },
        },
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 },
            title: { display: true, text: "customers with the need confirmed" } },
          y: { stacked: true },
        },
      },
    });
    if (reduceMotion) drawn();
  }
})();
