// officer.js: the copy buttons of the officer's page (/officer). Copies the share link next to
// the button with the Clipboard API, falling back to selecting the text for older phones.
"use strict";
document.addEventListener("click", async (ev) => {
	const btn = ev.target.closest("button.copy");
	if (!btn) return;
	const input = btn.parentElement.querySelector("input.share-url");
	if (!input) return;
	try {
		await navigator.clipboard.writeText(input.value);
	} catch (e) {
		input.select();
		document.execCommand("copy");
	}
	const label = btn.textContent;
	btn.textContent = btn.dataset.copied;
	btn.classList.add("done");
	setTimeout(() => { btn.textContent = label; btn.classList.remove("done"); }, 2000);
});
