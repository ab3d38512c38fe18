// Progressive enhancement only: every form works without this file.
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  var form = select.form;
  var button = form.querySelector("button[type=submit]");
  if (button) button.hidden = true;
  select.addEventListener("change", function () { form.submit(); });
});
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
// After each question or answer the page opens at the question (or its feedback): move the
// keyboard focus there too, so Tab continues from it and screen readers read it.
var target = document.querySelector("[data-autofocus]");
if (target) target.focus({ preventScroll: !location.hash });
