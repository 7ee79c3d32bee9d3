// Cascading area selects: choosing a level loads the next level's options only.
(function () {
  "use strict";
  function clear(select) {
    while (select.options.length > 1) select.remove(1);
  }
  function init(picker) {
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select"));
    var template = picker.getAttribute("data-url");
    selects.forEach(function (select, index) {
      var next = selects[index + 1];
      if (!next) return;
      select.addEventListener("change", function () {
        selects.slice(index + 1).forEach(clear);
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
            data.results.forEach(function (area) {
              next.add(new Option(area.name, area.code));
            });
            next.focus();
          })
          .catch(function () {
            // A dropped connection on a village phone: say so, let them pick again.
            var option = new Option(picker.getAttribute("data-error"), "");
            option.disabled = true;
            next.add(option);
          })
          .finally(function () { next.removeAttribute("aria-busy"); });
      });
    });
  }
  document.querySelectorAll(".village-picker").forEach(init);
})();
