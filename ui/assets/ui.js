() => {
  // Copy and "open in look-up" buttons live inside server-rendered HTML: one delegated listener serves them all.
  const copy = async (value) => {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch (e) {
      // plain-HTTP deployments have no clipboard API: fall back to a selected textarea
    }
    const area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    return ok;
  };
  let opened = 0;
  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const copyButton = target && target.closest("[data-copy]");
    if (copyButton) {
      event.preventDefault();
      if (await copy(copyButton.dataset.copy)) {
        const label = copyButton.textContent;
        copyButton.textContent = copyButton.dataset.done;
        copyButton.classList.add("done");
        setTimeout(() => {
          copyButton.textContent = label;
          copyButton.classList.remove("done");
        }, 1500);
      }
      return;
    }
    const open = target && target.closest("[data-open-doc]");
    if (open) {
      event.preventDefault();
      const button = document.querySelector("#open-ref-btn");
      if (!button) return;
      opened += 1;
      window.__policyOpenRef = `${open.dataset.openDoc} ${open.dataset.openN} ${opened}`;
      button.click();
    }
  });

  // Gradio hard-codes a few English accessible names, and names chat bubbles after their HTML source.
  const zh = (navigator.language || "").toLowerCase().startsWith("zh");
  const names = zh
    ? { "More tabs": "更多标签页", "chatbot conversation": "对话记录", "Scroll down": "滚动到底部", user: "提问：", bot: "回答：" }
    : { user: "Question: ", bot: "Answer: " };
  const relabel = (el) => {
    const label = el.getAttribute("aria-label") || "";
    const role = label.startsWith("user's message: ") ? "user" : label.startsWith("bot's message: ") ? "bot" : "";
    const wanted = role ? names[role] + el.textContent.trim() : names[label];
    if (wanted && wanted !== label) el.setAttribute("aria-label", wanted);
  };
  const sweep = () => {
    document.querySelectorAll("[aria-label]").forEach(relabel);
    // The off-screen opener is machinery, not a control: keep it away from screen readers and the tab order.
    const opener = document.querySelector("#open-ref");
    if (opener && !opener.hasAttribute("aria-hidden")) {
      opener.setAttribute("aria-hidden", "true");
      opener.querySelectorAll("button, textarea, input").forEach((el) => el.setAttribute("tabindex", "-1"));
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      sweep();
    });
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"] });
  sweep();
}
