"""The admin import screen: upload -> dry-run preview -> confirm -> result.

Between the preview and the confirmation the uploaded bytes wait under
``MEDIA_ROOT/imports-pending/<random token>/``: shared storage that every app process sees
(process memory would not survive a second process answering the confirmation), bounded by the
upload limits, readable only with the token by the user who uploaded, removed once imported
and swept after a day when a preview is never confirmed.
"""

import json
import shutil
import time
from pathlib import Path
from secrets import token_urlsafe

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from articles.services import can_publish, may_import_texts
from newsroom.db import refresh_statistics

from .files import ImportFile, Skipped, from_path, is_zip_name, iter_zip
from .forms import TOKEN_RE, ImportConfirmForm, ImportUploadForm
from .load import texts_import

PENDING_DIR = "imports-pending"
PENDING_MAX_AGE = 24 * 3600


def _pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def _sweep_stale_pending():
    root = _pending_root()
    if not root.is_dir():
        return
    cutoff = time.time() - PENDING_MAX_AGE
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def pending_save(*, uploads, user, status: str, source: str | None) -> str:
    """Keep uploaded files for the confirmation step; returns the token that names them."""
    _sweep_stale_pending()
    token = token_urlsafe(24)
    folder = _pending_root() / token
    folder.mkdir(parents=True, mode=0o700)
    entries = []
    for n, upload in enumerate(uploads):
        stored = f"{n:04d}.bin"
        limit = (
            settings.IMPORT_MAX_ZIP_BYTES
            if is_zip_name(upload.name)
            else settings.IMPORT_MAX_FILE_BYTES
        )
        entry = {"name": upload.name, "stored": stored, "size": upload.size}
        if upload.size > limit:
            entry["stored"] = None  # refused on its size: the bytes are not kept
        else:
            with (folder / stored).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        entries.append(entry)
    manifest = {"user": user.pk, "status": status, "source": source, "files": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return token


def pending_load(token: str, user) -> tuple[Path, dict]:
    if not TOKEN_RE.match(token or ""):
        raise Http404("No such pending import.")
    folder = _pending_root() / token
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Http404(
            "This import has expired or was already done: upload the files again."
        ) from exc
    if manifest.get("user") != user.pk:
        raise PermissionDenied
    return folder, manifest


def pending_files(folder: Path, manifest: dict):
    """The pending files as the importer's items, one at a time."""
    for entry in manifest["files"]:
        name = entry["name"]
        if entry["stored"] is None:
            limit = (
                settings.IMPORT_MAX_ZIP_BYTES
                if is_zip_name(name)
                else settings.IMPORT_MAX_FILE_BYTES
            )
            yield ImportFile(
                name,
                error=(
                    f"file too large: {entry['size']:,} bytes (the limit is {limit:,}); "
                    "split it into smaller files and import those"
                ),
                size=entry["size"],
            )
        elif is_zip_name(name):
            with (folder / entry["stored"]).open("rb") as stream:
                yield from iter_zip(name, stream)
        else:
            yield from_path(folder / entry["stored"], name)


def _run(folder, manifest, *, user, dry_run):
    skipped: list[Skipped] = []
    report = texts_import(
        files=pending_files(folder, manifest),
        status=manifest["status"],
        default_source=manifest["source"],
        dry_run=dry_run,
        user=user,
        can_publish=can_publish(user),
        on_skipped=skipped.append,
    )
    return report, skipped


@require_http_methods(["GET", "POST"])
def import_texts_view(request, *, model_admin):
    """Upload, preview (a dry run) and confirm an import of plain texts."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import texts",
    }
    template = "admin/articles/importrecord/import_texts.html"
    if not may_import_texts(request.user):
        context.update(step="refused")
        return TemplateResponse(request, template, context, status=403)
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        if not confirm.is_valid():
            raise Http404("No such pending import.")
        folder, manifest = pending_load(confirm.cleaned_data["token"], request.user)
        try:
            report, skipped = _run(folder, manifest, user=request.user, dry_run=False)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        totals = report["totals"]
        if totals["created"] or totals["updated"]:
            refresh_statistics(only_if_stale=True)  # as `import_texts` does
        level = messages.WARNING if totals["errors"] else messages.SUCCESS
        messages.add_message(
            request,
            level,
            f"Imported {totals['files'] - totals['errors']} of {totals['files']} "
            f"file{pluralize(totals['files'])}: {totals['created']} "
            f"article{pluralize(totals['created'])} created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged.",
        )
        context.update(step="result", report=report, skipped=skipped, title="Import done")
        return TemplateResponse(request, template, context)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        source = form.cleaned_data["source"]
        token = pending_save(
            uploads=form.cleaned_data["files"],
            user=request.user,
            status=form.cleaned_data["status"],
            source=source.name if source else None,
        )
        folder, manifest = pending_load(token, request.user)
        report, skipped = _run(folder, manifest, user=request.user, dry_run=True)
        context.update(
            step="preview",
            report=report,
            skipped=skipped,
            confirm=ImportConfirmForm(initial={"token": token}),
            title="Import texts: preview",
        )
        return TemplateResponse(request, template, context)
    context.update(step="upload", form=form)
    return TemplateResponse(request, template, context)
