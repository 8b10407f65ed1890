(function () {
  var form = document.querySelector("form.filter");
  if (!form) return;
  form.hidden = false;
  var items = document.querySelectorAll("[data-kinds]");
  form.addEventListener("change", function () {
    var kind = form.querySelector("input:checked").value;
    items.forEach(function (el) {
      var kinds = el.getAttribute("data-kinds").split(" ");
      el.hidden = kind !== "all" && kinds.indexOf(kind) < 0;
    });
  });
})();
