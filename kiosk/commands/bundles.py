"""Checking and making bundles: `kiosk validate`, `schema`, `preview`, `pack` and `new`.

These are the curator's commands: they work on bundle folders, archives and the format, not
on what this kiosk has installed. `preview` draws with Qt, so `kiosk.ui.preview` is imported
only when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.commands.common import fail, human_size, logged, refused


def cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.bundle.findings import Report, Severity
    from kiosk.bundle.validate import validate

    results = [validate(path) for path in args.bundles]
    # --strict makes every warning an error: the severities shown and the counts say so alike.
    counts = [(len(r.report.errors) + len(r.report.warnings), 0) if args.strict
              else (len(r.report.errors), len(r.report.warnings)) for r in results]
    invalid = any(errors for errors, _ in counts)
    if args.json:
        document = [
            {
                "bundle": result.display,
                "valid": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "findings": [
                    {**f.as_dict(result.prefix),
                     "severity": Severity.ERROR.value if args.strict else f.severity.value}
                    for f in result.report.sorted()
                ],
            }
            for result, (errors, warnings) in zip(results, counts, strict=True)
        ]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 1 if invalid else 0
    for result, (errors, warnings) in zip(results, counts, strict=True):
        report = result.report
        if args.quiet and not args.strict:
            report = Report(report.errors)
        for line in report.listing(result.prefix, strict=args.strict, every=args.all):
            print(line)
        verdict = "valid" if errors == 0 else "invalid"
        print(f"{result.display}: {verdict}, {errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)
    return 1 if invalid else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from kiosk.bundle.jsonschema import manifest_schema
    from kiosk.bundle.reference import reference_markdown

    if args.format == "markdown":
        print(reference_markdown())
    else:
        print(json.dumps(manifest_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from kiosk.ui.preview import preview

    return preview(args.bundle, args.output, args.size, args.lang)


def cmd_pack(args: argparse.Namespace) -> int:
    from kiosk.bundle.findings import Report
    from kiosk.bundle.validate import validate
    from kiosk.store import RefusedError, StoreError
    from kiosk.store.pack import pack

    output = args.output
    if output is None:
        result = validate(args.folder, verify_checksums=False)
        if result.manifest is not None:
            version = f"-{result.manifest.version}" if result.manifest.version else ""
            output = Path(f"{result.manifest.id}{version}.zip")
    with logged(args):
        try:
            packed = pack(args.folder, output or Path("bundle.zip"))
        except RefusedError as error:
            return refused(error, "invalid", "nothing was packed")
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return fail(f"cannot pack {args.folder}: {error.strerror or error}")
    for line in Report(list(packed.warnings)).listing(packed.prefix):
        print(line)
    print(f"wrote {packed.output}: {packed.files} files with checksums.sha256, {human_size(packed.size)}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from kiosk.store import StoreError
    from kiosk.store.template import new_bundle

    with logged(args):
        try:
            bundle_id = new_bundle(args.folder, bundle_id=args.bundle_id, title=args.title,
                                   languages=args.languages or ())
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return fail(f"cannot write {args.folder}: {error.strerror or error}")
    print(f"wrote the bundle '{bundle_id}' in {args.folder}; change it, then check it with "
          f"'kiosk validate --strict {args.folder}'")
    return 0
