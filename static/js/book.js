/* Booking page: hide the outside-hours fields while the chosen time lies inside the building's
   opening hours. Only a convenience: without this script the fields are always shown, and the
   server decides either way. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }  // keyboard and screen-reader users start at the errors
    var form = document.getElementById("book-form");
    var box = document.getElementById("outside-hours");
    var source = document.getElementById("opening-hours-data");
    if (!form || !box || !source) { return; }
    var opening = JSON.parse(source.textContent);

    function minutes(text) {
      var parts = (text || "").split(":");
      if (parts.length < 2) { return null; }
      return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
    }

    function hoursOn(isoDate) {
      for (var i = 0; i < opening.exceptions.length; i++) {
        var e = opening.exceptions[i];
        if (e.first <= isoDate && isoDate <= e.last) { return e.hours; }
      }
      var day = new Date(isoDate + "T12:00:00");
      if (isNaN(day.getTime())) { return null; }
      return opening.weekly[(day.getDay() + 6) % 7];  // 0 = Monday
    }

    function insideHours() {
      var repeat = form.querySelector("input[name=repeat]:checked");
      if (repeat && repeat.value !== "none") { return false; }
      var date = form.elements.date.value;
      var start = minutes(form.elements.start.value);
      var end = minutes(form.elements.end.value);
      if (!date || start === null || end === null) { return false; }
      if (end === 0) { end = 24 * 60; }
      var hours = hoursOn(date);
      if (!hours) { return false; }
      return hours.some(function (pair) {
        var opens = minutes(pair[0]);
        var closes = minutes(pair[1]);
        if (closes === 0) { closes = 24 * 60; }
        return opens <= start && end <= closes;
      });
    }

    function update() {
      var keep = box.querySelector(".errorlist") ||
        form.elements.responsible_name.value || form.elements.responsible_phone.value;
      box.hidden = !keep && insideHours();
    }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
})();
