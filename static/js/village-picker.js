// Cascading area selects: choosing a level loads the next level's options only.
// Focus stays where the user is (WCAG 3.2.2): a keyboard user arrows through a list,
// each step a change, and moves on with Tab when done.
(function () {
  "use strict";
  function clear(select) {
    while (select.options.length > 1) select.remove(1);
    select.removeAttribute("aria-busy");
  }
  function init(picker) {
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select"));
    var template = picker.getAttribute("data-url");
    selects.forEach(function (select, index) {
      var next = selects[index + 1];
      if (!next) return;
      var asked = 0;
      select.addEventListener("change", function () {
        selects.slice(index + 1).forEach(clear);
        // Arrowing through a list asks for one list per step: only the answer to the
        // latest question, for the option still chosen, fills the next list.
        var question = ++asked, value = select.value;
        function current() { return question === asked && select.value === value; }
        if (!select.value) return;
        var url = template.replace("LEVEL", select.getAttribute("data-next"))
                          .replace("PARENT", encodeURIComponent(select.value));
        next.setAttribute("aria-busy", "true");
        fetch(url, {headers: {"Accept": "application/json"}})
          .then(function (r) {
            if (!r.ok) throw new Error(r.status);
            return r.json();
          })
          .then(function (data) {
            if (!current()) return;
            data.results.forEach(function (area) {
              next.add(new Option(area.name, area.code));
            });
          })
          .catch(function () {
            if (!current()) return;
            // A dropped connection on a village phone: say so, let them pick again.
            var option = new Option(picker.getAttribute("data-error"), "");
            option.disabled = true;
            next.add(option);
          })
          .finally(function () { if (current()) next.removeAttribute("aria-busy"); });
      });
    });
  }
  document.querySelectorAll(".village-picker").forEach(init);
})();
