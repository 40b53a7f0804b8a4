// The throughput charts of the board: e-mails sent and failed per minute, and records in per topic
// per minute, over the last hour, following the server-sent events of data-chart.
(function () {
  'use strict';

  var palette = ['#1f6f8b', '#c0392b', '#8e44ad', '#27ae60', '#d35400', '#2c3e50', '#16a085', '#7f8c8d'];

  function chart(canvas, datasets) {
    return new window.Chart(canvas, {
      type: 'line',
      data: { labels: [], datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function line(label, color) {
    return { label: label, data: [], borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0.2 };
  }

  document.addEventListener('DOMContentLoaded', function () {
    var emails = document.getElementById('emails-chart');
    var topics = document.getElementById('topics-chart');
    if (!emails || !topics || !window.Chart) {
      return;
    }
    var emailChart = chart(emails, [line('sent', palette[0]), line('failed', palette[1])]);
    var topicChart = chart(topics, []);
    var source = new EventSource(emails.getAttribute('data-chart'));
    source.addEventListener('update', function (event) {
      var data = JSON.parse(event.data);
      emailChart.data.labels = data.labels;
      emailChart.data.datasets[0].data = data.sent;
      emailChart.data.datasets[1].data = data.failed;
      emailChart.update('none');
      var names = Object.keys(data.topics);
      var longest = names.reduce(function (most, name) { return Math.max(most, data.topics[name].length); }, 0);
      topicChart.data.labels = data.labels.slice(data.labels.length - longest);
      topicChart.data.datasets = names.map(function (name, i) {
        var dataset = line(name, palette[i % palette.length]);
        var series = data.topics[name];
        dataset.data = new Array(longest - series.length).fill(null).concat(series);
        return dataset;
      });
      topicChart.update('none');
    });
  });
})();
