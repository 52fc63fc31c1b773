/* Progressive enhancement only: every page works without this file.
   A table wider than the screen scrolls sideways; make that region reachable
   and named for keyboard and screen-reader users (WCAG 2.1.1). */
(function () {
  function labelScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        var heading = wrap.previousElementSibling;
        var name = caption ? caption.textContent : (heading && /^H[1-6]$/.test(heading.tagName) ? heading.textContent : document.title);
        wrap.setAttribute("aria-label", name.trim());
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", labelScrollableTables);

  /* A fieldset with data-shown-for="name=value" is shown only while the radio button
     `name` has `value` chosen (the new child's fields on the apply form). Without this
     script the fieldset is always shown, and the server ignores it when not chosen. */
  function showChosenFieldsets() {
    document.querySelectorAll("fieldset[data-shown-for]").forEach(function (fieldset) {
      var rule = fieldset.getAttribute("data-shown-for").split("=");
      var form = fieldset.closest("form");
      var chosen = form && form.querySelector('input[name="' + rule[0] + '"]:checked');
      fieldset.hidden = !(chosen && chosen.value === rule[1]);
    });
  }
  document.addEventListener("DOMContentLoaded", showChosenFieldsets);
  document.addEventListener("change", function (event) {
    if (event.target.type === "radio") { showChosenFieldsets(); }
  });
  window.addEventListener("resize", labelScrollableTables);
})();

/* A print button where the page offers one (the participant list); without
   JavaScript the browser's own print command does the same. */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

/* A menu marked data-load-into="<id>" (which school's commitment to edit) loads that
   choice's saved values into the element with that id in place, without leaving the
   page or moving focus. Without JavaScript the menu's own button loads the page with
   the choice (?skola=), which gives the same form. */
(function () {
  document.addEventListener("change", function (event) {
    var menu = event.target;
    if (!(menu.matches && menu.matches("select[data-load-into]"))) { return; }
    var target = document.getElementById(menu.getAttribute("data-load-into"));
    if (!target || !window.fetch) { return; }
    var url = new URL(menu.form.action || window.location.href, window.location.href);
    url.search = new URLSearchParams(new FormData(menu.form)).toString();
    fetch(url, {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(target.id);
      if (fresh) {
        target.replaceWith(fresh);
        window.history.replaceState(null, "", url);
      }
    });
  });
})();

/* A form sent back with errors: move focus to its error summary, so a screen reader reads
   what is wrong and the links lead to each field (the GOV.UK pattern). */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();

/* The catalogue's filters are folded behind "Filtrera" on a phone; on a wide screen,
   where they sit beside the courses, they start open. */
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(min-width: 40rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.open = true;
      });
    }
  });
})();
