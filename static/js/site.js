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
