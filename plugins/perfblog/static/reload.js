// Preview only (make devserver): reload this tab when a rebuild has finished.
(() => {
  const stamp = new URL("build.json", document.currentScript.src);
  let seen = null;
  const check = () =>
    fetch(stamp, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((s) => {
        if (!s) return;
        if (seen !== null && s.build !== seen) location.reload();
        seen = s.build;
      })
      .catch(() => {})
      .finally(() => setTimeout(check, 1000));
  check();
})();
