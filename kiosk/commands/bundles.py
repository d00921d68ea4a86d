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
    from kiosk.bundle.findings import Severity
    from kiosk.bundle.validate import validate

    results = [validate(path) for path in args.bundles]
    invalid = False
    for result in results:
        if not result.ok or (args.strict and result.report.warnings):
            invalid = True
    if args.json:
        document = [
            {
                "bundle": result.display,
                "valid": result.ok and not (args.strict and result.report.warnings),
                "errors": len(result.report.errors),
                "warnings": len(result.report.warnings),
                "findings": [
                    {**f.as_dict(result.prefix),
                     "severity": "error" if args.strict else f.severity.value}
                    for f in result.report.sorted()
                ],
            }
            for result in results
        ]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 1 if invalid else 0
    for result in results:
        for finding in result.report.sorted():
            if args.quiet and finding.severity is Severity.WARNING and not args.strict:
                continue
            line = finding.format(result.prefix)
            if args.strict and finding.severity is Severity.WARNING:
                line = line.replace(": warning: ", ": error: ", 1)
            print(line)
        errors = len(result.report.errors) + (len(result.report.warnings) if args.strict else 0)
        warnings = 0 if args.strict else len(result.report.warnings)
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

    return preview(args)


def cmd_pack(args: argparse.Namespace) -> int:
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
    for warning in packed.warnings:
        print(warning.format(packed.prefix))
    print(f"wrote {packed.output}: {packed.files} files with checksums.sha256, {human_size(packed.size)}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from kiosk.store import StoreError
    from kiosk.store.template import new_bundle

    with logged(args):
        try:
            bundle_id = new_bundle(args.folder, bundle_id=args.bundle_id, title=args.title)
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return fail(f"cannot write {args.folder}: {error.strerror or error}")
    print(f"wrote the bundle '{bundle_id}' in {args.folder}; change it, then check it with "
          f"'kiosk validate --strict {args.folder}'")
    return 0
