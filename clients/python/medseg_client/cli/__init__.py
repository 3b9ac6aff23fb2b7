"""The `medseg` command line (entry point: medseg_client.cli.main:main)."""
