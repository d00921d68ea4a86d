"""The kiosk's place in the operating system: service manager, crash records, monitoring,
and the checks that run before Qt starts. Qt-free."""
