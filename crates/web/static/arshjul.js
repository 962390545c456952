// Årshjul: small progressive enhancements. Everything works without this file.
// Upload forms with data-progress show the upload's progress in their <progress> element.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.progress || !window.XMLHttpRequest) return;
  var bar = document.getElementById(form.dataset.progress);
  if (!bar) return;
  event.preventDefault();
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  bar.hidden = false;
  xhr.upload.addEventListener("progress", function (e) {
    if (e.lengthComputable) bar.value = Math.round((e.loaded * 100) / e.total);
  });
  xhr.addEventListener("load", function () {
    // Success ends in a redirect to the result page; an error answers with a page of its own.
    if (xhr.status < 400 && xhr.responseURL) { window.location.href = xhr.responseURL; return; }
    document.open(); document.write(xhr.responseText); document.close();
  });
  xhr.send(new FormData(form));
});
