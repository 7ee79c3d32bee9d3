// Portal KIM's only script on every page, in place of Bootstrap's 81 KB bundle: the three
// behaviours the templates use, with Bootstrap's markup and classes.
// - data-bs-toggle="collapse" data-bs-target="#id": the navbar menu, the directory filters
// - data-bs-toggle="dropdown": the user menu (click, arrows, Escape, click outside, Tab out)
// - data-bs-dismiss="alert": closes a message
// - every POST form: sent once (its buttons disabled after the first submit)
// - .error-summary: a refused form's summary of errors takes the focus
// Built by `make css` into static/js/portal.min.js.
(function () {
  "use strict";
  var doc = document;

  // The duration of the element's CSS transition in ms (0 with prefers-reduced-motion).
  function duration(element) {
    var style = getComputedStyle(element);
    return (parseFloat(style.transitionDuration) + parseFloat(style.transitionDelay)) * 1000 || 0;
  }

  // Collapse: animate the height like Bootstrap (.collapsing), then .collapse(.show).
  function collapse(trigger) {
    var target = doc.querySelector(trigger.getAttribute("data-bs-target"));
    if (!target || target.classList.contains("collapsing")) return;
    var open = !target.classList.contains("show");
    trigger.classList.toggle("collapsed", !open);
    trigger.setAttribute("aria-expanded", open);
    target.style.height = open ? "0px" : target.getBoundingClientRect().height + "px";
    target.getBoundingClientRect(); // layout now, so the transition starts from there
    target.classList.remove("collapse", "show");
    target.classList.add("collapsing");
    target.style.height = open ? target.scrollHeight + "px" : "";
    setTimeout(function () {
      target.classList.remove("collapsing");
      target.classList.add("collapse");
      target.classList.toggle("show", open);
      target.style.height = "";
    }, duration(target));
  }

  // Dropdown (in a navbar: no positioning engine, data-bs-popper="static" as Bootstrap).
  function menuOf(toggle) {
    return toggle.parentNode.querySelector(".dropdown-menu");
  }
  function setMenu(toggle, open) {
    var menu = menuOf(toggle);
    toggle.classList.toggle("show", open);
    menu.classList.toggle("show", open);
    toggle.setAttribute("aria-expanded", open);
    if (open) {
      menu.setAttribute("data-bs-popper", "static");
      toggle.focus();
    } else {
      menu.removeAttribute("data-bs-popper");
    }
  }
  function openToggles() {
    return doc.querySelectorAll('[data-bs-toggle="dropdown"].show');
  }
  // Close open menus unless the event happened on their toggle (or a Tab stayed inside).
  function closeMenus(event) {
    Array.prototype.forEach.call(openToggles(), function (toggle) {
      var inside = menuOf(toggle).contains(event.target);
      if (toggle.contains(event.target)) return;
      if (inside && (event.type === "keyup" || /input|select|option|textarea|form/i.test(event.target.tagName))) return;
      setMenu(toggle, false);
    });
  }

  doc.addEventListener("click", function (event) {
    if (event.button === 2) return;
    var trigger = event.target.closest("[data-bs-toggle], [data-bs-dismiss]");
    closeMenus(event);
    if (!trigger) return;
    var kind = trigger.getAttribute("data-bs-toggle");
    if (kind === "collapse" || kind === "dropdown") {
      if (kind === "dropdown" || trigger.tagName === "A") event.preventDefault();
      if (kind === "collapse") collapse(trigger);
      else setMenu(trigger, !trigger.classList.contains("show"));
    } else if (trigger.getAttribute("data-bs-dismiss") === "alert") {
      var alert = trigger.closest(".alert");
      if (!alert) return;
      alert.classList.remove("show");
      setTimeout(function () { alert.remove(); }, alert.classList.contains("fade") ? duration(alert) : 0);
    }
  });

  doc.addEventListener("keyup", function (event) {
    if (event.key === "Tab") closeMenus(event);
  });

  // Arrow keys open the menu and move between its items; Escape closes it.
  doc.addEventListener("keydown", function (event) {
    var up = event.key === "ArrowUp", down = event.key === "ArrowDown";
    var escape = event.key === "Escape";
    if (!up && !down && !escape) return;
    var toggle = event.target.closest('[data-bs-toggle="dropdown"]');
    var menu = event.target.closest(".dropdown-menu");
    if (menu) toggle = menu.parentNode.querySelector('[data-bs-toggle="dropdown"]');
    if (!toggle || (!escape && /input|textarea/i.test(event.target.tagName))) return;
    var shown = toggle.classList.contains("show");
    if (escape && !shown) return;
    event.preventDefault();
    event.stopPropagation();
    if (escape) {
      setMenu(toggle, false);
      toggle.focus();
      return;
    }
    if (!shown) setMenu(toggle, true);
    var items = Array.prototype.filter.call(
      menuOf(toggle).querySelectorAll(".dropdown-item:not(.disabled):not(:disabled)"),
      function (item) { return item.offsetParent !== null; }
    );
    var index = items.indexOf(event.target);
    if (index < 0) index = down ? 0 : items.length - 1;
    else index = Math.max(0, Math.min(items.length - 1, index + (down ? 1 : -1)));
    if (items[index]) items[index].focus();
  });

  // A refused form's error summary (includes/form_errors.html) takes the focus, so it is
  // read out first and Tab goes on to its links, which put the focus in their field (a
  // plain #link would only scroll there).
  var summary = doc.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && doc.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
    });
  }
})();

// A sent form cannot be sent again by a second click or tap (slow connections invite
// one): its submit buttons are disabled as it goes, the clicked button's name and value
// carried by a hidden copy (a disabled button sends none). They come back when the page
// is restored from the browser's history. The server ignores a repeat too.
(function () {
  "use strict";
  var SUBMITS = "button[type=submit], button:not([type]), input[type=submit]";
  document.addEventListener("submit", function (event) {
    var form = event.target, submitter = event.submitter;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.target && form.target !== "_self") return;
    if (submitter && submitter.name) {
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = submitter.name;
      copy.value = submitter.value;
      copy.setAttribute("data-sent", "copy");
      form.appendChild(copy);
    }
    form.querySelectorAll(SUBMITS).forEach(function (button) {
      if (button.disabled) return;
      button.disabled = true;
      button.setAttribute("data-sent", "");
    });
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("[data-sent]").forEach(function (element) {
      if (element.getAttribute("data-sent") === "copy") return element.remove();
      element.disabled = false;
      element.removeAttribute("data-sent");
    });
  });
})();
