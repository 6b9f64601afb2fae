// Marks the evidence span named in the URL (#e-START-END) and scrolls it into view.
// Shipped as a static file so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  function markTarget() {
    var old = document.querySelectorAll("mark.target, li.target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target");
    var m = /^#e-(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) return;
    var start = parseInt(m[1], 10), end = parseInt(m[2], 10);
    var marks = document.querySelectorAll("#text mark");
    var first = null;
    for (var j = 0; j < marks.length; j++) {
      var s = parseInt(marks[j].getAttribute("data-s"), 10);
      var e = parseInt(marks[j].getAttribute("data-e"), 10);
      if (s >= start && e <= end) {
        marks[j].classList.add("target");
        if (!first) first = marks[j];
      }
    }
    var item = document.getElementById("l-e-" + start + "-" + end);
    if (item) item.classList.add("target");
    if (first) first.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", markTarget);
  // the browser's own jump to the anchor comes after DOMContentLoaded: centre again after it
  window.addEventListener("load", function () { window.setTimeout(markTarget, 0); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markTarget);
  } else {
    markTarget();
  }
})();
