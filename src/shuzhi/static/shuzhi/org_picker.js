// Organisation pickers (orgs/pickers.py): a click on a search result fills the code input,
// or adds the code to the list of a multiple picker, and says what was chosen.
document.addEventListener("click", (event) => {
  const option = event.target.closest("[data-pick-code]");
  const picker = option && option.closest("[data-org-picker]");
  if (!picker) return;
  const code = option.dataset.pickCode;
  const chosen = picker.querySelector(".org-picker-chosen");
  if (picker.hasAttribute("data-multiple")) {
    const list = picker.querySelector("textarea");
    const codes = list.value.split(/\s+/).filter(Boolean);
    if (!codes.includes(code)) codes.push(code);
    list.value = codes.join("\n");
    chosen.textContent = `已添加：${option.dataset.pickName}（${code}），共 ${codes.length} 个`;
  } else {
    picker.querySelector("input[type=text]").value = code;
    chosen.textContent = `已选择：${option.dataset.pickName}（${code}）`;
  }
  chosen.hidden = false;
  picker.querySelector(".org-picker-results").replaceChildren();
  const search = picker.querySelector("input[type=search]");
  search.value = "";
  search.focus();
});
