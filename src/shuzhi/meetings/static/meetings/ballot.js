// The valid-ballot rules, checked on the phone before submission (the server checks again).
(function () {
  const form = document.getElementById("ballot-form");
  if (!form) return;
  const maxGood = parseInt(form.dataset.maxGood, 10);
  const message = document.getElementById("ballot-check");
  function problems() {
    const chosen = Array.from(form.querySelectorAll("input[data-grade]:checked"));
    const goods = chosen.filter((input) => input.value === "good").length;
    const found = [];
    if (chosen.length === 0) found.push("至少需要对一名述职人作出评价，空白票无效。");
    if (goods > maxGood) found.push("评为「好」的最多 " + maxGood + " 名，本票评了 " + goods + " 名。");
    form.querySelectorAll("fieldset.ballot-row").forEach(function (row) {
      const groups = row.querySelectorAll(".indicator");
      if (!groups.length || !row.querySelector("input[data-grade]:checked")) return;
      const missing = Array.from(groups).some((g) => !g.querySelector("input:checked"));
      if (missing && found.indexOf("请完成分项评价。") < 0) found.push("请完成分项评价。");
    });
    return found;
  }
  function show() {
    const found = problems();
    message.hidden = found.length === 0;
    message.textContent = found.join(" ");
    return found;
  }
  form.addEventListener("change", show);
  form.addEventListener("submit", function (event) {
    if (show().length) { event.preventDefault(); message.scrollIntoView({ block: "center" }); }
  });
})();
