// The editor's work-record panel: "插入" puts a figure's sentence where the secretary was
// writing (the achievements box if no box was used yet), then lets the live checks run again.
(() => {
  let last = null;
  document.addEventListener("focusin", (event) => {
    if (event.target.matches("#editor textarea")) last = event.target;
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-sentence]");
    if (!button) return;
    const box = last || document.querySelector('#editor textarea[name="achievements"]');
    if (!box) return;
    const start = last ? box.selectionStart : box.value.length;
    const end = last ? box.selectionEnd : box.value.length;
    const before = box.value.slice(0, start);
    const joint = before && !/[。！？\n，；：]$/.test(before) ? "，" : "";
    box.setRangeText(joint + button.dataset.sentence + "。", start, end, "end");
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
