// Årshjul: small progressive enhancements. Everything works without this file.
// Upload forms with data-progress show the upload's progress in their <progress> element.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.progress || !window.XMLHttpRequest) return;
  var bar = document.getElementById(form.dataset.progress);
  if (!bar) return;
  event.preventDefault();
  // What is going on, in words too: the upload, then the server's reading of the file (the bar
  // stands full meanwhile); the button waits, so that the file is not sent twice.
  var status = form.querySelector("[data-upload-status]");
  var say = function (text) { if (status) status.textContent = text; };
  var buttons = form.querySelectorAll("button[type=submit]");
  buttons.forEach(function (b) { b.disabled = true; });
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  bar.hidden = false;
  say("Laddar upp filen …");
  xhr.upload.addEventListener("progress", function (e) {
    if (e.lengthComputable) bar.value = Math.round((e.loaded * 100) / e.total);
  });
  xhr.upload.addEventListener("load", function () {
    say("Filen är uppladdad. Årshjul läser och kontrollerar den nu; en stor huvudbok tar några sekunder.");
  });
  xhr.addEventListener("error", function () {
    say("Filen kom inte fram till Årshjul. Inget lästes in; försök igen.");
    buttons.forEach(function (b) { b.disabled = false; });
  });
  xhr.addEventListener("load", function () {
    // Success ends in a redirect to the result page, an error in a page of its own: either is
    // shown as it came (the result page's one-time message is in it; loading the page again
    // would not show it), under the address it came from.
    document.open(); document.write(xhr.responseText); document.close();
    if (xhr.status < 400 && xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
  });
  xhr.send(new FormData(form));
});

// Rows loaded in place of a "more" link (htmx swaps the link out): focus moves to the first new
// row, so that a keyboard user goes on where the link was instead of from the top of the page.
// Rows that came with the page are not marked.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-focus-after-load]").forEach(function (el) { el.removeAttribute("data-focus-after-load"); });
});
document.addEventListener("htmx:afterSettle", function () {
  var el = document.querySelector("[data-focus-after-load]");
  if (!el) return;
  el.removeAttribute("data-focus-after-load");
  el.focus();
});

// A table wider than the screen scrolls sideways in a region of its own that the keyboard can
// reach and that is named after the table's caption (tables the templates wrap already are left
// as they are). Without this file such a table widens the page, which data tables may.
function wrapWideTables() {
  document.querySelectorAll("main table").forEach(function (t) {
    if (t.closest(".table-scroll") || t.scrollWidth <= t.parentElement.clientWidth) return;
    var box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    var caption = t.querySelector("caption");
    box.setAttribute("aria-label", (caption ? caption.textContent.trim() + " " : "") + "(kan rullas i sidled)");
    t.parentNode.insertBefore(box, t);
    box.appendChild(t);
  });
}
// A chart wider than a phone scrolls sideways in its figure: focusable, so that it scrolls by
// keyboard too.
function focusableWideCharts() {
  document.querySelectorAll("main figure.chart").forEach(function (f) {
    if (f.scrollWidth > f.clientWidth) f.tabIndex = 0;
    else f.removeAttribute("tabindex");
  });
}
document.addEventListener("DOMContentLoaded", wrapWideTables);
document.addEventListener("DOMContentLoaded", focusableWideCharts);
window.addEventListener("resize", focusableWideCharts);
window.addEventListener("resize", wrapWideTables);

// On a phone the main menu folds behind a "Meny" button (with the page it is on), so that the
// page's own content starts near the top; without this file the menu is simply all shown.
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector("header.site nav");
  var list = nav && nav.querySelector("ul");
  if (!list) return;
  var current = list.querySelector("[aria-current=page]");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = "Meny" + (current ? ": " + current.textContent : "");
  button.setAttribute("aria-expanded", "false");
  list.id = list.id || "huvudmeny-lista";
  button.setAttribute("aria-controls", list.id);
  nav.insertBefore(button, list);
  nav.classList.add("collapsible");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
});

// A refused form comes back with its reason inside it, wherever it is on the page: the reason
// gets the focus (and so is scrolled to and read out), its folded section open. An address
// whose #fragment points elsewhere is left to that.
document.addEventListener("DOMContentLoaded", function () {
  var alert = document.querySelector("form [role=alert]");
  if (!alert || (location.hash && location.hash !== "#" + alert.id)) return;
  for (var d = alert.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  if (!alert.hasAttribute("tabindex")) alert.setAttribute("tabindex", "-1");
  alert.focus();
});
