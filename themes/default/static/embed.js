// The embed page's copy buttons: each copies the code block it names (data-copy) and says so in
// the status next to it. Without script the buttons stay hidden and the code is there to select.
document.querySelectorAll('[data-copy]').forEach((button) => {
  const code = document.getElementById(button.dataset.copy);
  const status = button.nextElementSibling;
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(code.textContent).then(
      () => { status.textContent = button.dataset.copied; },
      () => { getSelection().selectAllChildren(code); status.textContent = button.dataset.selected; });
  });
});
