// Cascading area filters (province -> regency -> district -> village) for list pages.
// Markup: <div class="area-filter" data-url="/wilayah/LEVEL/PARENT/"> with <select>s in
// order; each select but the last has data-next="<level of the next select>". The first
// option of each select is "all". Without JavaScript the form still works: the server
// renders the children of the chosen parent after "Terapkan filter".
(function () {
  "use strict";
  function reset(select) {
    while (select.options.length > 1) select.remove(1);
    select.removeAttribute("aria-busy");
    select.value = "";
    select.disabled = true;
  }
  function init(box) {
    var selects = Array.prototype.slice.call(box.querySelectorAll("select"));
    var template = box.getAttribute("data-url");
    selects.forEach(function (select, index) {
      var next = selects[index + 1];
      if (!next) return;
      var asked = 0;
      select.addEventListener("change", function () {
        selects.slice(index + 1).forEach(reset);
        // Arrowing through a list asks for one list per step: only the answer to the
        // latest question, for the option still chosen, fills the next list.
        var question = ++asked, value = select.value;
        function current() { return question === asked && select.value === value; }
        if (!select.value) return;
        var url = template.replace("LEVEL", select.getAttribute("data-next"))
                          .replace("PARENT", encodeURIComponent(select.value));
        next.setAttribute("aria-busy", "true");
        fetch(url, {headers: {"Accept": "application/json"}})
          .then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return response.json();
          })
          .then(function (data) {
            if (!current()) return;
            data.results.forEach(function (area) {
              next.add(new Option(area.name, area.code));
            });
            next.disabled = false;
          })
          .catch(function () { if (current()) next.disabled = false; })
          .finally(function () { if (current()) next.removeAttribute("aria-busy"); });
      });
    });
  }
  document.querySelectorAll(".area-filter").forEach(init);
})();
