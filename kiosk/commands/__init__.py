"""The code of each `kiosk` sub-command, one module per group of commands.

`kiosk.cli` parses the arguments and imports a command's module only when that command runs,
so `kiosk run`, which starts the kiosk on every boot, loads none of this. Each module keeps the
imports of the layers it calls inside its functions, for the same reason: a command loads only
what it uses.

    bundles   validate, schema, preview, pack, new: checking and making bundles
    store     install, list, use, remove, rollback: the store of installed bundles
    visitors  stats, report: what visitors looked at
    device    config, set-pin, install-service: this kiosk
    doctor    doctor: the checks without Qt, then the ones with it
    common    what they share: error lines, sizes, and the log of store commands
"""
