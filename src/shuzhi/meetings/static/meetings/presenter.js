// Presenter screen: one reporter at a time with a visible countdown of their speaking time.
(function () {
  const root = document.getElementById("presenter");
  if (!root || !root.dataset.items) return;
  const minutes = root.dataset.items.split(",").map(Number);
  const items = root.querySelectorAll(".presenter-item");
  const clock = root.querySelector(".countdown");
  const toggle = root.querySelector("[data-action=toggle]");
  let index = 0, remaining = minutes[0] * 60, timer = null;
  function render() {
    const sign = remaining < 0 ? "-" : "";
    const s = Math.abs(remaining);
    clock.textContent = sign + String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
    clock.classList.toggle("warning", remaining >= 0 && remaining <= 60);
    clock.classList.toggle("over", remaining < 0);
    items.forEach((el, i) => { el.hidden = i !== index; });
  }
  function stop() { clearInterval(timer); timer = null; toggle.textContent = "开始"; }
  function go(to) { stop(); index = Math.max(0, Math.min(items.length - 1, to)); remaining = minutes[index] * 60; render(); }
  toggle.addEventListener("click", function () {
    if (timer) { stop(); return; }
    toggle.textContent = "暂停";
    timer = setInterval(function () { remaining -= 1; render(); }, 1000);
  });
  root.querySelector("[data-action=next]").addEventListener("click", () => go(index + 1));
  root.querySelector("[data-action=prev]").addEventListener("click", () => go(index - 1));
  render();
})();
