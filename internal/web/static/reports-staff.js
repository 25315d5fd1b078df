// Staff pages of the Mängelmelder: "use my location" on the field view
// fills the position and sends the form. Without this script the position
// is typed. (The map of a report's page is the citizens' reports/map.js.)
(function () {
  "use strict";
  document.querySelectorAll("[data-locate-form]").forEach(function (form) {
    var button = form.querySelector("[data-locate]");
    var status = form.querySelector("[data-locate-status]");
    if (!button || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      if (status) status.textContent = status.dataset.textLocating || "";
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
        form.submit();
      }, function () {
        button.disabled = false;
        if (status) status.textContent = status.dataset.textFailed || "";
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  });
})();
