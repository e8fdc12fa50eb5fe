// What the reader's clock and choices add to the pages, never needed to read them: past
// events dimmed, the next one named, today marked on the grid, the index narrowed to
// chosen tags and kinds of attendance (kept in the address), calls whose deadline is
// over marked closed, a timed event's hours in the reader's zone.
// Every word comes from the page (data-* attributes), so a theme's language file says it.
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  // Past: over before the reader's today. The first not past is next.
  var next = null;
  document.querySelectorAll("[data-end]").forEach(function (el) {
    if (el.getAttribute("data-end") < today) el.classList.add("past");
    else if (!next && el.classList.contains("event")) next = el;
  });
  var upcoming = document.getElementById("upcoming");
  if (upcoming && next) {
    var link = next.querySelector(".title a, a.title");
    var when = next.querySelector(".when");
    var a = document.createElement("a");
    a.setAttribute("href", link.getAttribute("href"));
    a.textContent = link.textContent;
    upcoming.textContent = upcoming.getAttribute("data-next") + " ";
    upcoming.appendChild(a);
    if (when) upcoming.appendChild(document.createTextNode(", " + when.textContent.trim()));
    upcoming.hidden = false;
  }

  // The embedded list: what is still to come first, under its months; the past after it,
  // in a list of its own, and the months it empties hidden. Once all is past (an edition
  // that is over), it stays under its months, dimmed: one long "Past events" list would
  // lose them.
  var pastList = document.querySelector(".embed-past .embed-list");
  if (pastList && document.querySelector(".embed-list li:not(.past)")) {
    document.querySelectorAll(".embed-list .past").forEach(function (li) { pastList.appendChild(li); });
    document.querySelectorAll(".embed-month").forEach(function (s) { s.hidden = !s.querySelector("li"); });
  }

  // Today, on the month grid.
  var day = document.querySelector('td[data-date="' + today + '"]');
  if (day) { day.classList.add("today"); day.setAttribute("aria-current", "date"); }

  // Calls: closed once their deadline is before the reader's today.
  document.querySelectorAll("[data-until]").forEach(function (el) {
    if (el.getAttribute("data-until") < today) el.classList.add("closed");
  });

  // Filters: the tags and kinds of attendance chosen in the form, or in
  // ?tags=a,b&attendance=online. An event is kept when it has one of the chosen values of
  // each filter (data-tags, data-attendance).
  // The legend becomes the filter: its boxes shown, and (class `on`) its name "Show only".
  var form = document.getElementById("filters");
  if (form) {
    form.classList.add("on");
    var status = document.getElementById("filter-status");
    var boxes = form.querySelectorAll("input[type=checkbox]");
    var names = ["tags", "attendance"];
    var params = new URLSearchParams(location.search);
    boxes.forEach(function (b) { b.checked = (params.get(b.name) || "").split(",").indexOf(b.value) >= 0; });
    var apply = function (announce) {
      var on = { tags: [], attendance: [] };
      boxes.forEach(function (b) { if (b.checked) on[b.name].push(b.value); });
      var any = on.tags.length || on.attendance.length;
      var shown = 0;
      document.querySelectorAll("li.event[data-tags]").forEach(function (li) {
        var keep = names.every(function (name) {
          var has = (li.getAttribute("data-" + name) || "").split(" ");
          return !on[name].length || on[name].some(function (v) { return has.indexOf(v) >= 0; });
        });
        li.hidden = !keep;
        if (keep) shown++;
      });
      document.querySelectorAll("section.month").forEach(function (s) {
        s.hidden = !s.querySelector("li.event:not([hidden])");
      });
      var url = new URL(location.href);
      names.forEach(function (name) {
        if (on[name].length) url.searchParams.set(name, on[name].join(",")); else url.searchParams.delete(name);
      });
      history.replaceState(null, "", url);
      if (announce) {
        var pattern = any ? status.getAttribute("data-shown") : status.getAttribute("data-all");
        status.textContent = pattern.replace("%n", shown);
      }
    };
    form.addEventListener("change", function () { apply(true); });
    boxes.forEach(function (b) { b.hidden = false; });
    // A tag chosen from the folded ones unfolds them, so the reader sees it checked.
    var more = form.querySelector("details");
    if (more && more.querySelector("input:checked")) more.open = true;
    apply(names.some(function (name) { return params.get(name); }));
  }

  // A timed event's hours in the reader's zone, when it is another.
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("[data-local-start]").forEach(function (el) {
    if (!zone || zone === el.getAttribute("data-zone")) return;
    var format = new Intl.DateTimeFormat(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
    var hours = format.format(new Date(el.getAttribute("data-local-start")));
    var end = el.getAttribute("data-local-end");
    if (end) hours += "\u2013" + format.format(new Date(end));
    el.textContent = el.getAttribute("data-pattern").replace("%hours", hours).replace("%zone", zone);
    el.hidden = false;
  });
})();
