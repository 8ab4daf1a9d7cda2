"""bakery's AWS emulator: EC2 (Query/XML), STS (Query/XML) and SSM (JSON 1.1) on
one local port, with SigV4 verification, lifecycles, throttling and faults.
Python standard library only. See ../README.md for the control API."""
