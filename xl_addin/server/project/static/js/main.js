// The Early Help add-in's task pane and ribbon (xl_addin/server/project).
// xlwings Server loads this module on the task pane page, which is also the ribbon's
// function file (shared runtime), so the ribbon buttons open the pane and press its buttons.

// A refusal (4xx) carries its reason as the fragment: show it instead of a generic error.
htmx.on("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status >= 400 && status < 500) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A data check's cell address selects that cell in Excel.
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".eh-cell");
  if (!button) return;
  await Excel.run(async (context) => {
    context.workbook.worksheets
      .getItem(button.dataset.sheet)
      .getRange(button.dataset.cell)
      .select();
    await context.sync();
  });
});

// The board pack's link: a desktop task pane cannot save a file, so the link opens in
// the browser there (Office.context.ui.openBrowserWindow); elsewhere it downloads.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".eh-download");
  if (!link || !Office.context?.ui?.openBrowserWindow) return;
  event.preventDefault();
  Office.context.ui.openBrowserWindow(new URL(link.getAttribute("href"), window.location.href).href);
});

async function pressInPane(action, event) {
  try {
    await Office.addin.showAsTaskpane();
    document.getElementById(`eh-${action}`)?.click();  // none in Wasm: no board pack there
  } finally {
    event.completed();
  }
}

Office.onReady(() => {
  for (const action of ["refresh", "add_month", "check_data", "explain", "board_pack"]) {
    Office.actions.associate(`eh-${action}`, (event) => pressInPane(action, event));
  }
});
