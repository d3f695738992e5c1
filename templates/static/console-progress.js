// Live delivery counts for the progress page; without JavaScript the Refresh link does the same.
(function () {
  "use strict";
  var table = document.getElementById("progress-table");
  if (!table || !window.EventSource) { return; }
  var source = new EventSource(table.getAttribute("data-events"));
  source.addEventListener("progress", function (event) {
    var data = JSON.parse(event.data);
    var cells = table.querySelectorAll("td[data-channel]");
    for (var i = 0; i < cells.length; i++) {
      var by = data.counts[cells[i].getAttribute("data-channel")] || {};
      cells[i].textContent = String(by[cells[i].getAttribute("data-status")] || 0);
    }
    document.getElementById("progress-open").textContent = String(data.open);
    document.getElementById("progress-total").textContent = String(data.total);
    document.getElementById("notice-status").textContent = data.status_label;
    if (data.open === 0 && data.status !== "sending") { source.close(); }
  });
}());
