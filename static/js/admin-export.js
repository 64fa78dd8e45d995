// The export page's "Select all": django-import-export binds it with an inline onchange, which
// the site's Content Security Policy refuses (templates/admin/import_export/export.html).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => onSelectToggleChange(event));
  });
});
