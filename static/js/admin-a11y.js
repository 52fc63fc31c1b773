/* Admin only. The autocompletes (select2) draw a combobox that is named by the
   chosen value alone, so an empty one has no name (axe: aria-input-field-name).
   Name it by the label of the select it stands for; the value inside it is part of
   that name, not a read-only text box of its own. */
(function () {
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var drawn = select.nextElementSibling;
      var box = drawn && drawn.querySelector('[role="combobox"]');
      if (!label || !box) { return; }
      if (!label.id) { label.id = select.id + "-label"; }
      var names = (box.getAttribute("aria-labelledby") || "").split(" ");
      if (names.indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", [label.id].concat(names).join(" ").trim());
      }
      box.querySelectorAll('[role="textbox"]').forEach(function (value) {
        value.removeAttribute("role");
        value.removeAttribute("aria-readonly");
      });
    });
  }
  // Django's autocomplete.js draws them in a jQuery ready handler; this one runs after it.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameAutocompletes);
    document.addEventListener("formset:added", function () { window.setTimeout(nameAutocompletes, 0); });
  }
})();
